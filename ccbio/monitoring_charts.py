"""Pure chart builders for the monitoring page: DataFrame in, `alt.Chart` out.

Labels come in already translated; builders never read data or session state. Each is a
spec_template.Templated (parts + shape): a filter change fills a cached spec instead of building
eight charts through Altair again.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ccbio import config
from ccbio.spec_template import Templated

LEVEL_COLORS = {
    "red": config.STATUS_COLORS["red"],
    "amber": config.STATUS_COLORS["amber"],
    "green": config.STATUS_COLORS["green"],
}


# the width fits the page, the height is the plot's own: with Streamlit's default ("fit") the
# height held the legend and the slanted month labels too, which left the year-on-year bars a
# strip with one tick (0%) and cut the amount axis's title on a phone
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")


def _legend() -> alt.Legend:
    """Return the indicators' legend: one name per line above the chart, never cut ("医药流…" was
    cut at a phone's right edge, and 'Pharma-distribution rev…' at 1440 px)."""
    return alt.Legend(orient="top", direction="vertical", labelLimit=0)


def _order(df: pd.DataFrame, x: str, key: str) -> list:
    """Return the values of `x` in the order of `key` (labels such as 2023年10月 do not sort as text)."""
    if key not in df.columns or key == x:
        return sorted(set(df[x]))
    pairs = df[[key, x]].drop_duplicates().sort_values(key)
    return list(dict.fromkeys(pairs[x]))


def _ledger_parts(df: pd.DataFrame, x: str, labels: dict) -> tuple[pd.DataFrame, dict]:
    """Return the ledger chart's rows and the order of `x` (months or quarters as labels)."""
    return df, {"order": _order(df, x, "when")}


def _indicator_lines(data, slots: dict, x: str, labels: dict) -> alt.LayerChart:
    base = alt.Chart(data).encode(
        x=alt.X(
            f"{x}:O",
            title=None,
            sort=slots["order"],
            axis=alt.Axis(labelAngle=-45, labelOverlap=True),
            scale=alt.Scale(padding=8),
        ),
        y=alt.Y("value:Q", title=labels.get("value", "value")),
        color=alt.Color("name:N", title=None, legend=_legend()),
        tooltip=[
            alt.Tooltip(f"{x}:O", title=labels.get("x", x)),
            alt.Tooltip("name:N", title=""),
            alt.Tooltip("value:Q", title=labels.get("value", "value"), format=",.2f"),
            alt.Tooltip("status:N", title=labels.get("status", "")),
        ],
    )
    points = base.mark_point(size=40, filled=True).encode(
        fill=alt.condition(
            "datum.is_preliminary", alt.value("white"), alt.Color("name:N", legend=None)
        )
    )
    return (base.mark_line() + points).properties(height=220, autosize=FIT_WIDTH)


# indicator_lines(df, x, labels) -> alt.LayerChart
indicator_lines = Templated(
    "indicator_lines",
    _ledger_parts,
    _indicator_lines,
    """Return lines of `value` over `x` (a month or quarter label), one colour per `name`.

    Preliminary points (column is_preliminary) are drawn hollow so a flash estimate shows as such.
    """,
)


NEGATIVE = "datum.yoy < 0"


def _yoy_parts(df: pd.DataFrame, x: str, labels: dict) -> tuple[pd.DataFrame, dict]:
    """Return the months with a year-on-year change, and their order."""
    return _ledger_parts(df.dropna(subset=["yoy"]), x, labels)


