"""The same page queries computed the way a typical Streamlit app does it: pandas reads, filters, groups.

Each function returns the same rows and columns as its `queries/<name>.sql` (checked by
`same_result`). To be fair to pandas, every function reads only the snapshot file(s) of the period
it needs and only the columns it uses (a typical app often reads the whole folder).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ccbio import config

MONEY = "money"


def _snap(
    data_dir: Path, table: str, period: str, columns: list[str] | None = None
) -> pd.DataFrame:
    return pd.read_parquet(
        data_dir / "snapshots" / f"period={period}" / f"{table}.parquet", columns=columns
    )


def _ref(data_dir: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(
        data_dir / "reference" / f"{name}.csv", dtype={"period": str, "deadline": str}
    )


def _keep(
    df: pd.DataFrame, parks=(), sectors=(), park_col="park_id", sector_col="sector_id"
) -> pd.DataFrame:
    if parks:
        df = df[df[park_col].isin(list(parks))]
    if sectors:
        df = df[df[sector_col].isin(list(sectors))]
    return df


def _months_between(start: pd.Series, end: str) -> pd.Series:
    start_n = start.str[:4].astype(int) * 12 + start.str[5:7].astype(int)
    return int(end[:4]) * 12 + int(end[5:7]) - start_n


def target_values(data_dir: Path, period: str) -> pd.DataFrame:
    """One row per month and target as known in `period` (the target_values view)."""
    ind = _snap(data_dir, "indicators", period, ["month", "indicator_code", "value"])
    defs = _ref(data_dir, "indicators")[["indicator_code", "target_code", "kind"]]
    monthly = (
        ind.merge(defs, on="indicator_code")
        .groupby(["month", "target_code", "kind"], as_index=False)["value"]
        .sum()
    )
    monthly = monthly.sort_values(["target_code", "month"])
    rolling = monthly.groupby("target_code")["value"].rolling(12, min_periods=1)
    monthly["sum12"] = rolling.sum().reset_index(level=0, drop=True)
    monthly["count12"] = rolling.count().reset_index(level=0, drop=True)
    money = monthly["kind"] == MONEY
    monthly["value"] = np.where(money, monthly["sum12"], monthly["value"])
    monthly["months_covered"] = np.where(money, monthly["count12"], 12).astype("int64")
    return monthly[["month", "target_code", "value", "months_covered"]]


def goal_progress(data_dir: Path, period: str) -> pd.DataFrame:
    tv = target_values(data_dir, period)
    targets = _ref(data_dir, "targets")
    cur = tv[tv["month"] == period].set_index("target_code")["value"]
    base = tv[tv["month"] == config.BASELINE_MONTH].set_index("target_code")["value"]
    out = targets[
        [
            "target_code",
            "target_order",
            "group_zh",
            "group_en",
            "name_zh",
            "name_en",
            "unit_zh",
            "unit_en",
            "kind",
            "target_value",
        ]
    ].copy()
    out["value"] = out["target_code"].map(cur).fillna(0.0)
    out["baseline"] = np.where(
        out["kind"] == "new_since_start", 0.0, out["target_code"].map(base).fillna(0.0)
    )
    start = int(config.PLAN_START[:4]) * 12 + int(config.PLAN_START[5:7])
    elapsed = min(1.0, (int(period[:4]) * 12 + int(period[5:7]) - start + 1) / config.PLAN_MONTHS)
    out["completion"] = out["value"] / out["target_value"]
    out["progress"] = (out["value"] - out["baseline"]) / (out["target_value"] - out["baseline"])
    out["time_elapsed"] = elapsed
    out["gap_points"] = 100 * (out["progress"] - elapsed)
    return out.sort_values("target_order").reset_index(drop=True)


def goal_series(data_dir: Path, period: str) -> pd.DataFrame:
    tv = target_values(data_dir, period)
    tv = tv[(tv["month"] >= config.BASELINE_MONTH) & (tv["month"] <= period)]
    return (
        tv[["target_code", "month", "value", "months_covered"]]
        .sort_values(["target_code", "month"])
        .reset_index(drop=True)
    )


def pipeline_by_stage(data_dir: Path, period: str, parks=(), sectors=()) -> pd.DataFrame:
    p = _keep(
        _snap(
            data_dir,
            "projects",
            period,
            ["park_id", "sector_id", "stage", "build_type", "investment_yi"],
        ),
        parks,
        sectors,
    )
    p = p.assign(new=p["build_type"] == "new", cont=p["build_type"] == "continued")
    p = p.assign(
        new_inv=p["investment_yi"].where(p["new"], 0.0),
        cont_inv=p["investment_yi"].where(p["cont"], 0.0),
    )
    g = p.groupby("stage").agg(
        projects=("stage", "size"),
        investment_yi=("investment_yi", "sum"),
        new_projects=("new", "sum"),
        new_investment_yi=("new_inv", "sum"),
        continued_projects=("cont", "sum"),
        continued_investment_yi=("cont_inv", "sum"),
    )
    stages = _ref(data_dir, "stages").rename(columns={"stage_id": "stage"})
    out = stages.merge(g, left_on="stage", right_index=True, how="left").fillna(
        {c: 0 for c in g.columns}
    )
    return out.sort_values("stage_order").reset_index(drop=True)


def stage_flows(
    data_dir: Path, period_from: str, period_to: str, parks=(), sectors=()
) -> pd.DataFrame:
    cols = ["project_id", "stage", "park_id", "sector_id", "investment_yi"]
    m = _snap(data_dir, "projects", period_from, cols).merge(
        _snap(data_dir, "projects", period_to, cols),
        on="project_id",
        how="outer",
        suffixes=("_b", "_a"),
    )
    m["park_id"] = m["park_id_a"].fillna(m["park_id_b"])
    m["sector_id"] = m["sector_id_a"].fillna(m["sector_id_b"])
    m["inv"] = m["investment_yi_a"].fillna(m["investment_yi_b"])
    m = _keep(m, parks, sectors)
    g = m.groupby(["stage_b", "stage_a"], dropna=False).agg(
        projects=("project_id", "size"), investment_yi=("inv", "sum")
    )
    g = g.reset_index().rename(columns={"stage_b": "from_stage", "stage_a": "to_stage"})
    g["from_key"] = g["from_stage"].fillna("")  # nulls first
    g["to_key"] = g["to_stage"].fillna("\uffff")  # nulls last
    return (
        g.sort_values(["from_key", "to_key"])
        .drop(columns=["from_key", "to_key"])
        .reset_index(drop=True)
    )


def park_summary(data_dir: Path, period: str, sectors=()) -> pd.DataFrame:
    e = _keep(
        _snap(
            data_dir,
            "enterprises",
            period,
            ["park_id", "sector_id", "output_value_yi", "is_leading"],
        ),
        (),
        sectors,
    )
    p = _keep(
        _snap(data_dir, "projects", period, ["park_id", "sector_id", "stage", "investment_yi"]),
        (),
        sectors,
    )
    firms = e.groupby("park_id").agg(
        enterprises=("park_id", "size"),
        output_value_yi=("output_value_yi", "sum"),
        leading_enterprises=("is_leading", "sum"),
    )
    pipe = (
        p.assign(building=p["stage"] == "construction")
        .groupby("park_id")
        .agg(
            projects=("park_id", "size"),
            investment_yi=("investment_yi", "sum"),
            projects_under_construction=("building", "sum"),
        )
    )
    parks = _ref(data_dir, "parks")
    out = parks.merge(firms, left_on="park_id", right_index=True, how="left").merge(
        pipe, left_on="park_id", right_index=True, how="left"
    )
    out = out.fillna({c: 0 for c in [*firms.columns, *pipe.columns]})
    return out.sort_values("park_order").reset_index(drop=True)


def _shift_month(period: str, months: int) -> str:
    n = int(period[:4]) * 12 + int(period[5:7]) - 1 + months
    return f"{n // 12:04d}-{n % 12 + 1:02d}"


def sector_summary(data_dir: Path, period: str, parks=()) -> pd.DataFrame:
    defs = _ref(data_dir, "indicators")
    money = defs.loc[defs["kind"] == MONEY, "indicator_code"].tolist()
    ind = _keep(
        _snap(
            data_dir,
            "indicators",
            period,
            ["month", "park_id", "sector_id", "indicator_code", "value"],
        ),
        parks,
    )
    ind = ind[ind["indicator_code"].isin(money)]
    this_from, last_from, last_to = (
        _shift_month(period, -11),
        _shift_month(period, -23),
        _shift_month(period, -12),
    )
    this = ind[ind["month"] >= this_from].groupby("sector_id")["value"].sum()
    prev = (
        ind[(ind["month"] >= last_from) & (ind["month"] <= last_to)]
        .groupby("sector_id")["value"]
        .sum()
    )
    firms = (
        _keep(_snap(data_dir, "enterprises", period, ["park_id", "sector_id"]), parks)
        .groupby("sector_id")
        .size()
    )
    p = _keep(_snap(data_dir, "projects", period, ["park_id", "sector_id", "investment_yi"]), parks)
    pipe = p.groupby("sector_id").agg(
        projects=("sector_id", "size"), investment_yi=("investment_yi", "sum")
    )
    out = _ref(data_dir, "sectors")[
        [
            "sector_id",
            "sector_order",
            "name_zh",
            "name_en",
            "project_zh",
            "focus_zh",
            "focus_en",
            "color",
        ]
    ].copy()
    out["enterprises"] = out["sector_id"].map(firms).fillna(0)
    out["output_value_yi"] = out["sector_id"].map(this).fillna(0.0)
    total = out["output_value_yi"].sum()
    out["output_share"] = out["output_value_yi"] / total if total else np.nan
    prev_v = out["sector_id"].map(prev).replace(0, np.nan)
    out["output_yoy"] = out["sector_id"].map(this) / prev_v - 1
    out["projects"] = out["sector_id"].map(pipe["projects"]).fillna(0)
    out["investment_yi"] = out["sector_id"].map(pipe["investment_yi"]).fillna(0.0)
    return out.sort_values("sector_order").reset_index(drop=True)


def sector_park_matrix(data_dir: Path, period: str) -> pd.DataFrame:
    e = _snap(data_dir, "enterprises", period, ["park_id", "sector_id", "output_value_yi"])
    p = _snap(data_dir, "projects", period, ["park_id", "sector_id", "investment_yi"])
    firms = e.groupby(["sector_id", "park_id"]).agg(
        enterprises=("park_id", "size"), output_value_yi=("output_value_yi", "sum")
    )
    pipe = p.groupby(["sector_id", "park_id"]).agg(
        projects=("park_id", "size"), investment_yi=("investment_yi", "sum")
    )
    s = _ref(data_dir, "sectors")[["sector_id", "sector_order", "name_zh", "name_en"]].rename(
        columns={"name_zh": "sector_zh", "name_en": "sector_en"}
    )
    k = _ref(data_dir, "parks")[["park_id", "park_order", "name_zh", "name_en", "tier"]].rename(
        columns={"name_zh": "park_zh", "name_en": "park_en"}
    )
    out = s.merge(k, how="cross").merge(
        firms, left_on=["sector_id", "park_id"], right_index=True, how="left"
    )
    out = out.merge(pipe, left_on=["sector_id", "park_id"], right_index=True, how="left")
    out = out.fillna({c: 0 for c in [*firms.columns, *pipe.columns]})
    return out.sort_values(["sector_order", "park_order"]).reset_index(drop=True)


def indicator_series(data_dir: Path, period: str, parks=(), sectors=()) -> pd.DataFrame:
    ind = _snap(
        data_dir,
        "indicators",
        period,
        ["month", "park_id", "sector_id", "indicator_code", "value", "is_preliminary"],
    )
    defs = _ref(data_dir, "indicators")[
        ["indicator_code", "indicator_order", "name_zh", "name_en", "unit_zh", "unit_en", "kind"]
    ]
    grid = pd.DataFrame({"month": ind["month"].unique()}).merge(defs, how="cross")
    f = (
        _keep(ind, parks, sectors)
        .groupby(["month", "indicator_code"], as_index=False)
        .agg(value=("value", "sum"), is_preliminary=("is_preliminary", "any"))
    )
    out = grid.merge(f, on=["month", "indicator_code"], how="left")
    out["value"] = out["value"].fillna(0.0)
    out["is_preliminary"] = out["is_preliminary"].fillna(False).astype(bool)
    out = out.sort_values(["indicator_order", "month"]).reset_index(drop=True)
    by = out.groupby("indicator_code")["value"]
    out["mom"] = out["value"] / by.shift(1).replace(0, np.nan) - 1
    out["yoy"] = out["value"] / by.shift(12).replace(0, np.nan) - 1
    out["year"] = out["month"].str[:4]
    running = out.groupby(["indicator_code", "year"])["value"].cumsum()  # money: sum since January
    out["ytd"] = running.where(out["kind"] == "money", out["value"])
    out["ytd_yoy"] = (
        out["ytd"] / out.groupby("indicator_code")["ytd"].shift(12).replace(0, np.nan) - 1
    )
    return out


def _names(df: pd.DataFrame, data_dir: Path) -> pd.DataFrame:
    k = _ref(data_dir, "parks")[["park_id", "name_zh", "name_en"]].rename(
        columns={"name_zh": "park_zh", "name_en": "park_en"}
    )
    s = _ref(data_dir, "sectors")[["sector_id", "name_zh", "name_en"]].rename(
        columns={"name_zh": "sector_zh", "name_en": "sector_en"}
    )
    return df.merge(k, on="park_id").merge(s, on="sector_id")


def leading_enterprises(data_dir: Path, period: str, parks=(), sectors=()) -> pd.DataFrame:
    e = _snap(data_dir, "enterprises", period)
    e = _keep(e[e["is_leading"]], parks, sectors)
    out = _names(e, data_dir)
    return out.sort_values(
        ["output_value_yi", "enterprise_id"], ascending=[False, True]
    ).reset_index(drop=True)


def major_projects(data_dir: Path, period: str, parks=(), sectors=()) -> pd.DataFrame:
    p = _snap(data_dir, "projects", period)
    p = _keep(p[p["is_major"]], parks, sectors)
    g = _ref(data_dir, "stages")[["stage_id", "stage_order", "name_zh", "name_en"]].rename(
        columns={"stage_id": "stage", "name_zh": "stage_zh", "name_en": "stage_en"}
    )
    out = _names(p, data_dir).merge(g, on="stage")
    out["months_in_stage"] = _months_between(out["stage_since"], period)
    return out.sort_values(["investment_yi", "project_id"], ascending=[False, True]).reset_index(
        drop=True
    )


def _projects_in(data_dir: Path, period: str, parks, sectors) -> pd.DataFrame:
    """The snapshot's projects in the chosen parks and sectors, with the columns stage ages need."""
    columns = ["project_id", "name_zh", "name_en", "park_id", "sector_id", "stage", "stage_since"]
    return _keep(
        _snap(data_dir, "projects", period, [*columns, "investment_yi", "is_demo"]), parks, sectors
    )


