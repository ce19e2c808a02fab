"""Pure chart builders: DataFrame and column names in, `alt.Chart` out.

The pages' builders are spec_template.Templated (parts + shape), as the monitoring page's are: a
filter change fills a cached spec instead of building the chart through Altair again (the
pipeline page's three charts were 125 of its ~300 ms at 1x).

Labels come in as arguments (already translated); the builders only know about languages where
a month axis or a number format differs.
"""

from __future__ import annotations

import re

import altair as alt
import pandas as pd

from ccbio import config
from ccbio.formatting import format_month, month_format, text_px
from ccbio.spec_template import Templated


def tick_step(value_format: str) -> float:
    """Return the smallest tick step a d3 number format can tell apart (',.1f' -> 0.1, '.0%' -> 0.01).

    Ticks closer than that print the same label twice (0.0 0.1 0.1 …); counts step by whole ones.
    """
    match = re.search(r"\.(\d+)", value_format)
    decimals = int(match.group(1)) if match else 0
    if "%" in value_format:
        decimals += 2
    return 10.0**-decimals


def number_axis(title: str, value_format: str, **kw) -> alt.Axis:
    """Return a quantitative axis whose ticks are never closer than its format can show."""
    return alt.Axis(
        title=title, format=value_format.lstrip("+"), tickMinStep=tick_step(value_format), **kw
    )


def number_legend(title: str, value_format: str, **kw) -> alt.Legend:
    """Return a colour legend labelled in the chart's number format (not 0.296900)."""
    return alt.Legend(
        title=title, format=value_format.lstrip("+"), tickMinStep=tick_step(value_format), **kw
    )


def month_axis(lang: str, title: str | None = None, **kw) -> alt.Axis:
    """Return a time axis labelled in the chosen language ('2024年6月' / 'Jun 2024')."""
    return alt.Axis(format=month_format(lang, "d3"), title=title, labelAngle=0, **kw)


# ---- pipeline ----------------------------------------------------------------------------------------


FUNNEL_FONT_PX = 13
FUNNEL_LINE_BREAK = (
    " · "  # a label 'count · amount' wraps there when it is wider than the chart allows
)


def _text_px(text: str) -> float:
    """Return about how wide a funnel label is drawn (its font's digits a little narrower: 0.56)."""
    return text_px(text, FUNNEL_FONT_PX, latin=0.56)


def _funnel_parts(
    stages: pd.DataFrame, stage_col: str, count_col: str, label_col: str, *titles: str
) -> tuple[pd.DataFrame, dict]:
    """Return the funnel's rows (centred halves) and the expressions its labels' room needs."""
    df = stages[[stage_col, count_col, label_col]].copy()
    df["order"] = range(len(df))
    df["half"] = df[count_col] / 2
    df["neg_half"] = -df["half"]
    top = float(df["half"].max() or 1)
    one_line = [_text_px(label) for label in df[label_col]]
    two_lines = [max(map(_text_px, str(label).split(FUNNEL_LINE_BREAK))) for label in df[label_col]]
    # one line while the widest label leaves the bars at least a third of the chart
    wrap = f"width < {max(one_line, default=0) * 1.5:.0f}"

    def room(halves, widths):  # the axis end at which every bar's label ends inside the chart
        ends = ", ".join(
            f"{h + top:.6g} * width / max(width * 0.25, width - {w + 14:.0f})"
            for h, w in zip(halves, widths, strict=True)
        )
        return f"max({top * 2.2:.6g}, {ends}) - {top:.6g}"

    return df, {
        "domain_min": -top,
        "domain_max": f"{wrap} ? {room(df['half'], two_lines)} : {room(df['half'], one_line)}",
        "line_break": f"{wrap} ? '{FUNNEL_LINE_BREAK}' : '\\n'",
    }


