"""A partner's answer to a case, however it arrives (their Telegram group, e-mail, the CLI): one path.

The case code is taken out of the answer the same way for all, then the answer is either relayed
to the person (a live chat is open for the case, with this partner's group) or stored under the
code, scrubbed, for the person to read by writing the code.
"""

from __future__ import annotations

from bot.cases import case_codes, live_chat, reports

LIMIT = 4000


def own_text(text: str) -> str:
    """The answer without any case code written in it, nor the separators around it."""
    return case_codes.redact(text, case_codes.find(text), placeholder="").strip(" :-\n")[:LIMIT]


def store(code: str, partner: str, text: str) -> None:
    """Keep the answer under its case (KeyError when there is no such case)."""
    reports.add_reply(code, partner, own_text(text))


async def from_group(code: str, partner: dict, group: int, text: str) -> str:
    """An answer written in a partner's group: "relayed" into the open live chat, else "stored";
    "refused" when the case was not sent to this partner (a group answers only its own cases).
    KeyError when there is no such case."""
    case = reports.find(code)
    if case is None:
        raise KeyError(f"no case {code}")
    if case["contact_id"] != partner["id"]:
        return "refused"
    session = await live_chat.for_code(code)
    if session is not None and await live_chat.from_partner(session, group, own_text(text)):
        return "relayed"
    store(code, partner["name"], text)
    return "stored"
