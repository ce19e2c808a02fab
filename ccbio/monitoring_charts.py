"""Pure chart builders for the monitoring and comparison pages: DataFrame in, `alt.Chart` out.

Labels come in already translated; builders never read data or session state.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from ccbio import config

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


def indicator_lines(df: pd.DataFrame, x: str, labels: dict) -> alt.Chart:
    """Return lines of `value` over `x` (a month or quarter label), one colour per `name`.

    Preliminary points (column is_preliminary) are drawn hollow so a flash estimate shows as such.
    """
    base = alt.Chart(df).encode(
        x=alt.X(
            f"{x}:O",
            title=None,
            sort=_order(df, x, "when"),
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


NEGATIVE = "datum.yoy < 0"


def yoy_bars(df: pd.DataFrame, x: str, labels: dict) -> alt.Chart:
    """Return grouped bars of the year-on-year change (`yoy`, a ratio) per `x`, red when negative."""
    clean = df.dropna(subset=["yoy"])
    return (
        alt.Chart(clean)
        .mark_bar()
        .encode(
            x=alt.X(
                f"{x}:O",
                title=None,
                sort=_order(clean, x, "when"),
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


def pace_panel(df: pd.DataFrame, labels: dict) -> alt.Chart:
    """Return one target's panel: its figure (solid) against the straight-line pace (dashed).

    `df` is one target's rows of data.target_pace (name, month, value, pace_value; an optional
    `label`, the month as users read it). The panel takes the width it is given, so the page can
    wrap six of them to the screen: a facet of three fixed-width panels ran off a phone's right
    edge. No legend: the caption above says which line is which, and six legends were clutter.
    """
    df = df.sort_values("month")
    labelled = df.assign(label=df["label"] if "label" in df.columns else df["month"])
    order = list(dict.fromkeys(labelled["label"]))
    januaries = list(dict.fromkeys(labelled.loc[labelled["month"].str.endswith("-01"), "label"]))
    series = [labels.get("actual", "actual"), labels.get("pace", "pace")]
    long = pd.concat(
        [
            labelled.assign(series=series[0], y=labelled["value"]),
            labelled.assign(series=series[1], y=labelled["pace_value"]),
        ],
        ignore_index=True,
    )[["label", "series", "y"]]
    return (
        alt.Chart(long, title=alt.Title(str(df["name"].iloc[0]), fontSize=12, fontWeight="normal"))
        .mark_line()
        .encode(
            x=alt.X(
                "label:O",
                title=None,
                sort=order,
                axis=alt.Axis(labelAngle=0, values=januaries, labelOverlap=True),
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
