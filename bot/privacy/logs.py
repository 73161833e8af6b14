"""Logging that cannot leak: every record at INFO or above is scrubbed before any handler sees it.

Installed as a log record factory, so it covers Rasa's, Sanic's, rasa_sdk's and our loggers, and
handlers configured after it. DEBUG (which logs message texts in Rasa) stays off unless asked for.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from bot.privacy import scrubber

IP_ADDRESS = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
LOOPBACK = "127.0.0.1"
# Loggers that would log secrets or addresses at INFO: httpx logs each request URL, and a Telegram
# Bot API URL holds the bot token.
QUIET = ("httpx", "httpcore", "telegram", "twilio.http_client", "sanic.access")
_installed = False
WITHHELD = "[log message withheld: it could not be scrubbed]"


def clean(message: str) -> str:
    message = scrubber.scrub(message)
    return IP_ADDRESS.sub(lambda m: m.group(0) if m.group(0) == LOOPBACK else "[IP]", message)


def install() -> None:
    global _installed
    if _installed:
        return
    _installed = True
    previous = logging.getLogRecordFactory()

    def scrubbed_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if record.levelno >= logging.INFO:
            try:
                message = record.getMessage()
            except Exception:  # a malformed record: leave it to logging's own error path
                return record
            try:
                cleaned = clean(message)
            except Exception:  # noqa: BLE001  a record that cannot be scrubbed is not printed
                cleaned = WITHHELD
            if cleaned != message:
                record.msg, record.args = cleaned, None
        return record

    # The scrubber's name matcher (spaCy) is loaded now: a warning raised while spaCy is being
    # imported elsewhere would otherwise reach the scrubber half-way through that import.
    scrubber.scrub("warm up: my name is Ana")
    logging.setLogRecordFactory(scrubbed_record)
    # Python warnings print straight to stderr, past the factory above; Rasa's "Failed to parse
    # arguments in line '/x ...'" would print a message's text. Routed through logging, they are
    # scrubbed like any record.
    logging.captureWarnings(True)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
