"""Statistics commands: export the anonymous tables, or serve them read-only in Datasette."""

from __future__ import annotations

import argparse
import os
import sys

from bot.stats import export


def cmd_stats(args: argparse.Namespace) -> int:
    written = export.export(args.out)
    if args.action != "serve":
        for path in written:
            print(path)
        return 0
    database = next(path for path in written if path.suffix == ".db")
    print(f"serving {database} read-only at http://127.0.0.1:{args.port}/ (Ctrl-C stops)")
    sys.stdout.flush()
    # Datasette takes this process's place, so Ctrl-C or a signal to it stops the server.
    os.execv(sys.executable, [sys.executable, "-m", "datasette", "serve", "--immutable", str(database),
                              "--host", "127.0.0.1", "--port", str(args.port)])
