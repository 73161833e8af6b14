"""Every setting, read from the environment once, typed, with the defaults of the embedded default.

`get()` reads the environment the first time it is called (never at import) and keeps the result;
`reload()` reads it again (tests, and `python -m bot run` after it fills in defaults for its
children). Nothing else in bot/ reads os.environ. VARIABLES is the one table of settings:
docs/operators/configuration.md is generated from it and a test keeps the two in step.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FACTS = DATA / "facts"
LOCALES = ROOT / "locales"

# Settings that count something, like fact values with units (see data/facts/).
UNITS = {"retention_days": "days"}


@dataclass(frozen=True)
class Variable:
    name: str  # the environment variable
    field: str  # the Settings attribute
    default: str  # as the environment would hold it; "" = unset
    about: str  # one line for the operators' table
    group: str = "general"
    parse: Callable[[str], Any] = str


def _path_or_none(value: str) -> Path | None:
    return Path(value) if value else None


VARIABLES: tuple[Variable, ...] = (
    Variable("BOT_VAR_DIR", "var_dir", "", "where runtime state lives (default: var/ in the checkout)", "storage",
             _path_or_none),
    Variable("BOT_TRACKER_DB", "tracker_db", "", "SQLite tracker store of the embedded default "
             "(default: $BOT_VAR_DIR/tracker.db; `:memory:` for tests)", "storage"),
    Variable("BOT_DIRECTORY_FILE", "directory_file", "", "the referral directory the servers load "
             "(default: referral_directory.yaml)", "storage", _path_or_none),
    Variable("BOT_RETENTION_DAYS", "retention_days", "30", "days conversation events are kept before prune",
             "storage", int),
    Variable("BOT_CASE_RETENTION_DAYS", "case_retention_days", "180", "days reports and partners' answers "
             "(cases.db) are kept before prune", "storage", int),
    Variable("BOT_CAMPAIGN_RETENTION_DAYS", "campaign_retention_days", "365", "days a campaign (its code, "
             "site, sector, region) is kept after it was made before prune", "storage", int),
    Variable("BOT_DB_HOST", "db_host", "", "the scale-out profile's PostgreSQL tracker store (deploy/"
             "endpoints.scale.yml); when set, `python -m bot prune` prunes it instead of tracker.db", "storage"),
    Variable("BOT_DB_PORT", "db_port", "5432", "its port", "storage", int),
    Variable("BOT_DB_NAME", "db_name", "bot", "its database", "storage"),
    Variable("BOT_DB_USER", "db_user", "bot", "its user", "storage"),
    Variable("BOT_DB_PASSWORD", "db_password", "", "its password", "storage"),
    Variable("BOT_REDIS_HOST", "redis_host", "", "the scale-out profile's Redis (deploy/endpoints.scale.yml): "
             "the lock store, and when set, live chats, rate limits and the report cap shared by every replica "
             "(unset: each process keeps them in memory)", "storage"),
    Variable("BOT_REDIS_PORT", "redis_port", "6379", "its port", "storage", int),
    Variable("BOT_REDIS_PASSWORD", "redis_password", "", "its password", "storage"),
    Variable("BOT_ENV", "env", "", "`production`: refuse to start without BOT_PSEUDONYM_KEY (also implied by "
             "BOT_PUBLIC_URL)", "privacy", lambda v: v.strip().lower()),
    Variable("BOT_PSEUDONYM_KEY", "pseudonym_key", "", "HMAC key for channel and web chat pseudonyms (required in "
             "production; a local run generates one into BOT_SECRETS_DIR, never into var/)", "privacy"),
    Variable("BOT_SECRETS_DIR", "secrets_dir", "", "where a local run keeps the keys it generates (default: "
             "~/.config/outreach-assistant, outside var/ and its backups)", "privacy", _path_or_none),
    Variable("RASA_API_TOKEN", "rasa_api_token", "", "token of Rasa's HTTP API (generated into var/ when unset)",
             "runtime"),
    Variable("BOT_ACTION_URL", "action_url", "", "the action server's webhook (set by `python -m bot run`)",
             "runtime"),
    Variable("BOT_PUBLIC_URL", "public_url", "", "the public https address of this server (Twilio signatures, "
             "Telegram webhook, posters' web chat link)", "channels", lambda v: v.strip().rstrip("/")),
    Variable("TELEGRAM_BOT_TOKEN", "telegram_bot_token", "", "Telegram bot token (BotFather); with the secret, "
             "turns Telegram on", "channels"),
    Variable("TELEGRAM_SECRET_TOKEN", "telegram_secret_token", "", "secret Telegram sends with every update",
             "channels"),
    Variable("TELEGRAM_API_BASE_URL", "telegram_api_base_url", "https://api.telegram.org/bot",
             "Bot API address (tests point it at a fake)", "channels"),
    Variable("TELEGRAM_BOT_USERNAME", "telegram_bot_username", "", "the bot's @name, for posters' t.me links",
             "channels", str.strip),
    Variable("TWILIO_AUTH_TOKEN", "twilio_auth_token", "", "Twilio auth token (request signatures)", "channels"),
    Variable("TWILIO_ACCOUNT_SID", "twilio_account_sid", "", "Twilio account SID: with the auth token, fetches "
             "WhatsApp voice notes (MediaUrl0)", "channels", str.strip),
    Variable("TWILIO_WHATSAPP_NUMBER", "twilio_whatsapp_number", "", "WhatsApp sender number; turns WhatsApp on",
             "channels", str.strip),
    Variable("TWILIO_SMS_NUMBER", "twilio_sms_number", "", "SMS number; turns SMS on", "channels", str.strip),
    Variable("BOT_LEAVE_URL", "leave_url", "https://www.google.com/", "the neutral site the web chat's "
             "\"Leave quickly\" button opens in the chat's place", "channels", str.strip),
    Variable("BOT_ASR_MODEL_DIR", "asr_model_dir", "", "voice notes in more languages: a folder of unpacked Vosk "
             "models, one per language code (`ru/`, `es/` ...); English works without it (pocketsphinx). "
             "Nothing is downloaded", "channels", _path_or_none),
    Variable("BOT_MEDIA_SECONDS", "media_seconds", "300", "seconds a spoken answer's link (WhatsApp media, "
             "web chat) lives before it is deleted", "channels", float),
    Variable("BOT_SMS_MAX_SEGMENTS", "sms_max_segments", "3", "SMS segments an answer may use", "channels", int),
    Variable("BOT_RATE_PER_CONVERSATION", "rate_per_conversation", "20", "messages one conversation may send "
             "a minute before it is asked to slow down (429)", "channels", int),
    Variable("BOT_RATE_PER_CLIENT", "rate_per_client", "120", "requests one client address may make to the "
             "webhooks a minute (429 beyond)", "channels", int),
    Variable("BOT_REPORTS_PER_CONVERSATION", "reports_per_conversation", "3", "reports one conversation may "
             "make a day", "cases", int),
    Variable("BOT_REPORTS_PER_HOUR", "reports_per_hour", "30", "reports the whole service makes an hour "
             "(a flood never reaches the partners)", "cases", int),
    Variable("BOT_DELIVERY_DELAY", "delivery_delay", "300", "reports leave for partners after a random "
             "0..N seconds, unlinking their arrival from the conversation (0: at once)", "cases", float),
    Variable("BOT_LIVE_CHAT_TIMEOUT", "live_chat_timeout", "900", "seconds of silence that end a live chat",
             "cases", float),
    Variable("BOT_SMTP_HOST", "smtp_host", "127.0.0.1", "mail server that carries reports to partners", "cases"),
    Variable("BOT_SMTP_PORT", "smtp_port", "25", "its port", "cases", int),
    Variable("BOT_SMTP_STARTTLS", "smtp_starttls", "", "1: switch to TLS before logging in", "cases",
             lambda v: v == "1"),
    Variable("BOT_SMTP_USER", "smtp_user", "", "SMTP login (none when unset)", "cases"),
    Variable("BOT_SMTP_PASSWORD", "smtp_password", "", "SMTP password", "cases"),
    Variable("BOT_SMTP_FROM", "smtp_from", "outreach-assistant@localhost", "From address of reports", "cases"),
    Variable("BOT_CHROMIUM", "chromium", "", "Chromium binary for PDF posters (default: found on PATH)",
             "outreach"),
)


@dataclass(frozen=True)
class Settings:
    var_dir: Path | None
    tracker_db: str
    directory_file: Path | None
    retention_days: int
    case_retention_days: int
    campaign_retention_days: int
    db_host: str
    db_port: int
    db_name: str
    db_user: str
    db_password: str
    redis_host: str
    redis_port: int
    redis_password: str
    env: str
    pseudonym_key: str
    secrets_dir: Path | None
    rasa_api_token: str
    action_url: str
    public_url: str
    telegram_bot_token: str
    telegram_secret_token: str
    telegram_api_base_url: str
    telegram_bot_username: str
    twilio_auth_token: str
    twilio_account_sid: str
    twilio_whatsapp_number: str
    twilio_sms_number: str
    leave_url: str
    asr_model_dir: Path | None
    media_seconds: float
    sms_max_segments: int
    rate_per_conversation: int
    rate_per_client: int
    reports_per_conversation: int
    reports_per_hour: int
    delivery_delay: float
    live_chat_timeout: float
    smtp_host: str
    smtp_port: int
    smtp_starttls: bool
    smtp_user: str
    smtp_password: str
    smtp_from: str
    chromium: str


@cache
def get() -> Settings:
    """The settings, read from the environment on the first call."""
    values = {v.field: v.parse(os.environ.get(v.name) or v.default) for v in VARIABLES}
    return Settings(**values)


def reload() -> Settings:
    get.cache_clear()
    return get()


def secret(name: str) -> str:
    """A secret whose variable the directory names (a partner's webhook secret); "" when unset.

    Read at each use, not kept: partners' secrets are added by operators while the server runs."""
    return os.environ.get(name, "") if name else ""


def environment() -> dict[str, str]:
    """A copy of this process's environment, for the servers `python -m bot run` starts."""
    return dict(os.environ)


def var_dir() -> Path:
    return get().var_dir or ROOT / "var"


def var_path(*parts: str) -> Path:
    """A path under var/, creating its folder on first use."""
    path = var_dir().joinpath(*parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def secrets_dir() -> Path:
    """Where a local run keeps its generated keys: outside var/, so a copy of var/ holds no key."""
    return get().secrets_dir or Path.home() / ".config" / "outreach-assistant"


def is_production() -> bool:
    """BOT_ENV=production, or a public address set (the server faces the internet)."""
    settings = get()
    return settings.env == "production" or bool(settings.public_url)


def directory_file() -> Path:
    return get().directory_file or ROOT / "referral_directory.yaml"


def tracker_db() -> Path:
    """The SQLite tracker store of the embedded default."""
    return Path(get().tracker_db or var_dir() / "tracker.db")


def retention_days() -> int:
    """How long conversation events are kept before `python -m bot prune` deletes them."""
    return get().retention_days


def variable_of(field: str) -> str:
    """The environment variable behind a Settings field ("public_url" -> "BOT_PUBLIC_URL")."""
    return next(v.name for v in VARIABLES if v.field == field)


def table() -> str:
    """The operators' table of settings (Markdown), grouped."""
    lines = []
    for group in dict.fromkeys(v.group for v in VARIABLES):
        lines += [f"### {group}", "", "| variable | default | what it does |", "|---|---|---|"]
        lines += [f"| `{v.name}` | {f'`{v.default}`' if v.default else '—'} | {v.about} |"
                  for v in VARIABLES if v.group == group]
        lines.append("")
    return "\n".join(lines)

