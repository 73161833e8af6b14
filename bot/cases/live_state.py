"""Where live chats are kept: who chats with which partner, and messages waiting for the person.

One interface, two keepers, chosen once per process (`get()`): `Memory` in the embedded default
(one process holds every chat), `Shared` in the scale-out profile (BOT_REDIS_HOST), so that any
replica can relay either way whichever replica the chat started on.

A chat's way back to the person is one of two:
- a queue the person's page fetches (the web chat answers only when asked): in Memory a dict, in
  Shared a Redis list any replica fills and empties;
- a function that sends to their Telegram chat: it holds the chat id, so it stays in the memory of
  the process where the chat started (the chat's `owner`). Another replica hands it a message
  through the owner's inbox in Redis, which only the owner reads, in order.

In Redis, nothing but the pseudonym, the case code, the partner's directory id, the language and
what is said to the person (catalog texts and the partner's words, scrubbed) is kept, each key with
a TTL: a chat's keys outlive its time-out by a little, a queue nobody fetched (a closed tab) or an
inbox nobody reads (a stopped replica) goes after WAITING_SECONDS.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field, replace
from functools import cache
from typing import Any

from bot import config
from bot.runtime import shared_redis

logger = logging.getLogger(__name__)

Send = Callable[[str, list], Awaitable[None]]  # (text, buttons) to the person
WAITING_LIMIT = 50  # messages kept for a page that does not ask: a closed tab cannot grow it without bound
WAITING_SECONDS = 600.0  # a queue nobody fetched for this long (a closed tab) is dropped with its messages
QUEUE = ""  # the owner of a chat whose way back is the waiting queue: any process can serve it


@dataclass(frozen=True)
class Chat:
    code: str
    person: str  # the pseudonym Rasa knows, never the chat id
    contact_id: str  # the partner's directory id
    language: str
    owner: str = QUEUE  # the process holding the function that sends to the person, or QUEUE
    last_message: float = field(default_factory=time.time)  # wall clock: replicas on several machines compare it
    id: str = field(default_factory=lambda: secrets.token_hex(8))  # this chat, not a later one of the same code

    def expired(self, timeout: float, now: float | None = None) -> bool:
        return (now if now is not None else time.time()) - self.last_message > timeout


class LiveState(ABC):
    """What live_chat.py needs to know and change, in one process or across replicas."""

    shared = False  # True when what it keeps leaves this process (the partner's words are then scrubbed)

    def __init__(self) -> None:
        self.me = secrets.token_hex(8)  # this process, as a chat's owner
        self._routes: dict[str, Send] = {}  # person -> the way back held here (Telegram)
        self._started_here: set[str] = set()  # persons whose chats this process sweeps for time-outs

    def owned(self, chat: Chat, send: Send | None) -> Chat:
        """The chat as it is to be claimed: owned here when this process holds a send function,
        else served by the queue."""
        return replace(chat, owner=QUEUE if send is None else self.me)

    def remember(self, chat: Chat, send: Send | None) -> None:
        """The chat is open: keep its way back here, and sweep it from here."""
        if send is None:
            self._routes.pop(chat.person, None)
        else:
            self._routes[chat.person] = send
        self._started_here.add(chat.person)

    def forget_here(self, person: str) -> None:
        self._routes.pop(person, None)
        self._started_here.discard(person)

    def started_here(self) -> list[str]:
        return list(self._started_here)

    @abstractmethod
    async def of_code(self, code: str) -> Chat | None: ...

    @abstractmethod
    async def of_person(self, person: str) -> Chat | None: ...

    @abstractmethod
    async def claim(self, chat: Chat, timeout: float) -> bool:
        """Open the chat, unless its case holds another person's chat that has not timed out (False).
        The person's own earlier chat must have been released first."""

    @abstractmethod
    async def touch(self, chat: Chat) -> None:
        """A message now: the time-out starts again."""

    @abstractmethod
    async def release(self, chat: Chat) -> bool:
        """Close the chat; True only for the one caller that closed it (that one tells both sides)."""

    @abstractmethod
    async def keep_waiting(self, person: str, message: dict) -> None: ...

    @abstractmethod
    async def take_waiting(self, person: str) -> list[dict]:
        """The person's waiting messages, in order, gone from the queue."""

    @abstractmethod
    async def deliver(self, chat: Chat, message: dict) -> None:
        """A message ({"text", "buttons"}) to the person, in order, whichever process holds the way back."""


