"""Redis and PostgreSQL on loopback, from the Debian packages, for the scale-out test and benches.

Each runs from a fresh temporary folder on a free port and is stopped (and its folder removed) by
`stop()`. PostgreSQL refuses to run as root, so as root its programs run as the `postgres` user the
Debian package creates.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.helpers.servers import free_port

INSTALL_HINT = "install them with `apt-get install redis-server postgresql` (.ci/run does)"


class MissingService(RuntimeError):
    """A server program the scale-out profile needs is not installed."""


@dataclass
class Service:
    port: int
    folder: Path
    stop_command: list[str] = field(default_factory=list)
    process: subprocess.Popen | None = None

    def stop(self) -> None:
        if self.stop_command:
            subprocess.run(self.stop_command, capture_output=True, timeout=60)
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(20)
        shutil.rmtree(self.folder, ignore_errors=True)


def redis_server_program() -> str:
    program = shutil.which("redis-server")
    if not program:
        raise MissingService(f"redis-server is not installed: {INSTALL_HINT}")
    return program


def postgres_bin() -> Path:
    """The newest PostgreSQL's bin/ folder (Debian keeps initdb and pg_ctl out of the PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise MissingService(f"PostgreSQL's initdb and pg_ctl are not installed: {INSTALL_HINT}")


def wait_for_port(port: int, timeout: float = 30) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def start_redis() -> Service:
    """Redis on a free loopback port, nothing saved to disk."""
    program = redis_server_program()
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="bot-redis-"))
    process = subprocess.Popen(
        [program, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder), "--logfile", str(folder / "redis.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
    wait_for_port(port)
    return Service(port, folder, process=process)


def as_postgres_user(command: list[str]) -> list[str]:
    """Root runs PostgreSQL's programs as `postgres`; anyone else as themselves."""
    if os.geteuid() != 0:
        return command
    if not shutil.which("runuser"):
        raise MissingService("running as root needs runuser (util-linux) to start PostgreSQL as 'postgres'")
    return ["runuser", "-u", "postgres", "--", *command]


def start_postgres(user: str = "bot", database: str = "bot") -> Service:
    """A PostgreSQL cluster in a temporary folder on a free loopback port, trusting local logins."""
    bin_dir = postgres_bin()
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="bot-postgres-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data = folder / "data"

    def run(command: list[str]) -> None:
        done = subprocess.run(as_postgres_user(command), capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")

    run([str(bin_dir / "initdb"), "-D", str(data), "-U", user, "-A", "trust", "--no-sync", "-E", "UTF8"])
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    run([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "postgres.log"), "-w", "start"])
    service = Service(port, folder, stop_command=as_postgres_user(
        [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]))
    try:
        run([str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", user, database])
    except Exception:
        service.stop()
        raise
    return service
