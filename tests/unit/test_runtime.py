"""`python -m bot run`: any generated token works, a dead server stops it loudly, production needs its key."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot import config
from bot.config import ROOT
from bot.privacy import local_secret, pseudonyms
from bot.runtime import caches, server


def test_rasa_takes_any_token_even_one_beginning_with_a_dash():
    from rasa.__main__ import create_argument_parser

    command = server.commands(Path("model.tar.gz"), server.Ports(), "-Ab_c-123")[1]
    arguments = create_argument_parser().parse_args(command[command.index("run"):])
    assert arguments.auth_token == "-Ab_c-123"


def test_a_generated_token_never_begins_with_a_dash(monkeypatch, tmp_path):
    monkeypatch.setenv("BOT_SECRETS_DIR", str(tmp_path))
    monkeypatch.delenv("RASA_API_TOKEN", raising=False)
    config.reload()
    tokens = []
    for _ in range(200):
        (tmp_path / "rasa_api_token").unlink(missing_ok=True)
        tokens.append(server.api_token()[0])
    assert len(set(tokens)) == 200 and not any(t.startswith("-") for t in tokens)


def sleeper() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)


def test_run_exits_non_zero_as_soon_as_a_server_dies_and_says_which(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("BOT_SECRETS_DIR", str(tmp_path / "secrets"))
    monkeypatch.delenv("RASA_API_TOKEN", raising=False)
    monkeypatch.delenv("BOT_PUBLIC_URL", raising=False)
    config.reload()
    actions = sleeper()
    rasa = subprocess.Popen([sys.executable, "-c", "import sys; sys.exit(2)"])
    monkeypatch.setattr(server, "start", lambda *args, **kwargs: [actions, rasa])
    ports = server.Ports(1, 1)  # nothing answers: a server that is not ready must not be waited for
    try:
        code = server.run(ports, Path("model.tar.gz"), {"BOT_TRACKER_DB": str(tmp_path / "tracker.db")})
    finally:
        actions.kill()
    out = capsys.readouterr()
    assert code != 0 and "the Rasa server exited (code 2)" in out.err
    token = (tmp_path / "secrets" / "rasa_api_token").read_text()
    assert token not in out.out + out.err and str(tmp_path / "secrets" / "rasa_api_token") in out.out
    assert actions.poll() is not None  # the other server was stopped


@pytest.mark.parametrize("setting", [("BOT_ENV", "production"), ("BOT_PUBLIC_URL", "https://help.example.org")])
def test_production_refuses_to_start_without_a_pseudonym_key(monkeypatch, tmp_path, capsys, setting):
    monkeypatch.setenv(*setting)
    monkeypatch.delenv("BOT_PSEUDONYM_KEY", raising=False)
    config.reload()
    pseudonyms.pseudonym_key.cache_clear()
    try:
        with pytest.raises(pseudonyms.MissingKey):
            pseudonyms.pseudonym_key()
        monkeypatch.setattr(server, "start", lambda *args, **kwargs: pytest.fail("started without a key"))
        assert server.run(server.Ports(1, 1), Path("m"), {"BOT_TRACKER_DB": str(tmp_path / "t.db")}) == 2
        assert "BOT_PSEUDONYM_KEY" in capsys.readouterr().err
    finally:
        pseudonyms.pseudonym_key.cache_clear()


def test_a_local_key_lives_outside_var_and_an_old_one_is_moved_out(monkeypatch, tmp_path):
    var, secrets_dir = tmp_path / "var", tmp_path / "secrets"
    var.mkdir()
    (var / "pseudonym.key").write_text("key-from-an-older-version")
    for name, value in (("BOT_VAR_DIR", str(var)), ("BOT_SECRETS_DIR", str(secrets_dir))):
        monkeypatch.setenv(name, value)
    for name in ("BOT_PSEUDONYM_KEY", "BOT_PUBLIC_URL", "BOT_ENV"):
        monkeypatch.delenv(name, raising=False)
    config.reload()
    pseudonyms.pseudonym_key.cache_clear()
    try:
        assert pseudonyms.pseudonym_key() == b"key-from-an-older-version"  # same pseudonyms as before
        assert not (var / "pseudonym.key").exists() and local_secret.path_of("pseudonym.key").parent == secrets_dir
        assert (secrets_dir / "pseudonym.key").stat().st_mode & 0o077 == 0
        assert list(var.iterdir()) == []
    finally:
        pseudonyms.pseudonym_key.cache_clear()


def test_the_action_server_serves_without_tensorflow():
    """spaCy's thinc imports TensorFlow whenever it is installed; in the action server that cost
    about 350 MB and several seconds of start for nothing. Prepared as the server prepares, with every
    action module imported and a message scrubbed, the process has not loaded it."""
    probe = textwrap.dedent("""
        import importlib, pkgutil, sys
        from bot.runtime import action_server
        action_server.prepare()
        import actions
        for module in pkgutil.iter_modules(actions.__path__):
            importlib.import_module("actions." + module.name)
        from bot.privacy import scrubber
        print(scrubber.scrub("call Ana on +40 712 345 678"))
        print("tensorflow loaded:", sys.modules.get("tensorflow") is not None)
    """)
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "712 345" not in done.stdout and "[PHONE]" in done.stdout
    assert "tensorflow loaded: False" in done.stdout


def test_caches_are_built_once_in_a_process_of_their_own_before_the_servers_start(tmp_path):
    """`make run` builds the places index and the language and danger models into var/ before the
    servers start (a server that builds them keeps the scaffolding in its memory), and a second
    start with the same code and data builds nothing again."""
    env = {**os.environ, "BOT_VAR_DIR": str(tmp_path)}
    caches.ensure(env)
    built = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    assert any(name.startswith("places-") for name in built)
    assert any(name.startswith("language-closeness-") for name in built)
    assert any(name.startswith("danger-second-opinion-") for name in built)
    assert f"caches-{caches.fingerprint()}.ready" in built
    caches.ensure(env)
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == built


def test_the_caches_fingerprint_changes_with_the_data(tmp_path):
    (tmp_path / "bot").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "constraints.txt").write_text("a==1\n")
    (tmp_path / "data" / "danger.yml").write_text("kill: [x]\n")
    before = caches.fingerprint(tmp_path)
    (tmp_path / "data" / "danger.yml").write_text("kill: [x, y]\n")
    assert caches.fingerprint(tmp_path) != before