class Memory(LiveState):
    """The embedded default: one process, its memory; a restart ends every chat."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.clock = clock
        self._by_person: dict[str, Chat] = {}
        self._by_code: dict[str, Chat] = {}
        self._waiting: dict[str, tuple[float, list[dict]]] = {}

    async def of_code(self, code: str) -> Chat | None:
        return self._by_code.get(code)

    async def of_person(self, person: str) -> Chat | None:
        return self._by_person.get(person)

    async def claim(self, chat: Chat, timeout: float) -> bool:
        held = self._by_code.get(chat.code)
        if held is not None and held.person != chat.person and not held.expired(timeout):
            return False
        self._by_person[chat.person], self._by_code[chat.code] = chat, chat
        return True

    async def touch(self, chat: Chat) -> None:
        fresh = replace(chat, last_message=time.time())
        for table, key in ((self._by_person, chat.person), (self._by_code, chat.code)):
            if key in table and table[key].id == chat.id:  # a newer chat under the same key stays
                table[key] = fresh

    async def release(self, chat: Chat) -> bool:
        current = self._by_person.get(chat.person)
        if current is None or current.id != chat.id:
            return False  # already ended
        del self._by_person[chat.person]
        if self._by_code.get(chat.code) is not None and self._by_code[chat.code].id == chat.id:
            del self._by_code[chat.code]  # a newer chat under the same code stays
        return True

    def _drop_abandoned(self, now: float) -> None:
        for person in [p for p, (since, _) in self._waiting.items() if now - since > WAITING_SECONDS]:
            del self._waiting[person]

    async def keep_waiting(self, person: str, message: dict) -> None:
        now = self.clock()
        self._drop_abandoned(now)
        since, waiting = self._waiting.get(person, (now, []))
        waiting.append(message)
        del waiting[:-WAITING_LIMIT]
        self._waiting[person] = (since, waiting)

    async def take_waiting(self, person: str) -> list[dict]:
        now = self.clock()
        self._drop_abandoned(now)
        return self._waiting.pop(person, (now, []))[1]

    async def deliver(self, chat: Chat, message: dict) -> None:
        send = self._routes.get(chat.person) if chat.owner != QUEUE else None
        if send is None:
            await self.keep_waiting(chat.person, message)
        else:
            await send(message["text"], message.get("buttons") or [])


# KEYS: the code's chat, the person's code. ARGV: the chat (JSON), person, code, now, timeout s, TTL ms.
CLAIM = """
local held = redis.call('GET', KEYS[1])
if held then
  local h = cjson.decode(held)
  if h.person ~= ARGV[2] and tonumber(ARGV[4]) - tonumber(h.last_message) <= tonumber(ARGV[5]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[6])
redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[6])
return 1
"""
# KEYS: the code's chat, the person's code. ARGV: chat id, now, TTL ms.
TOUCH = """
local held = redis.call('GET', KEYS[1])
if not held then return 0 end
local h = cjson.decode(held)
if h.id ~= ARGV[1] then return 0 end
h.last_message = tonumber(ARGV[2])
redis.call('SET', KEYS[1], cjson.encode(h), 'PX', ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1
"""
# KEYS: the code's chat, the person's code. ARGV: chat id, code.
RELEASE = """
if redis.call('GET', KEYS[2]) == ARGV[2] then redis.call('DEL', KEYS[2]) end
local held = redis.call('GET', KEYS[1])
if not held or cjson.decode(held).id ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
"""
# KEYS: a list. ARGV: the message (JSON), the most kept, TTL ms. The TTL is set when the list is
# made, not on each push: a queue nobody empties goes WAITING_SECONDS after its first message.
PUSH = """
local length = redis.call('RPUSH', KEYS[1], ARGV[1])
if length == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
if length > tonumber(ARGV[2]) then redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1) end
return length
"""
PREFIX = "live:"
INBOX_WAIT = 1  # seconds an owner's reader blocks on its inbox before looking again


class Shared(LiveState):
    """The scale-out profile: chats and queues in Redis, read and changed by atomic scripts."""

    shared = True

    def __init__(self, timeout: Callable[[], float], client: Callable[[], Any] = shared_redis.async_client) -> None:
        super().__init__()
        self.timeout, self.client = timeout, client
        self._reader: asyncio.Task | None = None

    def _ttl_ms(self) -> int:
        return int((self.timeout() * 2 + 60) * 1000)  # the sweeper ends a chat before Redis forgets it

    @staticmethod
    def _keys(code: str, person: str) -> list[str]:
        return [f"{PREFIX}code:{code}", f"{PREFIX}person:{person}"]

    async def _script(self, source: str, keys: list[str], args: list) -> int:
        return int(await self.client().eval(source, len(keys), *keys, *args))

    async def of_code(self, code: str) -> Chat | None:
        held = await self.client().get(f"{PREFIX}code:{code}")
        return Chat(**json.loads(held)) if held else None

    async def of_person(self, person: str) -> Chat | None:
        code = await self.client().get(f"{PREFIX}person:{person}")
        chat = await self.of_code(code.decode()) if code else None
        return chat if chat is not None and chat.person == person else None

    async def claim(self, chat: Chat, timeout: float) -> bool:
        return bool(await self._script(CLAIM, self._keys(chat.code, chat.person), [
            json.dumps(asdict(chat)), chat.person, chat.code, time.time(), timeout, self._ttl_ms()]))

    async def touch(self, chat: Chat) -> None:
        await self._script(TOUCH, self._keys(chat.code, chat.person), [chat.id, time.time(), self._ttl_ms()])

    async def release(self, chat: Chat) -> bool:
        return bool(await self._script(RELEASE, self._keys(chat.code, chat.person), [chat.id, chat.code]))

    async def _push(self, key: str, message: dict) -> None:
        await self._script(PUSH, [key], [json.dumps(message), WAITING_LIMIT, int(WAITING_SECONDS * 1000)])

    async def keep_waiting(self, person: str, message: dict) -> None:
        await self._push(f"{PREFIX}waiting:{person}", message)

    async def take_waiting(self, person: str) -> list[dict]:
        key = f"{PREFIX}waiting:{person}"
        async with self.client().pipeline(transaction=True) as pipe:
            waiting, _ = await pipe.lrange(key, 0, -1).delete(key).execute()
        return [json.loads(item) for item in waiting]

    async def deliver(self, chat: Chat, message: dict) -> None:
        if chat.owner == QUEUE:
            await self.keep_waiting(chat.person, message)
        else:
            # Through the owner's inbox even when the owner is this process: one reader, one order.
            await self._push(f"{PREFIX}inbox:{chat.owner}", {"person": chat.person, **message})

    def remember(self, chat: Chat, send: Send | None) -> None:
        super().remember(chat, send)
        if send is not None and (self._reader is None or self._reader.done()):
            self._reader = asyncio.get_running_loop().create_task(self._read_inbox())

    async def _read_inbox(self) -> None:
        """Hand what other replicas (and this one) sent to the people whose way back is held here."""
        key = f"{PREFIX}inbox:{self.me}"
        while self._routes:
            try:
                popped = await self.client().blpop([key], timeout=INBOX_WAIT)
            except Exception as error:  # noqa: BLE001  Redis away for a moment: try again
                logger.warning("live chat: could not read the inbox: %s", type(error).__name__)
                await asyncio.sleep(INBOX_WAIT)
                continue
            if popped is None:
                continue
            message = json.loads(popped[1])
            send = self._routes.get(message["person"])
            if send is None:
                continue  # the chat ended here meanwhile
            try:
                await send(message["text"], message.get("buttons") or [])
            except Exception as error:  # noqa: BLE001  one person unreachable must not stop the others
                logger.warning("live chat: could not send to the person: %s", type(error).__name__)


@cache
def get() -> LiveState:
    """This process's keeper of live chats, chosen on first use from the settings."""
    if shared_redis.configured():
        return Shared(lambda: config.get().live_chat_timeout)
    return Memory()
