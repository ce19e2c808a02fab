"""Everything the final assessment shows, gathered once for the page, the briefing and the wall screen.

`report(period)` picks the plan the period reports on (plans.plan_for_period), the snapshot and
month its figures come from, runs the queries and the pure assessment functions, and returns
language-neutral frames; the `*_text` helpers word them in zh or en.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from ccbio import alerts, assessment, config, data, plans, shortfall
from ccbio import rules as rules_mod
from ccbio.formatting import (
    format_count,
    format_month,
    format_pct,
    format_yi,
    months_phrase,
    unit_name,
)
from ccbio.i18n import pick, t

COHORT_PERIOD = "2023-12"  # the published state (541 projects) whose fate the assessment follows
STALLED_SHOWN = 10
# query file behind each section, named in its "how is this computed" popover for auditors
QUERIES = {
    "targets": "plan_attainment",
    "sources": "plan_growth_sources",
    "cohort": "pipeline_cohort",
    "stalled": "stalled_projects",
    "short": "plan_goal_history",
}


# The assessment's six target cards: three to a row (at least 260 px each), wrapping in order.
CARDS_CSS = """<style>
.st-key-assessment_cards { flex-wrap: wrap !important; }
.st-key-assessment_cards > div { flex: 1 1 260px !important; min-width: min(260px, 100%) !important;
  max-width: calc(33.4% - 0.5rem) !important; }
