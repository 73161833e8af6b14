"""`python -m bot.runtime.rasa_server ARGS`: Rasa's own `rasa ARGS`, with our process set-up first.

Set-up that Rasa's plugin hooks would otherwise have to do as a side effect: log records scrubbed
before any handler sees them, the action server's answers checked against a schema compiled once, and
the domain sent to the action server only with the calls that read it, and event classes found by
name once.
"""

from __future__ import annotations

import sys

from bot.privacy import logs
from bot.rasa_plugins import action_calls, action_schema, event_types


def prepare() -> None:
    logs.install()
    action_schema.install()
    action_calls.install()
    event_types.install()


def main() -> None:
    prepare()
    from rasa.__main__ import main as rasa_main  # Rasa's CLI imports TensorFlow: only when serving

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
