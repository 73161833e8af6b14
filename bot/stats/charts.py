"""A PNG bar chart per statistics table (matplotlib's object API: no display, no global backend)."""

from __future__ import annotations

from pathlib import Path

from matplotlib.figure import Figure

from bot.stats.counts import SUPPRESSED, Table


def bar_chart(table: Table, folder: Path) -> Path:
    """Horizontal bars; a hidden count is an empty bar labelled "<5"."""
    dimension = table.dimensions[0]
    labels = [str(row[dimension]) for row in table.rows]
    values = [row["visits"] or 0 for row in table.rows]
    figure = Figure(figsize=(7, 1.2 + 0.35 * max(len(labels), 1)))
    axes = figure.subplots()
    bars = axes.barh(labels, values, color="#3b6ea5")
    for bar, row in zip(bars, table.rows):
        shown = SUPPRESSED if row["visits"] is None else str(row["visits"])
        axes.annotate(shown, (bar.get_width(), bar.get_y() + bar.get_height() / 2), xytext=(3, 0),
                      textcoords="offset points", va="center", fontsize=8)
    axes.invert_yaxis()
    axes.set_xlabel("visits")
    axes.set_title(table.name.replace("_", " "))
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    path = folder / f"{table.name}.png"
    figure.savefig(path, dpi=100)
    return path
