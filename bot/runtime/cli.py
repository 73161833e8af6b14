"""The runtime's commands: run (train if needed, then serve) and train."""

from __future__ import annotations

import argparse
import subprocess
import sys

from bot.language import catalogs
from bot.referral import directory
from bot.runtime import caches, model, server


def cmd_run(args: argparse.Namespace) -> int:
    ports = server.Ports(args.port, args.action_port)
    env = server.environment(ports)
    catalogs.compile_all()
    directory.validate_file()
    trained = model.ensure(env)
    caches.ensure(env)  # built here, in a process of its own, the servers only load them
    return server.run(ports, trained, env)


def cmd_train(args: argparse.Namespace) -> int:
    try:
        print(model.ensure(server.environment(server.Ports()), force=args.force))
    except subprocess.CalledProcessError:
        print("training failed: Rasa's message above says why", file=sys.stderr)
        return 1
    return 0
