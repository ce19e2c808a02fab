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
        (76.68, "en", 2, "7.668 bn yuan"),
        (460, "en", 2, "46 bn yuan"),
        (0.35, "en", 2, "35.0 m yuan"),
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
