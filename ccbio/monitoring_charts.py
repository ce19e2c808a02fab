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
    return (base.mark_line() + points).properties(height=280)


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
            opacity=alt.condition("datum.yoy < 0", alt.value(1.0), alt.value(0.55)),
            stroke=alt.condition("datum.yoy < 0", alt.value(LEVEL_COLORS["red"]), alt.value(None)),
            tooltip=[
                alt.Tooltip(f"{x}:O", title=labels.get("x", x)),
                alt.Tooltip("name:N", title=""),
                alt.Tooltip("yoy:Q", title=labels.get("yoy", "YoY"), format="+.1%"),
            ],
        )
        .properties(height=220)
    )


def pace_chart(df: pd.DataFrame, labels: dict, columns: int = 3) -> alt.Chart:
    """Return one small panel per target: the figure (solid) against the straight-line pace (dashed).

    `df` is data.target_pace: name, month, value, pace_value, target_value; each panel has its own
    scale. An optional `label` column (the month as users read it) labels the axis.
    """
    order = _order(df, "label", "month") if "label" in df.columns else sorted(set(df["month"]))
    if "label" in df.columns:
        df = df.assign(month=df["label"])
    long = pd.concat(
        [
            df.assign(series=labels.get("actual", "actual"), y=df["value"]),
            df.assign(series=labels.get("pace", "pace"), y=df["pace_value"]),
        ],
        ignore_index=True,
    )[["name", "month", "series", "y"]]
    lines = (
        alt.Chart(long)
        .mark_line()
        .encode(
            x=alt.X(
                "month:O",
                title=None,
                sort=order,
                axis=alt.Axis(labelAngle=-45, values=order[::6]),
            ),
            y=alt.Y("y:Q", title=None, scale=alt.Scale(zero=False)),
            color=alt.Color(
                "series:N",
                title=None,
                legend=_legend(),
                scale=alt.Scale(range=["#c8102e", "#777777"]),
            ),
            strokeDash=alt.StrokeDash(
                "series:N", legend=None, scale=alt.Scale(range=[[1, 0], [5, 4]])
            ),
            tooltip=[
                alt.Tooltip("month:O", title=labels.get("month", "month")),
                alt.Tooltip("series:N", title=""),
                alt.Tooltip("y:Q", title=labels.get("value", "value"), format=",.1f"),
            ],
        )
        .properties(width=230, height=140)
    )
    return lines.facet(
        facet=alt.Facet("name:N", title=None, sort=list(dict.fromkeys(df["name"]))), columns=columns
    ).resolve_scale(y="independent")
