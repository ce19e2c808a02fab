"""What the goals page shows, as plain data: one card per target, and the table it downloads.

Pure functions (frames in, texts and frames out), so a test reads every card without AppTest;
`pages/goals.py` only lays the cards out. Levels, reasons and projections come from
`outlook.goal_outlook`, the same call the monitoring page makes.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import pandas as pd

from ccbio import config, trend
from ccbio.formatting import format_month, format_pct, format_points
from ccbio.i18n import pick, t
from ccbio.outlook import goal_outlook, target_figure
from ccbio.rules import RuleSet

# Cards share a row, at least 300 px each, and wrap: one per row on a phone, all six on a big
# screen. Streamlit's width="stretch" in a horizontal container never wraps, so a flex basis is
# set. The three ratios inside a card share one row, never wrap, and keep their values on one
# line where a label wraps (English 'Share of target' at 1440 px): one block laid out by this CSS
# (ratios_html), where ten Streamlit containers, captions and texts per card cost a new browser
# session a sixth of a second before the first card showed (issue 15). Its label is caption-sized
# and faded by opacity, so it reads in the light and the dark theme alike.
CARD_CSS = """<style>
.st-key-goal_cards { flex-wrap: wrap !important; }
.st-key-goal_cards > div { flex: 1 1 300px !important; min-width: min(300px, 100%) !important; }
.goal-ratios { display: flex; gap: 0.5rem; align-items: flex-end; margin-bottom: 0.5rem; }
.goal-ratios > div { flex: 1 1 0; min-width: 0; display: flex; flex-direction: column; }
.goal-ratios .goal-ratio-label { font-size: 0.875rem; opacity: 0.6; line-height: 1.4; }
</style>"""
RATIOS = (
    ("completion", "goals.completion_help"),
    ("progress", "goals.progress_help"),
    ("time_elapsed", "goals.time_help"),
)


@dataclass(frozen=True)
class GoalCard:
    """Everything one target card says, in one language."""

    code: str
    title: str
    level: str  # the badge colour: the pace light during the plan, the attainment class after it
    badge: str  # the badge's word: 红灯/黄灯/绿灯, or 达成/基本达成/未达成 once the plan has ended
    reason: str
    target_label: str
    value: str
    ratios: tuple[tuple[str, str, str], ...]  # (label, value, help)
    gap: str  # ahead of / behind time elapsed; empty once the plan has ended
    gap_ahead: bool
    note: str
    projection: str
    series: pd.DataFrame  # month, value: the sparkline
    trend: pd.DataFrame  # month, value: its dashed projection (empty at the plan end)
    target_value: float
    definition: dict


def _definition(code: str, target: dict, lang: str) -> dict:
    notes = []
    if code in ("above_scale", "srdi"):
        notes.append(t("goals.definition_note", lang))
    if code == "output_value":
        notes.append(t("goals.output_note", lang))
    return {
        "report": target["definition_zh"] if lang == "zh" else target["definition_en"],
        "plan": target["definition_plan_zh"],
        "notes": notes,
        "source": t("common.source", lang, source=target["source"]),
    }


def pace_gap(points: float, lang: str) -> str:
    """Return the card's line on pace: '3.2 pts ahead of time elapsed', or, where the gap rounds
    to nothing, 'on pace with time elapsed' (it read '0.0 pts ahead of time elapsed')."""
    if abs(points) < 0.05:
        return t("goals.on_pace", lang)
    return format_points(points, lang)


def goal_cards(
    goals: pd.DataFrame,
    series: pd.DataFrame,
    targets: pd.DataFrame,
    rules: RuleSet,
    lang: str,
    plan_end: str = config.PLAN_END,
    attainment: pd.DataFrame | None = None,
) -> list[GoalCard]:
    """Return one card per target, in target order.

    `goals` is data.goal_progress(period), `series` data.goal_series(period), `targets`
    data.target_list(). `attainment` (the final assessment's table, assessment_report.report(
    period).table) is given once the plan has ended: the badge then shows the target's attainment
    class, the class the assessment's verdict counts, instead of the pace light.
    """
    outlook = goal_outlook(goals, series, rules, plan_end).set_index("target_code")
    classes = None if attainment is None else attainment.set_index("target_code")
    by_code = targets.set_index("target_code")
    cards = []
    for goal in goals.to_dict("records"):
        code = goal["target_code"]
        status = outlook.loc[code]
        own = series[series["target_code"] == code][["month", "value"]].reset_index(drop=True)
        level, badge = status["level"], t(f"common.status_{status['level']}", lang)
        reason = pick(status, "reason", lang)
        note = t("goals.no_rule", lang) if level == "green" else reason
        if classes is not None:
            row = classes.loc[code]
            level, badge = row["class_level"], pick(row, "class_label", lang)
            reason = note = t(
                "goals.class_reason",
                lang,
                month=format_month(plan_end, lang),
                ratio=format_pct(row["ratio"]),
                label=badge,
            )
        cards.append(
            GoalCard(
                code=code,
                title=f"{pick(goal, 'group', lang)} · {pick(goal, 'name', lang)}",
                level=level,
                badge=badge,
                reason=reason,
                target_label=t(
                    "goals.target",
                    lang,
                    target=target_figure(goal["target_value"], goal["unit_zh"], lang, 0),
                    deadline=format_month(plan_end, lang),
                ),
                value=target_figure(goal["value"], goal["unit_zh"], lang),
                ratios=tuple(
                    (t(f"goals.{key}", lang), format_pct(goal[key]), t(help_key, lang))
                    for key, help_key in RATIOS
                ),
                # after the plan the attainment class is the verdict: a pace gap under it (落后时间
                # 进度 33.3 个百分点 beside 基本达成) would read as a second one (issue 12)
                gap="" if classes is not None else pace_gap(goal["gap_points"], lang),
                gap_ahead=bool(goal["gap_points"] >= 0),
                note=note,
                projection=pick(status, "projection", lang),
                series=own,
                trend=trend.projection(own, plan_end),
                target_value=float(goal["target_value"]),
                definition=_definition(code, by_code.loc[code].to_dict(), lang),
            )
        )
    return cards


def goals_table(
    goals: pd.DataFrame,
    series: pd.DataFrame,
    rules: RuleSet,
    plan_end: str = config.PLAN_END,
    attainment: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return the targets as a download: one row per target, Chinese headers, percentages in %;
    once the plan has ended (`attainment` given, as for goal_cards) with each attainment class."""
    outlook = goal_outlook(goals, series, rules, plan_end)
    merged = goals.merge(outlook, on="target_code")
    level = {lv: t(f"common.status_{lv}", "zh") for lv in ("red", "amber", "green")}
    out = pd.DataFrame(
        {
            "goals.col_group": merged["group_zh"],
            "goals.col_target": merged["name_zh"],
            "goals.col_value": merged["value"].round(2),
            "goals.col_unit": merged["unit_zh"],
            "goals.col_target_value": merged["target_value"],
            "goals.col_baseline": merged["baseline"].round(2),
            "goals.col_completion": (100 * merged["completion"]).round(1),
            "goals.col_progress": (100 * merged["progress"]).round(1),
            "goals.col_time": (100 * merged["time_elapsed"]).round(1),
            "goals.col_gap": merged["gap_points"].round(1),
            "goals.col_level": merged["level"].map(level),
            "goals.col_rule": merged["rule_zh"].fillna(""),
            "goals.col_reason": merged["reason_zh"],
            "goals.col_projected": merged["projected"].round(1),
        }
    )
    if attainment is not None:
        by_code = attainment.set_index("target_code")["class_label_zh"]
        out.insert(10, "goals.col_class", merged["target_code"].map(by_code).to_numpy())
    return out.rename(columns={k: t(k, "zh") for k in out.columns})


def ratios_html(ratios: tuple[tuple[str, str, str], ...]) -> str:
    """Return a card's ratios as one row of label over bold value (CARD_CSS lays it out)."""
    cells = "".join(
        f'<div><span class="goal-ratio-label">{escape(label)}</span>'
        f"<strong>{escape(value)}</strong></div>"
        for label, value, _ in ratios
    )
    return f'<div class="goal-ratios">{cells}</div>'


def definition_text(d: dict, lang: str) -> tuple[str, str]:
    """Return a target's definition as (the wording from the sources, its notes and source)."""
    body = (
        f"**{t('goals.definition_report', lang)}**\n\n{d['report']}\n\n"
        f"**{t('goals.definition_plan', lang)}**\n\n{d['plan']}"
    )
    return body, "\n\n".join([*d["notes"], d["source"]])


def glossary(lang: str) -> list[tuple[str, str]]:
    """Return (term, definition) for every progress word the page uses, in page order."""
    terms = [(t(f"goals.{key}", lang), t(help_key, lang)) for key, help_key in RATIOS]
    return [
        *terms,
        (t("goals.gap_term", lang), t("goals.gap_help", lang)),
        (t("goals.trend", lang), t("goals.projection_help", lang)),
    ]
