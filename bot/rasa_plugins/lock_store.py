"""A Redis ticket lock for several Rasa workers: tickets issued and served by atomic Redis scripts.

endpoints.yml: `lock_store: type: bot.rasa_plugins.lock_store.AtomicRedisLockStore` (with `url`, `port`, `db`,
`password`, `key_prefix`, `poll_seconds`).

Rasa's RedisLockStore keeps one JSON lock document per conversation and changes it by get, change,
set (issuing a ticket, finishing one, dropping expired ones, deleting the lock). Two workers doing
that at once overwrite each other: a ticket is lost (its message fails with a LockError) or two
messages hold the lock together and their events are lost or interleaved in the tracker store
(rasa issue #9213). Here a conversation is three keys, changed only inside Lua scripts, which Redis
runs one at a time:

    <prefix>{<id>}:last     INCR counter: the last ticket number issued
    <prefix>{<id>}:tickets  sorted set of the tickets not yet done, by number
    <prefix>{<id>}:expires  hash: ticket number -> expiry (Redis server time, ms)

A ticket is served when it is the lowest unexpired one, so messages are handled in the order their
tickets were issued, one at a time per conversation, whichever worker holds them. Expiry uses the
Redis server's clock, so workers on several machines need not agree on the time.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from typing import Any

from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore

logger = logging.getLogger(__name__)

# Scripts see the Redis server's time; `replicate_commands` makes that legal before Redis 5. PRUNE
# drops expired tickets (a worker that died holding one must not block the conversation for ever).
NOW_AND_PRUNE = """
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for _, number in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  local expires = tonumber(redis.call('HGET', KEYS[3], number))
  if not expires or expires <= now then
    redis.call('ZREM', KEYS[2], number)
    redis.call('HDEL', KEYS[3], number)
  end
end
"""

# Every script: KEYS = last, tickets, expires. Removes all three when no ticket is left; the next
# ticket then starts again from 1, which is safe because nobody holds or waits for one.
FORGET_WHEN_EMPTY = """
if redis.call('ZCARD', KEYS[2]) == 0 then redis.call('DEL', KEYS[1], KEYS[2], KEYS[3]) end
"""

# ARGV: lifetime ms. Returns the new ticket's number.
ISSUE = NOW_AND_PRUNE + """
local number = redis.call('INCR', KEYS[1])
redis.call('ZADD', KEYS[2], number, number)
redis.call('HSET', KEYS[3], number, now + tonumber(ARGV[1]))
-- The keys outlive the longest ticket (never shortened), so an idle conversation leaves nothing.
for _, key in ipairs(KEYS) do
  if redis.call('PTTL', key) < tonumber(ARGV[1]) then redis.call('PEXPIRE', key, ARGV[1]) end
