"""`python -m bot qr CODE`: the QR codes and the poster of one campaign, in one folder."""

from __future__ import annotations

from pathlib import Path

from bot import campaigns, outreach_links, paths, poster, qr


class OutreachError(RuntimeError):
    """A kit that cannot be made, with what to do about it."""


def default_folder(code: str) -> Path:
    return paths.VAR / "outreach" / code


def make_kit(code: str, langs: list[str], out: Path | None = None, channels: list[str] | None = None) -> list[Path]:
    """Write <channel>.png/.svg for each enabled channel and poster.pdf; the files written."""
    campaign = campaigns.get(code)
    if campaign is None:
        raise OutreachError(f"there is no campaign {code}: add it with `python -m bot campaign add {code} --site "
                            "\"...\" --sector ...` (`python -m bot campaign list` shows them)")
    unknown = [c for c in channels or [] if c not in outreach_links.CHANNELS]
    if unknown:
        raise OutreachError(f"unknown channel {', '.join(unknown)}: use {','.join(outreach_links.CHANNELS)}")
    try:
        poster.check_languages(langs)
    except poster.PosterError as error:
        raise OutreachError(str(error)) from None
    links = outreach_links.links(campaign.code, langs[0], channels)
    if not links:
        wanted = channels or list(outreach_links.CHANNELS)
        names = ", ".join(outreach_links.VARIABLES[c] for c in wanted)
        raise OutreachError(f"no channel to put on the poster: set {names} (see README, Channels)")
    folder = out or default_folder(campaign.code)
    written = [path for link in links for path in qr.write(link, folder)]
    try:
        written.append(poster.print_pdf(poster.html_page(campaign.code, langs, links), folder / "poster.pdf"))
    except poster.PosterError as error:
        raise OutreachError(str(error)) from None
    return written
