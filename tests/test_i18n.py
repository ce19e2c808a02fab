"""The string catalogue: every key in zh and en with the same placeholders; every key used exists;
every page file is registered in app.py."""

from __future__ import annotations

import re
import string

import pytest

from ccbio.i18n import catalogue, t
from tests.tiny_data import ROOT

KEYS = sorted(catalogue())
# The dashboard pages' catalogues keep the same placeholders in both languages (others may pass
# language-specific values, e.g. ingest's {from}/{from_en}).
SAME_PLACEHOLDERS = ("common", "filters", "goals", "park_map", "pipeline", "sectors", "lists")
CODE = [*(ROOT / "pages").glob("*.py"), *(ROOT / "ccbio").glob("*.py"), ROOT / "app.py"]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", KEYS)
def test_every_key_has_zh_and_en(key):
    entry = catalogue()[key]
    assert set(entry) >= {"zh", "en"}, key
    assert entry["zh"].strip() and entry["en"].strip(), key
    if key.split(".")[0] in SAME_PLACEHOLDERS:
        assert placeholders(entry["zh"]) == placeholders(entry["en"]), key


def test_every_literal_key_used_in_code_exists():
    used = set()
    for path in CODE:
        used |= set(
            re.findall(
                r"""\bt\(\s*["']([a-z_]+\.[a-z_0-9]*[a-z0-9])["']""",
                path.read_text(encoding="utf-8"),
            )
        )
    missing = sorted(k for k in used if k not in catalogue())
    assert not missing, missing


def test_unknown_key_fails_loudly():
    with pytest.raises(KeyError):
        t("nowhere.nothing", "zh")


def test_unknown_language_falls_back_to_chinese():
    assert t("common.demo_badge", "fr") == "演示数据"


def test_every_page_file_is_registered_in_app():
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    for page in sorted((ROOT / "pages").glob("*.py")):
        pattern = rf'st\.Page\(\s*"pages/{re.escape(page.name)}"'
        assert re.search(pattern, app), f"{page.name} is not in app.py's PAGES"


def test_every_position_confidence_has_a_label():
    import pandas as pd

    parks = pd.read_csv(ROOT / "data" / "reference" / "parks.csv")
    for value in parks["confidence"].unique():
        assert f"park_map.conf_{value.replace('-', '_').replace(' ', '_')}" in catalogue(), value
