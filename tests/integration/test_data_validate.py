"""`rasa data validate` passes with no warning except responses that actions or forms use."""

import re
import subprocess
import sys

import yaml

from bot.config import ROOT


def used_outside_rules() -> set[str]:
    """Responses named by custom actions, and the utter_ask_<slot> questions forms ask."""
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "actions").glob("*.py"))
    used = set(re.findall(r'"(utter_[a-z_]+)"', code))
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    for form in domain["forms"].values():
        used.update(f"utter_ask_{slot}" for slot in form["required_slots"])
    return used


def payload_only_intents() -> set[str]:
    """Intents that channels ("/unsupported_message"), buttons ("/stop_screening") or buttons an action
    makes ("/live_chat") send and nobody types."""
    sources = [*(ROOT / "bot" / "channels").glob("*.py"), *(ROOT / "actions").glob("*.py")]
    code = "\n".join(p.read_text(encoding="utf-8") for p in sources)
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    payloads = {button["payload"].split("{")[0] for variations in domain["responses"].values()
                for variation in variations for button in variation.get("buttons", [])}
    sent = set(re.findall(r"""["']/(\w+)""", code))  # "/unsupported_message", f'/check_case{{...}}'
    return {intent for intent in domain["intents"] if intent in sent or f"/{intent}" in payloads}


def test_rasa_data_validate_is_clean():
    result = subprocess.run(
        [sys.executable, "-m", "rasa", "data", "validate", "--data", "data/nlu", "data/rules.yml", "data/stories",
         "--domain", "domain.yml", "--config", "config.yml"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    unused = set(re.findall(r"The utterance '(utter_[a-z_]+)' is not used in any story or rule", output))
    assert unused <= used_outside_rules(), unused - used_outside_rules()
    untyped = set(re.findall(r"The intent '(\w+)' is listed in the domain file, but is not found in the NLU", output))
    assert untyped <= payload_only_intents(), untyped - payload_only_intents()
    other_warnings = [line for line in output.splitlines()
                      if "UserWarning" in line and "is not used in any story or rule" not in line
                      and "is not found in the NLU training data" not in line]
    assert not other_warnings, other_warnings
    assert "No story structure conflicts found" in output
