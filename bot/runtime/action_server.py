"""`python -m bot.runtime.action_server ARGS`: rasa_sdk's action server, with its logs scrubbed first
and the places, language and danger models ready before the first person writes."""

from __future__ import annotations

import sys

from bot.assessment import danger
from bot.language import closeness
from bot.places import gazetteer, recognise
from bot.privacy import logs


def main() -> None:
    logs.install()
    # Built once from the packages' data (about ten seconds) and then cached in var/: done here, so
    # that the first message after a fresh install is not the one that waits for it.
    gazetteer.index()
    recognise.prepare()  # the stem and sound tables of the places
    closeness.warm()  # the language model of the NLU examples: about two seconds
    danger.warm()  # the second opinion on danger now: about three seconds
    from rasa_sdk.__main__ import main as sdk_main  # the SDK's endpoint pulls in Sanic: only when serving

    sys.argv = ["rasa_sdk", *sys.argv[1:]]
    sdk_main()


if __name__ == "__main__":
    main()