def _funnel(
    data,
    slots: dict,
    stage_col: str,
    count_col: str,
    label_col: str,
    count_title: str,
    stage_title: str,
) -> alt.LayerChart:
    y = alt.Y(
        f"{stage_col}:N",
        sort=alt.SortField("order"),
        title=None,
        axis=alt.Axis(labelFontSize=14, labelLimit=220),
    )
    x = alt.X(
        "neg_half:Q",
        axis=None,
        title=count_title,
        scale=alt.Scale(
            domainMin=slots["domain_min"], domainMax=alt.ExprRef(slots["domain_max"]), nice=False
        ),
    )
    bars = (
        alt.Chart(data)
        .mark_bar(color=config.ACCENT, opacity=0.85)
        .encode(
            y=y,
            x=x,
            x2="half:Q",
            tooltip=[
                alt.Tooltip(f"{stage_col}:N", title=stage_title),
                alt.Tooltip(f"{count_col}:Q", title=count_title),
                alt.Tooltip(f"{label_col}:N", title=" "),
            ],
        )
    )
    text = (
        alt.Chart(data)
        .mark_text(
            align="left", dx=6, fontSize=FUNNEL_FONT_PX, lineBreak=alt.ExprRef(slots["line_break"])
        )
        .encode(y=y, x="half:Q", text=f"{label_col}:N")
    )
    return (bars + text).properties(height=240)


# funnel(stages, stage_col, count_col, label_col, count_title, stage_title) -> alt.LayerChart
funnel = Templated(
    "funnel",
    _funnel_parts,
    _funnel,
    """Return a horizontal funnel: one bar per stage (in row order), centred, labelled with `label_col`.

    The labels stand right of the bars, whole at any width: the count axis leaves each label its
    room (computed from the drawn width), and on a narrow chart (a phone) a label 'count · amount'
    wraps onto two lines at its ' · ' rather than run past the chart's right edge.
    """,
)


def _half_max_test(value_col: str, top: float) -> dict:
    """Return the slot of a cell label's colour test: white on cells above half of `top`."""
    return {"test": str(alt.datum[value_col] > top / 2)}


def _flow_parts(flows: pd.DataFrame, from_col, to_col, value_col: str, *rest) -> tuple:
    return flows, _half_max_test(value_col, flows[value_col].max())


def _flow_matrix(
    data,
    slots: dict,
    from_col: str,
    to_col: str,
    value_col: str,
    order: list[str],
    from_title: str,
    to_title: str,
    value_title: str,
) -> alt.LayerChart:
    enc = dict(
        x=alt.X(f"{to_col}:N", sort=order, title=to_title, axis=alt.Axis(labelAngle=0)),
        y=alt.Y(f"{from_col}:N", sort=order, title=from_title),
    )
    rect = (
        alt.Chart(data)
        .mark_rect()
        .encode(
            **enc,
            color=alt.Color(
                f"{value_col}:Q",
                legend=number_legend(value_title, "d"),
                scale=alt.Scale(scheme="reds"),
            ),
            tooltip=[
                alt.Tooltip(f"{from_col}:N", title=from_title),
                alt.Tooltip(f"{to_col}:N", title=to_title),
                alt.Tooltip(f"{value_col}:Q", title=value_title),
            ],
        )
    )
    text = (
        alt.Chart(data)
        .mark_text(fontSize=13)
        .encode(
            **enc,
            text=f"{value_col}:Q",
            color=alt.ColorValue(  # not alt.condition: see monitoring_charts.yoy_bars
                "black", condition={"test": slots["test"], "value": "white"}
            ),
        )
    )
    return (rect + text).properties(height=260)


# flow_matrix(flows, from_col, to_col, value_col, order, from_title, to_title, value_title)
flow_matrix = Templated(
    "flow_matrix",
    _flow_parts,
    _flow_matrix,
    """Return a from-stage x to-stage heatmap of project counts, labelled with the counts.""",
)


# ---- sectors -------------------------------------------------------------------------------------------


def _bars_parts(df: pd.DataFrame, *args, **kwargs) -> tuple[pd.DataFrame, dict]:
    """Return the bars' rows in their order and the chart's height (30 px a bar)."""
    df = df.copy()
    df["order"] = range(len(df))
    return df, {"height": max(30 * len(df) + 40, 110)}