@media (max-width: 640px) { .st-key-assessment_cards > div { max-width: 100% !important; } }
</style>"""

COHORT_COLUMNS = ["from_stage", "from_order", "to_state", "outcome", "projects", "investment_yi"]
STALLED_COLUMNS = ["project_id", "name_zh", "name_en", "park_zh", "park_en", "stage", "stage_since"]
STALLED_COLUMNS += ["months_in_stage", "investment_yi", "rule_id"]


@dataclass(frozen=True)
class Report:
    """The assessment of one plan as of one snapshot: phase, months, and every table."""

    position: plans.Position
    plan: plans.Plan
    snapshot: str  # the snapshot the figures are read from
    month: str  # the month they describe: the plan's last month, or the period while it runs
    ended: bool  # True once the plan's last month is reached
    classes: list
    table: pd.DataFrame
    growth: pd.DataFrame
    cohort: pd.DataFrame
    cohort_month: str
    stalled: pd.DataFrame
    longest: pd.DataFrame
    history_months: int  # monthly snapshots of the plan the warnings were re-evaluated on
    state_period: str  # the snapshot showing the pipeline, parks and sectors at the plan's end


def plan_of(period: str) -> tuple[plans.Position, plans.Plan | None, bool]:
    """Return (position, the plan to assess, whether it has ended) for a snapshot period."""
    pos = plans.plan_for_period(period)
    if pos.assessed is not None:
        return pos, pos.assessed, True
    return pos, pos.plan, False


# an entry per plan month a period can report on (36 for 2023-2025), each a few rows
@st.cache_data(ttl=config.QUERY_CACHE_TTL_S, show_spinner=False, max_entries=64)
def _longest(plan_id: str, month: str, version: str) -> tuple[pd.DataFrame, int]:
    """Return (shortfall.longest_rules over the plan's months up to `month`, months evaluated); cached."""
    plan = plans.by_id(plan_id)
    history = data.plan_goal_history(plan, month)
    goals = shortfall.monthly_goals(history, plan, month)
    rules = rules_mod.current()
    fired = shortfall.fired_by_month(goals, plan, rules)
    return shortfall.longest_rules(fired, rules), history["month"].nunique()


def _attainment(period: str, plan: plans.Plan, month: str) -> tuple[list, pd.DataFrame]:
    classes = assessment.load_classes()
    table = assessment.attainment_table(data.plan_attainment(period, plan, month), plan, classes)
    return classes, table


@dataclass(frozen=True)
class Final:
    """An ended plan's attainment alone: what the goals cards and the plan-ended banner show."""

    plan: plans.Plan
    classes: list
    table: pd.DataFrame


def final(period: str) -> Final | None:
    """Return report(period)'s plan, classes and table once its plan has ended, else None.

    Without the rest of the report (the warnings re-evaluated month by month, the cohort, the
    growth sources), which pages other than the assessment do not show (issue 15).
    """
    data.check_period(period)
    _, plan, ended = plan_of(period)
    if not ended:
        return None
    return Final(plan, *_attainment(period, plan, plan.end))


def report(period: str) -> Report | None:
    """Return the assessment for snapshot `period` (None when no plan covers or precedes it)."""
    data.check_period(period)
    pos, plan, ended = plan_of(period)
    if plan is None:
        return None
    month = plan.end if ended else period
    classes, table = _attainment(period, plan, month)
    cohort_month = month if month >= COHORT_PERIOD else COHORT_PERIOD
    # a data folder may lack the 2023-12 or end snapshot (e.g. a deployment that began later)
    known = set(data.periods())
    has_cohort = {COHORT_PERIOD, cohort_month} <= known
    stalled_rows = (
        data.stalled_projects(
            cohort_month, limits=alerts.stall_limits(rules_mod.current()), limit=STALLED_SHOWN
        )
        if cohort_month in known
        else pd.DataFrame(columns=STALLED_COLUMNS)
    )
    longest, history_months = _longest(
        plan.plan_id, month, data.data_version() + rules_mod.version()
    )
    return Report(
        position=pos,
        plan=plan,
        snapshot=period,
        month=month,
        ended=ended,
        classes=classes,
        table=table,
        growth=data.plan_growth_sources(period, plan, month),
        cohort=data.pipeline_cohort(COHORT_PERIOD, cohort_month)
        if has_cohort
        else pd.DataFrame(columns=COHORT_COLUMNS),
        cohort_month=cohort_month,
        stalled=stalled_rows,
        longest=longest,
        history_months=history_months,
        state_period=cohort_month if cohort_month in known else period,
    )


# ---- words and display tables, shared by the page, the briefing and the wall screen --------------


def value_text(value: float, unit_zh: str, lang: str) -> str:
    """Return a target's figure in its unit: 亿元 amounts (one decimal) or firm counts."""
    if unit_zh == "亿元":
        return format_yi(value, lang, digits=1)
    return format_count(value, lang, "firms")


def verdict_text(rep: Report | Final, lang: str) -> str:
    """Return the one-line verdict for the report's plan (a Final: its plan has ended)."""
    ended = rep.ended if isinstance(rep, Report) else True
    return assessment.verdict(rep.table, rep.classes, rep.plan, ended, lang)


def thresholds_text(rep: Report, lang: str) -> str:
    """Return the attainment classes and thresholds, as shown next to the verdict."""
    return t("assessment.thresholds", lang, classes=assessment.thresholds_text(rep.classes, lang))


def plan_note(rep: Report, lang: str, short: bool = False) -> str:
    """Return where the period stands: within the plan, after it with none in force, or a next plan.

    `short`: only which snapshot the end state comes from (a page header already says the rest).
    """
    pos = rep.position
    if not rep.ended:
        return t("assessment.interim_note", lang)
    if short:
        return t("assessment.state_from", lang, snapshot=format_month(rep.snapshot, lang))
    if pos.plan is not None and pos.plan.plan_id != rep.plan.plan_id:
        return t(
            "assessment.next_plan_note",
            lang,
            plan=rep.plan.text("short", lang),
            end=format_month(rep.plan.end, lang),
            next=pos.plan.text("short", lang),
        )
    return t(
        "assessment.after_note",
        lang,
        plan=rep.plan.text("short", lang),
        end=format_month(rep.plan.end, lang),
        snapshot=format_month(rep.snapshot, lang),
    )


def _growth_text(row, lang: str, key: str) -> str:
    value = row[key]
    if value is None or pd.isna(value):
        return "—"
    if row["growth_kind"] == "per_year":
        return t("assessment.per_year", lang, n=f"{value:.1f}")
    return format_pct(value, 1)


def _reached_text(row, lang: str) -> str:
    month = row["reached_month"]
    if month is None or pd.isna(month):
        return t("assessment.not_reached", lang)
    if row["reached_in_plan"]:
        return format_month(month, lang)
    return t("assessment.reached_after", lang, month=format_month(month, lang))


def targets_title(rep: Report, lang: str) -> str:
    """Return the six targets' heading: at the plan's end, or so far while the plan runs (during
    the plan it said 'at the plan's end' over figures of Jun 2024)."""
    if rep.ended:
        return t("assessment.section_targets", lang)
    return t("assessment.section_targets_so_far", lang, month=format_month(rep.month, lang))


def targets_frame(rep: Report, lang: str) -> pd.DataFrame:
    """Return the six-targets table as shown: one row per target, columns in the user's language."""
    value_header = (
        t("assessment.col_end_value", lang)
        if rep.ended
        else t("assessment.col_value_so_far", lang, month=format_month(rep.month, lang))
    )
    rows = []
    for r in rep.table.to_dict("records"):
        rows.append(
            {
                t("assessment.col_target", lang): pick(r, "name", lang),
                value_header: value_text(r["end_value"], r["unit_zh"], lang),
                t("assessment.col_target_value", lang): value_text(
                    r["target_value"], r["unit_zh"], lang
                ),
                t("assessment.col_baseline", lang): value_text(r["baseline"], r["unit_zh"], lang),
                t("assessment.col_ratio", lang): format_pct(r["ratio"], 1),
                t("assessment.col_class", lang): pick(r, "class_label", lang),
                t("assessment.col_growth_achieved", lang): _growth_text(r, lang, "growth_achieved"),
                t("assessment.col_growth_needed", lang): _growth_text(r, lang, "growth_needed"),
                t("assessment.col_reached", lang): _reached_text(r, lang),
            }
        )
    return pd.DataFrame(rows)


SOURCE_COLUMNS = ("member", "baseline_value", "end_value", "change", "share")  # sources_frame's


def sources_frame(rep: Report, target_code: str, dimension: str, lang: str) -> pd.DataFrame:
    """Return one row per park or sector for one target: name, baseline, end, change, share, and
    the chart's label (a park's short name: the full English ones were cut at 220 px)."""
    rows = assessment.growth_sources(rep.growth, target_code, dimension)
    member = rows["member_zh" if lang == "zh" else "member_en"]
    label = member
    if dimension == "park":
        short = data.park_list().set_index("park_id")[f"label_{'zh' if lang == 'zh' else 'en'}"]
        label = rows["member_id"].map(short).fillna(member)
    return pd.DataFrame(
        {
            "member": member,
            "baseline_value": rows["baseline_value"].round(1),
            "end_value": rows["end_value"].round(1),
            "change": rows["change"].round(1),
            "share": rows["share"],
            "label": label.to_numpy(),
        }
    )


def source_unit(rep: Report, target_code: str) -> str:
    """Return the unit a target's growth sources are counted in ('亿元', '户')."""
    return rep.table.set_index("target_code").loc[target_code, "unit_zh"]


def source_headers(unit_zh: str, lang: str) -> dict[str, str]:
    """Return the sources table's headers and, under "axis", the chart's value axis with the unit
    ('计划期内增加（亿元）'); the table names its unit in a caption (source_unit_note), so that its
    headers fit half a 1440-px screen."""
    unit = unit_name(unit_zh, lang)
    headers = {col: t(f"assessment.col_{col}", lang) for col in SOURCE_COLUMNS}
    change = headers["change"]
    headers["axis"] = f"{change}（{unit}）" if lang == "zh" else f"{change} ({unit})"
    return headers


def source_unit_note(unit_zh: str, lang: str) -> str:
    """Return the sources table's caption naming its unit: '单位：亿元' / 'Unit: 100m yuan'."""
    return t("assessment.sources_unit", lang, unit=unit_name(unit_zh, lang))


def cohort_frame(rep: Report, lang: str) -> pd.DataFrame:
    """Return the cohort flow as shown: one row per 2023-12 stage, counts by outcome, investment."""
    summary = assessment.cohort_summary(rep.cohort, data.stage_list())
    out = {t("assessment.col_stage", lang): summary["name_zh" if lang == "zh" else "name_en"]}
    out |= {t(f"assessment.col_{c}", lang): summary[c] for c in assessment.COHORT_COUNTS}
    out[t("assessment.col_investment", lang)] = [
        format_yi(v, lang, digits=1) for v in summary["investment_yi"]
    ]
    return pd.DataFrame(out)


def cohort_sentences(rep: Report, lang: str) -> list[str]:
    """Return the cohort's totals and the investment that reached construction and production."""
    if rep.cohort.empty:
        return [t("assessment.cohort_missing", lang, period=format_month(COHORT_PERIOD, lang))]
    s = assessment.cohort_summary(rep.cohort, data.stage_list())
    inv = assessment.cohort_investment(rep.cohort)
    left = int(s["completed"].sum() + s["terminated"].sum() + s["left_other"].sum())
    end = format_month(rep.cohort_month, lang)

    def share(part: float, whole: float) -> str:
        return format_pct(part / whole if whole else 0.0, 1)

    return [
        t(
            "assessment.cohort_total",
            lang,
            n=int(s["projects"].sum()),
            end=end,
            up=int(s["moved_up"].sum()),
            stayed=int(s["stayed"].sum()),
            left=left,
        ),
        t(
            "assessment.investment_construction",
            lang,
            early=format_yi(inv["early"], lang, digits=1),
            reached=format_yi(inv["reached_construction"], lang, digits=1),
            pct=share(inv["reached_construction"], inv["early"]),
        ),
        t(
            "assessment.investment_production",
            lang,
            before=format_yi(inv["before_production"], lang, digits=1),
            reached=format_yi(inv["reached_production"], lang, digits=1),
            pct=share(inv["reached_production"], inv["before_production"]),
        ),
    ]


def stalled_frame(rep: Report, lang: str) -> pd.DataFrame:
    """Return the projects stalled longest at the plan's end, as shown."""
    s = rep.stalled
    stages = data.stage_list().set_index("stage_id")
    return pd.DataFrame(
        {
            t("assessment.col_project", lang): s["name_zh" if lang == "zh" else "name_en"],
            t("assessment.col_park", lang): s["park_zh" if lang == "zh" else "park_en"],
            t("assessment.col_stage_now", lang): s["stage"].map(
                stages["name_zh" if lang == "zh" else "name_en"]
            ),
            t("assessment.col_since", lang): [format_month(m, lang) for m in s["stage_since"]],
            t("assessment.col_months", lang): s["months_in_stage"],
            t("assessment.col_investment", lang): [
                format_yi(v, lang, digits=2) for v in s["investment_yi"]
            ],
        }
    )


def short_sentences(rep: Report, lang: str) -> list[str]:
    """Return one sentence per target not met: the warning that fired longest, and the others."""
    top = rep.classes[0]["id"]
    out = []
    for target, sentence in shortfall.shortfalls(rep.table, rep.longest, top, lang):
        others = rep.longest[rep.longest["target_code"] == target["target_code"]].iloc[1:]
        if len(others):
            label = "label_zh" if lang == "zh" else "label_en"
            listed = ("；" if lang == "zh" else "; ").join(
                t(
                    "assessment.rule_months",
                    lang,
                    rule=r[label],
                    months=months_phrase(int(r["months"]), lang),
                )
                for r in others.to_dict("records")
            )
            sentence += " " + t("assessment.other_rules", lang, rules=listed)
        out.append(sentence)
    if out and rep.history_months == 0:
        return [t("assessment.short_no_history", lang)]
    return out or [t("assessment.short_none", lang)]


def how_lines(rep: Report, section: str, lang: str) -> list[str]:
    """Return the 'how is this computed' lines for a section: method, snapshot and month, query file."""
    snapshot, month = rep.snapshot, rep.month
    if section == "cohort" or section == "stalled":
        snapshot = month = rep.cohort_month
    method = {
        "targets": "attainment",
        "sources": "sources",
        "cohort": "cohort",
        "stalled": "cohort",
    }
    return [
        t(f"assessment.how_{method.get(section, section)}", lang),
        t(
            "assessment.how_snapshot",
            lang,
            snapshot=format_month(snapshot, lang),
            month=format_month(month, lang),
        ),
        # a deliberate citation for auditors: the one place a file name is shown
        t("assessment.how_query", lang, query=f"queries/{QUERIES[section]}.sql"),
    ]
