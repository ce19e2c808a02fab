"""Published figures sit beside the data: the badge only where the data holds them, both where not."""

from __future__ import annotations

import pandas as pd
import pytest

from ccbio import published
from ccbio.filters import Filters
from tests.page_helpers import markdown_text, metrics, open_page
from tests.tiny_data import write_tiny_data


def _row(value, qualifier="=", measure="projects"):
    return {
        "value": value,
        "qualifier": qualifier,
        "measure": measure,
        "text_zh": "原文",
        "source": "某报",
    }


@pytest.mark.parametrize(
    "row, value, kind, held",
    [
        (_row(541), 541, "count", True),
        (_row(541), 540, "count", False),  # counts exactly
        (_row(76.68), 76.684, "yi", True),  # amounts to the published precision
        (_row(76.68), 76.69, "yi", False),
        (_row(460), 460.4, "yi", True),
        (_row(460), 460.6, "yi", False),
        (_row(3000, ">="), 3046.2, "yi", True),  # 3000亿元以上 is a lower bound
        (_row(3000, ">="), 2999.9, "yi", False),
    ],
)
def test_matches(row, value, kind, held):
    assert published.matches(row, value, kind) is held


def test_figure_shows_the_data_value_never_the_published_one():
    pub = published.published_lookup("2023-12", Filters("2023-12"))
    text, row = published.figure(pub, ("", "", "projects"), 540, "count", "zh")
    assert text == "540个" and row["matches"] is False and row["value"] == 541
    text, row = published.figure(pub, ("planned", "", "investment_yi"), 3046.2, "yi", "zh")
    assert text == "3,046.20亿元" and row["matches"] is True
    assert published.published_text(row, "zh") == "3,000亿元以上"
    text, row = published.figure(pub, ("construction", "new", "investment_yi"), 150, "yi", "en")
    assert text == "150.00 (100m yuan)" and row["matches"]  # the data: two decimals, as the table
    assert published.published_text(row, "en") == "150 (100m yuan)"  # the source: as published
    assert published.published_lookup("2023-12", Filters("2023-12", parks=("edz",))) == {}
    assert published.published_lookup("2024-06", Filters("2024-06")) == {}
    assert published.yi(420.000000001, "zh") == "420亿元"


@pytest.fixture
def mismatched(tmp_path, monkeypatch):
    """Tiny data (2023-02: 3 projects, 1 planned, 1 negotiating 10.0亿元 …) with published
    figures for 2023-02 that the data partly does not hold."""
    folder = write_tiny_data(tmp_path / "data")
    rows = [
        ("pipeline_total", "", "", "projects", 5, "=", "个", "共有项目5个"),  # data: 3
        ("stage_planned", "planned", "", "projects", 1, "=", "个", "谋划项目1个"),  # holds
        (
            "stage_construction_inv",
            "construction",
            "",
            "investment_yi",
            3.9,
            "=",
            "亿元",
            "3.9亿元",
        ),
    ]
    figures = pd.DataFrame(
        [
            (code, "2023-02", stage, build, measure, value, q, unit, text, "某报 2023")
            for code, stage, build, measure, value, q, unit, text in rows
        ],
        columns=[
            "figure_code",
            "period",
            "stage_id",
            "build_type",
            "measure",
            "value",
            "qualifier",
            "unit_zh",
            "text_zh",
            "source",
        ],
    )
    figures.to_csv(folder / "reference" / "published_figures.csv", index=False)
    monkeypatch.setenv("CCBIO_DATA_DIR", str(folder))
    return folder


@pytest.mark.slow
def test_a_page_on_data_that_does_not_match_shows_the_data_and_says_so(mismatched):
    at = open_page("pipeline", period="2023-02")
    values = [v for _, v in metrics(at)]
    assert values[0] == "3个"  # the data's total, not the published 5
    text = markdown_text(at)
    assert "与公开数据不一致：公开数据为 5个，本数据为 3个（来源：某报 2023）" in text
    assert "与公开数据不一致：公开数据为 3.9亿元，本数据为 4.00亿元（来源：某报 2023）" in text
    # one badge: the planned count, the only published figure the data holds
    assert text.count("公开数据]") == 1
