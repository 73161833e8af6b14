"""`python -m bot ...`: the commands operators, NGOs and outreach teams run."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from pathlib import Path

from bot import config


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="train if needed, then serve Rasa and the actions on 127.0.0.1")
    run.add_argument("--port", type=int, default=5005, help="Rasa's port on 127.0.0.1: the web chat and the webhooks")
    run.add_argument("--action-port", type=int, default=5055, help="the action server's port on 127.0.0.1")
    run.set_defaults(func="bot.runtime.cli:cmd_run")

    train = sub.add_parser("train", help="train the model if data/, domain.yml or config.yml changed")
    train.add_argument("--force", action="store_true", help="train even when a model for this data exists")
    train.set_defaults(func="bot.runtime.cli:cmd_train")

    prune = sub.add_parser("prune", help="delete what is past its retention: conversation events (SQLite or "
                           "PostgreSQL), reports, campaigns; stats keep ISO regions only")
    prune.add_argument("--older-than", default=f"{config.retention_days()}d",
                       help="a duration like 30d, 12h or 90m (default: BOT_RETENTION_DAYS, 30 days)")
    prune.set_defaults(func="bot.privacy.cli:cmd_prune")

    tg = sub.add_parser("telegram", help="the Telegram channel").add_subparsers(dest="telegram_command", required=True)
    tg.add_parser("set-webhook", help="register BOT_PUBLIC_URL/webhooks/telegram/webhook with the secret token").set_defaults(
        func="bot.channels.cli:cmd_telegram_set_webhook")

    cases_cmd = sub.add_parser("cases", help="anonymous reports").add_subparsers(dest="cases_command", required=True)
    reply = cases_cmd.add_parser("reply", help="answer a case; the person reads it by writing the code")
    reply.add_argument("code", help="the case code, e.g. K7QM-4XRT-9PWE")
    reply.add_argument("text", help="your answer (personal details in it are scrubbed)")
    reply.add_argument("--from", dest="sender", default="", help="who answers, as the person will see it")
    reply.set_defaults(func="bot.cases.cli:cmd_cases_reply")

    read_mail = cases_cmd.add_parser("read-mail", help="store a partner's e-mail reply, read from stdin (for a mail pipe)")
    read_mail.set_defaults(func="bot.cases.cli:cmd_cases_read_mail")
    mail_server = cases_cmd.add_parser("mail-server", help="receive partners' e-mail replies over SMTP")
    mail_server.add_argument("--host", default="127.0.0.1")
    mail_server.add_argument("--port", type=int, default=2525)
    mail_server.set_defaults(func="bot.cases.cli:cmd_cases_mail_server")

    campaign = sub.add_parser("campaign", help="outreach campaigns: a code per poster and site").add_subparsers(
        dest="campaign_command", required=True)
    add = campaign.add_parser("add", help="add a campaign: the code people scan or type, the site and the sector")
    add.add_argument("code", help="4 to 10 letters and digits, at least one of each, e.g. BERRY24")
    add.add_argument("--site", required=True, help='where the posters go, e.g. "Berry farm, Kuopio"')
    add.add_argument("--sector", required=True, help="agriculture, construction, care, hospitality, factory, ...")
    add.add_argument("--region", default="", help="ISO 3166-2 code of the region, e.g. FI-15 (optional)")
    add.set_defaults(func="bot.outreach.cli:cmd_campaign_add")
    campaign.add_parser("list", help="list the campaigns").set_defaults(func="bot.outreach.cli:cmd_campaign_list")

    qr_cmd = sub.add_parser("qr", help="QR codes (PNG, SVG) per enabled channel and an A4 PDF poster for a campaign")
    qr_cmd.add_argument("campaign", help="the campaign code")
    qr_cmd.add_argument("--languages", default="en", help="poster languages, first one first, e.g. ar,hi,uk,en")
    qr_cmd.add_argument("--out", type=Path, default=None, help="folder to write to (default var/outreach/CODE/)")
    qr_cmd.add_argument("--channels", default="", help="only these of telegram,whatsapp,sms,web (default: all enabled)")
    qr_cmd.set_defaults(func="bot.outreach.cli:cmd_qr")

    stats_cmd = sub.add_parser("stats", help="anonymous counts of visits (small cells hidden): CSV, PNG charts, "
                               "aggregates.db; `stats serve` opens them read-only in Datasette")
    stats_cmd.add_argument("action", nargs="?", choices=["serve"], help="serve the tables with Datasette")
    stats_cmd.add_argument("--out", type=Path, default=None, help="folder to write to (default var/stats/)")
    stats_cmd.add_argument("--port", type=int, default=8001, help="Datasette's port on 127.0.0.1 (serve)")
    stats_cmd.set_defaults(func="bot.stats.cli:cmd_stats")

    i18n = sub.add_parser("i18n", help="translation catalogs").add_subparsers(dest="i18n_command", required=True)
    i18n.add_parser("check", help="report missing and fuzzy entries per language").set_defaults(func="bot.language.cli:cmd_i18n_check")

    directory_cmd = sub.add_parser("directory", help="the referral directory").add_subparsers(dest="directory_command", required=True)
    validate = directory_cmd.add_parser("validate", help="check referral_directory.yaml, naming line and field")
    validate.add_argument("file", nargs="?", type=Path, default=None)
    validate.add_argument("--strict", action="store_true",
                          help="also fail on unverified entries, examples and placeholder data (before going live)")
    validate.set_defaults(func="bot.referral.cli:cmd_directory_validate")
    load = directory_cmd.add_parser("load", help="validate, then load the directory into var/directory.db (full-text search)")
    load.add_argument("file", nargs="?", type=Path, default=None)
    load.set_defaults(func="bot.referral.cli:cmd_directory_load")
    facts_cmd = sub.add_parser("facts", help="the legal facts behind the answers").add_subparsers(
        dest="facts_command", required=True)
    facts_cmd.add_parser("check", help="list figures without a source (an error), past their review date, or "
                         "with a URL that is not https").set_defaults(func="bot.assessment.cli:cmd_facts_check")

    docs = sub.add_parser("docs", help="the generated references: commands and settings").add_subparsers(
        dest="docs_command", required=True)
    docs.add_parser("write", help="write docs/developers/cli.md and docs/operators/configuration.md").set_defaults(
        func="bot.reference:cmd_docs_write")
    docs.add_parser("check", help="fail when those files are not what the code generates").set_defaults(
        func="bot.reference:cmd_docs_check")
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return command(args.func)(args)


def command(name: str) -> Callable[[argparse.Namespace], int]:
    """The function behind "module:function", imported only now: each command loads only its own
    capability (`python -m bot stats` does not load Rasa, `python -m bot run` not matplotlib)."""
    module, _, function = name.partition(":")
    return getattr(importlib.import_module(module), function)
