"""Partners answer a case by replying to the report's e-mail: piped to `cases read-mail`, or sent over
SMTP to `cases mail-server`; the person reads the answer by writing the code."""

import email
import email.policy
import os
import smtplib
import subprocess
import sys
import time
from email.message import EmailMessage

import pytest

from bot.cases import mail_in
from tests.helpers.channels import report_from, texts
from tests.helpers.servers import ROOT, free_port

PARTNER = "cases@arbeit-und-leben.example"


def env_of(assistant) -> dict:
    return dict(os.environ, BOT_VAR_DIR=str(assistant.var_dir), BOT_DIRECTORY_FILE=str(assistant.var_dir / "directory.yaml"),
                PYTHONPATH=str(ROOT))


def report_mail(mailbox, code: str) -> EmailMessage:
    mails = [email.message_from_string(m, policy=email.policy.default) for m in mailbox.messages]
    return next(m for m in mails if code in m["Subject"])


def reply_to(original: EmailMessage, text: str, sender: str = PARTNER) -> bytes:
    """A reply as mail programs write it: Re: subject, own words on top, the original quoted below."""
    reply = EmailMessage()
    reply["From"] = f"Arbeit und Leben <{sender}>"
    reply["To"] = original["From"]
    reply["Subject"] = f"Re: {original['Subject']}"
    quoted = "\n".join("> " + line for line in original.get_content().splitlines())
    reply.set_content(f"{text}\n\nOn Mon, 30 Nov 2026 at 10:00, Outreach assistant <{original['From']}> wrote:\n{quoted}\n")
    return reply.as_bytes(policy=email.policy.SMTP)  # CRLF line ends, as mail travels


def read_mail(assistant, raw: bytes) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", "cases", "read-mail"], input=raw, cwd=ROOT,
                          env=env_of(assistant), capture_output=True)


def test_a_piped_reply_is_read_back_by_code_without_the_quoted_report(assistant, mailbox):
    code = report_from(assistant, "mail-reply-000001", "Berlin")
    raw = reply_to(report_mail(mailbox, code), "We can help with the passport. Come on Monday at 10, or call +49 30 9876543.")
    result = read_mail(assistant, raw)
    assert result.returncode == 0, result.stderr
    answers = texts(assistant.say("mail-reply-000002", f"check {code}"))
    assert "Come on Monday at 10" in answers and "Arbeit und Leben" in answers
    assert "A worker sent" not in answers  # the quoted report is cut off
    assert "9876543" not in answers  # scrubbed like every stored answer


def test_a_reply_over_smtp_is_stored(assistant, mailbox):
    code = report_from(assistant, "mail-reply-000003", "Berlin")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "bot", "cases", "mail-server", "--port", str(port)], cwd=ROOT,
                              env=env_of(assistant), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        raw = reply_to(report_mail(mailbox, code), "Thank you. A lawyer will answer you tomorrow.")
        deadline = time.monotonic() + 60
        while True:
            try:
                with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
                    smtp.sendmail(PARTNER, ["cases@outreach.example"], raw)
                break
            except ConnectionRefusedError:
                assert time.monotonic() < deadline, "the mail server did not start"
                time.sleep(0.3)
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp, pytest.raises(smtplib.SMTPDataError) as refused:
            smtp.sendmail("someone@else.example", ["cases@outreach.example"],
                          reply_to(report_mail(mailbox, code), "I am the partner, trust me", sender="someone@else.example"))
        assert refused.value.smtp_code == 550
    finally:
        server.terminate()
        server.wait(10)
    answers = texts(assistant.say("mail-reply-000004", code))
    assert "A lawyer will answer you tomorrow" in answers and "trust me" not in answers


def test_replies_that_cannot_be_stored_are_refused_with_the_reason(assistant, mailbox):
    code = report_from(assistant, "mail-reply-000005", "Berlin")
    original = report_mail(mailbox, code)
    cases = {
        "not sent to the address": reply_to(original, "hello", sender="stranger@example.org"),
        "no valid case code": b"From: cases@arbeit-und-leben.example\r\nSubject: hello\r\n\r\nno code here\r\n",
        "no text of its own": reply_to(original, ""),
    }
    for reason, raw in cases.items():
        result = read_mail(assistant, raw)
        assert result.returncode == 1 and reason in result.stderr.decode(), (reason, result.stderr)


def test_own_words_stop_where_the_quoted_original_starts():
    body = "Yes, come tomorrow.\n\nAm 30.11.2026 um 10:00 schrieb Outreach <a@b.example>:\n> Case code: X\n"
    assert mail_in.own_words(body) == "Yes, come tomorrow."
    assert mail_in.own_words("> quoted first\nmy answer below") == "my answer below"
