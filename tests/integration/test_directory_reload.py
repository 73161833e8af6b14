"""An NGO loads a new directory while the assistant runs: the next person is offered the new contact."""

from __future__ import annotations

import os
import subprocess
import sys

from bot.config import ROOT
from tests.helpers.channels import texts

NEW_CONTACT = """
  - id: kuopio-workers-centre
    name: Kuopio Workers' Advice Centre
    kind: union
    regions: [FI-15, Kuopio]
    languages: [en, fi]
    services: [legal_advice, wage_claims]
    sectors: [agriculture]
    contact: {web: "https://kuopio-workers.example/"}
    source: "loaded by the directory reload test"
    last_verified: null
"""


def contacts_for(assistant, sender: str, place: str) -> str:
    assistant.say(sender, "my boss has not paid me for two months")
    assistant.say(sender, "/request_human")
    return texts(assistant.say(sender, place))


def test_a_newly_loaded_contact_is_offered_without_a_restart(assistant, tmp_path):
    before = contacts_for(assistant, "reload-before-0001", "Kuopio")
    assert "Kuopio Workers' Advice Centre" not in before
    current = (assistant.var_dir / "directory.yaml").read_text(encoding="utf-8")
    (tmp_path / "directory.yaml").write_text(current.rstrip() + "\n" + NEW_CONTACT, encoding="utf-8")
    loaded = subprocess.run([sys.executable, "-m", "bot", "directory", "load", str(tmp_path / "directory.yaml")],
                            cwd=ROOT, env=dict(os.environ, BOT_VAR_DIR=str(assistant.var_dir)),
                            capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stderr
    after = contacts_for(assistant, "reload-after-00001", "Kuopio")
    assert "Kuopio Workers' Advice Centre" in after and "https://kuopio-workers.example/" in after


def test_a_broken_directory_is_not_loaded_and_the_running_one_stays(assistant, tmp_path):
    (tmp_path / "broken.yaml").write_text("contacts:\n  - id: Not An Id\n", encoding="utf-8")
    loaded = subprocess.run([sys.executable, "-m", "bot", "directory", "load", str(tmp_path / "broken.yaml")],
                            cwd=ROOT, env=dict(os.environ, BOT_VAR_DIR=str(assistant.var_dir)),
                            capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 1 and "line 2" in loaded.stderr and "nothing loaded" in loaded.stderr
    assert "FAIRwork" in contacts_for(assistant, "reload-broken-0001", "Brussels")
