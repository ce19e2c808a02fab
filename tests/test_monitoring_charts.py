"""The monitoring and comparison chart builders: pure, checked through their Vega-Lite specs."""

from __future__ import annotations

import pandas as pd

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


def test_pace_panel_has_actual_and_pace_of_one_target_at_the_width_it_is_given():
    pace = data.target_pace("2024-06").assign(name=lambda d: d["name_zh"])
    one = pace[pace["target_code"] == pace["target_code"].iloc[0]]
    spec = mc.pace_panel(one, {"actual": "实际", "pace": "进度"}).to_dict()
    assert set(pd.DataFrame(spec["datasets"][spec["data"]["name"]])["series"]) == {"实际", "进度"}
    assert spec["title"]["text"] == one["name"].iloc[0]
    # no fixed width: a facet of three 230-px panels ran off a phone's right edge
    assert "width" not in spec and "facet" not in spec
    assert spec["encoding"]["x"]["axis"]["values"][0].endswith("-01")  # Januaries only


def test_indicator_legends_list_one_name_per_line_uncut():
    """Three indicator names side by side were cut at a phone's edge: the legend stacks them."""
    for chart in (mc.indicator_lines(_series(), "when", {}), mc.yoy_bars(_series(), "when", {})):
        spec = chart.to_dict()
        colour = (spec["layer"][0] if "layer" in spec else spec)["encoding"]["color"]
        assert colour["legend"]["direction"] == "vertical" and colour["legend"]["labelLimit"] == 0


def test_ledger_charts_height_is_the_plot_s_own():
    """With Streamlit's default autosize ("fit") the height held the three-line legend and the
    slanted month labels: the year-on-year bars were a strip with a single tick (0%)."""
    for chart in (mc.indicator_lines(_series(), "when", {}), mc.yoy_bars(_series(), "when", {})):
        spec = chart.to_dict()
        assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
        assert spec["height"] >= 160


def test_yoy_bars_mark_a_fall_with_full_opacity_and_a_red_outline():
    """A negative year-on-year change is drawn solid and outlined red; a rise is lighter."""
    spec = mc.yoy_bars(_series(), "when", {}).to_dict()
    test = "datum.yoy < 0"
    assert spec["encoding"]["opacity"] == {"condition": {"test": test, "value": 1.0}, "value": 0.55}
    red = mc.LEVEL_COLORS["red"]
    assert spec["encoding"]["stroke"] == {"condition": {"test": test, "value": red}, "value": None}
