"""The printable A4 poster: the call to action in the chosen languages, a QR code per channel, the
short code printed large, and how to write in without scanning.

Built as HTML (bot/poster.html) with the Noto fonts shipped in assets/fonts/ (inlined, so no font
of the machine is used) and printed to PDF by headless Chromium through Playwright: Chromium shapes
Arabic (right to left, joined letters) and Devanagari (conjuncts, vowel signs) with HarfBuzz and
embeds the fonts in the PDF. Every sentence comes from locales/<lang>/LC_MESSAGES/outreach.po.
"""

from __future__ import annotations

import base64
import html
import shutil
import string
from functools import cache
from pathlib import Path

from bot import config
from bot.config import ROOT
from bot.language import catalogs, languages
from bot.outreach import qr
from bot.outreach.deep_links import Link

TEMPLATE = Path(__file__).with_name("poster.html")
FONTS = ROOT / "assets" / "fonts"
FACES = (("Noto Sans", "NotoSans"), ("Noto Sans Arabic", "NotoSansArabic"),
         ("Noto Sans Devanagari", "NotoSansDevanagari"))
MAX_LANGUAGES = 6
CHANNEL_NAMES = {"telegram": "Telegram", "whatsapp": "WhatsApp", "sms": "SMS"}  # names, the same everywhere
BROWSER_FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


class PosterError(RuntimeError):
    """A poster that cannot be made, with what to do about it."""


@cache
def font_faces() -> str:
    """@font-face rules with the shipped fonts inlined: the page needs nothing from the machine."""
    rules = []
    for family, stem in FACES:
        for weight, style in ((400, "Regular"), (700, "Bold")):
            data = base64.b64encode((FONTS / f"{stem}-{style}.ttf").read_bytes()).decode("ascii")
            rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                         f'src: url(data:font/ttf;base64,{data}) format("truetype"); }}')
    return "\n".join(rules)


def _text(key: str, lang: str, values: dict[str, str] | None = None) -> str:
    """A catalog sentence as HTML; values (codes, numbers, addresses) isolated left to right."""
    template = html.escape(catalogs.text(key, lang, catalogs.OUTREACH), quote=False)
    isolated = {name: f'<bdi dir="ltr">{html.escape(value)}</bdi>' for name, value in (values or {}).items()}
    return catalogs.fill(template, isolated)


def _attrs(lang: str) -> str:
    return f'lang="{lang}" dir="{"rtl" if languages.get(lang).rtl else "ltr"}"'


def _qr_block(link: Link) -> str:
    # Telegram, WhatsApp and SMS are read the same in every language; the web chat shows its address.
    name = CHANNEL_NAMES.get(link.channel) or html.escape(link.values.get("url", "").split("/")[0])
    return f'<div class="qr" data-channel="{link.channel}">{qr.inline_svg(link.url)}<div class="name">{name}</div></div>'


def _language_block(lang: str, links: list[Link]) -> str:
    lines = "".join(f"<li>{_text(link.instruction, lang, link.values)}</li>" for link in links)
    return (f'<section class="language" {_attrs(lang)}>'
            f'<p>{_text("poster_call_to_action", lang)}</p><p>{_text("poster_topics", lang)}</p>'
            f'<h2>{_text("poster_no_scan", lang)}</h2><ul>{lines}</ul></section>')


def html_page(code: str, langs: list[str], links: list[Link]) -> str:
    """The poster as one self-contained HTML page."""
    first = langs[0]
    values = {
        "lang": first,
        "title": html.escape(f"{catalogs.text('poster_headline', first, catalogs.OUTREACH)} {code}"),
        "fonts": font_faces(),
        "scale": {1: "1.35", 2: "1", 3: "0.8", 4: "0.76"}.get(len(langs), "0.6"),
        "columns": "1fr" if len(langs) == 1 else "1fr 1fr",
        "qr_size": {1: "70mm", 2: "60mm", 3: "50mm"}.get(len(links), "40mm"),
        "headlines": "\n".join(f"<h1 {_attrs(lang)}>{_text('poster_headline', lang)}</h1>" for lang in langs),
        "code_labels": "\n".join(f'<div class="label" {_attrs(lang)}>{_text("poster_code", lang)}</div>'
                                 for lang in langs),
        "code": html.escape(code),
        "qr_codes": "\n".join(_qr_block(link) for link in links),
        "scans": "\n".join(f'<p class="scan" {_attrs(lang)}>{_text("poster_scan", lang)}</p>' for lang in langs),
        "languages": "\n".join(_language_block(lang, links) for lang in langs),
    }
    return string.Template(TEMPLATE.read_text(encoding="utf-8")).substitute(values)


def chromium() -> str:
    found = config.get().chromium or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise PosterError("the poster is printed by Chromium, which is not installed: apt-get install chromium "
                          "(or set BOT_CHROMIUM to its path)")
    return found


def print_pdf(page_html: str, target: Path) -> Path:
    """Print the page to an A4 PDF; PosterError if its text does not fit on one page."""
    from playwright.sync_api import sync_playwright

    target.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), headless=True, args=BROWSER_FLAGS)
        try:
            page = browser.new_page()
            page.set_content(page_html, wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")
            page.emulate_media(media="print")
            if page.evaluate("document.body.scrollHeight > document.body.clientHeight + 1"):
                raise PosterError("the text does not fit on one A4 page: choose fewer languages")
            page.pdf(path=str(target), format="A4", print_background=True, prefer_css_page_size=True)
        finally:
            browser.close()
    return target


def check_languages(langs: list[str]) -> None:
    unknown = [lang for lang in langs if lang not in languages.CODES]
    if unknown:
        raise PosterError(f"unknown language {', '.join(unknown)}: use codes from {','.join(languages.CODES)}")
    if not langs or len(langs) > MAX_LANGUAGES:
        raise PosterError(f"choose 1 to {MAX_LANGUAGES} languages for one poster")
