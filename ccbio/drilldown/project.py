"""One project's history: stage timeline, investment revisions, milestones, warnings over time.

Every function takes data.project_history(project_id) (one row per snapshot, oldest first) and
returns a small frame; nothing here reads data or Streamlit, so tests feed hand-made histories.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ccbio import alerts
from ccbio.config import STAGES
from ccbio.formatting import format_yi_alike
from ccbio.frames import frame_key
from ccbio.periods import months_between
from ccbio.rules import ProjectStalled, RuleSet

PLAN_COLUMNS = (
    "responsible_unit",
    "planned_construction_start",
    "planned_commissioning",
    "planned_full_capacity",
)
# milestone -> (stage it is reached by entering, planned column)
MILESTONES = {
    "construction_start": ("construction", "planned_construction_start"),
    "commissioning": ("commissioning", "planned_commissioning"),
    "full_capacity": ("full_capacity", "planned_full_capacity"),
}


def with_plan_columns(history: pd.DataFrame) -> pd.DataFrame:
    """Return the history with the four plan columns present (null where no snapshot had them)."""
    missing = {c: None for c in PLAN_COLUMNS if c not in history.columns}
    return history.assign(**missing) if missing else history


def sponsor_id(last: pd.Series) -> str | None:
    """Return the firm id of the project's sponsor in its latest snapshot, or None."""
    firm_id = last.get("sponsor_enterprise_id")
    return firm_id if isinstance(firm_id, str) and firm_id else None


def sponsor(last: pd.Series, firm: pd.DataFrame | None, lang: str) -> tuple[str | None, str | None]:
    """Return (firm id or None, name shown) of the project's sponsor in its latest snapshot.

    `firm` is data.firm_name(sponsor_id(last), period) (None without a firm id): the firm's names
    in the user's language. A firm no longer in that snapshot is still linked, under the name the
    project records; without a firm id, the recorded name (an investor the city's firm statistics
    do not hold) is not linked; or (None, None).
    """
    recorded = last.get("sponsor_zh")
    recorded = recorded if isinstance(recorded, str) and recorded.strip() else None
    firm_id = sponsor_id(last)
    if firm is None or firm.empty:
        return (firm_id, recorded) if firm_id and recorded else (None, recorded)
    row = firm.iloc[0]
    name = row["name_en"] if lang != "zh" and isinstance(row["name_en"], str) else row["name_zh"]
    return row["enterprise_id"], name


def stage_entries(history: pd.DataFrame) -> dict[str, str]:
    """Return stage -> month the project entered it, as its snapshots record (stage_since)."""
    entries: dict[str, str] = {}
    for stage, since in zip(history["stage"], history["stage_since"], strict=True):
        entries.setdefault(stage, since)
    return entries


def stage_timeline(history: pd.DataFrame) -> pd.DataFrame:
    """Return one row per stage the project reached, in order: entered, left, months, current.

    A stage is left when the next one is entered; the stage it was last seen in runs to the last
    snapshot it appears in (`current` true; `in_pipeline` says whether that is the newest one).
    """
    entries = stage_entries(history)
    last_seen = history["period"].iloc[-1]
    reached = [s for s in STAGES if s in entries]
    rows = []
    for i, stage in enumerate(reached):
        entered = entries[stage]
        left = entries[reached[i + 1]] if i + 1 < len(reached) else None
        rows.append(
            {
                "stage": stage,
                "entered": entered,
                "left": left,
                "months": months_between(entered, left or last_seen),
                "current": left is None,
            }
        )
    return pd.DataFrame(rows, columns=["stage", "entered", "left", "months", "current"])


def investment_series(history: pd.DataFrame) -> pd.DataFrame:
    """Return one row per snapshot: planned investment and whether it was revised that month."""
    previous = history["previous_investment_yi"]
    revised = previous.notna() & (history["investment_yi"].round(4) != previous.round(4))
    return pd.DataFrame(
        {
            "period": history["period"],
            "investment_yi": history["investment_yi"],
            "previous_investment_yi": previous.where(revised),
            "revised": revised,
        }
    ).reset_index(drop=True)


def revisions(history: pd.DataFrame) -> pd.DataFrame:
    """Return one row per revision of the planned investment: month, from, to, change."""
    series = investment_series(history)
    out = series[series["revised"]].rename(
        columns={"previous_investment_yi": "from_yi", "investment_yi": "to_yi"}
    )[["period", "from_yi", "to_yi"]]
    return out.assign(change=out["to_yi"] / out["from_yi"] - 1).reset_index(drop=True)


def milestones(history: pd.DataFrame, today_period: str | None = None) -> pd.DataFrame:
    """Return one row per milestone: planned month, actual month, months late (negative: early).

    `late` for a milestone not yet reached counts months past its plan up to `today_period`
    (default: the last snapshot); null when it is not yet due.
    """
    history = with_plan_columns(history)
    last = history.iloc[-1]
    entries = stage_entries(history)
    now = today_period or last["period"]
    rows = []
    for name, (stage, planned_col) in MILESTONES.items():
        planned = last[planned_col] if isinstance(last[planned_col], str) else None
        actual = entries.get(stage)
        if stage == "construction" and isinstance(last.get("construction_start"), str):
            actual = last["construction_start"]
        if planned is None:
            late = None
        elif actual is not None:
            late = months_between(planned, actual)
        else:
            late = months_between(planned, now) if planned < now else None
        rows.append(
            {
                "milestone": name,
                "planned": planned,
                "actual": actual,
                "late_months": late,
                "reached": actual is not None,
            }
        )
    return pd.DataFrame(rows)


