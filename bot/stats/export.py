"""Writing the tables out: a CSV each, a PNG chart per one-dimension table, and aggregates.db for Datasette."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from bot import config
from bot.stats import charts, counts


def write_csv(table: counts.Table, folder: Path) -> Path:
    path = folder / f"{table.name}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*table.dimensions, "visits"])
        for row in table.rows:
            shown = counts.SUPPRESSED if row["visits"] is None else row["visits"]
            writer.writerow([*(row[d] for d in table.dimensions), shown])
    return path


def write_database(made: list[counts.Table], path: Path) -> Path:
    """The tables for Datasette: `visits` is NULL and `suppressed` 1 where the count is hidden."""
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    with sqlite3.connect(tmp) as db:
        for table in made:
            columns = ", ".join(f'"{d}" TEXT' for d in table.dimensions)
            db.execute(f'CREATE TABLE "{table.name}" ({columns}, visits INTEGER, suppressed INTEGER)')
            marks = ", ".join("?" for _ in range(len(table.dimensions) + 2))
            db.executemany(f'INSERT INTO "{table.name}" VALUES ({marks})',
                           [(*(row[d] for d in table.dimensions), row["visits"], int(row["visits"] is None))
                            for row in table.rows])
    db.close()
    tmp.replace(path)
    return path


def export(folder: Path | None = None, tracker_db: Path | None = None, stats_db: Path | None = None) -> list[Path]:
    """Write every table as CSV, a chart per one-dimension table, and aggregates.db; the files."""
    folder = folder or config.var_dir() / "stats"
    folder.mkdir(parents=True, exist_ok=True)
    made = counts.tables(counts.collect(tracker_db, stats_db))
    written = [write_csv(table, folder) for table in made]
    written += [charts.bar_chart(table, folder) for table in made if len(table.dimensions) == 1]
    written.append(write_database(made, folder / "aggregates.db"))
    return written
