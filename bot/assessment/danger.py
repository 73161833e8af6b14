"""Danger now: when the emergency number goes out at once, and when the person is asked first.

A false "call 112" frightens people and teaches them to ignore the real one; a late one can cost a
life. So the emergency answer goes out at once only when the understanding is sure the message is
about danger now; when it is less sure, the person is asked ("Are you in danger right now?") and a
yes gets the emergency answer at once. The thresholds are tuned with bench/understanding.py.
"""

from __future__ import annotations

from typing import Any

EMERGENCY = "emergency"
# The intent's confidence from which the emergency answer goes out without asking.
AT_ONCE = 0.80
# A message not understood whose ranking still holds the emergency intent this high is asked about.
SUSPECTED = 0.15


def emergency_confidence(parse: dict[str, Any]) -> float:
    """The confidence the understanding gave the emergency intent for a message (0 when absent)."""
    intent = parse.get("intent") or {}
    if intent.get("name") == EMERGENCY:
        return float(intent.get("confidence") or 0.0)
    for ranked in parse.get("intent_ranking") or []:
        if ranked.get("name") == EMERGENCY:
            return float(ranked.get("confidence") or 0.0)
    return 0.0


def sure(parse: dict[str, Any]) -> bool:
    """The emergency answer at once, without asking first."""
    return (parse.get("intent") or {}).get("name") == EMERGENCY and emergency_confidence(parse) >= AT_ONCE


def suspected(parse: dict[str, Any]) -> bool:
    """Worth asking whether the person is in danger now."""
    return emergency_confidence(parse) >= SUSPECTED
