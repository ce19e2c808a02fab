"""Pure chart builders for the project and firm pages: DataFrame in, alt.Chart out."""

from __future__ import annotations

import altair as alt
import pandas as pd

from ccbio.charts import month_axis
from ccbio.formatting import month_format
from ccbio.periods import add_months


def _date(months: pd.Series) -> pd.Series:
    return pd.to_datetime(months + "-01")


def stage_timeline(
    timeline: pd.DataFrame, names: dict[str, str], last_period: str, lang: str, labels: dict
) -> alt.Chart:
    """Return one bar per stage from the month it was entered to the month it was left."""
    df = timeline.assign(
        stage_label=timeline["stage"].map(names),
        start=_date(timeline["entered"]),
        end=_date(timeline["left"].fillna(add_months(last_period, 1))),
    )
    order = [names[s] for s in names if s in set(timeline["stage"])]
    return (
        alt.Chart(df)
        .mark_bar(height=18, cornerRadius=3)
        .encode(
            x=alt.X("start:T", axis=month_axis(lang, labels["month"])),
            x2="end:T",
            y=alt.Y("stage_label:N", sort=order, title=None),
            color=alt.Color("stage_label:N", sort=order, legend=None),
            tooltip=[
                alt.Tooltip("stage_label:N", title=labels["stage"]),
                alt.Tooltip("start:T", title=labels["entered"], format=month_format(lang, "d3")),
                alt.Tooltip("months:Q", title=labels["months"]),
            ],
        )
        # a step per stage, not a fixed height: the page's autosize took the axis and its title
        # out of a fixed height, and two stages' bars and labels drew over each other
        .properties(height=alt.Step(30))
    )


def investment_line(series: pd.DataFrame, lang: str, labels: dict) -> alt.Chart:
    """Return planned investment per snapshot as a step line, revisions marked with a point."""
    df = series.assign(date=_date(series["period"]))
    base = alt.Chart(df).encode(
        x=alt.X("date:T", axis=month_axis(lang, labels["month"])),
        y=alt.Y(
            "investment_yi:Q",
            title=labels["investment"],
            scale=alt.Scale(zero=False),
            axis=alt.Axis(format=",.2f", tickCount=4),
        ),
    )
    line = base.mark_line(interpolate="step-after", color="#1f5fa8")
    marks = (
        base.transform_filter("datum.revised")
        .mark_point(size=90, filled=True, color="#c62828")
        .encode(
            tooltip=[
                alt.Tooltip("date:T", title=labels["month"], format=month_format(lang, "d3")),
                alt.Tooltip("previous_investment_yi:Q", title=labels["from"], format=",.2f"),
                alt.Tooltip("investment_yi:Q", title=labels["to"], format=",.2f"),
            ]
        )
    )
    # 260: the month axis comes out of the height; at 200 the rotated English title was cut
    return (line + marks).properties(height=260)


def output_line(series: pd.DataFrame, lang: str, labels: dict) -> alt.Chart:
    """Return a firm's output over the 12 months to each snapshot (亿元)."""
    df = series.assign(date=_date(series["period"]))
    return (
        alt.Chart(df)
        .mark_line(point=True, color="#2e7d32")
        .encode(
            x=alt.X("date:T", axis=month_axis(lang, labels["month"])),
            y=alt.Y("output_value_yi:Q", title=labels["output"]),
            tooltip=[
                alt.Tooltip("date:T", title=labels["month"], format=month_format(lang, "d3")),
                alt.Tooltip("output_value_yi:Q", title=labels["output"], format=",.2f"),
            ],
        )
        # the page's autosize takes the month axis out of the height: 200 px left the lines
        # shorter than the rotated axis title beside them (cut at '(100m yu')
        .properties(height=260)
    )


def indicator_lines(series: pd.DataFrame, name_col: str, lang: str, labels: dict) -> alt.Chart:
    """Return one line per money indicator over the months (亿元)."""
    df = series.assign(date=_date(series["month"]))
    return (
        alt.Chart(df)
        .mark_line()
        .encode(
            # the first and last month labels inside the chart, not half past its edges
            x=alt.X("date:T", axis=month_axis(lang, labels["month"], labelFlush=True)),
            y=alt.Y("value:Q", title=labels["value"]),
            # one indicator a line above the chart, each name whole, as on the monitoring page: side
            # by side the English names ran past the chart ('Pharma-distribution rev…' at 1440 px)
            color=alt.Color(
                f"{name_col}:N",
                title=None,
                legend=alt.Legend(orient="top", direction="vertical", labelLimit=0),
            ),
            tooltip=[
                alt.Tooltip("date:T", title=labels["month"], format=month_format(lang, "d3")),
                alt.Tooltip(f"{name_col}:N", title=labels["indicator"]),
                alt.Tooltip("value:Q", title=labels["value"], format=",.2f"),
            ],
        )
        # the page's autosize takes the legend (a line per indicator) and the month axis out of the
        # height: 220 px left the lines 70 px, too short for the axis title beside them
        .properties(height=340)
    )
