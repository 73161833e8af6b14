"""`python -m bot.runtime.action_server ARGS`: rasa_sdk's action server, with its logs scrubbed first
and the places, language and danger models ready before the first person writes."""

from __future__ import annotations

import asyncio
import sys
from typing import Any

import pluggy

from bot.assessment import danger
from bot.cases import delivery
from bot.language import closeness
from bot.places import gazetteer, recognise
from bot.privacy import logs
from bot.runtime import caches


class DeliveryQueue:
    """A rasa_sdk plugin: the server polls the delivery queue in cases.db from its start to its stop,
    so reports queued before a restart, or by another action server, leave when due."""

    hookimpl = pluggy.HookimplMarker("rasa_sdk")

    @hookimpl
    def attach_sanic_app_extensions(self, app: Any) -> None:
        tasks: list[asyncio.Task] = []

        async def start(_app: Any, _loop: Any) -> None:
            tasks.append(asyncio.get_running_loop().create_task(delivery.poll()))

        async def stop(_app: Any, _loop: Any) -> None:
            for task in tasks:
                task.cancel()

        app.register_listener(start, "after_server_start")
        app.register_listener(stop, "before_server_stop")


def without_tensorflow() -> None:
    """Keep TensorFlow out of this process. spaCy's thinc imports it whenever it is installed (it is,
    for Rasa) to offer it as a backend; no action uses it, and the import alone costs the action
    server about 350 MB of memory and 4-8 s of its start. An import of it now fails, which thinc
    takes as "not installed"."""
    sys.modules.setdefault("tensorflow", None)  # type: ignore[arg-type]


def prepare() -> None:
    """What the server needs before it serves: scrubbed logs, and the models loaded."""
    without_tensorflow()
    logs.install()
    # Built once from the packages' data (about ten seconds) and then cached in var/: done here, so
    # that the first message after a fresh install is not the one that waits for it.
    gazetteer.index()
    recognise.prepare()  # the stem and sound tables of the places
    closeness.warm()  # the language model of the NLU examples: about two seconds
    danger.warm()  # the second opinion on danger now: about three seconds


def main() -> None:
    if "--prepare-only" in sys.argv:  # bot/runtime/caches.py: build var/ before the servers start
        if not caches.marker().exists():
            prepare()
            caches.marker().touch()
        return
    prepare()
    from rasa_sdk.__main__ import main as sdk_main  # the SDK's endpoint pulls in Sanic: only when serving
    from rasa_sdk.plugin import plugin_manager

    plugin_manager().register(DeliveryQueue())
    sys.argv = ["rasa_sdk", *sys.argv[1:]]
    sdk_main()


if __name__ == "__main__":
    main()
