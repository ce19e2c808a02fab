"""One park: its profile, projects by stage, firms by flag and its open warnings (pure)."""

from __future__ import annotations

import pandas as pd

from ccbio import alerts
from ccbio import rules as rules_mod
from ccbio.drilldown.firm import FLAGS
from ccbio.rules import RuleSet


def profile(parks: pd.DataFrame, sectors: pd.DataFrame, park_id: str) -> dict:
    """Return the park's reference row with its focus sectors' names in zh and en."""
    row = parks.set_index("park_id").loc[park_id].to_dict() | {"park_id": park_id}
    ids = [s for s in str(row.get("focus_sectors") or "").split(";") if s]
    names = sectors.set_index("sector_id")
    row["focus_sectors_zh"] = [names.loc[s, "name_zh"] for s in ids if s in names.index]
    row["focus_sectors_en"] = [names.loc[s, "name_en"] for s in ids if s in names.index]
    return row


def firm_flag_counts(flags: dict[str, int]) -> pd.DataFrame:
    """Return one row per flag (all firms first): how many of the park's firms hold it.

    `flags` is data.park_firm_flags.
    """
    rows = [{"flag": "all", "firms": flags["all_firms"]}]
    return pd.DataFrame(rows + [{"flag": f, "firms": flags[f]} for f in FLAGS])


def park_warnings(
    stalled: pd.DataFrame, activity: pd.DataFrame, park_id: str, period: str, rules: RuleSet
) -> pd.DataFrame:
    """Return the park's warnings in `period` (alerts.ALERT_COLUMNS + subject ids), red first.

    `stalled` is data.stalled_projects for the park (most severe first, limited); `activity`
    is data.park_last_new_project (every park).
    """
    rules = rules if rules is not None else rules_mod.current()
    parts = []
    quiet = alerts.park_alerts(activity[activity["park_id"] == park_id], period, rules)
    if len(quiet):
        parts.append(quiet.assign(subject_kind="park", subject_id=park_id))
    if len(stalled):
        ids = alerts.stalled_projects(stalled, rules)["project_id"].to_numpy()
        parts.append(
            alerts.project_alerts(stalled, rules).assign(subject_kind="project", subject_id=ids)
        )
    if not parts:
        return pd.DataFrame(columns=[*alerts.ALERT_COLUMNS, "subject_kind", "subject_id"])
    out = pd.concat(parts, ignore_index=True)
    rank = out["level"].map(alerts.LEVEL_RANK)
    return (
        out.assign(_r=rank)
        .sort_values("_r", ascending=False, kind="stable")
        .drop(columns="_r")
        .reset_index(drop=True)
    )


def chosen_park(url_value: str | None, filter_parks: tuple[str, ...], known: list[str]) -> str:
    """Return the park to show: the URL's, else the one park picked in the filter, else the first."""
    if url_value in known:
        return url_value
    if len(filter_parks) == 1 and filter_parks[0] in known:
        return filter_parks[0]
    return known[0]


def indicator_latest(series: pd.DataFrame, period: str) -> pd.DataFrame:
    """Return one row per money indicator in `period`: month value, year to date and its YoY."""
    rows = series[(series["month"] == period) & (series["kind"] == "money")]
    return rows[["indicator_code", "name_zh", "name_en", "value", "ytd", "ytd_yoy"]].reset_index(
        drop=True
    )


def money_series(series: pd.DataFrame) -> pd.DataFrame:
    """Return the money indicators' monthly values (month, name_zh, name_en, value)."""
    return series.loc[
        series["kind"] == "money", ["month", "name_zh", "name_en", "value"]
    ].reset_index(drop=True)
