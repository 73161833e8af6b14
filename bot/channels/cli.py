"""Channel commands: register the Telegram webhook."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot import config
from bot.channels import telegram


def cmd_telegram_set_webhook(args: argparse.Namespace) -> int:
    settings = config.get()
    missing = [name for name, value in (("TELEGRAM_BOT_TOKEN", settings.telegram_bot_token),
                                        ("TELEGRAM_SECRET_TOKEN", settings.telegram_secret_token),
                                        ("BOT_PUBLIC_URL", settings.public_url)) if not value]
    if missing:
        print(f"set {', '.join(missing)} first (see docs/operators/channels.md)", file=sys.stderr)
        return 2
    url = f"{settings.public_url}/webhooks/telegram/webhook"
    asyncio.run(telegram.set_webhook(url))
    print(f"Telegram will post updates to {url}")
    return 0