def project_stage_ages(data_dir: Path, period: str, parks=(), sectors=()) -> pd.DataFrame:
    p = _projects_in(data_dir, period, parks, sectors)
    k = _ref(data_dir, "parks")[["park_id", "name_zh", "name_en"]].rename(
        columns={"name_zh": "park_zh", "name_en": "park_en"}
    )
    g = _ref(data_dir, "stages")[["stage_id", "stage_order"]].rename(columns={"stage_id": "stage"})
    out = p.merge(k, on="park_id").merge(g, on="stage")
    out["months_in_stage"] = _months_between(out["stage_since"], period)
    return out.sort_values(["months_in_stage", "project_id"], ascending=[False, True]).reset_index(
        drop=True
    )


def stage_age_summary(data_dir: Path, period: str, parks=(), sectors=()) -> pd.DataFrame:
    """One row per stage: projects and min, quartiles, median, max of months in the stage."""
    p = _keep(
        _snap(data_dir, "projects", period, ["park_id", "sector_id", "stage", "stage_since"]),
        parks,
        sectors,
    )
    p = p.assign(months=_months_between(p["stage_since"], period))
    stats = (
        p.groupby("stage")["months"]
        .agg(
            projects="count",
            months_min="min",
            months_q1=lambda s: s.quantile(0.25),
            months_median="median",
            months_q3=lambda s: s.quantile(0.75),
            months_max="max",
        )
        .reset_index()
    )
    g = _ref(data_dir, "stages")[["stage_id", "stage_order"]].rename(columns={"stage_id": "stage"})
    return stats.merge(g, on="stage").sort_values("stage_order").reset_index(drop=True)


