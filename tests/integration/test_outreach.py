"""Campaigns, QR codes and posters: codes decoded back to their links, posters read as images and as PDFs."""

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pypdf
import pypdfium2
import pytest
import zxingcpp
from PIL import Image

from bot import config
from bot.language import catalogs
from bot.outreach import campaigns, deep_links, kit, poster
from tests.helpers.servers import ROOT

ENV = {"TELEGRAM_BOT_USERNAME": "HelpAtWorkBot", "TWILIO_WHATSAPP_NUMBER": "whatsapp:+14155238886",
       "TWILIO_SMS_NUMBER": "+358401234567", "BOT_PUBLIC_URL": "https://help.example.org/"}
SHIPPED_FONTS = {"NotoSans-Regular", "NotoSans-Bold", "NotoSansArabic-Regular", "NotoSansArabic-Bold",
                 "NotoSansDevanagari-Regular", "NotoSansDevanagari-Bold"}


@pytest.fixture
def channels(monkeypatch):
    for name in ("TELEGRAM_BOT_TOKEN", *map(deep_links.variable, deep_links.CHANNELS)):
        monkeypatch.delenv(name, raising=False)
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    config.reload()
    yield
    monkeypatch.undo()
    config.reload()


@pytest.fixture(scope="module")
def campaign():
    db = campaigns.database()
    return campaigns.get("BERRY24", db) or campaigns.add("BERRY24", "Berry farm, Kuopio", "agriculture", "FI-15", db=db)


def prefill(lang: str) -> str:
    return catalogs.fill(catalogs.text("outreach_prefill", lang, catalogs.OUTREACH), {"code": "BERRY24"})


def expected_links(lang: str) -> dict[str, str]:
    return {"telegram": "https://t.me/HelpAtWorkBot?start=BERRY24",
            "whatsapp": "https://wa.me/14155238886?text=" + prefill(lang),
            "sms": "sms:+358401234567?body=" + prefill(lang),
            "web": "https://help.example.org/webchat?c=BERRY24"}


def decode(image: Image.Image) -> list[str]:
    return [unquote(result.text) for result in zxingcpp.read_barcodes(image)]


# Campaigns

def test_campaign_codes_are_checked_and_say_what_to_fix(tmp_path):
    db = campaigns.database(str(tmp_path / "c.db"))
    with pytest.raises(campaigns.CampaignError, match="4 to 10 letters and digits"):
        campaigns.add("berry", "Berry farm", "agriculture", db=db)  # no digit: would read as a word
    with pytest.raises(campaigns.CampaignError, match="4 to 10"):
        campaigns.add("K7QM-4XRT-9PWE", "x", "agriculture", db=db)  # shaped like a case code
    with pytest.raises(campaigns.CampaignError, match="sector 'farming' is not one of"):
        campaigns.add("FARM1", "x", "farming", db=db)
    with pytest.raises(campaigns.CampaignError, match="ISO 3166-2"):
        campaigns.add("FARM1", "x", "agriculture", region="Kuopio", db=db)
    added = campaigns.add("kuo-3", "Bus station, Kuopio", "agriculture", region="fi-15", db=db)
    assert (added.code, added.region) == ("KUO-3", "FI-15")
    with pytest.raises(campaigns.CampaignError, match="KUO-3 already exists"):
        campaigns.add("KUO3", "elsewhere", "care", db=db)  # reads the same without the dash
    assert campaigns.get("kuo3", db) == added and campaigns.codes(db) == ["KUO-3"]


