"""One park: its profile, projects by stage, firms by flag and its open warnings (pure)."""

from __future__ import annotations

import pandas as pd

from ccbio import alerts
from ccbio.config import STAGES
from ccbio.drilldown.firm import FLAGS


def profile(parks: pd.DataFrame, sectors: pd.DataFrame, park_id: str) -> dict:
    """Return the park's reference row with its focus sectors' names in zh and en."""
    row = parks.set_index("park_id").loc[park_id].to_dict() | {"park_id": park_id}
    ids = [s for s in str(row.get("focus_sectors") or "").split(";") if s]
    names = sectors.set_index("sector_id")
    row["focus_sectors_zh"] = [names.loc[s, "name_zh"] for s in ids if s in names.index]
    row["focus_sectors_en"] = [names.loc[s, "name_en"] for s in ids if s in names.index]
    return row


def projects_by_stage(projects: pd.DataFrame) -> pd.DataFrame:
    """Return one row per stage (all five, in order): projects and planned investment (亿元)."""
    grouped = projects.groupby("stage").agg(
        projects=("project_id", "size"), investment_yi=("investment_yi", "sum")
    )
    return (
        grouped.reindex(list(STAGES), fill_value=0)
        .rename_axis("stage")
        .reset_index()
        .astype({"projects": int})
    )


def firm_flag_counts(firms: pd.DataFrame) -> pd.DataFrame:
    """Return one row per flag: how many of the park's firms hold it, plus all firms first."""
    rows = [{"flag": "all", "firms": len(firms)}]
    rows += [{"flag": f, "firms": int(firms[f].fillna(False).sum())} for f in FLAGS]
    return pd.DataFrame(rows)


def park_warnings(
    projects: pd.DataFrame, activity: pd.DataFrame, park_id: str, period: str, rules=None
) -> pd.DataFrame:
    """Return the park's warnings in `period` (alerts.ALERT_COLUMNS + subject ids), red first.

    `projects` is data.park_projects; `activity` data.park_last_new_project (every park).
    """
    parts = []
    quiet = alerts.park_alerts(activity[activity["park_id"] == park_id], period, rules)
    if len(quiet):
        parts.append(quiet.assign(subject_kind="park", subject_id=park_id))
    if len(projects):
        status = alerts.project_status(projects, rules)
        fired = projects.merge(status[status["level"] != "green"][["project_id"]], on="project_id")
        if len(fired):
            stalled = alerts.project_alerts(fired, rules)
            parts.append(
                stalled.assign(
                    subject_kind="project",
                    subject_id=alerts.stalled_projects(fired, rules)["project_id"].to_numpy(),
                )
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
