"""Pure rules on follow-up items: current level and why, overdue, whether an item may be closed."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ccbio.followups.calendar import add_working_days, working_days_between
from ccbio.formatting import format_date, format_month

STATUSES = ("todo", "in_progress", "closed")
# 待办 -> 整改中 -> 已销号; an item may be closed straight from 待办 (the warning went away)
TRANSITIONS = {"todo": ("in_progress", "closed"), "in_progress": ("closed",), "closed": ()}
ASSESS_COLUMNS = [
    "warning_now",
    "firing",
    "overdue",
    "days_left",
    "level",
    "why_zh",
    "why_en",
]


def deadline_for(colour: str, opened: dt.date, rules: dict) -> dt.date:
    """Return the deadline of an item opened on `opened` for a warning of `colour`."""
    days = rules["deadline"]["working_days"][colour]
    return add_working_days(opened, days, rules["deadline"]["holidays"])


def start_level(colour: str, rules: dict) -> int:
    """Return the 督办 level a new item for a warning of `colour` starts at."""
    return rules["open"]["start_level"][colour]


def _colours(warnings: pd.DataFrame | None) -> dict[str, str]:
    if warnings is None or warnings.empty:
        return {}
    return dict(zip(warnings["warning_key"], warnings["level"], strict=True))


def assess_one(
    item: dict, today: dt.date, now: dict[str, str], before: dict[str, str], periods, rules: dict
) -> dict:
    """Return ASSESS_COLUMNS for one item (see assess)."""
    key, country = item["warning_key"], rules["deadline"]["holidays"]
    colour = now.get(key)
    closed = item["status"] == "closed"
    level, why_zh, why_en = int(item["base_level"]), [], []
    if colour is not None and start_level(colour, rules) > level and not closed:
        level = start_level(colour, rules)
        why_zh.append("预警已升为红灯")
        why_en.append("the warning turned red")
    deadline = item["deadline"]
    days_left = working_days_between(today, deadline, country)
    overdue = not closed and today > deadline
    if overdue and rules["escalate"]["overdue"]:
        level += 1
        late = working_days_between(deadline, today, country)
        # dates and months as every page writes them (2026年12月7日), not the stored keys
        why_zh.append(f"已超过期限 {format_date(deadline, 'zh')}（逾期 {late} 个工作日）")
        why_en.append(f"past its deadline {format_date(deadline, 'en')} ({late} working days late)")
    n = rules["escalate"]["amber_consecutive_snapshots"]
    latest, previous = periods
    if not closed and n == 2 and colour == "amber" and before.get(key) == "amber":
        level += 1
        before_zh, latest_zh = format_month(previous, "zh"), format_month(latest, "zh")
        why_zh.append(f"连续两期黄灯（{before_zh}、{latest_zh}）")
        before_en, latest_en = format_month(previous, "en"), format_month(latest, "en")
        why_en.append(f"amber in two snapshots in a row ({before_en}, {latest_en})")
    return {
        "warning_now": colour,
        "firing": colour is not None,
        "overdue": overdue,
        "days_left": days_left,
        "level": min(level, rules["max_level"]),
        "why_zh": "；".join(why_zh),
        "why_en": "; ".join(why_en),
    }


def assess(
    items: pd.DataFrame,
    today: dt.date,
    latest: pd.DataFrame,
    previous: pd.DataFrame | None,
    periods: tuple[str, str | None],
    rules: dict,
) -> pd.DataFrame:
    """Return the items with ASSESS_COLUMNS: the warning's colour in the latest snapshot (None:
    no longer fires), overdue, working days left, the level after escalation and why it rose.

    `latest` / `previous` are the warnings (warnings.WARNING_COLUMNS) of the newest snapshot
    and the one before; `periods` names them.
    """
    if items.empty:
        return items.assign(**{c: pd.Series(dtype=object) for c in ASSESS_COLUMNS})
    now, before = _colours(latest), _colours(previous)
    rows = [assess_one(r, today, now, before, periods, rules) for r in items.to_dict("records")]
    return pd.concat([items.reset_index(drop=True), pd.DataFrame(rows)], axis=1)


def close_problem(item: dict, firing: bool, reason: str, rules: dict) -> str | None:
    """Return why an item may not be closed (a catalogue key), or None when it may.

    Closing (销号) needs the warning to no longer fire in the latest snapshot, or a reason.
    """
    if item["status"] == "closed":
        return "followups.err_already_closed"
    if firing and len((reason or "").strip()) < rules["close"]["min_reason_chars"]:
        return "followups.err_close_needs_reason"
    return None


def transition_problem(from_status: str, to_status: str) -> str | None:
    """Return why a status change is not allowed (a catalogue key), or None when it is."""
    if to_status not in STATUSES:
        return "followups.err_bad_status"
    if to_status not in TRANSITIONS[from_status]:
        return "followups.err_bad_transition"
    return None
