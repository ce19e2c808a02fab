"""The one goal outlook: each target's warning level, its reason and its projected end value.

Every page that colours or words a 双十双百双千 target calls `goal_outlook` (the goals cards, the
monitoring alerts, later the assessment and briefing pages), so a target has one answer
everywhere. The projection is `trend.projection` (least squares over the last 12 months).

The plan's dates are arguments, not constants, so a later plan (or the phase after the plan
end) is a different call, not a different function.
"""

from __future__ import annotations

import pandas as pd

from ccbio import config, trend
from ccbio.alerts import cited
from ccbio.formatting import format_count, format_month, format_pct, format_yi
from ccbio.i18n import t
from ccbio.rules import GoalBehindPace, GoalProjectedShort, RuleSet

LANGS = ("zh", "en")
OUTLOOK_COLUMNS = [
    "target_code",
    "level",
    "rule_id",
    "rule_kind",
    "rule_zh",
    "rule_en",
    "reason_zh",
    "reason_en",
    "projected",
    "projected_share",
    "projection_zh",
    "projection_en",
]


def target_figure(value: float, unit_zh: str, lang: str, digits: int = 1) -> str:
    """Return a target's figure in its unit: 亿元 amounts (one decimal) or firm counts."""
    if unit_zh == "亿元":
        return format_yi(value, lang, digits=digits)
    return format_count(value, lang, "firms")


def _projection_texts(goal: dict, end_value: float | None, plan_end: str) -> tuple[str, str]:
    if end_value is None:
        return tuple(t("goals.projection_end", lang) for lang in LANGS)
    return tuple(
        t(
            "alerts.goal_projection",
            lang,
            end=format_month(plan_end, lang),
            value=target_figure(end_value, goal.get("unit_zh", ""), lang),
            pct=format_pct(end_value / goal["target_value"], 1),  # as the card's share of target
        )
        for lang in LANGS
    )


def _behind(goal: dict, rules: RuleSet):
    """Return (rule, reasons) of the pace rule that fires on `goal`, or None."""
    fired = next((r for r in rules.of(GoalBehindPace) if goal["gap_points"] < -r.points), None)
    if fired is None:
        return None
    texts = tuple(
        t(
            "alerts.goal_behind",
            lang,
            progress=format_pct(goal["progress"]),
            elapsed=format_pct(goal["time_elapsed"]),
            gap=f"{abs(goal['gap_points']):.1f}",
        )
        for lang in LANGS
    )
    return fired, cited(texts, fired)


def _short(goal: dict, end_value: float | None, projection: tuple[str, str], rules: RuleSet):
    """Return (rule, reasons) of the projected-short rule that fires on `goal`, or None."""
    if end_value is None or not goal["target_value"]:
        return None
    short = 1 - end_value / goal["target_value"]
    fired = next((r for r in rules.of(GoalProjectedShort) if short > r.share), None)
    if fired is None:
        return None
    texts = tuple(
        t(
            "alerts.goal_projected_short",
            lang,
            projection=text,
            target=target_figure(goal["target_value"], goal.get("unit_zh", ""), lang, 0),
            short=format_pct(short),
        )
        for text, lang in zip(projection, LANGS, strict=True)
    )
    return fired, cited(texts, fired)


def _on_pace(goal: dict) -> tuple[str, str]:
    word = "word_ahead" if goal["gap_points"] >= 0 else "word_behind"
    return tuple(
        t(
            "alerts.goal_on_pace",
            lang,
            word=t(f"alerts.{word}", lang),
            gap=f"{abs(goal['gap_points']):.1f}",
        )
        for lang in LANGS
    )


def goal_outlook(
    goals: pd.DataFrame,
    series: pd.DataFrame,
    rules: RuleSet,
    plan_end: str = config.PLAN_END,
    window: int = 12,
) -> pd.DataFrame:
    """Return one row per target (OUTLOOK_COLUMNS): level, the rule that fired, reasons, projection.

    `goals` is data.goal_progress(period), `series` data.goal_series(period) (target_code, month,
    value). The most severe of the pace and projected-short rules wins (pace first on a tie);
    `projected` is the value at `plan_end` on the trend (NaN once the plan end is reached).
    """
    rows = []
    # one pass over the series, not a boolean filter per target (same rows, same order)
    by_code = dict(tuple(series[["target_code", "month", "value"]].groupby("target_code")))
    empty = series[["month", "value"]].iloc[:0]
    for goal in goals.to_dict("records"):
        own = by_code.get(goal["target_code"], empty)[["month", "value"]]
        end_value = trend.projected_end(own, plan_end, window)
        projection = _projection_texts(goal, end_value, plan_end)
        fired = [c for c in (_behind(goal, rules), _short(goal, end_value, projection, rules)) if c]
        if fired:
            rule, reasons = max(fired, key=lambda c: c[0].rank)
            level, named = rule.level, (rule.id, rule.kind, rule.name_zh, rule.name_en)
        else:
            level, named, reasons = "green", (None, None, None, None), _on_pace(goal)
        share = end_value / goal["target_value"] if end_value is not None else float("nan")
        rows.append(
            (goal["target_code"], level, *named, *reasons)
            + (end_value if end_value is not None else float("nan"), share, *projection)
        )
    return pd.DataFrame(rows, columns=OUTLOOK_COLUMNS)
