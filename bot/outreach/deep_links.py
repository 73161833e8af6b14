"""The ways into the assistant a poster offers: one link per enabled channel, carrying the campaign code.

A channel is on a poster when its public address is set: TELEGRAM_BOT_USERNAME (the bot's @name),
TWILIO_WHATSAPP_NUMBER, TWILIO_SMS_NUMBER, BOT_PUBLIC_URL (the web chat). The code travels as the
Telegram /start payload, inside the WhatsApp and SMS prefilled message (outreach.po's
`outreach_prefill`, in the poster's first language) and as the web chat's `?c=` parameter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from bot import config
from bot.language import catalogs

CHANNELS = ("telegram", "whatsapp", "sms", "web")
SETTINGS = {"telegram": "telegram_bot_username", "whatsapp": "twilio_whatsapp_number",
            "sms": "twilio_sms_number", "web": "public_url"}


def variable(channel: str) -> str:
    """The environment variable that puts a channel on the poster."""
    return config.variable_of(SETTINGS[channel])


@dataclass(frozen=True)
class Link:
    channel: str  # one of CHANNELS
    url: str  # what the QR code holds
    instruction: str  # outreach.po key of the line for people who cannot scan
    values: dict[str, str] = field(default_factory=dict)  # that line's placeholders


def _setting(channel: str) -> str:
    return getattr(config.get(), SETTINGS[channel])


def enabled() -> list[str]:
    """The channels whose public address is set, in poster order."""
    return [channel for channel in CHANNELS if _setting(channel)]


def missing_username() -> bool:
    """Telegram is switched on for the server but the poster cannot link to it."""
    return bool(config.get().telegram_bot_token) and not _setting("telegram")


def prefill(code: str, lang: str) -> str:
    """The first message a WhatsApp or SMS link writes for the person (they may edit it)."""
    return catalogs.fill(catalogs.text("outreach_prefill", lang, catalogs.OUTREACH), {"code": code})


def link(channel: str, code: str, lang: str) -> Link:
    setting = _setting(channel)
    if channel == "telegram":
        username = setting.lstrip("@")
        return Link(channel, f"https://t.me/{username}?start={code}", "poster_telegram",
                    {"username": f"@{username}", "code": code})
    if channel == "whatsapp":
        number = setting.removeprefix("whatsapp:")
        digits = "".join(ch for ch in number if ch.isdigit())
        return Link(channel, f"https://wa.me/{digits}?text={quote(prefill(code, lang))}", "poster_whatsapp",
                    {"number": number, "code": code})
    if channel == "sms":
        return Link(channel, f"sms:{setting}?body={quote(prefill(code, lang))}", "poster_sms",
                    {"number": setting, "code": code})
    base = setting.rstrip("/")
    shown = base.split("://", 1)[-1] + "/webchat"
    return Link(channel, f"{base}/webchat?c={quote(code)}", "poster_web", {"url": shown, "code": code})


def links(code: str, lang: str, channels: list[str] | None = None) -> list[Link]:
    """A link for each wanted channel that is enabled (all enabled ones by default)."""
    wanted = channels or list(CHANNELS)
    return [link(channel, code, lang) for channel in enabled() if channel in wanted]