def _bars(
    data,
    slots: dict,
    cat_col: str,
    value_col: str,
    cat_title: str,
    value_title: str,
    label_col: str | None = None,
    color_col: str | None = None,
    value_format: str = ",.1f",
    axis_title: bool = True,
) -> alt.Chart:
    y = alt.Y(
        f"{cat_col}:N",
        sort=alt.SortField("order"),
        title=cat_title if axis_title else None,
        axis=alt.Axis(labelLimit=220),
    )
    color = (
        alt.Color(f"{color_col}:N", scale=None, legend=None)
        if color_col
        else alt.value(config.ACCENT)
    )
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=y,
            # about eight ticks at any width: at 2560 px Vega drew one every 2.0 (35 of them)
            x=alt.X(f"{value_col}:Q", axis=number_axis(value_title, value_format, tickCount=8)),
            color=color,
            tooltip=[
                alt.Tooltip(f"{cat_col}:N", title=cat_title),
                alt.Tooltip(f"{value_col}:Q", title=value_title, format=value_format),
            ],
        )
    )
    if label_col:
        chart += (
            alt.Chart(data)
            .mark_text(align="left", dx=4)
            .encode(y=y, x=f"{value_col}:Q", text=f"{label_col}:N")
        )
    # set as .properties(height=) sets it, without its check: the template has a hole (text) here
    chart.height = slots["height"]
    return chart


# bars(df, cat_col, value_col, cat_title, value_title, label_col=None, color_col=None,
#      value_format=",.1f", axis_title=True) -> alt.Chart
bars = Templated(
    "bars",
    _bars_parts,
    _bars,
    """Return horizontal bars of `value_col` per `cat_col` (in row order), optionally labelled.

    axis_title=False: the category axis has no title (a heading above names it; the rotated
    title sat on the labels), the tooltip still says `cat_title`.""",
)


def _heatmap_parts(df: pd.DataFrame, row_col, col_col, value_col: str, *rest, **kw) -> tuple:
    return df, _half_max_test(value_col, df[value_col].max() or 1)


def _heatmap(
    data,
    slots: dict,
    row_col: str,
    col_col: str,
    value_col: str,
    row_order: list[str],
    col_order: list[str],
    row_title: str,
    col_title: str,
    value_title: str,
    value_format: str = ",.0f",
) -> alt.LayerChart:
    enc = dict(
        x=alt.X(
            f"{col_col}:N",
            sort=col_order,
            title=col_title,
            axis=alt.Axis(labelAngle=-45, labelLimit=180, labelOverlap=False),
        ),
        # rows carry the long names (parks): a horizontal label has room for all of them
        # no axis title: it would sit on top of the long names (the tooltip still names the row)
        y=alt.Y(f"{row_col}:N", sort=row_order, title=None, axis=alt.Axis(labelLimit=360)),
    )
    rect = (
        alt.Chart(data)
        .mark_rect()
        .encode(
            **enc,
            # the legend below the cells and untitled (the metric choice above the chart and the
            # tooltip name it): at the right it took a phone's width from the cells, and its title
            # was cut ("产值/收入（近12个月，亿…")
            color=alt.Color(
                f"{value_col}:Q",
                legend=number_legend(None, value_format, orient="bottom", direction="horizontal"),
                scale=alt.Scale(scheme="oranges"),
            ),
            tooltip=[
                alt.Tooltip(f"{row_col}:N", title=row_title),
                alt.Tooltip(f"{col_col}:N", title=col_title),
                alt.Tooltip(f"{value_col}:Q", title=value_title, format=value_format),
            ],
        )
    )
    text = (
        alt.Chart(data)
        .mark_text(fontSize=11)
        .encode(
            **enc,
            text=alt.Text(f"{value_col}:Q", format=value_format),
            color=alt.ColorValue(  # not alt.condition: see monitoring_charts.yoy_bars
                "#333", condition={"test": slots["test"], "value": "white"}
            ),
        )
    )
    # a 34-px row per park, however few: a fixed total height lost the rows to the rotated sector
    # labels and the legend (one park x one sector drew a 1-px line)
    return (rect + text).properties(height=alt.Step(34))


# heatmap(df, row_col, col_col, value_col, row_order, col_order, row_title, col_title,
#         value_title, value_format=",.0f") -> alt.LayerChart
heatmap = Templated(
    "heatmap",
    _heatmap_parts,
    _heatmap,
    """Return a row x column heatmap of `value_col`, cells labelled with the value.""",
)


