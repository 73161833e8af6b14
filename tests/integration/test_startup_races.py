"""Processes starting together on one var/ (Rasa workers, action servers): each compiles the catalogs and reads the one secret, with no race."""

import os
import stat
import subprocess
import sys
import time

from bot.config import ROOT
from bot.language import languages


def test_workers_starting_together_on_one_var_dir_all_compile_the_catalogs(tmp_path):
    """Two Rasa workers share var/ and compile at start-up; a shared temporary name once crashed one."""
    script = ("import os, sys, time\n"
              "start = float(sys.argv[1])\n"
              "from bot.language import catalogs\n"
              "time.sleep(max(0.0, start - time.time()))\n"
              "catalogs.compile_all()\n")
    for round_ in range(3):
        var = tmp_path / f"var{round_}"
        start = time.time() + 3
        workers = [subprocess.Popen([sys.executable, "-c", script, str(start)], cwd=ROOT,
                                    env={**os.environ, "BOT_VAR_DIR": str(var)},
                                    stderr=subprocess.PIPE, text=True) for _ in range(6)]
        failures = [w.communicate(timeout=120)[1] for w in workers if w.wait(timeout=120) != 0]
        assert not failures, failures[0]
        compiled = sorted(p.relative_to(var).as_posix() for p in var.rglob("*") if p.is_file())
        assert compiled == sorted(f"locales/{c}/LC_MESSAGES/messages.mo" for c in languages.CODES)


def test_processes_starting_together_share_one_generated_pseudonym_key(tmp_path):
    """Without BOT_PSEUDONYM_KEY each worker reads BOT_SECRETS_DIR/pseudonym.key; two keys would split a person in two."""
    script = ("import sys, time\n"
              "from bot.privacy import pseudonyms\n"
              "time.sleep(max(0.0, float(sys.argv[1]) - time.time()))\n"
              "print(pseudonyms.pseudonymise('telegram', '987654321'))\n")
    env = {k: v for k, v in os.environ.items() if k not in ("BOT_PSEUDONYM_KEY", "BOT_PUBLIC_URL", "BOT_ENV")}
    for round_ in range(3):
        var = tmp_path / f"var{round_}"
        start = time.time() + 3
        workers = [subprocess.Popen([sys.executable, "-c", script, str(start)], cwd=ROOT, text=True,
                                    env={**env, "BOT_SECRETS_DIR": str(var)}, stdout=subprocess.PIPE)
                   for _ in range(8)]
        printed = {w.communicate(timeout=120)[0].strip() for w in workers}
        assert len(printed) == 1 and len(printed.pop()) == 64
        key = var / "pseudonym.key"
        assert len(key.read_text()) == 64 and stat.S_IMODE(key.stat().st_mode) == 0o600
        assert [p.name for p in var.iterdir()] == ["pseudonym.key"]  # no temporary file left behind
