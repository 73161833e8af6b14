"""Rate limits: how many requests a client address, and how many messages a conversation, may send.

Sliding windows keyed by what the limit is about (a client address, a conversation's pseudonym). In
the embedded default they live in this process's memory: nothing is written, and a key with no
recent request is dropped, so the table stays bounded by the traffic of the last window. In the
scale-out profile (BOT_REDIS_HOST) a named window is counted in Redis instead, so that replicas
behind a balancer share one count and two of them cannot double a limit: one sorted set of hit
times per key, changed by one atomic script on the Redis server's clock, under an HMAC of the key
(a client address never reaches Redis), expiring with the window. Should Redis fail, the process
counts in its own memory until it answers again.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections import deque
from collections.abc import Callable

from sanic import response
from sanic.response import HTTPResponse

from bot import config
from bot.privacy import pseudonyms
from bot.runtime import shared_redis

logger = logging.getLogger(__name__)

WINDOW = 60.0  # seconds: the settings count requests a minute
MAX_KEYS = 100_000  # a flood of fresh keys cannot grow the table without bound


# KEYS: the key's sorted set of hits. ARGV: window ms, limit, a unique member. 1 when counted, 0 when over.
ALLOW = """
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1
"""
PREFIX = "rate:"


class SlidingWindow:
    """At most `limit()` hits per key in any `window` seconds. A window with a `name` is shared
    through Redis in the scale-out profile (the name keeps windows' keys apart there)."""

    def __init__(self, limit: Callable[[], int], window: float = WINDOW, clock: Callable[[], float] = time.monotonic,
                 name: str = "") -> None:
        self.limit, self.window, self.clock, self.name = limit, window, clock, name
        self._hits: dict[str, deque[float]] = {}
        self._last_sweep = 0.0
        self._script: object = None

    def _shared_key(self, key: str) -> str:
        return f"{PREFIX}{self.name}:{pseudonyms.pseudonymise(self.name, key)}"

    def _shared_allow(self, key: str) -> bool | None:
        """The shared count's answer, or None when Redis cannot give one."""
        try:
            if self._script is None:
                self._script = shared_redis.client().register_script(ALLOW)
            counted = self._script(keys=[self._shared_key(key)],  # type: ignore[operator]
                                   args=[int(self.window * 1000), self.limit(), secrets.token_hex(8)])
            return bool(int(counted))
        except Exception as error:  # noqa: BLE001  a limit must not take the service down with Redis
            logger.warning("rate limit %s counted in memory: Redis failed (%s)", self.name, type(error).__name__)
            return None

    def allow(self, key: str) -> bool:
        """Count a hit for the key; False when it is over its limit (the hit is then not counted)."""
        if self.name and shared_redis.configured():
            shared = self._shared_allow(key)
            if shared is not None:
                return shared
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
        if self.name and shared_redis.configured():
            try:
                shared_redis.client().zpopmax(self._shared_key(key))
                return
            except Exception as error:  # noqa: BLE001
                logger.warning("rate limit %s: Redis failed (%s)", self.name, type(error).__name__)
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
by_client = SlidingWindow(lambda: config.get().rate_per_client, name="client")
forgeries = SlidingWindow(lambda: config.get().rate_per_client, name="forgery")
by_conversation = SlidingWindow(lambda: config.get().rate_per_conversation, name="conversation")
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
