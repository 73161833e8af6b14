"""Outreach commands: campaigns, QR codes and posters."""

from __future__ import annotations

import argparse
import sys

from bot.outreach import campaigns, deep_links, kit


def cmd_campaign_add(args: argparse.Namespace) -> int:
    try:
        campaign = campaigns.add(args.code, args.site, args.sector, args.region)
    except campaigns.CampaignError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"added campaign {campaign.code}: {campaign.site} ({campaign.sector}{', ' + campaign.region if campaign.region else ''})")
    print(f"make its QR codes and poster: python -m bot qr {campaign.code} --languages en,ar")
    return 0


def cmd_campaign_list(args: argparse.Namespace) -> int:
    found = campaigns.all_campaigns()
    if not found:
        print("no campaigns yet: python -m bot campaign add CODE --site \"...\" --sector ...")
        return 0
    rows = [("code", "site", "sector", "region", "created")] + [
        (c.code, c.site, c.sector, c.region or "-", c.created_on) for c in found]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        print("  ".join(value.ljust(width) for value, width in zip(row, widths)).rstrip())
    return 0


def cmd_qr(args: argparse.Namespace) -> int:
    if deep_links.missing_username():
        print("warning: TELEGRAM_BOT_TOKEN is set but TELEGRAM_BOT_USERNAME is not: no Telegram code", file=sys.stderr)
    split = lambda text: [part.strip() for part in text.split(",") if part.strip()]  # noqa: E731
    try:
        written = kit.make_kit(args.campaign, split(args.languages), args.out,
                                    split(args.channels) if args.channels else None)
    except kit.OutreachError as error:
        print(error, file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0
