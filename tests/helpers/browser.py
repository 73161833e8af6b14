"""Headless Chromium for the web chat."""

import shutil

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
