"""`python -m bot ...`: the commands operators, NGOs and outreach teams run."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from bot import catalogs, directory, language, model, retention, server, settings


def cmd_run(args: argparse.Namespace) -> int:
    ports = server.Ports(args.port, args.action_port)
    env = server.environment(ports)
    catalogs.compile_all()
    directory.validate_file()
    trained = model.ensure(env)
    return server.run(ports, trained, env)


def cmd_train(args: argparse.Namespace) -> int:
    try:
        print(model.ensure(server.environment(server.Ports()), force=args.force))
    except subprocess.CalledProcessError:
        print("training failed: Rasa's message above says why", file=sys.stderr)
        return 1
    return 0


def cmd_prune(args: argparse.Namespace) -> int:
    try:
        seconds = retention.parse_duration(args.older_than)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    deleted = retention.prune(settings.tracker_db(), seconds)
    print(f"deleted {deleted} conversation events older than {args.older_than}")
    return 0


def cmd_telegram_set_webhook(args: argparse.Namespace) -> int:
    import asyncio
    import os

    from bot.channels import telegram

    config = telegram.settings()
    public_url = (os.environ.get("BOT_PUBLIC_URL") or "").rstrip("/")
    missing = [name for name, value in (("TELEGRAM_BOT_TOKEN", config["token"]),
                                        ("TELEGRAM_SECRET_TOKEN", config["secret"]),
                                        ("BOT_PUBLIC_URL", public_url)) if not value]
    if missing:
        print(f"set {', '.join(missing)} first (see README, Channels)", file=sys.stderr)
        return 2
    url = f"{public_url}/webhooks/telegram/webhook"
    asyncio.run(telegram.set_webhook(url))
    print(f"Telegram will post updates to {url}")
    return 0


def cmd_cases_reply(args: argparse.Namespace) -> int:
    from bot import case_codes, cases

    if not case_codes.is_valid(args.code):
        print(f"{args.code} is not a valid case code: check it, one character is probably wrong", file=sys.stderr)
        return 2
    sender = args.sender
    if not sender:  # the matched contact's name, as the directory has it
        case = cases.find(args.code) or {}
        sender = (directory.by_id(case.get("contact_id")) or {}).get("name", "")
    try:
        cases.add_reply(args.code, sender, args.text)
    except KeyError:
        print(f"there is no case {case_codes.display(args.code)}", file=sys.stderr)
        return 1
    print(f"saved: the person reads it when they write {case_codes.display(args.code)} to the assistant")
    return 0


def cmd_cases_read_mail(args: argparse.Namespace) -> int:
    from bot import mail_in

    try:
        reply = mail_in.save(sys.stdin.buffer.read())
    except mail_in.MailRejected as error:
        print(f"not stored: {error}", file=sys.stderr)
        return 1
    print(f"saved the answer of {reply.partner} to case {reply.code}")
    return 0


def cmd_cases_mail_server(args: argparse.Namespace) -> int:
    import time

    from bot import mail_in

    controller = mail_in.serve(args.host, args.port)
    print(f"receiving partners' replies by SMTP on {args.host}:{args.port} (Ctrl-C stops)")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()
    return 0


def cmd_campaign_add(args: argparse.Namespace) -> int:
    from bot import campaigns

    try:
        campaign = campaigns.add(args.code, args.site, args.sector, args.region)
    except campaigns.CampaignError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"added campaign {campaign.code}: {campaign.site} ({campaign.sector}{', ' + campaign.region if campaign.region else ''})")
    print(f"make its QR codes and poster: python -m bot qr {campaign.code} --languages en,ar")
    return 0


def cmd_campaign_list(args: argparse.Namespace) -> int:
    from bot import campaigns

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
    from bot import outreach, outreach_links

    if outreach_links.missing_username():
        print("warning: TELEGRAM_BOT_TOKEN is set but TELEGRAM_BOT_USERNAME is not: no Telegram code", file=sys.stderr)
    split = lambda text: [part.strip() for part in text.split(",") if part.strip()]  # noqa: E731
    try:
        written = outreach.make_kit(args.campaign, split(args.languages), args.out,
                                    split(args.channels) if args.channels else None)
    except outreach.OutreachError as error:
        print(error, file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from bot import stats

    written = stats.export(args.out)
    if args.action != "serve":
        for path in written:
            print(path)
        return 0
    database = next(path for path in written if path.suffix == ".db")
    print(f"serving {database} read-only at http://127.0.0.1:{args.port}/ (Ctrl-C stops)")
    sys.stdout.flush()
    # Datasette takes this process's place, so Ctrl-C or a signal to it stops the server.
    os.execv(sys.executable, [sys.executable, "-m", "datasette", "serve", "--immutable", str(database),
                              "--host", "127.0.0.1", "--port", str(args.port)])


def cmd_i18n_check(args: argparse.Namespace) -> int:
    """Per language: entries missing (untranslated or absent) and fuzzy. Fails on any missing."""
    def key(message) -> str:
        return message.id if isinstance(message.id, str) else message.id[0]

    def translated(message) -> bool:
        forms = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        return bool(forms) and all(forms)

    failed = False
    for domain in (catalogs.DOMAIN, catalogs.OUTREACH):
        source = {key(m) for m in catalogs.read(language.DEFAULT, domain) if m.id}
        label = "" if domain == catalogs.DOMAIN else f" ({domain}.po)"
        for code in language.CODES:
            present = {key(m): m for m in catalogs.read(code, domain) if m.id} if catalogs.po_path(code, domain).exists() else {}
            missing = sorted(k for k in source if k not in present or not translated(present[k]))
            fuzzy = sorted(k for k, m in present.items() if m.fuzzy)
            print(f"{code}{label}: {len(source) - len(missing)}/{len(source)} translated, {len(missing)} missing, {len(fuzzy)} fuzzy")
            for entry in missing:
                print(f"  missing: {entry}")
            for entry in fuzzy:
                print(f"  fuzzy: {entry}")
            failed = failed or bool(missing)
    return 1 if failed else 0


def cmd_directory_validate(args: argparse.Namespace) -> int:
    try:
        document = directory.validate_file(args.file)
    except directory.DirectoryError as error:
        print(error, file=sys.stderr)
        return 1
    for warning in directory.warnings(document, args.file):
        print(f"warning: {warning}")
    print(f"{args.file}: {len(document['contacts'])} contacts, no problems")
    return 0


def cmd_directory_load(args: argparse.Namespace) -> int:
    try:
        count = directory.load(args.file)
    except directory.DirectoryError as error:
        print(error, file=sys.stderr)
        print("nothing loaded: the directory in use is unchanged", file=sys.stderr)
        return 1
    print(f"loaded {count} contacts into var/directory.db")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="train if needed, then serve Rasa and the actions on 127.0.0.1")
    run.add_argument("--port", type=int, default=5005)
    run.add_argument("--action-port", type=int, default=5055)
    run.set_defaults(func=cmd_run)

    train = sub.add_parser("train", help="train the model if data/, domain.yml or config.yml changed")
    train.add_argument("--force", action="store_true", help="train even when a model for this data exists")
    train.set_defaults(func=cmd_train)

    prune = sub.add_parser("prune", help="delete conversation events older than a limit")
    prune.add_argument("--older-than", default=f"{settings.retention_days()}d",
                       help="a duration like 30d, 12h or 90m (default: BOT_RETENTION_DAYS, 30 days)")
    prune.set_defaults(func=cmd_prune)

    tg = sub.add_parser("telegram", help="the Telegram channel").add_subparsers(dest="telegram_command", required=True)
    tg.add_parser("set-webhook", help="register BOT_PUBLIC_URL/webhooks/telegram/webhook with the secret token").set_defaults(
        func=cmd_telegram_set_webhook)

    cases_cmd = sub.add_parser("cases", help="anonymous reports").add_subparsers(dest="cases_command", required=True)
    reply = cases_cmd.add_parser("reply", help="answer a case; the person reads it by writing the code")
    reply.add_argument("code", help="the case code, e.g. K7QM-4XRT-9PWE")
    reply.add_argument("text", help="your answer (personal details in it are scrubbed)")
    reply.add_argument("--from", dest="sender", default="", help="who answers, as the person will see it")
    reply.set_defaults(func=cmd_cases_reply)

    read_mail = cases_cmd.add_parser("read-mail", help="store a partner's e-mail reply, read from stdin (for a mail pipe)")
    read_mail.set_defaults(func=cmd_cases_read_mail)
    mail_server = cases_cmd.add_parser("mail-server", help="receive partners' e-mail replies over SMTP")
    mail_server.add_argument("--host", default="127.0.0.1")
    mail_server.add_argument("--port", type=int, default=2525)
    mail_server.set_defaults(func=cmd_cases_mail_server)

    campaign = sub.add_parser("campaign", help="outreach campaigns: a code per poster and site").add_subparsers(
        dest="campaign_command", required=True)
    add = campaign.add_parser("add", help="add a campaign: the code people scan or type, the site and the sector")
    add.add_argument("code", help="4 to 10 letters and digits, at least one of each, e.g. BERRY24")
    add.add_argument("--site", required=True, help='where the posters go, e.g. "Berry farm, Kuopio"')
    add.add_argument("--sector", required=True, help="agriculture, construction, care, hospitality, factory, ...")
    add.add_argument("--region", default="", help="ISO 3166-2 code of the region, e.g. FI-15 (optional)")
    add.set_defaults(func=cmd_campaign_add)
    campaign.add_parser("list", help="list the campaigns").set_defaults(func=cmd_campaign_list)

    qr_cmd = sub.add_parser("qr", help="QR codes (PNG, SVG) per enabled channel and an A4 PDF poster for a campaign")
    qr_cmd.add_argument("campaign", help="the campaign code")
    qr_cmd.add_argument("--languages", default="en", help="poster languages, first one first, e.g. ar,hi,uk,en")
    qr_cmd.add_argument("--out", type=Path, default=None, help="folder to write to (default var/outreach/CODE/)")
    qr_cmd.add_argument("--channels", default="", help="only these of telegram,whatsapp,sms,web (default: all enabled)")
    qr_cmd.set_defaults(func=cmd_qr)

    stats_cmd = sub.add_parser("stats", help="anonymous counts of visits (small cells hidden): CSV, PNG charts, "
                               "aggregates.db; `stats serve` opens them read-only in Datasette")
    stats_cmd.add_argument("action", nargs="?", choices=["serve"], help="serve the tables with Datasette")
    stats_cmd.add_argument("--out", type=Path, default=None, help="folder to write to (default var/stats/)")
    stats_cmd.add_argument("--port", type=int, default=8001, help="Datasette's port on 127.0.0.1 (serve)")
    stats_cmd.set_defaults(func=cmd_stats)

    i18n = sub.add_parser("i18n", help="translation catalogs").add_subparsers(dest="i18n_command", required=True)
    i18n.add_parser("check", help="report missing and fuzzy entries per language").set_defaults(func=cmd_i18n_check)

    directory_cmd = sub.add_parser("directory", help="the referral directory").add_subparsers(dest="directory_command", required=True)
    validate = directory_cmd.add_parser("validate", help="check referral_directory.yaml, naming line and field")
    validate.add_argument("file", nargs="?", type=Path, default=directory.DIRECTORY_FILE)
    validate.set_defaults(func=cmd_directory_validate)
    load = directory_cmd.add_parser("load", help="validate, then load the directory into var/directory.db (full-text search)")
    load.add_argument("file", nargs="?", type=Path, default=directory.DIRECTORY_FILE)
    load.set_defaults(func=cmd_directory_load)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)
