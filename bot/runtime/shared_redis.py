"""The scale-out profile's Redis, shared by every replica: live chats, rate limits, the report cap.

BOT_REDIS_HOST names it (the server the lock store of deploy/endpoints.scale.yml uses, database 1,
beside the lock keys under their own prefixes). Unset, as in the embedded default, each of these
lives in its one process's memory. Whether it is set is read once per process, on first use: a
process never switches between the two.

What the live chats, limits and cap keep in it is keyed by pseudonyms (HMAC, never a chat id, phone
number or address) and expires by itself (a TTL on every key).
"""

from __future__ import annotations

import asyncio
from functools import cache
from typing import Any

from bot import config

DB = 1  # the lock store's database (deploy/endpoints.scale.yml)


@cache
def configured() -> bool:
    """Whether this process shares its state through Redis (BOT_REDIS_HOST set)."""
    return bool(config.get().redis_host)


def _options() -> dict[str, Any]:
    settings = config.get()
    return dict(host=settings.redis_host, port=settings.redis_port, db=DB,
                password=settings.redis_password or None, socket_timeout=10)


@cache
def client() -> Any:
    """A blocking client (a call is a sub-millisecond round trip on the replicas' network)."""
    import redis  # the scale-out profile's driver: only when Redis is configured

    return redis.Redis(**_options())


_async_clients: dict[int, Any] = {}


def async_client() -> Any:
    """An asyncio client for the running event loop (a client's connections belong to one loop)."""
    import redis.asyncio  # the scale-out profile's driver: only when Redis is configured

    loop = id(asyncio.get_running_loop())
    if loop not in _async_clients:
        _async_clients.clear()  # a loop that is gone (tests run several) keeps nothing alive
        _async_clients[loop] = redis.asyncio.Redis(**_options())
    return _async_clients[loop]