def stalled_projects(
    data_dir: Path, period: str, parks=(), sectors=(), limit: int = 200
) -> pd.DataFrame:
    """One row per stalled project (project_stalled rules, most severe first), at most `limit`."""
    from ccbio import rules

    p = _projects_in(data_dir, period, parks, sectors)
    p = p.assign(
        months_in_stage=_months_between(p["stage_since"], period),
        rule_id=None,
        rule_rank=float("nan"),
        months_limit=float("nan"),
    )
    for rule in rules.current().of(rules.ProjectStalled):
        limit_months = p["stage"].map(rule.months)
        hit = p["rule_id"].isna() & (p["months_in_stage"] > limit_months)
        p.loc[hit, "rule_id"] = rule.id
        p.loc[hit, "rule_rank"] = rule.rank
        p.loc[hit, "months_limit"] = limit_months[hit]
    k = _ref(data_dir, "parks")[["park_id", "name_zh", "name_en"]].rename(
        columns={"name_zh": "park_zh", "name_en": "park_en"}
    )
    g = _ref(data_dir, "stages")[["stage_id", "stage_order"]].rename(columns={"stage_id": "stage"})
    out = p[p["rule_id"].notna()].merge(k, on="park_id").merge(g, on="stage")
    out = out.sort_values(
        ["rule_rank", "months_in_stage", "project_id"], ascending=[False, False, True]
    )
    return out.head(limit).reset_index(drop=True)


