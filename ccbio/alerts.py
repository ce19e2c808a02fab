"""Early warnings: rules read from config/warning_rules.toml, evaluated on query results.

Every evaluator is pure (DataFrames in, a DataFrame out) and says, in zh and en, which rule
fired, on which figure, with the numbers. For one figure the most severe rule that fires wins.

Used by the pages:
- goals page:      goal_status(data.goal_progress(period))            -> colour per target
- pipeline page:   stage_status(data.stage_stall_counts(period, …))   -> colour per stage
                   stalled_projects(data.stalled_projects(period, …)) -> the stalled list
                   (both queries take stall_limits(): the rules' months per stage, evaluated in SQL)
- monitoring page: monitoring_alerts(…)                               -> the list of alerts
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd

from ccbio import config
from ccbio.periods import month_index, months_between

RULES_PATH = config.ROOT / "config" / "warning_rules.toml"
LEVEL_RANK = {"red": 2, "amber": 1, "green": 0}
KINDS = (
    "goal_behind_pace",
    "goal_projected_short",
    "indicator_yoy_decline",
    "project_stalled",
    "stage_stalled_share",
    "park_no_new_project",
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
STATUS_COLUMNS = ["level", "rule_id", "reason_zh", "reason_en"]
ALERT_COLUMNS = [
    "level",
    "rule_id",
    "kind",
    "figure_zh",
    "figure_en",
    "value",
    "threshold",
    "reason_zh",
    "reason_en",
]
# Stage names for reasons; the same as data/reference/stages.csv (kept here so evaluators stay pure).
STAGE_NAMES = {
    "planned": ("谋划", "planned"),
    "negotiating": ("洽谈", "negotiating"),
    "construction": ("建设", "under construction"),
    "commissioning": ("投产", "commissioning"),
    "full_capacity": ("达产", "full capacity"),
}


class RuleError(ValueError):
    """The rules file is malformed: unknown kind or level, duplicate id, missing threshold."""


_THRESHOLD = {
    "goal_behind_pace": "points",
    "goal_projected_short": "share",
    "indicator_yoy_decline": "share",
    "project_stalled": "months",
    "stage_stalled_share": "share",
    "park_no_new_project": "months",
}


def load_rules(path: Path = RULES_PATH) -> list[dict]:
    """Return the rules in the file, in file order; raise RuleError if one is malformed."""
    with open(path, "rb") as f:
        rules = tomllib.load(f)["rules"]
    seen = set()
    for rule in rules:
        rid = rule.get("id")
        if rid in seen:
            raise RuleError(f"duplicate rule id {rid!r} in {path}")
        seen.add(rid)
        if rule.get("kind") not in KINDS:
            raise RuleError(
                f"rule {rid!r}: unknown kind {rule.get('kind')!r} (known: {', '.join(KINDS)})"
            )
        if rule.get("level") not in ("red", "amber"):
            raise RuleError(f"rule {rid!r}: level must be red or amber")
        missing = [k for k in (_THRESHOLD[rule["kind"]], "label_zh", "label_en") if k not in rule]
        if missing:
            raise RuleError(f"rule {rid!r}: missing {', '.join(missing)}")
    return rules


def rules_version(path: Path = RULES_PATH) -> str:
    """Return a cheap fingerprint of the rules file, so cached evaluations notice an edit."""
    return f"{path}|{path.stat().st_mtime_ns}"


def rules_of(kind: str, rules: list[dict] | None = None) -> list[dict]:
    """Return the rules of one kind, most severe first."""
    return sorted(
        (r for r in (rules if rules is not None else load_rules()) if r["kind"] == kind),
        key=lambda r: -LEVEL_RANK[r["level"]],
    )


def _cite(rule: dict) -> tuple[str, str]:
    return f"（规则 {rule['id']}：{rule['label_zh']}）", f" (rule {rule['id']}: {rule['label_en']})"


# ---- 2025 targets ------------------------------------------------------------------------------


def projected_values(series: pd.DataFrame, period: str) -> dict[str, float]:
    """Return target_code -> value expected at the plan end at the pace of the last 12 months.

    `series` is data.goal_series(period) (target_code, month, value).
    """
    out = {}
    remaining = max(0, months_between(period, config.PLAN_END))
    for code, rows in series.groupby("target_code"):
        by_month = dict(zip(rows["month"], rows["value"], strict=False))
        now = by_month.get(period)
        if now is None:
            continue
        earlier = [m for m in by_month if months_between(m, period) <= 12]
        first = min(earlier)
        span = months_between(first, period)
        slope = (now - by_month[first]) / span if span else 0.0
        out[code] = now + slope * remaining
    return out


def goal_status(
    goals: pd.DataFrame, rules: list[dict] | None = None, series: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return one row per target: level (red/amber/green), rule_id and a reason in zh and en.

    `goals` is the result of data.goal_progress (needs target_code, gap_points, progress).
    With `series` (data.goal_series for the same period) the goal_projected_short rules count too.
    """
    rules = rules if rules is not None else load_rules()
    pace_rules, short_rules = (
        rules_of("goal_behind_pace", rules),
        rules_of("goal_projected_short", rules),
    )
    period = series["month"].max() if series is not None and len(series) else None
    projected = projected_values(series, period) if period else {}
    rows = []
    for goal in goals.itertuples(index=False):
        gap = abs(goal.gap_points)
        candidates = []
        fired = next((r for r in pace_rules if goal.gap_points < -r["points"]), None)
        if fired is not None:
            zh, en = _cite(fired)
            done = (
                f"完成进度 {goal.progress:.1%}，时间进度 {goal.time_elapsed:.1%}，"
                if hasattr(goal, "time_elapsed")
                else ""
            )
            done_en = (
                f"progress {goal.progress:.1%} against {goal.time_elapsed:.1%} of time elapsed, "
                if done
                else ""
            )
            candidates.append(
                (
                    fired,
                    f"{done}落后时间进度 {gap:.1f} 个百分点{zh}",
                    f"{done_en}{gap:.1f} pts behind time elapsed{en}",
                )
            )
        target = getattr(goal, "target_value", None)
        if goal.target_code in projected and target:
            end = projected[goal.target_code]
            short = 1 - end / target
            fired = next((r for r in short_rules if short > r["share"]), None)
            if fired is not None:
                zh, en = _cite(fired)
                candidates.append(
                    (
                        fired,
                        f"按近 12 个月增速，到 2025 年末预计 {end:,.1f}，比目标 {target:,.0f} 少 {short:.1%}{zh}",
                        f"at the last 12 months' pace, {end:,.1f} expected by end-2025, {short:.1%} short of the target {target:,.0f}{en}",
                    )
                )
        if candidates:
            rule, zh, en = max(candidates, key=lambda c: LEVEL_RANK[c[0]["level"]])
            rows.append((goal.target_code, rule["level"], rule["id"], zh, en))
        else:
            word_zh = "超过" if goal.gap_points >= 0 else "落后"
            word_en = "ahead of" if goal.gap_points >= 0 else "behind"
            rows.append(
                (
                    goal.target_code,
                    "green",
                    None,
                    f"{word_zh}时间进度 {gap:.1f} 个百分点，未触发预警",
                    f"{gap:.1f} pts {word_en} time elapsed; no rule fired",
                )
            )
    return pd.DataFrame(rows, columns=["target_code", *STATUS_COLUMNS])


