"""Early warnings: the rules (a `rules.RuleSet`, passed in) evaluated on query results.

Every evaluator is pure (DataFrames and rules in, a DataFrame out) and says, in zh and en, which
rule fired (by its display name), on which figure, with the numbers. For one figure the most
severe rule that fires wins. Sentences live in strings/alerts.toml.

Used by the pages (rules = ccbio.rules.current()):
- goals and monitoring: outlook.goal_outlook(goals, series, rules)   -> colour per target
- pipeline page:   stage_status(data.stage_stall_counts(period, …), rules) -> colour per stage
                   stalled_projects(data.stalled_projects(period, …), rules) -> the stalled list
                   (both queries take stall_limits(rules): the months per stage, evaluated in SQL)
- monitoring page: monitoring_alerts(…)                                    -> the list of alerts
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from functools import cache

import pandas as pd

from ccbio import config
from ccbio.formatting import format_month, format_pct, format_yi_alike
from ccbio.i18n import t
from ccbio.periods import month_index, months_between
from ccbio.rules import (
    LEVEL_RANK,
    IndicatorYoyDecline,
    ParkNoNewProject,
    ProjectStalled,
    Rule,
    RuleSet,
    StageStalledShare,
)

# Alerts list order within a level: city targets and indicators first, single projects last.
DISPLAY_ORDER = (
    "goal_behind_pace",
    "goal_projected_short",
    "indicator_yoy_decline",
    "park_no_new_project",
    "stage_stalled_share",
    "project_stalled",
)
STATUS_COLUMNS = ["level", "rule_id", "rule_zh", "rule_en", "reason_zh", "reason_en"]
ALERT_COLUMNS = [
    "level",
    "rule_id",
    "rule_zh",
    "rule_en",
    "kind",
    "figure_zh",
    "figure_en",
    "value",
    "threshold",
    "reason_zh",
    "reason_en",
]
LANGS = ("zh", "en")


class _StageNames(Mapping):
    """stage id -> (name_zh, name_en), read from the reference stages.csv when first used."""

    @staticmethod
    @cache
    def _table() -> dict[str, tuple[str, str]]:
        with open(config.ROOT / "data" / "reference" / "stages.csv", encoding="utf-8") as f:
            return {r["stage_id"]: (r["name_zh"], r["name_en"]) for r in csv.DictReader(f)}

    def __getitem__(self, stage: str) -> tuple[str, str]:
        return self._table()[stage]

    def __iter__(self):
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


# The one list of stage names (data/reference/stages.csv); the ingest reads it from here too.
STAGE_NAMES: Mapping[str, tuple[str, str]] = _StageNames()


def stage_name(stage: str, lang: str) -> str:
    """Return a stage's name for a sentence: '建设' / 'under construction'."""
    zh, en = STAGE_NAMES.get(stage, (stage, stage))
    return zh if lang == "zh" else en.lower()


def cite(rule: Rule, lang: str) -> str:
    """Return the '（规则：…）' tail naming the rule that fired, by its display name."""
    return t("alerts.cite", lang, rule=rule.name(lang))


def cited(texts: tuple[str, str], rule: Rule) -> tuple[str, str]:
    """Return zh and en sentences each followed by the rule that fired."""
    return tuple(x + cite(rule, lang) for x, lang in zip(texts, LANGS, strict=True))


def both(key: str, **values) -> tuple[str, str]:
    """Return the catalogue sentence `alerts.<key>` in zh and en; callables get the language."""
    return tuple(
        t(f"alerts.{key}", lang, **{k: v(lang) if callable(v) else v for k, v in values.items()})
        for lang in LANGS
    )


def rule_names(rule: Rule | None) -> tuple[str | None, str | None]:
    """Return the rule's display name in zh and en (None, None for no rule)."""
    return (rule.name_zh, rule.name_en) if rule is not None else (None, None)


def _frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=ALERT_COLUMNS)


# ---- 2025 targets (the outlook itself is ccbio.outlook.goal_outlook) -----------------------------


def goal_alerts(outlook: pd.DataFrame, goals: pd.DataFrame) -> pd.DataFrame:
    """Return one alert row per target a rule fired on; `outlook` is outlook.goal_outlook(...)."""
    status = outlook.merge(goals, on="target_code")
    status = status[status["level"] != "green"]
    rows = []
    for s in status.to_dict("records"):
        figure = both("goal_figure", name=lambda lang, s=s: s[f"name_{lang}"])
        reason = both(
            "goal_reason",
            name=lambda lang, s=s: s[f"name_{lang}"],
            reason=lambda lang, s=s: s[f"reason_{lang}"],
        )
        rows.append(
            (
                s["level"],
                s["rule_id"],
                s["rule_zh"],
                s["rule_en"],
                s["rule_kind"],
                *figure,
                s["value"],
                s["target_value"],
                *reason,
            )
        )
    return _frame(rows)