FUNCTIONS = {
    f.__name__: f
    for f in (
        goal_progress,
        goal_series,
        pipeline_by_stage,
        stage_flows,
        park_summary,
        sector_summary,
        sector_park_matrix,
        indicator_series,
        leading_enterprises,
        major_projects,
        project_stage_ages,
        stage_age_summary,
        stalled_projects,
    )
}


def _normal(s: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(s):
        return s.astype(object)
    if pd.api.types.is_numeric_dtype(s):
        return s.astype("float64")
    return s.astype(object).where(s.notna(), None)


def same_result(duck: pd.DataFrame, pan: pd.DataFrame, rtol: float = 1e-9) -> tuple[bool, str]:
    """Return (True, '') if both frames hold the same rows in the same order for every column the
    DuckDB result has (numbers to a relative 1e-9, since sums are added up in another order)."""
    missing = [c for c in duck.columns if c not in pan.columns]
    if missing:
        return False, f"pandas result lacks {missing}"
    if len(duck) != len(pan):
        return False, f"{len(duck)} vs {len(pan)} rows"
    for col in duck.columns:
        a, b = _normal(duck[col].reset_index(drop=True)), _normal(pan[col].reset_index(drop=True))
        if pd.api.types.is_float_dtype(a) and pd.api.types.is_float_dtype(b):
            ok = np.isclose(a.to_numpy(), b.to_numpy(), rtol=rtol, atol=1e-9, equal_nan=True)
        else:
            ok = np.array(
                [
                    x == y or (x is None and y is None) or (x != x and y != y)
                    for x, y in zip(a, b, strict=True)
                ]
            )
        if not ok.all():
            i = int(np.argmin(ok))
            return False, f"column {col} row {i}: {a.iloc[i]!r} vs {b.iloc[i]!r}"
    return True, ""