def run_bot(*args: str, var: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {"PATH": os.environ["PATH"], "BOT_VAR_DIR": str(var), "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=ROOT, env=environment, capture_output=True,
                          text=True, timeout=300)


def test_campaign_and_qr_commands(tmp_path):
    added = run_bot("campaign", "add", "BERRY24", "--site", "Berry farm, Kuopio", "--sector", "agriculture",
                    "--region", "FI-15", var=tmp_path)
    assert added.returncode == 0 and "added campaign BERRY24" in added.stdout
    listed = run_bot("campaign", "list", var=tmp_path)
    assert re.search(r"BERRY24\s+Berry farm, Kuopio\s+agriculture\s+FI-15", listed.stdout)
    again = run_bot("campaign", "add", "berry24", "--site", "x", "--sector", "care", var=tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr and "Traceback" not in again.stderr
    unknown = run_bot("qr", "NOPE1", var=tmp_path, env=ENV)
    assert unknown.returncode == 2 and "there is no campaign NOPE1" in unknown.stderr and "Traceback" not in unknown.stderr
    no_channel = run_bot("qr", "BERRY24", var=tmp_path)
    assert no_channel.returncode == 2 and "TELEGRAM_BOT_USERNAME" in no_channel.stderr
    bad_language = run_bot("qr", "BERRY24", "--languages", "ar,xx", var=tmp_path, env=ENV)
    assert bad_language.returncode == 2 and "unknown language xx" in bad_language.stderr
    made = run_bot("qr", "berry24", "--languages", "uk,en", "--channels", "telegram,web", var=tmp_path, env=ENV)
    assert made.returncode == 0, made.stderr
    folder = tmp_path / "outreach" / "BERRY24"
    assert sorted(p.name for p in folder.iterdir()) == ["poster.pdf", "telegram.png", "telegram.svg", "web.png", "web.svg"]


# QR codes

def test_each_enabled_channel_gets_a_png_and_an_svg_that_decode_to_its_link(channels, campaign, tmp_path):
    written = kit.make_kit("BERRY24", ["ar"], out=tmp_path)
    expected = expected_links("ar")
    for channel, link in expected.items():
        assert decode(Image.open(tmp_path / f"{channel}.png")) == [link]
        svg = (tmp_path / f"{channel}.svg").read_text()
        assert svg.startswith("<svg") and "<path" in svg
    assert {p.name for p in written} == {f"{c}.{ext}" for c in expected for ext in ("png", "svg")} | {"poster.pdf"}
    # The prefilled text is the poster's first language, and names the campaign.
    whatsapp = parse_qs(urlsplit(expected["whatsapp"]).query)["text"][0]
    assert whatsapp == "مرحبًا، رأيت الملصق. رمزي: BERRY24"


def test_svg_codes_decode_once_drawn(channels, campaign, tmp_path):
    from playwright.sync_api import sync_playwright

    kit.make_kit("BERRY24", ["en"], out=tmp_path, channels=["telegram", "sms"])
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=poster.chromium(), args=poster.BROWSER_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 600, "height": 600})
            for channel in ("telegram", "sms"):
                svg = (tmp_path / f"{channel}.svg").read_text()
                page.set_content(f'<body style="margin:40px">{svg.replace("<svg", "<svg width=500 height=500", 1)}</body>')
                page.screenshot(path=str(tmp_path / f"{channel}-svg.png"))
                assert decode(Image.open(tmp_path / f"{channel}-svg.png")) == [expected_links("en")[channel]]
        finally:
            browser.close()


def test_only_the_enabled_channels_and_a_warning_for_telegram_without_username(monkeypatch, campaign, tmp_path):
    for name in map(deep_links.variable, deep_links.CHANNELS):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TWILIO_SMS_NUMBER", "+358401234567")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    config.reload()
    assert deep_links.enabled() == ["sms"] and deep_links.missing_username()
    with pytest.raises(kit.OutreachError, match="no channel to put on the poster: set BOT_PUBLIC_URL"):
        kit.make_kit("BERRY24", ["en"], out=tmp_path, channels=["web"])


# Posters

def pdf_fonts(reader: pypdf.PdfReader) -> dict[str, pypdf.generic.DictionaryObject]:
    """Resource name -> font dictionary of the poster's page."""
    fonts = reader.pages[0]["/Resources"]["/Font"]
    return {name: fonts[name].get_object() for name in fonts}


def base_name(font) -> str:
    return str(font["/BaseFont"]).split("+", 1)[-1]  # "/AAAAAA+NotoSansArabic-Bold": subset tag dropped


