"""One list per vocabulary (data/vocabulary.yml): everything that names a sector, a service or an
action agrees with it."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from bot import vocabulary
from bot.config import DATA, ROOT
from bot.language import catalogs, languages
from bot.outreach import campaigns

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def test_the_sector_question_offers_exactly_the_sectors():
    buttons = DOMAIN["responses"]["utter_ask_sector"][0]["buttons"]
    offered = [json.loads(re.search(r"\{.*\}", b["payload"]).group(0))["sector"] for b in buttons if "sector" in b["payload"]]
    assert offered == list(vocabulary.sectors())
    assert [b["title"] for b in buttons if "sector" in b["payload"]] == [f"sector_{s}" for s in vocabulary.sectors()]


def test_campaigns_take_exactly_the_sectors():
    for sector in vocabulary.sectors():
        campaigns.check("FARM7", sector, "")
    with pytest.raises(campaigns.CampaignError):
        campaigns.check("FARM7", "mining", "")


def test_the_directory_schema_lists_exactly_the_services():
    schema = json.loads((ROOT / "directory.schema.json").read_text(encoding="utf-8"))
    assert schema["$defs"]["contact"]["properties"]["services"]["items"]["enum"] == list(vocabulary.services())


def test_what_the_signs_call_for_are_services():
    needs = yaml.safe_load((DATA / "indicators.yml").read_text(encoding="utf-8"))["needs"]
    assert {s for wanted in needs.values() for s in wanted} <= set(vocabulary.services())


@pytest.mark.parametrize("code", languages.CODES)
def test_every_sector_and_service_has_a_name_in_every_language(code):
    keys = [f"sector_{s}" for s in vocabulary.sectors()] + [f"service_{s}" for s in vocabulary.services()]
    untranslated = [k for k in keys if catalogs.text(k, code) in ("", k)]
    assert untranslated == []


def test_the_named_actions_are_the_domains():
    declared = set(DOMAIN["actions"]) | {"action_session_start"}
    assert set(vocabulary.actions().values()) <= declared