def flow_summary(flows: pd.DataFrame, stages: list[str]) -> pd.DataFrame:
    """Return one row per stage: projects in it at the start, advanced, stayed, left, advance rate.

    `flows` is data.stage_flows() (from_stage/to_stage, null = entered/left); `stages` in order.
    """
    rank = {s: i for i, s in enumerate(stages)}
    rows = []
    for stage in stages:
        out = flows[flows["from_stage"] == stage]
        to_rank = out["to_stage"].map(rank)
        start = int(out["projects"].sum())
        advanced = int(out.loc[to_rank > rank[stage], "projects"].sum())
        stayed = int(out.loc[out["to_stage"] == stage, "projects"].sum())
        left = int(out.loc[out["to_stage"].isna(), "projects"].sum())
        rows.append(
            (stage, start, advanced, stayed, left, advanced / start if start else float("nan"))
        )
    return pd.DataFrame(
        rows, columns=["stage", "at_start", "advanced", "stayed", "left", "advance_rate"]
    )


def _no_slots(df: pd.DataFrame, *args, **kwargs) -> tuple[pd.DataFrame, dict]:
    return df, {}


def _stage_age_box(
    data,
    slots: dict,
    stage_col: str,
    order: list[str],
    stage_title: str,
    months_title: str,
    labels: dict | None = None,
) -> alt.LayerChart:
    labels = labels or {}
    y = alt.Y(f"{stage_col}:N", sort=order, title=stage_title)
    tooltip = [
        alt.Tooltip(f"{stage_col}:N", title=stage_title),
        alt.Tooltip("projects:Q", title=labels.get("projects", "projects"), format=","),
    ]
    tooltip += [
        alt.Tooltip(f"months_{k}:Q", title=labels.get(k, k), format=",.1f")
        for k in ("min", "q1", "median", "q3", "max")
    ]
    base = alt.Chart(data).encode(y=y, tooltip=tooltip)
    blue = config.DISTRIBUTION_BLUE
    whisker = base.mark_rule(color=blue).encode(
        # a tick every 150 px or so, whole months: not each second month of 65 on a 2560-px screen
        x=alt.X(
            "months_min:Q",
            axis=number_axis(months_title, "d", tickCount=alt.ExprRef("max(4, ceil(width / 150))")),
        ),
        x2="months_max:Q",
    )
    box = base.mark_bar(color=blue, size=14).encode(x="months_q1:Q", x2="months_q3:Q")
    median = base.mark_tick(color="white", size=14, thickness=2).encode(x="months_median:Q")
    ends = [base.mark_tick(color=blue, size=8).encode(x=f"months_{k}:Q") for k in ("min", "max")]
    return alt.layer(whisker, box, median, *ends).properties(height=220)


# stage_age_box(summary, stage_col, order, stage_title, months_title, labels=None)
stage_age_box = Templated(
    "stage_age_box",
    _no_slots,
    _stage_age_box,
    """Return a box plot per stage drawn from precomputed stats, one row per stage in `summary`.

    `summary` is data.stage_age_summary (months_min, months_q1, months_median, months_q3,
    months_max) with a label column `stage_col`: the same boxes as mark_boxplot(extent="min-max")
    over every project, without sending every project to the browser.
    """,
)


# ---- compare ---------------------------------------------------------------------------------------


def revision_shares(revisions: pd.DataFrame, lang: str, labels: dict) -> alt.Chart:
    """Return bars of each revision as a share of the earlier value, per month and indicator.

    A share, not the change itself: indicators in 亿元 and in 户 then read on one axis.
    `revisions` carries month ('YYYY-MM'), name, change_share, before_text, after_text.
    """
    df = revisions.assign(date=pd.to_datetime(revisions["month"] + "-01"))
    df["month_label"] = [format_month(m, lang) for m in df["month"]]
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X(
                "month_label:N",
                sort=alt.SortField("date"),
                title=None,
                axis=alt.Axis(labelAngle=0),
            ),
            xOffset=alt.XOffset("name:N"),
            y=alt.Y("change_share:Q", axis=number_axis(labels.get("share", ""), "+.1%")),
            color=alt.Color("name:N", title=None, legend=alt.Legend(orient="top", labelLimit=300)),
            tooltip=[
                alt.Tooltip("month_label:N", title=labels.get("month", "")),
                alt.Tooltip("name:N", title=labels.get("indicator", "")),
                alt.Tooltip("before_text:N", title=labels.get("before", "")),
                alt.Tooltip("after_text:N", title=labels.get("after", "")),
                alt.Tooltip("change_share:Q", title=labels.get("share", ""), format="+.1%"),
            ],
        )
        .properties(height=220)
    )