def to_unicode(font) -> dict[int, str]:
    """Glyph id -> the text it stands for, from the font's ToUnicode CMap."""
    data = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    mapping: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for glyph, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(glyph, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for first, last, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = bytes.fromhex(text).decode("utf-16-be")
            for offset, glyph in enumerate(range(int(first, 16), int(last, 16) + 1)):
                mapping[glyph] = start[:-1] + chr(ord(start[-1]) + offset)
    return mapping


def glyphs_drawn(reader: pypdf.PdfReader) -> dict[str, list[int]]:
    """Font resource name -> every glyph id the page draws with it (Chromium writes two-byte ids)."""
    content = pypdf.generic.ContentStream(reader.pages[0].get_contents(), reader)
    drawn: dict[str, list[int]] = {}
    font = None
    for operands, operator in content.operations:
        if operator == b"Tf":
            font = str(operands[0])
        elif operator in (b"Tj", b"TJ"):
            strings = operands[0] if operator == b"TJ" else [operands[0]]
            for item in strings:
                if isinstance(item, (pypdf.generic.ByteStringObject, pypdf.generic.TextStringObject)):
                    raw = item.original_bytes
                    drawn.setdefault(font, []).extend(int.from_bytes(raw[i:i + 2], "big") for i in range(0, len(raw), 2))
    return drawn


@pytest.fixture(scope="module")
def posters(tmp_path_factory):
    """Posters in Arabic, Hindi and Ukrainian, and one with all three and English."""
    saved = {name: os.environ.get(name) for name in ENV}
    os.environ.update(ENV)
    config.reload()
    try:
        db = campaigns.database()
        campaigns.get("BERRY24", db) or campaigns.add("BERRY24", "Berry farm, Kuopio", "agriculture", "FI-15", db=db)
        made = {}
        for langs in ("ar", "hi", "uk", "ar,hi,uk,en"):
            folder = tmp_path_factory.mktemp(langs.replace(",", "-"))
            kit.make_kit("BERRY24", langs.split(","), out=folder)
            made[langs] = folder / "poster.pdf"
        return made
    finally:
        for name, value in saved.items():
            os.environ.pop(name) if value is None else os.environ.__setitem__(name, value)
        config.reload()


SCRIPT_FONT = {"ar": "NotoSansArabic", "hi": "NotoSansDevanagari", "uk": "NotoSans"}


@pytest.mark.parametrize("langs", ["ar", "hi", "uk", "ar,hi,uk,en"])
def test_poster_is_one_a4_page_whose_qr_codes_scan_from_the_printed_image(posters, langs, tmp_path):
    pdf = pypdfium2.PdfDocument(posters[langs])
    assert len(pdf) == 1
    width, height = pdf[0].get_size()
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    image = pdf[0].render(scale=200 / 72).to_pil()  # printed at 200 dpi
    image.save(tmp_path / "poster.png")
    assert sorted(decode(image)) == sorted(expected_links(langs.split(",")[0]).values())
    # The short code is printed for people who cannot scan, and the extracted text has it.
    text = pdf[0].get_textpage().get_text_range()
    assert "BERRY24" in text and "+358401234567" in text and "HelpAtWorkBot" in text


@pytest.mark.parametrize("langs", ["ar", "hi", "uk", "ar,hi,uk,en"])
def test_poster_text_is_drawn_with_the_shipped_fonts_and_no_missing_glyph(posters, langs):
    reader = pypdf.PdfReader(posters[langs])
    fonts = pdf_fonts(reader)
    names = {base_name(font) for font in fonts.values()}
    assert names <= SHIPPED_FONTS, names  # nothing from the machine (DejaVu...)
    for lang in langs.split(","):
        assert f"{SCRIPT_FONT.get(lang, 'NotoSans')}-Bold" in names and f"{SCRIPT_FONT.get(lang, 'NotoSans')}-Regular" in names
    drawn = glyphs_drawn(reader)
    assert drawn and all(0 not in glyphs for glyphs in drawn.values())  # glyph 0 is .notdef, the empty box
    for lang in langs.split(","):
        family = SCRIPT_FONT.get(lang, "NotoSans")
        # Shaped Arabic maps to presentation forms (U+FExx); NFKC turns them back into letters.
        mapped = unicodedata.normalize("NFKC", "".join(t for font in fonts.values() if base_name(font).startswith(family + "-")
                                                       for t in to_unicode(font).values()))
        headline = catalogs.text("poster_headline", lang, catalogs.OUTREACH)
        assert set(headline) - set(" ?؟") <= set(mapped), f"{lang}: headline letters not drawn with {family}"


def glyph_text(posters, langs: str, family: str) -> list[tuple[int, str]]:
    reader = pypdf.PdfReader(posters[langs])
    fonts = pdf_fonts(reader)
    drawn = glyphs_drawn(reader)
    pairs = []
    for name, font in fonts.items():
        if base_name(font).startswith(family + "-"):
            mapping = to_unicode(font)
            pairs += [(glyph, mapping.get(glyph, "")) for glyph in drawn.get(name, [])]
    return pairs


def test_arabic_is_shaped_letters_take_their_joined_forms(posters):
    # Unshaped Arabic draws every letter in its one isolated form; shaped, the glyphs are the
    # contextual forms (presentation forms U+FB50-U+FEFF): a letter drawn as initial, medial and
    # final glyphs, and lam-alef as one ligature.
    drawn = glyph_text(posters, "ar", "NotoSansArabic")
    forms: dict[str, set[str]] = {}
    for _, text in drawn:
        if len(text) == 1 and "\ufb50" <= text <= "\ufeff":
            forms.setdefault(unicodedata.normalize("NFKC", text), set()).add(text)
    assert len(forms["ل"]) >= 2 and len(forms["م"]) >= 2, forms
    names = {unicodedata.name(form) for variants in forms.values() for form in variants}
    assert any("INITIAL" in n for n in names) and any("MEDIAL" in n for n in names) and any("FINAL" in n for n in names)
    assert any(unicodedata.normalize("NFKC", text) == "لا" for _, text in drawn)  # the lam-alef ligature


def test_devanagari_is_shaped_conjuncts_and_nukta_become_single_glyphs(posters):
    # "स्कैन", "ज़रूरत", "मुफ़्त": half forms and nukta letters are one glyph standing for two or more characters.
    clusters = {text for _, text in glyph_text(posters, "hi", "NotoSansDevanagari") if len(text) > 1}
    assert any("\u094d" in text for text in clusters), clusters  # a virama cluster (half form or conjunct)
    assert any("\u093c" in text for text in clusters), clusters  # a nukta (ज़, फ़)


def test_ukrainian_text_reads_back_as_written(posters):
    text = " ".join(pypdfium2.PdfDocument(posters["uk"])[0].get_textpage().get_text_range().split())  # lines wrap
    for key in ("poster_headline", "poster_no_scan"):
        assert catalogs.text(key, "uk", catalogs.OUTREACH) in text


def test_too_many_languages_for_one_page_is_a_clear_error(channels, campaign, tmp_path):
    with pytest.raises(kit.OutreachError, match="1 to 6 languages"):
        kit.make_kit("BERRY24", ["en", "ro", "ar", "es", "fr", "pt", "bg"], out=tmp_path)
