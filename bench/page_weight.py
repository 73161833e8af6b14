"""What the web chat costs a person on a slow connection: bytes of the page, in every language.

    .venv/bin/python -m bench.page_weight [--budget 60000]

Renders the page (GET /webchat) as the server sends it, in each of the twelve languages, and prints
its size raw and gzip-compressed, the largest of each, and what else the page would fetch: fonts,
scripts, styles or images from anywhere (the page is meant to need nothing more). Exits 1 when the
largest raw page is over the budget or the page loads anything.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys

from bot.channels import webchat
from bot.language import languages

EXTERNAL = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)\s*=|@import|url\(""", re.I)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=int, default=60_000, help="bytes the largest page may have")
    args = parser.parse_args()
    largest = (0, 0, "")
    loads = []
    print(f"{'lang':<5}{'bytes':>8}{'gzip':>8}")
    for code in languages.CODES:
        page = webchat.render_page(code).encode("utf-8")
        packed = len(gzip.compress(page, 9))
        print(f"{code:<5}{len(page):>8}{packed:>8}")
        largest = max(largest, (len(page), packed, code))
        loads += [f"{code}: {m.group(0)}" for m in EXTERNAL.finditer(page.decode("utf-8"))]
    print(f"largest: {largest[2]} {largest[0]} bytes ({largest[0] / 1024:.1f} KiB), {largest[1]} gzip; "
          f"budget {args.budget} bytes; other requests the page makes: {len(loads)}")
    for load in loads:
        print("  loads:", load)
    return 0 if largest[0] <= args.budget and not loads else 1


if __name__ == "__main__":
    sys.exit(main())
