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
# IPv6 in full, compressed (::) or with an embedded IPv4 tail; at least two groups and a colon pair
# or seven colons, so that times ("10:30") and ratios are left alone.
IPV6_ADDRESS = re.compile(r"(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}(?:[0-9a-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:.])",
                          re.IGNORECASE)
LOOPBACK = ("127.0.0.1", "::1")
# Loggers that would log secrets or addresses at INFO: httpx logs each request URL, and a Telegram
# Bot API URL holds the bot token.
QUIET = ("httpx", "httpcore", "telegram", "twilio.http_client", "sanic.access")
_installed = False
WITHHELD = "[log message withheld: it could not be scrubbed]"


def _ipv6(match: re.Match) -> str:
    text = match.group(0)
    if text in LOOPBACK or "::" not in text and text.count(":") < 7:
        return text  # "10:30:00", "a:b:c": not an address
    return "[IP]"


def clean(message: str) -> str:
    message = scrubber.scrub(message)
    message = IP_ADDRESS.sub(lambda m: m.group(0) if m.group(0) in LOOPBACK else "[IP]", message)
    return IPV6_ADDRESS.sub(_ipv6, message)


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
            # A traceback is printed apart from the message and can quote a message's text (an
            # exception's argument): formatted and scrubbed here, handlers print it as it is.
            if record.exc_info and record.exc_info[0] is not None:
                try:
                    record.exc_text = clean(logging.Formatter().formatException(record.exc_info))
                except Exception:  # noqa: BLE001
                    record.exc_text = WITHHELD
            if record.stack_info:
                record.stack_info = clean(record.stack_info)
        return record

    # The scrubber's name matcher (spaCy) and tables are loaded now: a warning raised while spaCy is
    # being imported elsewhere would otherwise reach the scrubber half-way through that import, and
    # no person's message waits for the places index.
    scrubber.warm()
    logging.setLogRecordFactory(scrubbed_record)
    # Python warnings print straight to stderr, past the factory above; Rasa's "Failed to parse
    # arguments in line '/x ...'" would print a message's text. Routed through logging, they are
    # scrubbed like any record.
    logging.captureWarnings(True)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
