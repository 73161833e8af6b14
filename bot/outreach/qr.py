"""QR codes with segno: a PNG (to print or send) and an SVG (to scale) per link."""

from __future__ import annotations

from pathlib import Path

import segno

from bot.outreach.deep_links import Link

ERROR_LEVEL = "m"  # survives a fold or a smudge on a poster; "h" makes long WhatsApp links too dense


def make(url: str) -> segno.QRCode:
    return segno.make(url, error=ERROR_LEVEL, micro=False)


def write(link: Link, folder: Path) -> list[Path]:
    """<channel>.png and <channel>.svg in folder."""
    folder.mkdir(parents=True, exist_ok=True)
    code = make(link.url)
    png, svg = folder / f"{link.channel}.png", folder / f"{link.channel}.svg"
    code.save(png, scale=10, border=4)
    code.save(svg, scale=10, border=4, xmldecl=False, svgns=True, title=link.url)
    return [png, svg]


def inline_svg(url: str) -> str:
    """The code as an <svg> element to put inside a page; it scales to its box."""
    return make(url).svg_inline(scale=1, border=4, omitsize=True)
