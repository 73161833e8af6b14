"""A cap on reports: per conversation a day, and for the whole service an hour.

Each report is e-mailed or posted to a partner: one caller filing reports in a loop would bury an
NGO's inbox. Counted in the action server's memory (the conversation's pseudonym and the times of its
reports, nothing else), forgotten after the window; in the scale-out profile in Redis instead, so
that two action servers share one count (bot/channels/limits.py).
"""

from __future__ import annotations

from bot import config
from bot.channels.limits import SlidingWindow

DAY, HOUR = 86400.0, 3600.0
EVERYONE = "*"

per_conversation = SlidingWindow(lambda: config.get().reports_per_conversation, window=DAY, name="reports")
per_hour = SlidingWindow(lambda: config.get().reports_per_hour, window=HOUR, name="reports-hour")


def allow(conversation: str) -> bool:
    """Whether this conversation may make one more report now; counts it when it may."""
    if not per_conversation.allow(conversation):
        return False
    if not per_hour.allow(EVERYONE):
        per_conversation.undo(conversation)  # not made: it does not count against them
        return False
    return True
