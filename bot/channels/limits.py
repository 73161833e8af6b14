"""Rate limits: how many requests a client address, and how many messages a conversation, may send.

Sliding windows in this process's memory, keyed by what the limit is about (a client address, a
conversation's pseudonym): nothing is written, and a key with no recent request is dropped, so the
table stays bounded by the traffic of the last window. With several Rasa servers behind a balancer
each counts its own share.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

from sanic import response
from sanic.response import HTTPResponse

from bot import config

WINDOW = 60.0  # seconds: the settings count requests a minute
MAX_KEYS = 100_000  # a flood of fresh keys cannot grow the table without bound


class SlidingWindow:
    """At most `limit()` hits per key in any `window` seconds."""

    def __init__(self, limit: Callable[[], int], window: float = WINDOW, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._hits: dict[str, deque[float]] = {}
        self._last_sweep = 0.0

    def allow(self, key: str) -> bool:
        """Count a hit for the key; False when it is over its limit (the hit is then not counted)."""
        now = self.clock()
        if now - self._last_sweep > self.window or len(self._hits) > MAX_KEYS:
            self._sweep(now)
        hits = self._hits.setdefault(key, deque())
        while hits and now - hits[0] >= self.window:
            hits.popleft()
        if len(hits) >= self.limit():
            return False
        hits.append(now)
        return True

    def undo(self, key: str) -> None:
        """Take back the key's last counted hit."""
        hits = self._hits.get(key)
        if hits:
            hits.pop()

    def _sweep(self, now: float) -> None:
        self._last_sweep = now
        for key in [k for k, hits in self._hits.items() if not hits or now - hits[-1] >= self.window]:
            del self._hits[key]
        while len(self._hits) > MAX_KEYS:  # the oldest keys go first
            del self._hits[next(iter(self._hits))]

    def __len__(self) -> int:
        return len(self._hits)


# The web chat's requests count against their client address. Telegram's and Twilio's come from
# the platforms' own servers, which carry everyone's messages: only their failed verifications
# (forgeries) count against an address; verified ones are limited per conversation.
by_client = SlidingWindow(lambda: config.get().rate_per_client)
forgeries = SlidingWindow(lambda: config.get().rate_per_client)
by_conversation = SlidingWindow(lambda: config.get().rate_per_conversation)
RETRY_AFTER = {"Retry-After": str(int(WINDOW))}


def client_of(request: object) -> str:
    """The client address of a webhook request (the proxy's X-Forwarded-For only if Sanic trusts it)."""
    return str(getattr(request, "remote_addr", "") or getattr(request, "ip", "") or "unknown")


def too_many() -> HTTPResponse:
    return response.json({"error": "too many requests: wait a minute"}, status=429, headers=RETRY_AFTER)


def forbidden(request: object) -> HTTPResponse:
    """403 for a request that failed verification, 429 once its address has failed too often."""
    if not forgeries.allow(client_of(request)):
        return too_many()
    return response.json({"error": "forbidden"}, status=403)
