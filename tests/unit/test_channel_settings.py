"""Channels take their settings from credentials.yml where it gives them, else from the environment."""

from __future__ import annotations

import pytest

from bot import config
from bot.channels.telegram import TelegramInput
from bot.channels.twilio_messaging import SmsInput, WhatsAppInput


@pytest.fixture
def environment(monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:env-token")
    monkeypatch.setenv("TELEGRAM_SECRET_TOKEN", "env-secret")
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", "env-auth")
    monkeypatch.setenv("TWILIO_SMS_NUMBER", "+15005550006")
    monkeypatch.delenv("TWILIO_WHATSAPP_NUMBER", raising=False)
    monkeypatch.setenv("BOT_PUBLIC_URL", "https://env.example.org/")
    config.reload()
    yield
    monkeypatch.undo()
    config.reload()


def test_without_credentials_the_environment_is_used(environment):
    telegram = TelegramInput.from_credentials(None)
    assert telegram.secret == "env-secret" and telegram.bot is not None and telegram.bot.token == "1:env-token"
    sms = SmsInput.from_credentials({})
    assert (sms.token, sms.number, sms.public_url, sms.enabled) == ("env-auth", "+15005550006", "https://env.example.org", True)
    assert WhatsAppInput.from_credentials(None).enabled is False  # no WhatsApp number anywhere


def test_credentials_win_over_the_environment(environment):
    telegram = TelegramInput.from_credentials({"secret_token": "yaml-secret", "bot_token": "2:yaml-token"})
    assert telegram.secret == "yaml-secret" and telegram.bot.token == "2:yaml-token"
    whatsapp = WhatsAppInput.from_credentials({"number": "whatsapp:+14155238886", "public_url": "https://yaml.example/"})
    assert (whatsapp.number, whatsapp.public_url, whatsapp.token, whatsapp.enabled) == (
        "whatsapp:+14155238886", "https://yaml.example", "env-auth", True)
