"""The user-facing string catalogue: `ccbio/strings/*.toml`, every key in zh and en.

A key is `<file stem>.<name>`, e.g. `common.demo_badge` lives in strings/common.toml as
[demo_badge] zh = "…" en = "…". Placeholders use str.format: t("x", lang, n=3).
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
STRINGS_DIR = Path(__file__).resolve().parent / "strings"


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Return every string as {key: {"zh": …, "en": …}} from all catalogue files."""
    entries: dict[str, dict[str, str]] = {}
    for path in sorted(STRINGS_DIR.glob("*.toml")):
        with open(path, "rb") as f:
            for name, texts in tomllib.load(f).items():
                entries[f"{path.stem}.{name}"] = texts
    return entries


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values) -> str:
    """Return the string for `key` in `lang`, formatted with `values`; unknown keys fail loudly."""
    text = catalogue()[key][lang if lang in LANGUAGES else DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def pick(row, field: str, lang: str) -> str:
    """Return row[f"{field}_zh"] or row[f"{field}_en"] by language (data tables carry both)."""
    return row[f"{field}_{'zh' if lang == 'zh' else 'en'}"]