def stalled_rules(history: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """Return the history with rule_id and months_limit: the project_stalled rule each row fires.

    The pandas twin of the rules evaluated in SQL by data.stalled_projects (most severe first;
    a stage a rule leaves out never stalls), for one project's few dozen rows.
    """
    rule_id, limit = [], []
    for stage, months in zip(history["stage"], history["months_in_stage"], strict=True):
        fired = next(
            (r for r in rules.of(ProjectStalled) if stage in r.months and months > r.months[stage]),
            None,
        )
        rule_id.append(fired.id if fired else None)
        limit.append(fired.months[stage] if fired else None)
    return history.assign(rule_id=rule_id, months_limit=limit)


# cached: the project page and its follow-up board ask on every rerun, and each fired snapshot
# is a run of the stall rules (~0.1 s CPU a rerun for a project stalled for two years; issue 15)
@st.cache_data(show_spinner=False, max_entries=256, hash_funcs={pd.DataFrame: frame_key})
def warnings_over_time(history: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """Return one row per snapshot a project_stalled rule fired on the project: level, rule, reason."""
    cols = [
        "period",
        "level",
        "rule_id",
        "rule_zh",
        "rule_en",
        "months_limit",
        "reason_zh",
        "reason_en",
    ]
    fired = stalled_rules(history, rules)
    fired = fired[fired["rule_id"].notna()]
    rows = []
    for i in range(len(fired)):
        row = fired.iloc[[i]]
        status = alerts.stalled_projects(row, rules).iloc[0]
        rows.append(
            {"period": row["period"].iloc[0], "months_limit": row["months_limit"].iloc[0]}
            | {
                c: status[c]
                for c in ("level", "rule_id", "rule_zh", "rule_en", "reason_zh", "reason_en")
            }
        )
    return pd.DataFrame(rows, columns=cols)


def warning_spans(fired: pd.DataFrame, periods: list[str]) -> pd.DataFrame:
    """Return one row per unbroken run of snapshots with the same rule firing: from, to, snapshots."""
    cols = ["rule_id", "level", "first", "last", "snapshots", "reason_zh", "reason_en"]
    order = {p: i for i, p in enumerate(periods)}
    rows: list[dict] = []
    for r in fired.itertuples(index=False):
        prev = rows[-1] if rows else None
        if prev and prev["rule_id"] == r.rule_id and order[r.period] == order[prev["last"]] + 1:
            prev.update(last=r.period, snapshots=prev["snapshots"] + 1)
            prev.update(reason_zh=r.reason_zh, reason_en=r.reason_en)
        else:
            rows.append(
                {
                    "rule_id": r.rule_id,
                    "level": r.level,
                    "first": r.period,
                    "last": r.period,
                    "snapshots": 1,
                    "reason_zh": r.reason_zh,
                    "reason_en": r.reason_en,
                }
            )
    return pd.DataFrame(rows, columns=cols)


def left_pipeline(history: pd.DataFrame, events: pd.DataFrame, latest: str) -> dict | None:
    """Return the event that took the project out of the pipeline (month, kind, reasons), if any."""
    if history["period"].iloc[-1] == latest:
        return None
    gone = events[events["event"].isin(["terminated", "completed"])]
    if gone.empty:
        return {"period": None, "event": "gone", "reason_zh": None, "reason_en": None}
    return gone.iloc[-1][["period", "event", "reason_zh", "reason_en"]].to_dict()


def milestone_state(planned, late, reached: bool) -> tuple[str, int | None]:
    """Return (catalogue key under project., months) saying how a milestone stands."""
    if not isinstance(planned, str):
        return "ms_no_plan", None
    if reached:
        return ("ms_late", int(late)) if late and late > 0 else ("ms_on_time", None)
    if late is None or pd.isna(late):
        return "ms_pending", None
    return "ms_overdue", int(late)


def event_rows(events: pd.DataFrame, revised: pd.DataFrame) -> pd.DataFrame:
    """Return the project's events and investment revisions in one list, oldest first."""
    rev = pd.DataFrame(
        {
            "period": revised["period"],
            "event": "revised",
            "from_stage": None,
            "to_stage": None,
            # the amounts as every card and caption gives them (亿元 / 100m yuan)
            **{
                f"reason_{lang}": [
                    " → ".join(format_yi_alike([a, b], lang))  # one unit for both
                    for a, b in zip(revised["from_yi"], revised["to_yi"], strict=True)
                ]
                for lang in ("zh", "en")
            },
        }
    )
    parts = [p for p in (events, rev) if len(p)]
    if not parts:
        return events.iloc[0:0]
    return pd.concat(parts, ignore_index=True).sort_values(
        ["period", "event"], kind="stable", ignore_index=True
    )
