"""The audit: personal details sent through every channel in several languages never reach var/,
the logs or the process output; "delete my data" leaves no row of the conversation."""

import hashlib
import hmac
import json
from pathlib import Path

from tests.helpers.channels import SECRET, TELEGRAM, inbound, message, twilio
from tests.helpers.servers import CHANNELS

PERSONAL = {
    "names": ["Mihaela Dumitrescu", "Oleksandr", "Karim Benali"],
    "phones": ["+40 745 112 233", "0745112233", "+380 67 765 4321", "0151 98765432"],
    "emails": ["mihaela.d@yahoo.ro", "karim.benali@orange.fr"],
    "passports": ["FE765432", "051987654"],
    "iban": ["RO49 AAAA 1B31 0075 9384 0000"],
    "address": ["strada Lalelelor nr. 17", "Gartenstraße 44"],
}
CHAT_ID = 6061626364
WHATSAPP = "whatsapp:+40745112299"
SMS = "+4915198765000"


def pseudonym(channel: str, raw: str) -> str:
    return hmac.new(CHANNELS["BOT_PSEUDONYM_KEY"].encode(), f"{channel}:{raw}".encode(), hashlib.sha256).hexdigest()


def forbidden_values() -> list[str]:
    values = [v for group in PERSONAL.values() for v in group]
    values += [str(CHAT_ID), "40745112299", "4915198765000", "745 112 233", "765 4321", "98765432", "Lalelelor", "Gartenstra"]
    return values


def scan(var_dir: Path) -> list[tuple[str, str]]:
    found = []
    for path in var_dir.rglob("*"):
        if path.is_file() and path.suffix not in {".mo"}:
            content = path.read_bytes().decode("utf-8", errors="replace")
            found += [(path.name, v) for v in forbidden_values() if v in content]
    return found


def test_personal_details_never_reach_disk_or_logs_and_erasure_is_complete(assistant):
    web = "audit-web-conversation-01"
    assistant.say(web, "ma numesc Mihaela Dumitrescu, sunati-ma la +40 745 112 233 sau mihaela.d@yahoo.ro")
    assistant.say(web, "seful mi-a luat pasaportul FE765432, stau pe strada Lalelelor nr. 17")
    assistant.say(web, "contul meu RO49 AAAA 1B31 0075 9384 0000, nu am primit salariul")

    text = message(700, chat_id=CHAT_ID, text="мене звати Oleksandr, мій номер +380 67 765 4321, паспорт 051987654")
    assert assistant.post(TELEGRAM, json.dumps(text).encode(), headers=SECRET)[0] == 200
    text = message(701, chat_id=CHAT_ID, text="the boss took my passport, i cannot leave")
    assert assistant.post(TELEGRAM, json.dumps(text).encode(), headers=SECRET)[0] == 200

    wa = inbound(WHATSAPP, "je m'appelle Karim Benali, karim.benali@orange.fr, j'habite Gartenstraße 44",
                 to=CHANNELS["TWILIO_WHATSAPP_NUMBER"])
    assert twilio(assistant, "whatsapp", wa)[0] == 200
    assert twilio(assistant, "sms", inbound(SMS, "call me 0151 98765432, they keep my passport"))[0] == 200

    assert not scan(Path(assistant.var_dir)), scan(Path(assistant.var_dir))
    conversations = {"web": web, "telegram": pseudonym("telegram", str(CHAT_ID)),
                     "whatsapp": pseudonym("whatsapp", WHATSAPP), "sms": pseudonym("sms", SMS)}
    for sender in conversations.values():
        assert assistant.stored_events(sender), sender
    stored = json.dumps([assistant.stored_events(s) for s in conversations.values()], ensure_ascii=False)
    for placeholder in ("[NAME]", "[PHONE]", "[EMAIL]", "[DOCUMENT]", "[ADDRESS]", "[IBAN]"):
        assert placeholder in stored, placeholder

    assistant.say(web, "sterge datele mele")
    assert assistant.post(TELEGRAM, json.dumps(message(702, chat_id=CHAT_ID, text="/delete")).encode(), headers=SECRET)[0] == 200
    assert twilio(assistant, "whatsapp", inbound(WHATSAPP, "delete my data", to=CHANNELS["TWILIO_WHATSAPP_NUMBER"]))[0] == 200
    status, xml = twilio(assistant, "sms", inbound(SMS, "delete my data"))
    assert "messages app" in xml  # the SMS way to delete it from the phone
    for channel, sender in conversations.items():
        assert assistant.stored_events(sender) == [], channel
