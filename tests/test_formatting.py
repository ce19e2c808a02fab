"""ccbio.formatting: 亿元/万元 and Chinese months in zh, plain English in en."""

from __future__ import annotations

import math

import pytest

from ccbio.formatting import format_count, format_month, format_pct, format_points, format_yi


@pytest.mark.parametrize(
    ("value", "lang", "digits", "expected"),
    [
        (76.68, "zh", 2, "76.68亿元"),
        (3000, "zh", 0, "3,000亿元"),
        (0.35, "zh", 2, "3,500万元"),
        (76.68, "en", 2, "76.68 (100m yuan)"),
        (460, "en", 2, "460.00 (100m yuan)"),
        (1165.94, "en", 2, "1,165.94 (100m yuan)"),
        (2206.7, "en", 1, "2,206.7 (100m yuan)"),
        (0.35, "en", 2, "3,500 (10k yuan)"),
        (None, "zh", 2, "—"),
        (math.nan, "en", 2, "—"),
    ],
)
def test_format_yi(value, lang, digits, expected):
    assert format_yi(value, lang, digits=digits) == expected


@pytest.mark.parametrize(
    ("value", "lang", "unit", "expected"),
    [
        (1039, "zh", "firms", "1,039户"),
        (541, "zh", "projects", "541个"),
        (1039, "en", "firms", "1,039 firms"),
        (541, "en", "", "541"),
        (None, "zh", "firms", "—"),
    ],
)
def test_format_count(value, lang, unit, expected):
    assert format_count(value, lang, unit) == expected


@pytest.mark.parametrize(
    ("value", "signed", "expected"),
    [
        (0.5, False, "50.0%"),
        (0.123, True, "+12.3%"),
        (-0.05, True, "-5.0%"),
        (None, False, "—"),
    ],
)
def test_format_pct(value, signed, expected):
    assert format_pct(value, signed=signed) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (3.24, "zh", "超过时间进度 3.2 个百分点"),
        (-12.5, "zh", "落后时间进度 12.5 个百分点"),
        (0.0, "zh", "超过时间进度 0.0 个百分点"),
        (-3.33, "en", "3.3 pts behind time elapsed"),
    ],
)
def test_format_points(value, lang, expected):
    assert format_points(value, lang) == expected


@pytest.mark.parametrize(
    ("period", "lang", "expected"),
    [
        ("2024-06", "zh", "2024年6月"),
        ("2025-12", "en", "Dec 2025"),
        ("2023-01", "en", "Jan 2023"),
    ],
)
def test_format_month(period, lang, expected):
    assert format_month(period, lang) == expected


def test_format_month_rejects_bad_periods():
    with pytest.raises(ValueError):
        format_month("2024-13")


@pytest.mark.parametrize("digits", [0, 1, 2])
@pytest.mark.parametrize("value", [76.68, 460, 1165.94, 2206.7, 0.35, 0.0, -12.345, 30461.2])
def test_english_amounts_read_the_chinese_figure_with_the_same_decimals(value, digits):
    """One number per amount in both languages: the English text is the Chinese number with the
    unit named as every English axis and header names it (issue 10: 220.67 bn beside 116.594 bn
    beside axes in 100m yuan)."""
    zh, en = format_yi(value, "zh", digits), format_yi(value, "en", digits)
    for unit_zh, unit_en in (("亿元", " (100m yuan)"), ("万元", " (10k yuan)")):
        if zh.endswith(unit_zh):
            assert en == zh.removesuffix(unit_zh) + unit_en
            break
    else:
        raise AssertionError(zh)
    number = en.partition(" (")[0]
    assert len(number.partition(".")[2]) == (digits if "100m" in en else 0)


def test_every_english_amount_unit_is_the_one_the_cards_use():
    """Headers, axes and messages name amounts as format_yi does: '100m yuan' / '10k yuan', never
    'bn yuan', '100 M yuan' or 'million yuan'."""
    import re

    from ccbio.i18n import catalogue

    for key, texts in catalogue().items():
        en = texts.get("en", "")
        for match in re.finditer(r"([\w.]+)\s+yuan", en):
            assert match.group(1) in ("100m", "10k"), (key, en)
        if "亿元" in texts.get("zh", "") and "亿元" not in en:
            assert "100m yuan" in en, (key, en)


def test_amounts_read_side_by_side_share_one_unit():
    from ccbio.formatting import format_yi_alike

    assert format_yi_alike([0.432, 1.04]) == ["0.43亿元", "1.04亿元"]
    assert format_yi_alike([0.432, 0.5]) == ["4,320万元", "5,000万元"]
    assert format_yi_alike([0.432, 1.04], "en") == ["0.43 (100m yuan)", "1.04 (100m yuan)"]
    assert format_yi_alike([None, 0.5]) == ["—", "5,000万元"]


def test_a_long_text_gets_rows_tall_enough_to_wrap_whole():
    from ccbio import text_table

    assert text_table.wrap_height(["短", "short text"]) is None  # one line: the default rows
    long_zh = "九台中古医药产业园医药工业产值" * 4  # 60 full-width characters: two lines
    assert text_table.text_lines(long_zh) == 2
    height = text_table.wrap_height([long_zh, None])
    assert height > 64  # Streamlit wraps text only in rows above 4rem
    assert (
        text_table.wrap_height(["x" * 10_000])
        == text_table.MAX_LINES * text_table.LINE_PX + text_table.PADDING_PX
    )


@pytest.mark.parametrize("value", [-0.00004, 0.0, 0.00004])
def test_a_change_that_rounds_to_nothing_has_no_sign(value):
    assert format_pct(value, signed=True) == "0.0%"


def test_a_gap_that_rounds_to_nothing_reads_zero_and_units_read_as_the_amounts():
    from ccbio.formatting import unit_name
    from ccbio.monitoring_view import signed_number

    assert signed_number(-0.2, "户") == "0" and signed_number(-61.1, "亿元") == "−61.10"
    assert signed_number(22, "户") == "+22" and signed_number(-0.001, "亿元") == "0.00"
    assert unit_name("亿元", "en") == "100m yuan" and unit_name("户", "en") == "firms"
    assert unit_name("亿元", "zh") == "亿元"


def test_a_date_reads_as_the_months_do():
    import datetime as dt

    from ccbio.formatting import format_date

    assert format_date(dt.date(2026, 12, 1), "zh") == "2026年12月1日"
    assert format_date(dt.date(2026, 12, 1), "en") == "1 Dec 2026"


def test_a_stored_time_reads_on_the_servers_clock(monkeypatch):
    import datetime as dt
    import time

    from ccbio.formatting import format_time

    stored = dt.datetime(2026, 12, 1, 17, 30, tzinfo=dt.UTC)  # the store keeps UTC
    monkeypatch.setenv("TZ", "Asia/Shanghai")  # a Changchun server
    time.tzset()
    try:
        assert format_time(stored, "zh") == "2026年12月2日 01:30"
        assert format_time(stored.replace(tzinfo=None), "en") == "2 Dec 2026 01:30"
    finally:
        monkeypatch.undo()
        time.tzset()
