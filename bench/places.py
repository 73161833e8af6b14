"""Places: how often a place name a worker types maps to the right country and region.

Reads a table of place names (default tests/data/places_heldout.yml, written by someone who had
not seen the gazetteer) and prints, per language and overall, the share mapped to the right
country, and of those with a region in the table, the share with the right ISO 3166-2 region;
then how long one message takes to recognise (after recognise.prepare()). With --nlu, how many of
the NLU training examples (ordinary messages, data/nlu/) get a place found, per language: places
found there are mostly false ones; --nlu-list writes each hit to a file to compare two versions.

    .venv/bin/python -m bench.places [TABLE ...] [--misses] [--nlu] [--nlu-list FILE]
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

import yaml

from bot.config import ROOT
from bot.language import examples
from bot.places import gazetteer, recognise

DEFAULT = ROOT / "tests" / "data" / "places_heldout.yml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("tables", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--misses", action="store_true", help="list the names mapped wrong")
    parser.add_argument("--nlu", action="store_true", help="count NLU training examples with a place found")
    parser.add_argument("--nlu-list", type=Path, help="write the NLU examples with a place found to this file")
    args = parser.parse_args()
    started = time.perf_counter()
    gazetteer.index()
    print(f"gazetteer: {len(gazetteer.index())} names, built in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    recognise.prepare()
    print(f"recognition prepared (word lists, stems, sounds) in {time.perf_counter() - started:.1f} s")
    timings: list[float] = []
    for table in args.tables:
        rows = yaml.safe_load(table.read_text(encoding="utf-8"))
        by_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # country right, all, region right, with region
        misses = []
        for row in rows:
            started = time.perf_counter()
            place = recognise.where(row["text"])
            timings.append(time.perf_counter() - started)
            stats = by_lang[row["lang"]]
            stats[1] += 1
            right = place is not None and place.country == row["country"]
            stats[0] += right
            # a region written with a code ISO has since changed (FR-COR) is its successor's (FR-20R)
            wanted = gazetteer.current_region(row["region"]) if row.get("region") else None
            if wanted:
                stats[3] += 1
                stats[2] += right and place is not None and place.region == wanted
            if not right or (wanted and place and place.region != wanted):
                misses.append((row["text"], row["country"], row.get("region"), place))
        print(f"\n{table.name}: {len(rows)} names")
        print(f"{'lang':6}{'names':>7}{'country':>9}{'region':>9}")
        total = [0, 0, 0, 0]
        for lang in sorted(by_lang):
            s = by_lang[lang]
            total = [a + b for a, b in zip(total, s)]
            print(f"{lang:6}{s[1]:>7}{s[0] / s[1]:>9.1%}{(s[2] / s[3] if s[3] else 0):>9.1%}")
        print(f"{'all':6}{total[1]:>7}{total[0] / total[1]:>9.1%}{total[2] / total[3]:>9.1%}")
        if args.misses:
            for text, country, region, place in misses:
                got = f"{place.country} {place.region}" if place else "nothing"
                print(f"  {text!r}: expected {country} {region}, got {got}")
    if args.nlu or args.nlu_list:
        ordinary_text(args.nlu_list)
    timings.sort()
    print(f"\nper message: mean {sum(timings) / len(timings) * 1000:.2f} ms, "
          f"95th percentile {timings[int(len(timings) * 0.95)] * 1000:.2f} ms, slowest {timings[-1] * 1000:.2f} ms")


def ordinary_text(listing: Path | None) -> None:
    """Places found in the NLU training examples: messages about work, hardly ever naming a place."""
    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    lines = []
    for text, _, code in examples.examples():
        place = recognise.where(text)
        hits[code][1] += 1
        if place:
            hits[code][0] += 1
            lines.append(f"{code}\t{place.country}\t{place.region or '-'}\t{text}")
    print(f"\nNLU examples with a place found:\n{'lang':6}{'examples':>9}{'places':>8}")
    for code in sorted(hits):
        print(f"{code:6}{hits[code][1]:>9}{hits[code][0]:>8}")
    print(f"{'all':6}{sum(h[1] for h in hits.values()):>9}{sum(h[0] for h in hits.values()):>8}")
    if listing:
        listing.write_text("\n".join(sorted(lines)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
