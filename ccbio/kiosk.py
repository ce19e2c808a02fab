"""The wall screen (大屏): what it shows, as pure functions; pages/kiosk.py lays it out.

The screen always shows the newest snapshot, so a new period appears at the next refresh.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ccbio import assessment_report as ar
from ccbio import data, plans, rules
from ccbio.formatting import format_month, format_pct
from ccbio.i18n import pick, t
from ccbio.outlook import goal_outlook, target_figure
from ccbio.periods import add_months

REFRESH_S = 30  # the fragment reruns this often; a rerun re-reads the newest period
VIEWS = ("targets", "pipeline", "parks")
VIEW_SECONDS = 30  # each view stays this long before the next
LIGHTS = {"green": "#43a047", "amber": "#fbc02d", "red": "#e53935", "grey": "#9e9e9e"}


def view_at(seconds: float, views: tuple[str, ...] = VIEWS, each: int = VIEW_SECONDS) -> str:
    """Return the view shown at a wall-clock time in seconds (rotating every `each` seconds)."""
    return views[int(seconds // each) % len(views)]


def data_age_days(period: str, today: dt.date) -> int:
    """Return how many days have passed since the end of the snapshot's month."""
    first_next = dt.date.fromisoformat(add_months(period, 1) + "-01")
    return max(0, (today - first_next).days + 1)


def period_line(period: str, today: dt.date, lang: str) -> str:
    """Return '数据期：2026年11月 · 距今 1 天' for the screen's top bar."""
    days = data_age_days(period, today)
    key = "kiosk.period_one_day" if days == 1 else "kiosk.period"  # not "1 days ago"
    return t(key, lang, period=format_month(period, lang), days=days)


def target_line(target_value: float, unit_zh: str, lang: str) -> str:
    """Return the tile's small line naming the target: '目标 ≥ 10户'."""
    # as the goals card writes it: '≥ 1,000亿元', not '≥ 1,000.0亿元'
    return t("kiosk.target", lang, target=target_figure(target_value, unit_zh, lang, 0))


def target_tiles(period: str, lang: str) -> tuple[str, list[dict]]:
    """Return (headline, one tile per target: name, value text, light colour, light word).

    During a plan the light is the pace warning; at and after its end, the attainment class.
    """
    pos = plans.plan_for_period(period)
    rep = ar.report(period)
    if rep is not None and rep.ended:
        tiles = [
            {
                "name": pick(r, "name", lang),
                "value": ar.value_text(r["end_value"], r["unit_zh"], lang),
                "colour": LIGHTS[r["class_level"]],
                "word": f"{pick(r, 'class_label', lang)} · {format_pct(r['ratio'], 1)}",
                "target": target_line(r["target_value"], r["unit_zh"], lang),
            }
            for r in rep.table.to_dict("records")
        ]
        return ar.verdict_text(rep, lang), tiles
    goals = data.goal_progress(period)
    status = goal_outlook(goals, data.goal_series(period), rules.current()).set_index("target_code")
    tiles = [
        {
            "name": pick(g, "name", lang),
            "value": ar.value_text(g["value"], g["unit_zh"], lang),
            "colour": LIGHTS[status.loc[g["target_code"], "level"]],
            "word": t(f"common.status_{status.loc[g['target_code'], 'level']}", lang)
            + f" · {format_pct(g['completion'], 1)}",  # one decimal, as on every page
            "target": target_line(g["target_value"], g["unit_zh"], lang),
        }
        for g in goals.to_dict("records")
    ]
    headline = t("kiosk.in_force", lang, plan=pos.plan.text("short", lang)) if pos.plan else ""
    return headline, tiles


KIOSK_LABEL_PX = 20  # park names read from across the room


def park_deck(summary: pd.DataFrame, lang: str, phone: bool = False):
    """Return the wall screen's park map: bubbles sized by output, each park named beside it.

    `phone`: the park map page's phone map instead (every park and label inside 390 px; the wall's
    view cut 'Pharma Vall…' and '…dical Centre' at a phone's edges).
    """
    from ccbio import maps

    if phone:
        from ccbio import park_map_view

        return park_map_view.deck(summary, "output_value_yi", (), lang, phone=True)

    rows = summary.to_dict("records")
    tips = [{"tip_name": pick(r, "name", lang)} for r in rows]
    points = maps.park_points(summary, "output_value_yi", tips)
    labels = maps.label_points(points, [pick(r, "label", lang) for r in rows], size=KIOSK_LABEL_PX)
    return maps.park_map(points, labels=labels)


def alert_counts(period: str) -> dict[str, int]:
    """Return red/amber alert counts for the snapshot, counted as the monitoring page counts them."""
    from ccbio.briefing.content import open_alerts

    return open_alerts(period)[1]


def funnel_rows(period: str, lang: str) -> pd.DataFrame:
    """Return one row per stage with its name and a 'count · 亿元' label for the funnel."""
    from ccbio.formatting import format_count, format_yi

    stages = data.pipeline_by_stage(period)
    return stages.assign(
        stage_name=stages["name_zh" if lang == "zh" else "name_en"],
        label=[
            f"{format_count(n, lang, 'projects')} · {format_yi(v, lang, 0)}"
            for n, v in zip(stages["projects"], stages["investment_yi"], strict=True)
        ],
    )


# the funnel's type: 30 px on the wall, smaller where the chart is narrower (the width signal)
FUNNEL_FONT = "min(30, width / 24)"


def funnel_chart(rows: pd.DataFrame, stage_col: str, count_col: str, label_col: str):
    """Return a large-type funnel for a dark screen: one centred bar per stage, and under it the
    stage with its figures ('Planned · 295 projects · 2,207 (100m yuan)'), centred on the funnel.

    Beside the bars the English figures ran past the chart's right edge at 1440 px.
    """
    import altair as alt

    df = rows[[stage_col, count_col, label_col]].assign(order=range(len(rows)))
    df["line"] = df[stage_col] + " · " + df[label_col]
    df["half"] = df[count_col] / 2
    df["neg_half"] = -df["half"]
    top = float(df["half"].max() or 1)
    y = alt.Y(f"{stage_col}:N", sort=alt.SortField("order"), title=None, axis=None)
    x = alt.X("neg_half:Q", axis=None, scale=alt.Scale(domain=[-top, top]))
    bars = (
        alt.Chart(df)
        .mark_bar(color="#ef5350", cornerRadius=4, size=52, yOffset=-22)
        .encode(y=y, x=x, x2="half:Q")
    )
    text = (
        alt.Chart(df)
        .mark_text(
            align="center", baseline="top", dy=12, fontSize=alt.expr(FUNNEL_FONT), color="#e6edf7"
        )
        .encode(y=y, x=alt.datum(0), text="line:N")
    )
    return (
        (bars + text)
        .properties(height=740)
        .configure(background="transparent")
        .configure_view(stroke=None)
    )