def _yoy_bars(data, slots: dict, x: str, labels: dict) -> alt.Chart:
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                f"{x}:O",
                title=None,
                sort=slots["order"],
                axis=alt.Axis(labelAngle=-45, labelOverlap=True),
            ),
            xOffset=alt.XOffset("name:N"),
            y=alt.Y("yoy:Q", title=labels.get("yoy", "YoY"), axis=alt.Axis(format="%")),
            color=alt.Color("name:N", title=None, legend=_legend()),
            # value channels with their condition written out: alt.condition's dict goes through
            # Altair's from_dict, ~5 ms a use (it hashes ~580 schemas), the same spec in 0.4 ms
            opacity=alt.OpacityValue(0.55, condition={"test": NEGATIVE, "value": 1.0}),
            stroke=alt.StrokeValue(
                None, condition={"test": NEGATIVE, "value": LEVEL_COLORS["red"]}
            ),
            tooltip=[
                alt.Tooltip(f"{x}:O", title=labels.get("x", x)),
                alt.Tooltip("name:N", title=""),
                alt.Tooltip("yoy:Q", title=labels.get("yoy", "YoY"), format="+.1%"),
            ],
        )
        .properties(height=160, autosize=FIT_WIDTH)
    )


# yoy_bars(df, x, labels) -> alt.Chart
yoy_bars = Templated(
    "yoy_bars",
    _yoy_parts,
    _yoy_bars,
    """Return grouped bars of the year-on-year change (`yoy`, a ratio) per `x`, red when negative.""",
)


def _pace_series(labels: dict) -> list[str]:
    return [labels.get("actual", "actual"), labels.get("pace", "pace")]


def _pace_parts(df: pd.DataFrame, labels: dict) -> tuple[pd.DataFrame, dict]:
    """Return the panel's rows (label, series, y), the months' order, the Januaries and the title."""
    # plain lists rather than assign + concat: this runs six times on every filter change
    df = df.sort_values("month")
    months = df["month"].tolist()
    label = df["label"].tolist() if "label" in df.columns else months
    order = list(dict.fromkeys(label))
    januaries = list(
        dict.fromkeys(lb for lb, m in zip(label, months, strict=True) if m.endswith("-01"))
    )
    series = _pace_series(labels)
    long = pd.DataFrame(
        {
            "label": label * 2,
            "series": [series[0]] * len(label) + [series[1]] * len(label),
            "y": df["value"].tolist() + df["pace_value"].tolist(),
        }
    )
    return long, {"order": order, "januaries": januaries, "title": str(df["name"].iloc[0])}


def _pace_panel(data, slots: dict, labels: dict) -> alt.Chart:
    series = _pace_series(labels)
    return (
        alt.Chart(data, title=alt.Title(slots["title"], fontSize=12, fontWeight="normal"))
        .mark_line()
        .encode(
            x=alt.X(
                "label:O",
                title=None,
                sort=slots["order"],
                axis=alt.Axis(labelAngle=0, values=slots["januaries"], labelOverlap=True),
            ),
            # whole ticks: firm counts read 7, 8, 9, not 7.0, 7.5, 8.0 (output, in 亿元, is in hundreds)
            y=alt.Y(
                "y:Q",
                title=None,
                scale=alt.Scale(zero=False),
                axis=alt.Axis(tickCount=5, tickMinStep=1, format=",d"),
            ),
            color=alt.Color(
                "series:N",
                legend=None,
                scale=alt.Scale(domain=series, range=["#c8102e", "#777777"]),
            ),
            strokeDash=alt.StrokeDash(
                "series:N", legend=None, scale=alt.Scale(domain=series, range=[[1, 0], [5, 4]])
            ),
            tooltip=[
                alt.Tooltip("label:O", title=labels.get("month", "month")),
                alt.Tooltip("series:N", title=""),
                alt.Tooltip("y:Q", title=labels.get("value", "value"), format=",.1f"),
            ],
        )
        .properties(height=150, autosize=FIT_WIDTH)
    )


# pace_panel(df, labels) -> alt.Chart
pace_panel = Templated(
    "pace_panel",
    _pace_parts,
    _pace_panel,
    """Return one target's panel: its figure (solid) against the straight-line pace (dashed).

    `df` is one target's rows of data.target_pace (name, month, value, pace_value; an optional
    `label`, the month as users read it). The panel takes the width it is given, so the page can
    wrap six of them to the screen: a facet of three fixed-width panels ran off a phone's right
    edge. No legend: the caption above says which line is which, and six legends were clutter.
    """,
)
