"""ccbio/sparkline.py: a card's sparkline as SVG, read back as XML the way a browser draws it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from ccbio import sparkline, trend

LABELS = {"actual": "实际", "projection": "趋势外推", "month": "月份", "value": "数值"}


def series(values, start="2024-01"):
    months = pd.period_range(start, periods=len(values), freq="M").strftime("%Y-%m")
    return pd.DataFrame({"month": months, "value": values})


def drawn(svg_text: str) -> ET.Element:
    return ET.fromstring(svg_text).find("svg")


def points(polyline: ET.Element) -> list[tuple[float, float]]:
    return [tuple(map(float, p.split(","))) for p in polyline.get("points").split()]


@pytest.mark.parametrize(
    "lo, hi, ticks",
    [
        (0, 10.4, [0, 5, 10, 15]),
        (1, 10.4, [0, 5, 10, 15]),  # steps of 2 would write seven labels on 110 px
        (60, 100, [60, 70, 80, 90, 100]),
        (0.2, 0.9, [0.2, 0.4, 0.6, 0.8, 1.0]),
        (900, 1000, [900, 950, 1000]),
        (7, 7, [6, 6.5, 7, 7.5, 8]),  # one value: a unit either side, not a division by zero
    ],
)
def test_ticks_are_round_and_span_the_values(lo, hi, ticks):
    assert sparkline.nice_ticks(lo, hi) == ticks


def test_month_ticks_are_januaries_or_the_ends():
    months = pd.period_range("2023-07", "2025-12", freq="M").strftime("%Y-%m").tolist()
    assert sparkline.month_ticks(months) == ["2024-01", "2025-01"]
    assert sparkline.month_ticks(months[:8]) == ["2023-07", "2024-02"]


def test_line_projection_and_target_are_drawn_where_the_values_are():
    s = series([1, 2, 3, 5, 8])
    proj = trend.projection(s, "2024-12")
    svg = drawn(sparkline.sparkline_svg(s, proj, 10, "zh", "#2e7d32", LABELS))
    actual, projected = svg.findall("polyline")
    assert projected.get("stroke-dasharray") == "4,3" and actual.get("stroke-dasharray") is None
    assert len(points(actual)) == 5 and len(points(projected)) == len(proj)
    # the projection starts where the line ends; higher values are drawn higher (smaller y)
    assert points(projected)[0] == points(actual)[-1]
    ys = [y for _, y in points(actual)]
    assert ys == sorted(ys, reverse=True)
    target = float(svg.find("line[@class='goal-sparkline-target']").get("y1"))
    assert target < min(ys)  # 10 is above every value so far
    # one hover text per point: month, value, which line
    tips = [c.find("title").text for c in svg.findall("circle")]
    assert len(tips) == 5 + len(proj)
    assert tips[0] == "月份：2024年1月\n数值：1.0\n实际"
    assert tips[-1].startswith("月份：2024年12月") and tips[-1].endswith("趋势外推")


def test_month_labels_follow_the_language():
    s = series(list(range(14)), start="2024-01")
    zh = [
        t.text
        for t in drawn(sparkline.sparkline_svg(s, s.iloc[:0], 20, "zh", "#c62828", LABELS)).findall(
            "text"
        )
    ]
    en_labels = {**LABELS, "actual": "actual", "projection": "projection"}
    en = [
        t.text
        for t in drawn(
            sparkline.sparkline_svg(s, s.iloc[:0], 20, "en", "#c62828", en_labels)
        ).findall("text")
    ]
    assert "2024年1月" in zh and "2025年1月" in zh
    assert "Jan 2024" in en and "Jan 2025" in en


def test_without_a_projection_there_is_one_line():
    s = series([3, 4])
    svg = drawn(sparkline.sparkline_svg(s, s.iloc[:0], 5, "zh", "#2e7d32", LABELS))
    assert len(svg.findall("polyline")) == 1


def test_text_is_escaped():
    s = series([1, 2])
    hostile = {**LABELS, "actual": "<script>alert(1)</script>"}
    text = sparkline.sparkline_svg(s, s.iloc[:0], 5, "zh", "#2e7d32", hostile)
    assert "<script>" not in text and "&lt;script&gt;" in text
    ET.fromstring(text)  # still well formed


def test_no_points_draw_nothing():
    empty = pd.DataFrame({"month": [], "value": []})
    assert sparkline.sparkline_svg(empty, empty, 5, "zh", "#2e7d32", LABELS) == ""
