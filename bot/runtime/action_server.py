"""`python -m bot.runtime.action_server ARGS`: rasa_sdk's action server, with its logs scrubbed first."""

from __future__ import annotations

import sys

from bot.privacy import logs


def main() -> None:
    logs.install()
    from rasa_sdk.__main__ import main as sdk_main  # the SDK's endpoint pulls in Sanic: only when serving

    sys.argv = ["rasa_sdk", *sys.argv[1:]]
    sdk_main()


if __name__ == "__main__":
    main()
