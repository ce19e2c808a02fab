"""Chart builders: pure, DataFrame in and alt.Chart out; checked through .to_dict()."""

from __future__ import annotations

import json
import math

import altair as alt
import pandas as pd
import pytest

from ccbio import charts


def spec(chart: alt.TopLevelMixin) -> str:
    return json.dumps(chart.to_dict(), ensure_ascii=False)


def series(values, start="2024-01"):
    months = pd.period_range(start, periods=len(values), freq="M").strftime("%Y-%m")
    return pd.DataFrame({"month": months, "value": values})


def test_month_axis_by_language():
    assert charts.month_axis("zh").to_dict()["format"] == "%Y年%-m月"
    assert charts.month_axis("en").to_dict()["format"] == "%b %Y"


def test_funnel_keeps_stage_order_and_labels():
    df = pd.DataFrame(
        {
            "stage": ["谋划", "洽谈", "建设"],
            "n": [329, 116, 63],
            "label": ["329个", "116个", "63个"],
        }
    )
    d = charts.funnel(df, "stage", "n", "label", "项目数", "阶段").to_dict()
    data = next(iter(d["datasets"].values()))
    assert [r["stage"] for r in data] == ["谋划", "洽谈", "建设"]
    assert [r["order"] for r in data] == [0, 1, 2]
    assert data[0]["half"] == pytest.approx(164.5)


def test_flow_summary_counts_advances_stays_and_exits():
    flows = pd.DataFrame(
        {
            "from_stage": [None, "planned", "planned", "planned", "negotiating", "negotiating"],
            "to_stage": ["planned", "planned", "negotiating", None, "construction", "negotiating"],
            "projects": [5, 10, 4, 1, 3, 3],
            "investment_yi": [1.0] * 6,
        }
    )
    out = charts.flow_summary(flows, ["planned", "negotiating", "construction"]).set_index("stage")
    assert out.loc["planned", ["at_start", "advanced", "stayed", "left"]].tolist() == [15, 4, 10, 1]
    assert out.loc["negotiating", "advance_rate"] == pytest.approx(0.5)
    assert math.isnan(out.loc["construction", "advance_rate"])


def test_flow_matrix_builds():
    flows = pd.DataFrame({"f": ["A", "A"], "t": ["A", "B"], "n": [3, 1]})
    assert "reds" in spec(charts.flow_matrix(flows, "f", "t", "n", ["A", "B"], "from", "to", "n"))


def test_bars_and_heatmap():
    df = pd.DataFrame(
        {"c": ["x", "y"], "v": [1.0, -0.5], "col": ["#111111", "#222222"], "lab": ["a", "b"]}
    )
    text = spec(
        charts.bars(
            df, "c", "v", "cat", "val", label_col="lab", color_col="col", value_format="+.1%"
        )
    )
    assert '"format": ".1%"' in text and '"scale": null' in text
    grid = pd.DataFrame({"r": ["a", "a", "b", "b"], "k": ["p", "q", "p", "q"], "v": [0, 1, 2, 3]})
    assert "oranges" in spec(
        charts.heatmap(grid, "r", "k", "v", ["a", "b"], ["p", "q"], "r", "k", "v")
    )


def test_bars_value_axis_asks_for_about_eight_ticks_at_any_width():
    """At 2560 px the final assessment's park bars had a tick every 2.0 from -4.0 to 64.0."""
    df = pd.DataFrame({"c": ["x", "y"], "v": [64.0, -4.0]})
    axis = charts.bars(df, "c", "v", "cat", "val").to_dict()["encoding"]["x"]["axis"]
    assert axis["tickCount"] <= 10


def test_stage_age_box_draws_whisker_box_and_median_from_stats():
    stats = pd.DataFrame(
        {
            "s": ["A", "B"],
            "projects": [4, 1],
            "months_min": [1, 5],
            "months_q1": [2.0, 5.0],
            "months_median": [3.5, 5.0],
            "months_q3": [6.25, 5.0],
            "months_max": [9, 5],
        }
    )
    chart = charts.stage_age_box(
        stats, "s", ["A", "B"], "stage", "months", labels={"median": "中位数"}
    )
    text = spec(chart)
    marks = [layer["mark"]["type"] for layer in chart.to_dict()["layer"]]
    assert marks == ["rule", "bar", "tick", "tick", "tick"]
    assert '"months_q3": 6.25' in text and "中位数" in text and '"sort": ["A", "B"]' in text
    assert (
        len(chart.to_dict()["datasets"][next(iter(chart.to_dict()["datasets"]))]) == 2
    )  # one row per stage, not per project


@pytest.mark.parametrize(
    ("value_format", "step"),
    [(",.1f", 0.1), (",d", 1.0), ("d", 1.0), ("+.1%", 0.001), (".0%", 0.01)],
)
def test_ticks_are_never_closer_than_the_format_shows(value_format, step):
    assert charts.tick_step(value_format) == pytest.approx(step)


def test_small_values_do_not_repeat_tick_labels_and_legends_use_the_cell_format():
    tiny = pd.DataFrame({"sector": ["a", "b"], "v": [0.02, 0.3]})
    axis = charts.bars(tiny, "sector", "v", "领域", "产值").to_dict()["encoding"]["x"]
    assert axis["axis"]["tickMinStep"] == pytest.approx(0.1) and axis["axis"]["format"] == ",.1f"
    cells = pd.DataFrame({"r": ["p"], "c": ["s"], "v": [0.2969]})
    heat = charts.heatmap(cells, "r", "c", "v", ["p"], ["s"], "园区", "领域", "产值", ",.1f")
    legend = heat.to_dict()["layer"][0]["encoding"]["color"]["legend"]
    assert legend["format"] == ",.1f"


def test_stage_age_axis_counts_whole_months():
    summary = pd.DataFrame(
        {
            "stage_label": ["谋划"],
            "projects": [1],
            **{f"months_{k}": [0.0] for k in ("min", "q1", "median", "q3", "max")},
        }
    )
    x = charts.stage_age_box(summary, "stage_label", ["谋划"], "阶段", "月数").to_dict()
    axis = x["layer"][0]["encoding"]["x"]["axis"]
    assert axis["format"] == "d" and axis["tickMinStep"] == 1


def test_a_one_park_heatmap_keeps_a_whole_row_for_its_cells():
    cells = pd.DataFrame({"r": ["净月高新区"], "c": ["医疗器械"], "v": [0.3]})
    heat = charts.heatmap(
        cells, "r", "c", "v", ["净月高新区"], ["医疗器械"], "园区", "领域", "产值"
    )
    # a row's height, not the chart's: the page's autosize took the axes and legend out of a
    # fixed total height and drew one park x one sector as a 1-px line
    assert heat.to_dict()["height"] == {"step": 34}
