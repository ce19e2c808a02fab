"""What fell short and why: the warning rules that fired on a target, month by month over a plan."""

from __future__ import annotations

import pandas as pd

from ccbio import rules as rules_mod
from ccbio.formatting import format_month, months_phrase
from ccbio.frames import frame_key
from ccbio.i18n import t
from ccbio.outlook import goal_outlook
from ccbio.periods import month_range


def monthly_goals(history: pd.DataFrame, plan, until: str) -> pd.DataFrame:
    """Return one row per target and plan month up to `until`: progress, time elapsed, gap in points.

    `history` is data.plan_goal_history(plan, until); a month with no row (a count still 0) is 0.
    """
    columns = ["target_code", "target_order", "kind", "target_value", "month", "value"]
    columns += ["baseline", "time_elapsed", "progress", "gap_points"]
    if history.empty:  # no monthly snapshot of the plan in the data
        return pd.DataFrame(columns=columns)
    months = month_range(plan.start, until)
    meta = history.drop_duplicates("target_code")[
        ["target_code", "target_order", "kind", "target_value"]
    ]
    grid = meta.merge(pd.DataFrame({"month": months}), how="cross")
    out = grid.merge(history[["target_code", "month", "value", "baseline"]], how="left")
    out["value"] = out["value"].fillna(0.0)
    base = out.groupby("target_code")["baseline"].transform(lambda s: s.ffill().bfill())
    out["baseline"] = base.fillna(0.0)
    elapsed = {m: min(1.0, (i + 1) / plan.months) for i, m in enumerate(months)}
    out["time_elapsed"] = out["month"].map(elapsed)
    span = out["target_value"] - out["baseline"]
    out["progress"] = (out["value"] - out["baseline"]) / span.where(span != 0)
    out["gap_points"] = 100 * (out["progress"] - out["time_elapsed"])
    return out.sort_values(["target_order", "month"]).reset_index(drop=True)


def fired_by_month(goals: pd.DataFrame, plan, rules=None) -> pd.DataFrame:
    """Return one row per target and month: the rule that won that month (None = green).

    Each month is judged by the goal outlook every page uses, with the series known up to it.
    """
    rules = rules if rules is not None else rules_mod.current()
    rules_key = repr(rules)
    parts = [pd.DataFrame(columns=["target_code", "level", "rule_id", "month"])]
    for month, rows in goals.groupby("month", sort=True):
        series = goals[goals["month"] <= month][["target_code", "month", "value"]]
        status = _month_status(rows.assign(unit_zh=""), series, rules, rules_key, plan.end)
        parts.append(status.assign(month=month))
    return pd.concat([p for p in parts if len(p)] or parts[:1], ignore_index=True)


# A month's verdict depends only on the rows up to it: periods of one plan share their earlier
# months, so the assessment of each period no longer re-judges them all (issue 15). Keyed by
# the rows' content, so a revised month is judged anew; a few rows an entry, bounded.
_MONTHS: dict[str, pd.DataFrame] = {}
_MONTHS_KEPT = 4096


def _month_status(rows, series, rules, rules_key: str, plan_end: str) -> pd.DataFrame:
    # without the index: a later period's frame holds the same rows at other positions, and
    # the outlook reads values, never index labels
    frames = (frame_key(f.reset_index(drop=True)) for f in (rows, series))
    key = "|".join((rules_key, plan_end, *frames))
    status = _MONTHS.get(key)
    if status is None:
        status = goal_outlook(rows, series, rules, plan_end=plan_end)
        status = status[["target_code", "level", "rule_id"]]
        if len(_MONTHS) >= _MONTHS_KEPT:
            _MONTHS.clear()
        _MONTHS[key] = status
    return status.copy()


def longest_rules(fired: pd.DataFrame, rules=None) -> pd.DataFrame:
    """Return one row per target and rule that fired: months it fired, first and last month, label.

    Longest first within each target; the label is the rule's display name and when it fires.
    """
    rules = rules if rules is not None else rules_mod.current()
    hits = fired[fired["rule_id"].notna()]
    out = (
        hits.groupby(["target_code", "rule_id"], sort=False)
        .agg(months=("month", "size"), first=("month", "min"), last=("month", "max"))
        .reset_index()
    )
    out["level"] = out["rule_id"].map(lambda r: rules.by_id(r).level)
    out["label_zh"] = out["rule_id"].map(lambda r: _worded(rules.by_id(r), "zh"))
    out["label_en"] = out["rule_id"].map(lambda r: _worded(rules.by_id(r), "en"))
    return out.sort_values(["target_code", "months"], ascending=[True, False], kind="stable")


def _worded(rule, lang: str) -> str:
    """Return a rule as a reader names it: '目标严重落后时间进度（落后时间进度超过 15 个百分点）'."""
    return (
        f"{rule.name(lang)}（{rule.label(lang)}）"
        if lang == "zh"
        else f"{rule.name(lang)} ({rule.label(lang)})"
    )


def shortfall_sentence(row, target_row, lang: str) -> str:
    """Return one target's shortfall in words: the rule that fired longest, for how long, when."""
    name = target_row["name_zh"] if lang == "zh" else target_row["name_en"]
    if row is None:
        return t("assessment.short_no_rule", lang, target=name)
    return t(
        "assessment.short_rule",
        lang,
        target=name,
        rule=row["label_zh"] if lang == "zh" else row["label_en"],
        months=months_phrase(int(row["months"]), lang),
        first=format_month(row["first"], lang),
        last=format_month(row["last"], lang),
    )


def shortfalls(
    table: pd.DataFrame, longest: pd.DataFrame, top_class: str, lang: str
) -> list[tuple[dict, str]]:
    """Return (target row, sentence) for every target not in the top class, in display order."""
    out = []
    for target in table.to_dict("records"):
        if target["class_id"] == top_class:
            continue
        rules = longest[longest["target_code"] == target["target_code"]]
        first = rules.iloc[0] if len(rules) else None
        out.append((target, shortfall_sentence(first, target, lang)))
    return out