# ---- monitored indicators ------------------------------------------------------------------------


def indicator_alerts(yoy: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """Return one alert row per (scope, indicator) whose month fell year on year past a rule.

    `yoy` is data.indicator_yoy_by_park(period, …): scope, scope_zh, scope_en, name_zh, name_en,
    month, value, value_prev, yoy.
    """
    decline = rules.of(IndicatorYoyDecline)
    rows = []
    for r in yoy.to_dict("records"):
        if pd.isna(r["yoy"]):
            continue
        fired = next((rule for rule in decline if r["yoy"] < -rule.share), None)
        if fired is None:
            continue
        figure = both(
            "indicator_figure",
            scope=lambda lang, r=r: r[f"scope_{lang}"],
            name=lambda lang, r=r: r[f"name_{lang}"],
        )
        reason = both(
            "indicator_decline",
            scope=lambda lang, r=r: r[f"scope_{lang}"],
            name=lambda lang, r=r: r[f"name_{lang}"],
            month=lambda lang, r=r: format_month(r["month"], lang),
            value=lambda lang, r=r: format_yi_alike([r["value"], r["value_prev"]], lang)[0],
            prev=lambda lang, r=r: format_yi_alike([r["value"], r["value_prev"]], lang)[1],
            drop=format_pct(-r["yoy"]),
        )
        reason = cited(reason, fired)
        rows.append(
            (fired.level, fired.id, *rule_names(fired), fired.kind, *figure)
            + (r["value"], -fired.share, *reason)
        )
    return _frame(rows)


# ---- projects and stages (pipeline page) --------------------------------------------------------


def stall_limits(rules: RuleSet) -> dict:
    """Return the project_stalled rules as DuckDB parameters: parallel lists, one entry per rule and stage.

    Most severe rule first (file order within a level), so the first entry a project exceeds is
    the rule that fires; data.stage_stall_counts and data.stalled_projects take this.
    """
    out = {"rule_ids": [], "rule_ranks": [], "rule_stages": [], "rule_months": []}
    for rule in rules.of(ProjectStalled):
        for stage, months in rule.months.items():
            out["rule_ids"].append(rule.id)
            out["rule_ranks"].append(rule.rank)
            out["rule_stages"].append(stage)
            out["rule_months"].append(months)
    return out


def stalled_projects(rows: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """Return one row per stalled project: project_id, stage, months_in_stage, STATUS_COLUMNS.

    `rows` is data.stalled_projects(period, …, limits=stall_limits(rules)): the rules are
    evaluated in SQL (rule_id set), the rows already ordered most severe and longest first.
    """
    status = _stalled(rows, rules)
    return status[["project_id", "stage", "months_in_stage", *STATUS_COLUMNS]]


def _stalled(rows: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """Return stalled_projects' rows plus each project's names and the months its stage allows.

    Column by column (the rules, their cites and the stage names looked up once, each sentence
    one str.format): row by row, through both() and to_dict, this was ~2/3 of the monitoring
    page's alert list on a filter change (issue 15).
    """
    rows = rows[rows["rule_id"].notna()]
    fired = {rid: rules.by_id(rid) for rid in dict.fromkeys(rows["rule_id"])}
    stages = {s: (stage_name(s, "zh"), stage_name(s, "en")) for s in dict.fromkeys(rows["stage"])}
    cites = {rid: (cite(rule, "zh"), cite(rule, "en")) for rid, rule in fired.items()}
    texts = [t("alerts.project_stalled", lang) for lang in LANGS]
    out = []
    for pid, stage, m, rid, name_zh, name_en in zip(
        rows["project_id"].tolist(),
        rows["stage"].tolist(),
        rows["months_in_stage"].tolist(),
        rows["rule_id"].tolist(),
        rows["name_zh"].tolist(),
        rows["name_en"].tolist(),
        strict=True,
    ):
        rule, months = fired[rid], int(m)
        limit = rule.months[stage]
        reason = tuple(
            text.format(name=name, stage=stage_words, months=months, limit=limit) + c
            for text, name, stage_words, c in zip(
                texts, (name_zh, name_en), stages[stage], cites[rid], strict=True
            )
        )
        out.append(
            (pid, stage, months, rule.level, rule.id, rule.name_zh, rule.name_en, *reason)
            + (name_zh, name_en, limit)
        )
    out.sort(key=lambda r: (-LEVEL_RANK[r[3]], -r[2], r[0]))  # most severe, longest, by id
    columns = ["project_id", "stage", "months_in_stage", *STATUS_COLUMNS]
    return pd.DataFrame(out, columns=[*columns, "name_zh", "name_en", "limit"])


def project_status(ages: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """Return one row per row of `ages` (project_id, name_zh, name_en, stage, months_in_stage):
    project_id, stage, months_in_stage and STATUS_COLUMNS, green where no rule fires.

    For a handful of rows, such as one project's snapshots over time; a whole snapshot's
    projects are evaluated in SQL (data.stalled_projects).
    """
    out = []
    for p in ages.to_dict("records"):
        months = int(p["months_in_stage"])
        fired = next(
            (r for r in rules.of(ProjectStalled) if months > r.months.get(p["stage"], months)),
            None,
        )
        stage = lambda lang, s=p["stage"]: stage_name(s, lang)  # noqa: E731
        if fired is None:
            reason = both("project_ok", stage=stage, months=months)
            out.append((p["project_id"], p["stage"], months, "green", None, None, None, *reason))
            continue
        reason = both(
            "project_stalled",
            name=lambda lang, p=p: p[f"name_{lang}"],
            stage=stage,
            months=months,
            limit=fired.months[p["stage"]],
        )
        out.append(
            (p["project_id"], p["stage"], months, fired.level, fired.id, *rule_names(fired))
            + cited(reason, fired)
        )
    return pd.DataFrame(out, columns=["project_id", "stage", "months_in_stage", *STATUS_COLUMNS])


def stage_status(counts: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """Return one row per stage present: stage, projects, stalled, stalled_share, STATUS_COLUMNS.

    `counts` is data.stage_stall_counts(period, …, limits=stall_limits(rules)): stage, rule_id,
    projects. A stage is amber/red when more than the stage_stalled_share rule's share of its
    projects are stalled (by the project_stalled rules).
    """
    share_rules = rules.of(StageStalledShare)
    # summed in one pass over the dozen rows, not by two masks a stage (issue 15)
    totals, stalled_in = dict.fromkeys(counts["stage"].tolist(), 0), {}
    for stage, rule_id, n in zip(
        counts["stage"].tolist(),
        counts["rule_id"].notna(),
        counts["projects"].tolist(),
        strict=True,
    ):
        totals[stage] += n
        stalled_in[stage] = stalled_in.get(stage, 0) + (n if rule_id else 0)
    rows = []
    for stage in [s for s in STAGE_NAMES if s in totals]:
        total, stalled = int(totals[stage]), int(stalled_in[stage])
        share = stalled / total
        fired = next((r for r in share_rules if share > r.share), None)
        reason = both(
            "stage_stalled" if fired else "stage_ok",
            stage=lambda lang, s=stage: stage_name(s, lang),
            total=total,
            stalled=stalled,
            share=format_pct(share, 0),
        )
        if fired is not None:
            reason = cited(reason, fired)
        level, rid = (fired.level, fired.id) if fired else ("green", None)
        rows.append((stage, total, stalled, share, level, rid, *rule_names(fired), *reason))
    return pd.DataFrame(
        rows, columns=["stage", "projects", "stalled", "stalled_share", *STATUS_COLUMNS]
    )


def stalled_counts(counts: pd.DataFrame, rules: RuleSet) -> dict[str, int]:
    """Return level -> number of stalled projects (all of them, not only those listed)."""
    level = {r.id: r.level for r in rules.of(ProjectStalled)}
    out = {"red": 0, "amber": 0}
    for rule_id, n in zip(counts["rule_id"].tolist(), counts["projects"].tolist(), strict=True):
        if level.get(rule_id) in out:  # a missing rule_id (NaN) is no rule's
            out[level[rule_id]] += n
    return {lv: int(n) for lv, n in out.items()}


def stage_alerts(counts: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """Return one alert row per stage whose share of stalled projects passes a rule (ALERT_COLUMNS)."""
    status = stage_status(counts, rules)
    rows = []
    for s in status[status["level"] != "green"].to_dict("records"):
        fired = rules.by_id(s["rule_id"])
        figure = both("stage_figure", stage=lambda lang, s=s: stage_name(s["stage"], lang))
        rows.append(
            (fired.level, fired.id, *rule_names(fired), fired.kind, *figure)
            + (s["stalled_share"], fired.share, s["reason_zh"], s["reason_en"])
        )
    return _frame(rows)


def project_alerts(rows: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """Return one alert row per stalled project in `rows` (data.stalled_projects; ALERT_COLUMNS)."""
    stalled = _stalled(rows, rules)
    if stalled.empty:
        return _frame([])
    kinds = {rid: rules.by_id(rid).kind for rid in dict.fromkeys(stalled["rule_id"])}
    figure = {lang: t("alerts.project_figure", lang) for lang in LANGS}
    return pd.DataFrame(
        {
            **{c: stalled[c] for c in ("level", "rule_id", "rule_zh", "rule_en")},
            "kind": stalled["rule_id"].map(kinds),
            **{
                f"figure_{lang}": [figure[lang].format(name=n) for n in stalled[f"name_{lang}"]]
                for lang in LANGS
            },
            "value": stalled["months_in_stage"],
            "threshold": stalled["limit"],
            **{c: stalled[c] for c in ("reason_zh", "reason_en")},
        },
        columns=ALERT_COLUMNS,
    )


# ---- parks ---------------------------------------------------------------------------------------


def park_alerts(activity: pd.DataFrame, period: str, rules: RuleSet) -> pd.DataFrame:
    """Return one alert row per park with no new project for longer than a rule allows.

    `activity` is data.park_last_new_project(period): park_id, name_zh, name_en, last_new_project
    ('YYYY-MM' or missing when the park never had one).
    """
    quiet = rules.of(ParkNoNewProject)
    rows = []
    for park in activity.to_dict("records"):
        last = park["last_new_project"]
        months = months_between(last, period) if isinstance(last, str) else None
        fired = next((r for r in quiet if months is None or months >= r.months), None)
        if fired is None:
            continue
        name = lambda lang, p=park: p[f"name_{lang}"]  # noqa: E731
        if months is None:
            reason = both("park_never", name=name)
        else:
            reason = both(
                "park_quiet",
                name=name,
                last=lambda lang, last=last: format_month(last, lang),
                months=months,
            )
        reason = cited(reason, fired)
        rows.append(
            (fired.level, fired.id, *rule_names(fired), fired.kind, *both("park_figure", name=name))
            + (months, fired.months, *reason)
        )
    return _frame(rows)


# ---- everything, for the monitoring page ---------------------------------------------------------


def monitoring_alerts(
    *,
    outlook: pd.DataFrame,
    goals: pd.DataFrame,
    yoy: pd.DataFrame,
    stage_counts: pd.DataFrame,
    stalled: pd.DataFrame,
    park_activity: pd.DataFrame,
    period: str,
    rules: RuleSet,
) -> pd.DataFrame:
    """Return every alert for one period (ALERT_COLUMNS), red first, then amber, by kind.

    `outlook` is outlook.goal_outlook for the period (the goals page colours its cards by the
    same frame); `stage_counts` and `stalled` are data.stage_stall_counts and
    data.stalled_projects (the latter limited: alert_counts counts every stalled project).
    """
    month_index(period)  # fails loudly on a malformed period
    parts = [
        goal_alerts(outlook, goals),
        indicator_alerts(yoy, rules),
        park_alerts(park_activity, period, rules),
        stage_alerts(stage_counts, rules),
        project_alerts(stalled, rules),
    ]
    parts = [p for p in parts if len(p)]
    if not parts:
        return _frame([])
    out = pd.concat(parts, ignore_index=True)
    out["_rank"] = out["level"].map(LEVEL_RANK)
    out["_kind"] = out["kind"].map({k: i for i, k in enumerate(DISPLAY_ORDER)})
    return (
        out.sort_values(["_rank", "_kind"], ascending=[False, True], kind="stable")
        .drop(columns=["_rank", "_kind"])
        .reset_index(drop=True)
    )


def alert_counts(found: pd.DataFrame, stage_counts: pd.DataFrame, rules: RuleSet) -> dict[str, int]:
    """Return level -> alerts: those in `found` plus every stalled project, listed or not."""
    stalled = stalled_counts(stage_counts, rules)
    others = found[found["kind"] != "project_stalled"]
    return {lv: int((others["level"] == lv).sum()) + stalled[lv] for lv in ("red", "amber")}
