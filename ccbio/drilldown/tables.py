"""The drill-down pages' tables as the reader sees them: (frame, column_config) for st.dataframe.

Each function takes the frames of ccbio.drilldown.{project,park,firm} (or a query's) and the
language, and returns the rows with months, stages, flags and levels in words and each column's
header; the columns keep their internal names, so tests read them by name. Nothing here reads
data or draws: the stage names come in as a dict (stage_id -> name in the language).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ccbio import links
from ccbio.drilldown.firm import FLAGS
from ccbio.followups.view import COLOUR_KEYS
from ccbio.formatting import format_month, format_pct, format_yi_alike
from ccbio.i18n import t

Table = tuple[pd.DataFrame, dict]
LISTED_FLAGS = ("is_above_scale", "is_srdi", "is_listed", "is_chain_leader")


def _side(lang: str) -> str:
    return "zh" if lang == "zh" else "en"


def _month_or(months, lang: str, missing: str) -> list[str]:
    """Return each month in words, `missing` where there is none."""
    return [format_month(m, lang) if isinstance(m, str) else missing for m in months]


def _headers(prefix: str, columns, lang: str) -> dict:
    return {c: t(f"{prefix}.col_{c}", lang) for c in columns}


def _narrow(label: str) -> st.column_config.TextColumn:
    return st.column_config.TextColumn(label, width="small")


def _wide(label: str) -> st.column_config.TextColumn:
    """A column of sentences (a warning's reason): the room the short columns beside it leave."""
    return st.column_config.TextColumn(label, width="large")


def _invest_column(label: str) -> st.column_config.NumberColumn:
    return st.column_config.NumberColumn(label, format="%,.2f")


# ---- project page ------------------------------------------------------------------------------


def stage_timeline_table(timeline: pd.DataFrame, stage_names: dict, lang: str) -> Table:
    """The stages a project went through: stage, entered, left (or still there), months."""
    frame = timeline.assign(
        stage=timeline["stage"].map(stage_names),
        entered=_month_or(timeline["entered"], lang, "—"),
        left=_month_or(timeline["left"], lang, t("project.still_here", lang)),
    ).drop(columns="current")
    return frame, _headers("project", ("stage", "entered", "left", "months"), lang)


def revision_text(revisions: pd.DataFrame, lang: str) -> str:
    """Return the caption under the investment chart: each revision, or that there was none."""
    if revisions.empty:
        return t("project.invest_none", lang)
    listed = " · ".join(
        f"{format_month(r.period, lang)}: "
        + " → ".join(format_yi_alike([r.from_yi, r.to_yi], lang))  # one unit for both
        + f" ({format_pct(r.change, signed=True)})"
        for r in revisions.itertuples()
    )
    return t("project.invest_revised", lang, n=len(revisions), list=listed)


def milestone_table(milestones: pd.DataFrame, lang: str, state_of) -> Table:
    """Milestones planned against actual; `state_of(planned, late, reached)` -> (key, months)."""
    states = [
        state_of(p, late, r)
        for p, late, r in zip(
            milestones["planned"], milestones["late_months"], milestones["reached"], strict=True
        )
    ]
    frame = milestones.assign(
        milestone=[t(f"project.ms_{m}", lang) for m in milestones["milestone"]],
        planned=_month_or(milestones["planned"], lang, "—"),
        actual=_month_or(milestones["actual"], lang, "—"),
        state=[t(f"project.{key}", lang, n=n) for key, n in states],
    )[["milestone", "planned", "actual", "state"]]
    return frame, _headers("project", ("milestone", "planned", "actual", "state"), lang)


def event_table(events: pd.DataFrame, stage_names: dict, lang: str) -> Table:
    """The project's events (project.event_rows): month, event, from and to stage, reason."""
    frame = events.assign(
        period=_month_or(events["period"], lang, "—"),
        event=[t(f"project.ev_{e}", lang) for e in events["event"]],
        from_stage=events["from_stage"].map(stage_names).fillna(""),
        to_stage=events["to_stage"].map(stage_names).fillna(""),
        reason=events[f"reason_{_side(lang)}"].fillna(""),
    )[["period", "event", "from_stage", "to_stage", "reason"]]
    return frame, {
        "period": t("project.month", lang),
        "event": t("project.col_event", lang),
        "from_stage": t("project.from", lang),
        "to_stage": t("project.to", lang),
        "reason": t("project.col_reason", lang),
    }


def warning_span_table(spans: pd.DataFrame, lang: str) -> Table:
    """Each warning that fired on the project: level, first and last month, snapshots, reason."""
    frame = spans.assign(
        level=[t(COLOUR_KEYS[lv], lang) for lv in spans["level"]],
        first=_month_or(spans["first"], lang, "—"),
        last=_month_or(spans["last"], lang, "—"),
        reason=spans[f"reason_{_side(lang)}"],
    )[["level", "first", "last", "snapshots", "reason"]]
    headers = _headers("project", ("level", "first", "last", "snapshots"), lang)
    return frame, {c: _narrow(label) for c, label in headers.items()} | {
        "reason": _wide(t("project.col_reason", lang))
    }


# ---- project lists (park page, firm page) ------------------------------------------------------


def project_list_table(
    projects: pd.DataFrame, stage_names: dict, lang: str, period: str | None, *, page: str
) -> Table:
    """A list of projects, each opening its page: the park's projects or a firm's (`page`)."""
    side = _side(lang)
    base = projects.assign(
        project=links.urls("project", projects["project_id"], lang, period),
        name=projects[f"name_{side}"],
        stage=projects["stage"].map(stage_names),
    )
    link = st.column_config.LinkColumn(
        t("park.col_id" if page == "park" else "firm.col_id", lang),  # the name column is 项目
        display_text=links.DISPLAY["project"],
    )
    if page == "firm":
        frame = base.assign(last_seen=_month_or(projects["last_seen"], lang, "—"))[
            ["project", "name", "stage", "investment_yi", "last_seen"]
        ]
        return frame, {
            "project": link,
            "name": t("firm.col_project", lang),
            "stage": t("firm.col_stage", lang),
            "investment_yi": _invest_column(t("firm.col_invest", lang)),
            "last_seen": t("firm.col_seen", lang),
        }
    frame = base.assign(
        stage_since=_month_or(projects["stage_since"], lang, "—"),
        unit=projects.get("responsible_unit"),
    )[["project", "name", "stage", "stage_since", "months_in_stage", "investment_yi", "unit"]]
    return frame, {
        "project": link,
        "name": t("park.col_name", lang),
        "stage": t("park.col_stage", lang),
        "stage_since": t("park.col_since", lang),
        "months_in_stage": t("park.col_months", lang),
        "investment_yi": _invest_column(t("park.col_invest", lang)),
        "unit": t("park.col_unit", lang),
    }


# ---- park page ---------------------------------------------------------------------------------


def stage_count_table(by_stage: pd.DataFrame, stage_names: dict, lang: str) -> Table:
    """The park's projects by stage: stage, projects, investment."""
    frame = by_stage.assign(stage=by_stage["stage"].map(stage_names))[
        ["stage", "projects", "investment_yi"]
    ]
    return frame, {
        "stage": t("park.col_stage", lang),
        "projects": t("park.col_projects", lang),
        "investment_yi": _invest_column(t("park.col_invest", lang)),
    }


def flag_labels(lang: str) -> dict:
    """Return flag -> its name (and 'all' -> all firms)."""
    return {"all": t("park.flag_all", lang)} | {k: t(f"firm.flag_{k}", lang) for k in FLAGS}


def flag_count_table(counts: pd.DataFrame, lang: str) -> Table:
    """The park's firms by flag (park.firm_flag_counts)."""
    frame = counts.assign(flag=counts["flag"].map(flag_labels(lang)))
    return frame, {"flag": t("park.col_flag", lang), "firms": t("park.col_firms", lang)}


def indicator_table(latest: pd.DataFrame, lang: str) -> Table:
    """The park's money indicators this month: value, year to date, its change on a year."""
    frame = latest.assign(
        name=latest[f"name_{_side(lang)}"],
        value=format_yi_alike(latest["value"], lang),  # one unit per column
        ytd=format_yi_alike(latest["ytd"], lang),
        ytd_yoy=[format_pct(v, signed=True) for v in latest["ytd_yoy"]],
    )[["name", "value", "ytd", "ytd_yoy"]]
    return frame, {
        "name": t("park.col_indicator", lang),
        "value": t("park.col_value", lang),
        "ytd": t("park.col_ytd", lang),
        "ytd_yoy": t("park.col_yoy", lang),
    }


def _subject_name(figure: str) -> str:
    """Return the subject named in an alert's figure text ("项目：名称" / "Project: name")."""
    return figure.split("：", 1)[-1].split(": ", 1)[-1]


def park_warning_table(found: pd.DataFrame, lang: str, period: str | None) -> Table:
    """The park's warnings now (park.park_warnings): level, the subject opening its page, reason."""
    side = _side(lang)
    frame = found.assign(
        level=[t(COLOUR_KEYS[lv], lang) for lv in found["level"]],
        link=[
            links.named_url(kind, sid, _subject_name(figure), lang, period)
            for kind, sid, figure in zip(
                found["subject_kind"], found["subject_id"], found[f"figure_{side}"], strict=True
            )
        ],
        reason=found[f"reason_{side}"],
    )[["level", "link", "reason"]]
    return frame, {
        "level": _narrow(t("park.col_level", lang)),
        "reason": _wide(t("park.col_reason", lang)),
        "link": links.link_column(t("park.col_subject", lang)),
    }


def firm_list_table(firms: pd.DataFrame, lang: str, period: str | None) -> Table:
    """The park's firms, each opening its page: name, sector, output and flags."""
    side = _side(lang)
    frame = firms.assign(
        firm=links.urls("firm", firms["enterprise_id"], lang, period),
        name=firms[f"name_{side}"],
        sector=firms[f"sector_{side}"],
    )[["firm", "name", "sector", "output_value_yi", *LISTED_FLAGS]]
    return frame, {
        "firm": st.column_config.LinkColumn(
            t("park.col_id", lang), display_text=links.DISPLAY["firm"]
        ),
        "name": t("park.col_name", lang),
        "sector": t("park.col_sector", lang),
        "output_value_yi": _invest_column(t("park.col_output", lang)),
    } | {k: t(f"firm.flag_{k}", lang) for k in LISTED_FLAGS}


# ---- firm page ---------------------------------------------------------------------------------


def flag_timeline_table(flags: pd.DataFrame, lang: str) -> Table:
    """Each flag: held now, first and last month held (firm.flag_timeline)."""
    never = t("firm.never", lang)
    frame = flags.assign(
        flag=[t(f"firm.flag_{k}", lang) for k in flags["flag"]],
        now=[t("firm.yes" if v else "firm.no", lang) for v in flags["now"]],
        first=_month_or(flags["first"], lang, never),
        last=_month_or(flags["last"], lang, never),
    )
    return frame, _headers("firm", ("flag", "now", "first", "last"), lang)


def flag_change_table(changes: pd.DataFrame, lang: str) -> Table:
    """Each month a flag was gained or lost (firm.flag_changes)."""
    frame = changes.assign(
        period=_month_or(changes["period"], lang, "—"),
        flag=[t(f"firm.flag_{k}", lang) for k in changes["flag"]],
        change=[t("firm.gained" if g else "firm.lost", lang) for g in changes["gained"]],
    )[["period", "flag", "change"]]
    return frame, _headers("firm", ("period", "flag", "change"), lang)


def stage_names(stages: pd.DataFrame, lang: str) -> dict:
    """Return stage_id -> its name in `lang`, from data.stage_list()."""
    return dict(zip(stages["stage_id"], stages[f"name_{_side(lang)}"], strict=True))