def goal_alerts(
    goals: pd.DataFrame, rules: list[dict] | None = None, series: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return one alert row per target a rule fired on (ALERT_COLUMNS)."""
    status = goal_status(goals, rules, series).merge(goals, on="target_code")
    status = status[status["level"] != "green"]
    kind = {r["id"]: r["kind"] for r in (rules if rules is not None else load_rules())}
    return pd.DataFrame(
        {
            "level": status["level"],
            "rule_id": status["rule_id"],
            "kind": status["rule_id"].map(kind),
            "figure_zh": "目标：" + status["name_zh"],
            "figure_en": "Target: " + status["name_en"],
            "value": status["value"],
            "threshold": status["target_value"],
            "reason_zh": status["name_zh"] + "：" + status["reason_zh"],
            "reason_en": status["name_en"] + ": " + status["reason_en"],
        },
        columns=ALERT_COLUMNS,
    )


# ---- monitored indicators ------------------------------------------------------------------------


def indicator_alerts(yoy: pd.DataFrame, rules: list[dict] | None = None) -> pd.DataFrame:
    """Return one alert row per (scope, indicator) whose month fell year on year past a rule.

    `yoy` is data.indicator_yoy_by_park(period, …): scope, scope_zh, scope_en, name_zh, name_en,
    month, value, value_prev, yoy.
    """
    decline = rules_of("indicator_yoy_decline", rules)
    rows = []
    for r in yoy.itertuples(index=False):
        if pd.isna(r.yoy):
            continue
        fired = next((rule for rule in decline if r.yoy < -rule["share"]), None)
        if fired is None:
            continue
        zh, en = _cite(fired)
        rows.append(
            (
                fired["level"],
                fired["id"],
                fired["kind"],
                f"{r.scope_zh} · {r.name_zh}",
                f"{r.scope_en} · {r.name_en}",
                r.value,
                -fired["share"],
                f"{r.scope_zh}{r.name_zh} {r.month} 为 {r.value:,.2f} 亿元，上年同月 {r.value_prev:,.2f} 亿元，同比下降 {-r.yoy:.1%}{zh}",
                f"{r.scope_en}: {r.name_en} {r.month} was {r.value:,.2f} (100m yuan) against {r.value_prev:,.2f} a year earlier, down {-r.yoy:.1%} year on year{en}",
            )
        )
    return pd.DataFrame(rows, columns=ALERT_COLUMNS)


# ---- projects and stages (pipeline page) --------------------------------------------------------


def stall_limits(rules: list[dict] | None = None) -> dict:
    """Return the project_stalled rules as DuckDB parameters: parallel lists, one entry per rule and stage.

    Most severe rule first (file order within a level), so the first entry a project exceeds is
    the rule that fires; data.stage_stall_counts and data.stalled_projects take this.
    """
    out = {"rule_ids": [], "rule_ranks": [], "rule_stages": [], "rule_months": []}
    for rule in rules_of("project_stalled", rules):
        for stage, months in rule["months"].items():
            out["rule_ids"].append(rule["id"])
            out["rule_ranks"].append(LEVEL_RANK[rule["level"]])
            out["rule_stages"].append(stage)
            out["rule_months"].append(months)
    return out


def _fired_rules(rows: pd.DataFrame, rules: list[dict] | None) -> pd.Series:
    """Return the project_stalled rule id per row (None = not stalled): the pandas twin of the SQL."""
    fired = pd.Series([None] * len(rows), index=rows.index, dtype=object)
    for rule in rules_of("project_stalled", rules):
        limit = rows["stage"].map(rule["months"])
        fired = fired.mask(fired.isna() & (rows["months_in_stage"] > limit), rule["id"])
    return fired


def _with_rules(rows: pd.DataFrame, rules: list[dict] | None) -> pd.DataFrame:
    """Return rows with rule_id and months_limit; rows from SQL already have them."""
    if "rule_id" in rows.columns:
        return rows
    limits = {r["id"]: r["months"] for r in rules_of("project_stalled", rules)}
    rule_id = _fired_rules(rows, rules)
    months_limit = [
        limits[r][s] if r is not None else None for r, s in zip(rule_id, rows["stage"], strict=True)
    ]
    return rows.assign(rule_id=rule_id, months_limit=months_limit)


def _project_reasons(rows: pd.DataFrame, rules: list[dict] | None) -> pd.DataFrame:
    """Return project_id, stage, months_in_stage and STATUS_COLUMNS for rows with rule_id set."""
    by_id = {r["id"]: r for r in rules_of("project_stalled", rules)}
    out = []
    for p in rows.itertuples(index=False):
        stage_zh, stage_en = STAGE_NAMES.get(p.stage, (p.stage, p.stage))
        months = int(p.months_in_stage)
        if p.rule_id is None or pd.isna(p.rule_id):
            out.append(
                (
                    p.project_id,
                    p.stage,
                    months,
                    "green",
                    None,
                    f"处于{stage_zh}阶段 {months} 个月，未触发预警",
                    f"{months} months {stage_en}; no rule fired",
                )
            )
            continue
        fired = by_id[p.rule_id]
        zh, en = _cite(fired)
        limit = fired["months"][p.stage]
        out.append(
            (
                p.project_id,
                p.stage,
                months,
                fired["level"],
                fired["id"],
                f"{p.name_zh} 处于{stage_zh}阶段已 {months} 个月，超过 {limit} 个月{zh}",
                f"{p.name_en} has been {stage_en} for {months} months, more than {limit}{en}",
            )
        )
    return pd.DataFrame(out, columns=["project_id", "stage", "months_in_stage", *STATUS_COLUMNS])


def project_status(stage_ages: pd.DataFrame, rules: list[dict] | None = None) -> pd.DataFrame:
    """Return one row per project: project_id, stage, months_in_stage, level, rule_id, reasons.

    `stage_ages` has project_id, name_zh, name_en, stage, months_in_stage (a few rows: a test, a
    table; pages use data.stalled_projects instead). A project is stalled when it has sat in its
    stage longer than the project_stalled rule's months for that stage; stages the rule leaves
    out are never stalled.
    """
    return _project_reasons(_with_rules(stage_ages, rules), rules)


def stalled_projects(rows: pd.DataFrame, rules: list[dict] | None = None) -> pd.DataFrame:
    """Return project_status rows of stalled projects only, most severe and longest first.

    `rows` is data.stalled_projects(period, …, limits=stall_limits()) (rules evaluated in SQL,
    already ordered and limited), or raw rows as project_status takes (evaluated here).
    """
    rows = _with_rules(rows, rules)
    rows = rows[rows["rule_id"].notna()]
    status = _project_reasons(rows, rules)
    status["_rank"] = status["level"].map(LEVEL_RANK)
    return (
        status.sort_values(
            ["_rank", "months_in_stage", "project_id"],
            ascending=[False, False, True],
            kind="stable",
        )
        .drop(columns="_rank")
        .reset_index(drop=True)
    )


def _stall_counts(counts: pd.DataFrame, rules: list[dict] | None) -> pd.DataFrame:
    """Return stage, rule_id, projects: data.stage_stall_counts as is, or raw rows counted here."""
    if "projects" in counts.columns and "project_id" not in counts.columns:
        return counts
    fired = _fired_rules(counts, rules)
    return (
        counts.assign(rule_id=fired)
        .groupby(["stage", "rule_id"], dropna=False)
        .size()
        .rename("projects")
        .reset_index()
    )


def stage_status(counts: pd.DataFrame, rules: list[dict] | None = None) -> pd.DataFrame:
    """Return one row per stage present: stage, projects, stalled, stalled_share, level, rule_id, reasons.

    `counts` is data.stage_stall_counts(period, …, limits=stall_limits()) (or raw rows as
    project_status takes). The pipeline page's colour per stage: a stage is amber/red when more
    than the stage_stalled_share rule's share of its projects are stalled (project_stalled rules).
    """
    rules = rules if rules is not None else load_rules()
    share_rules = rules_of("stage_stalled_share", rules)
    counts = _stall_counts(counts, rules)
    rows = []
    for stage in [s for s in STAGE_NAMES if s in set(counts["stage"])]:
        part = counts[counts["stage"] == stage]
        total = int(part["projects"].sum())
        stalled = int(part.loc[part["rule_id"].notna(), "projects"].sum())
        share = stalled / total
        stage_zh, stage_en = STAGE_NAMES[stage]
        fired = next((r for r in share_rules if share > r["share"]), None)
        if fired is None:
            rows.append(
                (
                    stage,
                    total,
                    stalled,
                    share,
                    "green",
                    None,
                    f"{stage_zh}阶段 {total} 个项目中 {stalled} 个停滞（{share:.0%}），未触发预警",
                    f"{stalled} of {total} projects {stage_en} stalled ({share:.0%}); no rule fired",
                )
            )
            continue
        zh, en = _cite(fired)
        rows.append(
            (
                stage,
                total,
                stalled,
                share,
                fired["level"],
                fired["id"],
                f"{stage_zh}阶段 {total} 个项目中 {stalled} 个停滞（{share:.0%}）{zh}",
                f"{stalled} of {total} projects {stage_en} stalled ({share:.0%}){en}",
            )
        )
    return pd.DataFrame(
        rows, columns=["stage", "projects", "stalled", "stalled_share", *STATUS_COLUMNS]
    )


def stalled_counts(counts: pd.DataFrame, rules: list[dict] | None = None) -> dict[str, int]:
    """Return level -> number of stalled projects (all of them, not only those listed)."""
    counts = _stall_counts(counts, rules)
    level = {r["id"]: r["level"] for r in rules_of("project_stalled", rules)}
    fired = counts[counts["rule_id"].notna()]
    return {
        lv: int(fired.loc[fired["rule_id"].map(level) == lv, "projects"].sum())
        for lv in ("red", "amber")
    }


def stage_alerts(counts: pd.DataFrame, rules: list[dict] | None = None) -> pd.DataFrame:
    """Return one alert row per stage whose share of stalled projects passes a rule (ALERT_COLUMNS)."""
    status = stage_status(counts, rules)
    status = status[status["level"] != "green"]
    shares = {r["id"]: r["share"] for r in rules_of("stage_stalled_share", rules)}
    return pd.DataFrame(
        {
            "level": status["level"],
            "rule_id": status["rule_id"],
            "kind": "stage_stalled_share",
            "figure_zh": "阶段：" + status["stage"].map(lambda s: STAGE_NAMES[s][0]),
            "figure_en": "Stage: " + status["stage"].map(lambda s: STAGE_NAMES[s][1]),
            "value": status["stalled_share"],
            "threshold": status["rule_id"].map(shares),
            "reason_zh": status["reason_zh"],
            "reason_en": status["reason_en"],
        },
        columns=ALERT_COLUMNS,
    )


def project_alerts(rows: pd.DataFrame, rules: list[dict] | None = None) -> pd.DataFrame:
    """Return one alert row per stalled project in `rows` (as stalled_projects takes; ALERT_COLUMNS)."""
    stalled = stalled_projects(rows, rules).merge(
        rows[["project_id", "name_zh", "name_en"]], on="project_id"
    )
    limits = {r["id"]: r["months"] for r in rules_of("project_stalled", rules)}
    return pd.DataFrame(
        {
            "level": stalled["level"],
            "rule_id": stalled["rule_id"],
            "kind": "project_stalled",
            "figure_zh": "项目：" + stalled["name_zh"],
            "figure_en": "Project: " + stalled["name_en"],
            "value": stalled["months_in_stage"],
            "threshold": [
                limits[r][s] for r, s in zip(stalled["rule_id"], stalled["stage"], strict=True)
            ],
            "reason_zh": stalled["reason_zh"],
            "reason_en": stalled["reason_en"],
        },
        columns=ALERT_COLUMNS,
    )


# ---- parks ---------------------------------------------------------------------------------------


def park_alerts(
    activity: pd.DataFrame, period: str, rules: list[dict] | None = None
) -> pd.DataFrame:
    """Return one alert row per park with no new project for longer than a rule allows.

    `activity` is data.park_last_new_project(period): park_id, name_zh, name_en, last_new_project
    ('YYYY-MM' or missing when the park never had one).
    """
    quiet = rules_of("park_no_new_project", rules)
    rows = []
    for park in activity.itertuples(index=False):
        last = park.last_new_project
        months = months_between(last, period) if isinstance(last, str) else None
        fired = next((r for r in quiet if months is None or months >= r["months"]), None)
        if fired is None:
            continue
        zh, en = _cite(fired)
        since_zh = (
            f"最近一个新入库项目在 {last}，已 {months} 个月"
            if months is not None
            else "从未有新入库项目"
        )
        since_en = (
            f"last new project in {last}, {months} months ago"
            if months is not None
            else "never had a new project"
        )
        rows.append(
            (
                fired["level"],
                fired["id"],
                fired["kind"],
                f"园区：{park.name_zh}",
                f"Park: {park.name_en}",
                months,
                fired["months"],
                f"{park.name_zh}{since_zh}{zh}",
                f"{park.name_en}: {since_en}{en}",
            )
        )
    return pd.DataFrame(rows, columns=ALERT_COLUMNS)


# ---- everything, for the monitoring page ---------------------------------------------------------


def monitoring_alerts(
    *,
    goals: pd.DataFrame,
    series: pd.DataFrame,
    yoy: pd.DataFrame,
    stage_counts: pd.DataFrame,
    stalled: pd.DataFrame,
    park_activity: pd.DataFrame,
    period: str,
    rules: list[dict] | None = None,
) -> pd.DataFrame:
    """Return every alert for one period (ALERT_COLUMNS), red first, then amber, by kind.

    `stage_counts` and `stalled` are data.stage_stall_counts and data.stalled_projects (the
    latter limited: the list holds the most severe stalled projects, alert_counts counts all).
    """
    rules = rules if rules is not None else load_rules()
    month_index(period)  # fails loudly on a malformed period
    parts = [
        goal_alerts(goals, rules, series),
        indicator_alerts(yoy, rules),
        park_alerts(park_activity, period, rules),
        stage_alerts(stage_counts, rules),
        project_alerts(stalled, rules),
    ]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=ALERT_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    out["_rank"] = out["level"].map(LEVEL_RANK)
    out["_kind"] = out["kind"].map({k: i for i, k in enumerate(DISPLAY_ORDER)})
    return (
        out.sort_values(["_rank", "_kind"], ascending=[False, True], kind="stable")
        .drop(columns=["_rank", "_kind"])
        .reset_index(drop=True)
    )


def alert_counts(
    found: pd.DataFrame, stage_counts: pd.DataFrame, rules: list[dict] | None = None
) -> dict[str, int]:
    """Return level -> alerts: those in `found` plus every stalled project, listed or not."""
    stalled = stalled_counts(stage_counts, rules)
    others = found[found["kind"] != "project_stalled"]
    return {lv: int((others["level"] == lv).sum()) + stalled[lv] for lv in ("red", "amber")}
