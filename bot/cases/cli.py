"""Case commands: answer a case, and receive partners' e-mail replies (pipe or SMTP)."""

from __future__ import annotations

import argparse
import sys
import time

from bot.cases import case_codes, mail_in, replies, reports
from bot.referral import directory


def cmd_cases_reply(args: argparse.Namespace) -> int:
    if not case_codes.is_valid(args.code):
        print(f"{args.code} is not a valid case code: check it, one character is probably wrong", file=sys.stderr)
        return 2
    sender = args.sender
    if not sender:  # the matched contact's name, as the directory has it
        case = reports.find(args.code) or {}
        sender = (directory.by_id(case.get("contact_id")) or {}).get("name", "")
    try:
        replies.store(args.code, sender, args.text)
    except KeyError:
        print(f"there is no case {case_codes.display(args.code)}", file=sys.stderr)
        return 1
    print(f"saved: the person reads it when they write {case_codes.display(args.code)} to the assistant")
    return 0


def cmd_cases_read_mail(args: argparse.Namespace) -> int:
    try:
        reply = mail_in.save(sys.stdin.buffer.read())
    except mail_in.MailRejected as error:
        print(f"not stored: {error}", file=sys.stderr)
        return 1
    print(f"saved the answer of {reply.partner} to case {reply.code}")
    return 0


def cmd_cases_mail_server(args: argparse.Namespace) -> int:
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