end
return number
"""

# ARGV: ticket. 1 when the ticket is served now (the lowest number left), 0 when it must wait, -1
# when it expired.
TRY_ACQUIRE = NOW_AND_PRUNE + """
if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then return -1 end
if redis.call('ZRANGE', KEYS[2], 0, 0)[1] == ARGV[1] then return 1 end
return 0
"""

# ARGV: ticket. Done with it.
RELEASE = """
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
""" + FORGET_WHEN_EMPTY + "return 1"

# Returns how many tickets are left.
PRUNE = NOW_AND_PRUNE + FORGET_WHEN_EMPTY + "return redis.call('ZCARD', KEYS[2])"

DEFAULT_PREFIX = "lock:"


def redis_client(config: dict[str, Any]) -> Any:
    """A Redis client from the endpoint's settings (the names Rasa's RedisLockStore takes)."""
    import redis

    return redis.StrictRedis(
        host=config.get("url") or config.get("host") or "localhost",
        port=int(config.get("port", 6379)),
        db=int(config.get("db", 1)),
        username=config.get("username"),
        password=config.get("password"),
        ssl=bool(config.get("use_ssl", False)),
        socket_timeout=float(config.get("socket_timeout", 10)),
    )


class AtomicRedisLockStore(LockStore):
    """Rasa's ticket lock over Redis, every change to a conversation's tickets one atomic script."""

    def __init__(self, endpoint_config: Any = None, red: Any = None, key_prefix: str | None = None,
                 poll_seconds: float | None = None) -> None:
        config = dict(getattr(endpoint_config, "kwargs", None) or {})
        if endpoint_config is not None and getattr(endpoint_config, "url", None):
            config["url"] = endpoint_config.url
        self.red = red if red is not None else redis_client(config)
        prefix = key_prefix or config.get("key_prefix") or ""
        self.key_prefix = f"{prefix}:{DEFAULT_PREFIX}" if prefix else DEFAULT_PREFIX
        # Rasa polls a busy lock once a second; a waiting message costs a Redis round trip per poll,
        # so a short poll keeps a burst of one conversation from queueing whole seconds.
        self.poll_seconds = float(poll_seconds or config.get("poll_seconds") or 0.02)
        self._issue = self.red.register_script(ISSUE)
        self._try_acquire = self.red.register_script(TRY_ACQUIRE)
        self._release = self.red.register_script(RELEASE)
        self._prune = self.red.register_script(PRUNE)
        super().__init__()

    def _keys(self, conversation_id: str) -> list[str]:
        # The {hash tag} puts a conversation's three keys in one slot of a Redis Cluster, where a
        # script may only touch keys of one slot.
        base = f"{self.key_prefix}{{{conversation_id}}}"
        return [base + ":last", base + ":tickets", base + ":expires"]

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return int(self._issue(keys=self._keys(conversation_id), args=[int(lock_lifetime * 1000)]))
        except Exception as error:  # Rasa's callers expect a LockError, whatever Redis raised
            raise LockError(f"Error while issuing a ticket: {error}") from error

    @asynccontextmanager
    async def lock(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = 1) -> AsyncGenerator[TicketLock, None]:
        ticket = self.issue_ticket(conversation_id, lock_lifetime)
        try:
            yield await self._acquire_lock(conversation_id, ticket, min(wait_time_in_seconds, self.poll_seconds))
        finally:
            self.cleanup(conversation_id, ticket)

    async def _acquire_lock(self, conversation_id: str, ticket: int, wait_time_in_seconds: float) -> TicketLock:
        while True:
            state = int(self._try_acquire(keys=self._keys(conversation_id), args=[ticket]))
            if state == 1:
                return self.get_lock(conversation_id) or TicketLock(conversation_id)
            if state == -1:
                raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}': its ticket expired.")
            await asyncio.sleep(wait_time_in_seconds)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        self._release(keys=self._keys(conversation_id), args=[ticket_number])

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self.cleanup(conversation_id, ticket_number)

    def update_lock(self, conversation_id: str) -> None:
        self._prune(keys=self._keys(conversation_id))

    def is_someone_waiting(self, conversation_id: str) -> bool:
        return int(self._prune(keys=self._keys(conversation_id))) > 0

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        """A snapshot of the conversation's tickets, in Rasa's form (for reading only)."""
        _, tickets, expires = self._keys(conversation_id)
        numbers = self.red.zrange(tickets, 0, -1)
        if not numbers:
            return None
        # Expiry is kept in server milliseconds; Rasa's Ticket wants epoch seconds.
        times = self.red.hmget(expires, numbers)
        return TicketLock(conversation_id, deque(Ticket(int(n), float(t or 0) / 1000) for n, t in zip(numbers, times)))

    def delete_lock(self, conversation_id: str) -> None:
        deleted = self.red.delete(*self._keys(conversation_id))
        self._log_deletion(conversation_id, bool(deleted))

    def save_lock(self, lock: TicketLock) -> None:
        # Writing a whole lock document back is the get-change-set this store exists to avoid.
        raise NotImplementedError("AtomicRedisLockStore changes tickets only through its atomic scripts")
