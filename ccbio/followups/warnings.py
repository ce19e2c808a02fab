"""The warnings a follow-up can be made from: one row per subject (project, park, target) and
warning in one snapshot, from ccbio.alerts' public evaluators on the data layer's queries."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ccbio import alerts, config, data, outlook
from ccbio import rules as warning_rules
from ccbio.drilldown import project as project_view
from ccbio.rules import RuleSet

WARNING_COLUMNS = [
    "warning_key",
    "period",
    "subject_kind",
    "subject_id",
    "subject_zh",
    "subject_en",
    "park_id",
    "kind",
    "rule_id",
    "rule_name_zh",
    "rule_name_en",
    "level",
    "value",
    "threshold",
    "reason_zh",
    "reason_en",
]


PROJECTS_MAX = 2000


def warning_key(subject_kind: str, subject_id: str, kind: str) -> str:
    """Return the identity of a warning across snapshots and colours: subject and kind of rule."""
    return f"{subject_kind}:{subject_id}:{kind}"


def project_warnings(period: str, rules: RuleSet) -> pd.DataFrame:
    """Return one row per stalled project in `period` (every one, not only the listed)."""
    # the most severe first: at demo scale every stalled project (~130); a huge city keeps the
    # list (and the items opened from it) to the ones that matter most
    rows = data.stalled_projects(period, limits=alerts.stall_limits(rules), limit=PROJECTS_MAX)
    if rows.empty:
        return pd.DataFrame(columns=WARNING_COLUMNS)
    status = alerts.stalled_projects(rows, rules)[
        ["project_id", "level", "rule_zh", "rule_en", "reason_zh", "reason_en"]
    ]
    return _stalled_frame(rows.merge(status, on="project_id"))


def _stalled_frame(rows: pd.DataFrame, fired: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the project_stalled warning columns for project rows and the rule each fired.

    `fired` holds rule_id, rule_zh/en, level, months_limit and reason_zh/en, one per row of
    `rows`; without it, `rows` holds them itself.
    """
    fired = rows if fired is None else fired
    return pd.DataFrame(
        {
            "subject_kind": "project",
            "subject_id": rows["project_id"].to_numpy(),
            "subject_zh": rows["name_zh"].to_numpy(),
            "subject_en": rows["name_en"].to_numpy(),
            "park_id": rows["park_id"].to_numpy(),
            "kind": "project_stalled",
            "rule_id": fired["rule_id"].to_numpy(),
            "rule_name_zh": fired["rule_zh"].to_numpy(),
            "rule_name_en": fired["rule_en"].to_numpy(),
            "level": fired["level"].to_numpy(),
            "value": rows["months_in_stage"].astype(float).to_numpy(),
            "threshold": fired["months_limit"].astype(float).to_numpy(),
            "reason_zh": fired["reason_zh"].to_numpy(),
            "reason_en": fired["reason_en"].to_numpy(),
        }
    )


def park_warnings(period: str, rules: RuleSet) -> pd.DataFrame:
    """Return one row per park with no new project for longer than a rule allows."""
    activity = data.park_last_new_project(period)
    out = []
    for i in range(len(activity)):
        park = activity.iloc[[i]]
        fired = alerts.park_alerts(park, period, rules)
        if len(fired):
            a = fired.iloc[0]
            p = park.iloc[0]
            out.append(
                {
                    "subject_kind": "park",
                    "subject_id": p["park_id"],
                    "subject_zh": p["name_zh"],
                    "subject_en": p["name_en"],
                    "park_id": p["park_id"],
                    "kind": a["kind"],
                    "rule_id": a["rule_id"],
                    "rule_name_zh": a["rule_zh"],
                    "rule_name_en": a["rule_en"],
                    "level": a["level"],
                    "value": a["value"],
                    "threshold": a["threshold"],
                    "reason_zh": a["reason_zh"],
                    "reason_en": a["reason_en"],
                }
            )
    return pd.DataFrame(out, columns=WARNING_COLUMNS)


def target_warnings(period: str, rules: RuleSet) -> pd.DataFrame:
    """Return one row per 双十双百双千 target behind pace or projected short."""
    goals = data.goal_progress(period)
    status = outlook.goal_outlook(goals, data.goal_series(period), rules).merge(
        goals, on="target_code"
    )
    status = status[status["level"] != "green"]
    return pd.DataFrame(
        {
            "subject_kind": "target",
            "subject_id": status["target_code"],
            "subject_zh": status["name_zh"],
            "subject_en": status["name_en"],
            "park_id": None,
            "kind": "goal",
            "rule_id": status["rule_id"],
            "rule_name_zh": status["rule_zh"],
            "rule_name_en": status["rule_en"],
            "level": status["level"],
            "value": status["value"],
            "threshold": status["target_value"],
            "reason_zh": status["name_zh"] + "：" + status["reason_zh"],
            "reason_en": status["name_en"] + ": " + status["reason_en"],
        },
        columns=WARNING_COLUMNS,
    )


def evaluate(period: str, rules: RuleSet | None = None) -> pd.DataFrame:
    """Return every project, park and target warning in `period`, red first (WARNING_COLUMNS)."""
    rules = rules if rules is not None else warning_rules.current()
    parts = [f(period, rules) for f in (target_warnings, park_warnings, project_warnings)]
    out = pd.concat([p for p in parts if len(p)] or [pd.DataFrame(columns=WARNING_COLUMNS)])
    out["period"] = period
    out["warning_key"] = [
        warning_key(k, s, w)
        for k, s, w in zip(out["subject_kind"], out["subject_id"], out["kind"], strict=True)
    ]
    rank = out["level"].map(alerts.LEVEL_RANK)
    return (
        out.assign(_r=rank)
        .sort_values("_r", ascending=False, kind="stable")
        .drop(columns="_r")[WARNING_COLUMNS]
        .reset_index(drop=True)
    )


@st.cache_data(ttl=config.QUERY_CACHE_TTL_S, show_spinner=False, max_entries=16)
def _cached(period: str, version: str) -> pd.DataFrame:
    return evaluate(period)


def at(period: str) -> pd.DataFrame:
    """Return evaluate(period), cached per data version and warning-rules file version."""
    return _cached(data.check_period(period), data.data_version() + warning_rules.version())


def latest_two() -> tuple[str, str | None]:
    """Return the newest snapshot period and the one before it (None when there is only one)."""
    periods = data.periods()
    return periods[-1], (periods[-2] if len(periods) > 1 else None)


def project_rows(history: pd.DataFrame, rules: RuleSet | None = None) -> pd.DataFrame:
    """Return one warning row (WARNING_COLUMNS) per snapshot a project was stalled in, oldest first.

    `history` is data.project_history: the project page's follow-ups need only this project's
    warnings, never the whole city's (which at 10,000x would be a million rows).
    """
    rules = rules if rules is not None else warning_rules.current()
    if history.empty:
        return pd.DataFrame(columns=WARNING_COLUMNS)
    fired = project_view.warnings_over_time(history, rules)
    rows = history.set_index("period").loc[fired["period"]].reset_index()
    out = _stalled_frame(rows, fired).assign(period=fired["period"].to_numpy())
    out["warning_key"] = [warning_key("project", s, "project_stalled") for s in out["subject_id"]]
    return out[WARNING_COLUMNS].reset_index(drop=True)
