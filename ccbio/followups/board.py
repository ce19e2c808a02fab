"""What the follow-up pages show: items with their assessment, filters, units, the 督办单."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from ccbio import config, data, export
from ccbio import rules as warning_rules
from ccbio.followups import assess, clock, items, warnings
from ccbio.followups import rules as fu_rules
from ccbio.formatting import local_time

FILTER_FIELDS = ("parks", "units", "statuses", "levels", "overdue")


def default_units(found: pd.DataFrame, rules: dict, park_names: dict[str, str]) -> dict[str, str]:
    """Return warning_key -> proposed responsible unit: the project's, else the rules' wording."""
    out: dict[str, str] = {}
    projects = found[found["subject_kind"] == "project"]
    if len(projects):
        period = projects["period"].iloc[0]
        by_project = data.project_units(period, projects["subject_id"])
        for key, pid in zip(projects["warning_key"], projects["subject_id"], strict=True):
            if pid in by_project:
                out[key] = by_project[pid]
    for w in found[found["subject_kind"] != "project"].to_dict("records"):
        template = rules["units"].get(w["subject_kind"])
        if template:
            out[w["warning_key"]] = template.format(park=park_names.get(w["park_id"], ""))
    return out


def refresh(today: dt.date | None = None) -> dict:
    """Open the automatic items for the newest snapshot; return the board (see below).

    Returns {"rules", "periods", "latest", "previous", "items"}: the follow-up rules, the two
    newest snapshot periods, their warnings, and every item assessed on `today`. Kept while
    nothing it depends on changes (_kept): the data and the reader's scope, both rule files, the
    day and the store's follow-ups (items.store_version, one small query).
    """
    today = today or clock.today()
    state = "|".join(
        (
            data.data_version(),
            warning_rules.version(),
            warning_rules.version(fu_rules.RULES_PATH),  # a file's fingerprint, whichever rules
            items.store_version(),
        )
    )
    return _kept(today, state)


# working the board out is ~30 ms (the warnings' units, opening, assessing every item), paid on
# every rerun of the park and follow-up pages; `state` holds all it reads, so a kept board is the
# one refresh would make (a board made just as someone wrote is kept under the older state and
# replaced at the next run)
@st.cache_data(ttl=config.QUERY_CACHE_TTL_S, show_spinner=False, max_entries=64)
def _kept(today: dt.date, state: str) -> dict:
    return _refreshed(today)


def _refreshed(today: dt.date) -> dict:
    """Do refresh()'s work: open the automatic items, assess every item on `today`."""
    rules = fu_rules.load()
    latest_p, previous_p = warnings.latest_two()
    latest = warnings.at(latest_p)
    previous = warnings.at(previous_p) if previous_p else None
    parks = data.park_list()
    names = dict(zip(parks["park_id"], parks["name_zh"], strict=True))
    items.auto_open(latest, default_units(latest, rules, names), rules, today)
    assessed = assess.assess(
        items.list_items(), today, latest, previous, (latest_p, previous_p), rules
    )
    return _board(rules, (latest_p, previous_p), latest, previous, assessed, today)


def _board(rules, periods, latest, previous, assessed, today) -> dict:
    """Return what the follow-up widgets read: rules, the two periods, warnings, items, today."""
    return {
        "rules": rules,
        "periods": periods,
        "latest": latest,
        "previous": previous,
        "items": assessed,
        "today": today,
    }


def for_project(history: pd.DataFrame, today: dt.date | None = None) -> dict:
    """Return the board (as refresh) for one project only, from its history: no city-wide work.

    The project's warnings in the newest snapshot and the one before come from its own rows.
    """
    today = today or clock.today()
    rules = fu_rules.load()
    latest_p, previous_p = warnings.latest_two()
    rows = warnings.project_rows(history)
    latest = rows[rows["period"] == latest_p]
    previous = rows[rows["period"] == previous_p]
    pid = history["project_id"].iloc[0]
    unit = history["responsible_unit"].iloc[-1] if "responsible_unit" in history else None
    if isinstance(unit, str) and unit:
        items.auto_open(latest, dict.fromkeys(latest["warning_key"], unit), rules, today)
    mine = items.list_items(subject_kind="project", subject_id=pid)
    assessed = assess.assess(mine, today, latest, previous, (latest_p, previous_p), rules)
    return _board(rules, (latest_p, previous_p), latest, previous, assessed, today)


def filter_items(
    assessed: pd.DataFrame,
    parks=(),
    units=(),
    statuses=(),
    levels=(),
    overdue: bool = False,
) -> pd.DataFrame:
    """Return the items matching every chosen filter (an empty choice matches all)."""
    keep = pd.Series(True, index=assessed.index)
    for column, chosen in (
        ("park_id", parks),
        ("responsible_unit", units),
        ("status", statuses),
        ("level", levels),
    ):
        if chosen:
            keep &= assessed[column].isin(list(chosen))
    if overdue:
        keep &= assessed["overdue"].astype(bool)
    return assessed[keep]


def open_for_subject(assessed: pd.DataFrame, kind: str, subject_id: str) -> pd.DataFrame:
    """Return the items about one project / park (a park's include its projects'), open first."""
    if kind == "park":
        mine = assessed[assessed["park_id"] == subject_id]
    else:
        mine = assessed[(assessed["subject_kind"] == kind) & (assessed["subject_id"] == subject_id)]
    return mine.sort_values(
        ["status", "id"], key=lambda s: s.eq("closed") if s.name == "status" else -s
    )


SHEET_COLUMNS = {
    "id": "督办编号",
    "level_name": "督办级别",
    "status_name": "状态",
    "subject_zh": "督办对象",
    "park_zh": "所属园区",
    "responsible_unit": "责任单位",
    "warning_name": "预警",
    "rule_name_zh": "预警规则",
    "value": "触发值",
    "threshold": "阈值",
    "reason_zh": "预警说明",
    "period": "预警期",
    "opened_on": "立项日期",
    "deadline": "办结期限",
    "overdue_text": "是否超期",
    "why_zh": "升级原因",
    "close_reason": "销号说明",
    "latest_note": "最新进展",
    "updated_local": "最近更新",
    "created_by": "发起人",
}
SHEET_KINDS = {"period": "month", "opened_on": "date", "deadline": "date", "updated_local": "time"}
STATUS_ZH = {"todo": "待办", "in_progress": "整改中", "closed": "已销号"}
COLOUR_ZH = {"red": "红灯", "amber": "黄灯"}


def sheet(
    assessed: pd.DataFrame,
    rules: dict,
    park_names: dict[str, str],
    notes: dict[int, str] | None = None,
) -> pd.DataFrame:
    """Return the 督办单: one row per item, Chinese headers, the rule and the numbers that fired it,
    the newest note (`notes`: item id -> note); months and days as real dates, times by the
    server's clock (see export.export_frame: kinds, and columns empty in every row left out)."""
    notes = notes or {}
    df = assessed.assign(
        level_name=[fu_rules.level_name(rules, int(lv), "zh") for lv in assessed["level"]],
        status_name=assessed["status"].map(STATUS_ZH),
        park_zh=assessed["park_id"].map(park_names).fillna("—"),
        warning_name=assessed["warning_level"].map(COLOUR_ZH),
        overdue_text=assessed["overdue"].map({True: "是", False: "否"}),
        latest_note=[notes.get(int(i), "") for i in assessed["id"]],
        updated_local=[local_time(at) for at in assessed["updated_at"]],
    )
    return export.export_frame(df, SHEET_COLUMNS, kinds=SHEET_KINDS)
