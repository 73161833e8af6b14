"""`python -m bot qr CODE`: the QR codes and the poster of one campaign, in one folder."""

from __future__ import annotations

from pathlib import Path

from bot import config
from bot.outreach import campaigns, deep_links, poster, qr


class OutreachError(RuntimeError):
    """A kit that cannot be made, with what to do about it."""


def default_folder(code: str) -> Path:
    return config.var_dir() / "outreach" / code


def make_kit(code: str, langs: list[str], out: Path | None = None, channels: list[str] | None = None) -> list[Path]:
    """Write <channel>.png/.svg for each enabled channel and poster.pdf; the files written."""
    campaign = campaigns.get(code)
    if campaign is None:
        raise OutreachError(f"there is no campaign {code}: add it with `python -m bot campaign add {code} --site "
                            "\"...\" --sector ...` (`python -m bot campaign list` shows them)")
    unknown = [c for c in channels or [] if c not in deep_links.CHANNELS]
    if unknown:
        raise OutreachError(f"unknown channel {', '.join(unknown)}: use {','.join(deep_links.CHANNELS)}")
    try:
        poster.check_languages(langs)
    except poster.PosterError as error:
        raise OutreachError(str(error)) from None
    links = deep_links.links(campaign.code, langs[0], channels)
    if not links:
        wanted = channels or list(deep_links.CHANNELS)
        names = ", ".join(deep_links.variable(c) for c in wanted)
        raise OutreachError(f"no channel to put on the poster: set {names} (see docs/operators/channels.md)")
    folder = out or default_folder(campaign.code)
    written = [path for link in links for path in qr.write(link, folder)]
    try:
        written.append(poster.print_pdf(poster.html_page(campaign.code, langs, links), folder / "poster.pdf"))
    except poster.PosterError as error:
        raise OutreachError(str(error)) from None
    return written
