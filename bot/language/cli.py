"""Language commands: the catalogs' completeness check."""

from __future__ import annotations

import argparse

from bot.language import catalogs, languages


def cmd_i18n_check(args: argparse.Namespace) -> int:
    """Per language: entries missing (untranslated or absent) and fuzzy. Fails on any missing."""
    def key(message) -> str:
        return message.id if isinstance(message.id, str) else message.id[0]

    def translated(message) -> bool:
        forms = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        return bool(forms) and all(forms)

    failed = False
    for domain in (catalogs.DOMAIN, catalogs.OUTREACH):
        source = {key(m) for m in catalogs.read(languages.DEFAULT, domain) if m.id}
        label = "" if domain == catalogs.DOMAIN else f" ({domain}.po)"
        for code in languages.CODES:
            present = {key(m): m for m in catalogs.read(code, domain) if m.id} if catalogs.po_path(code, domain).exists() else {}
            missing = sorted(k for k in source if k not in present or not translated(present[k]))
            fuzzy = sorted(k for k, m in present.items() if m.fuzzy)
            print(f"{code}{label}: {len(source) - len(missing)}/{len(source)} translated, {len(missing)} missing, {len(fuzzy)} fuzzy")
            for entry in missing:
                print(f"  missing: {entry}")
            for entry in fuzzy:
                print(f"  fuzzy: {entry}")
            failed = failed or bool(missing)
    return 1 if failed else 0
