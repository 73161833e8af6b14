"""The shipped deployment keeps no client addresses and prunes every store."""

import yaml

from bot.config import ROOT


def test_nginx_keeps_no_access_log():
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    lines = [line.split("#")[0].strip() for line in conf.splitlines()]
    assert "access_log off;" in lines
    assert not any(line.startswith("access_log") and line != "access_log off;" for line in lines)


def test_the_compose_profile_prunes_daily_in_production_mode():
    compose = yaml.safe_load((ROOT / "deploy" / "docker-compose.yml").read_text())
    prune = compose["services"]["prune"]
    assert "bot prune" in " ".join(prune["command"]) and "sleep 86400" in " ".join(prune["command"])
    assert "actions-var:/app/var" in prune["volumes"]  # cases.db and campaigns.db are there
    assert prune["environment"]["BOT_ENV"] == "production" and "BOT_DB_HOST" in prune["environment"]
