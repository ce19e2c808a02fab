"""The monitoring and comparison chart builders: pure, checked through their Vega-Lite specs."""

from __future__ import annotations

from ccbio import data
from ccbio import monitoring_charts as mc


def _series():
    rows = data.indicator_series("2024-06")
    rows = rows[rows["kind"] == "money"].rename(columns={"month": "when"})
    return rows.assign(name=rows["name_zh"], status="")


def test_indicator_lines_one_colour_per_indicator_and_hollow_preliminary_points():
    spec = mc.indicator_lines(_series(), "when", {"value": "金额"}).to_dict()
    layers = spec["layer"]
    assert [
        layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
        for layer in layers
    ] == ["line", "point"]
    assert all(layer["encoding"]["color"]["field"] == "name" for layer in layers)
    assert "datum.is_preliminary" in str(layers[1]["encoding"]["fill"])


def test_yoy_bars_drop_months_without_a_year_earlier():
    df = _series()
    chart = mc.yoy_bars(df, "when", {})
    assert len(chart.data) == df["yoy"].notna().sum() and chart.data["yoy"].notna().all()
    assert chart.to_dict()["encoding"]["y"]["axis"]["format"] == "%"


def test_pace_chart_has_actual_and_pace_for_each_target():
    pace = data.target_pace("2024-06").assign(name=lambda d: d["name_zh"])
    chart = mc.pace_chart(pace, {"actual": "实际", "pace": "进度"})
    assert set(chart.data["series"]) == {"实际", "进度"}
    assert len(chart.data) == 2 * len(pace)
    assert chart.to_dict()["resolve"]["scale"]["y"] == "independent"


def test_indicator_legends_list_one_name_per_line_uncut():
    """Three indicator names side by side were cut at a phone's edge: the legend stacks them."""
    for chart in (mc.indicator_lines(_series(), "when", {}), mc.yoy_bars(_series(), "when", {})):
        spec = chart.to_dict()
        colour = (spec["layer"][0] if "layer" in spec else spec)["encoding"]["color"]
        assert colour["legend"]["direction"] == "vertical" and colour["legend"]["labelLimit"] == 0
