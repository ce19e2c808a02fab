"""The final assessment (终期评估) of a plan: attainment classes, the verdict, growth and its sources.

Pure functions: query results in, tables and sentences out (the page, the briefing and the wall
screen share them). The classes and their thresholds live in config/attainment.toml.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd

from ccbio import config
from ccbio.formatting import format_month
from ccbio.i18n import t

ATTAINMENT_PATH = config.ROOT / "config" / "attainment.toml"
LEVELS = ("green", "amber", "red")
CLASS_KEYS = ("id", "min_ratio", "level", "label_zh", "label_en", "count_zh", "count_en")


class AttainmentConfigError(ValueError):
    """config/attainment.toml is malformed: a missing key, a bad level or threshold."""


def load_classes(path: Path = ATTAINMENT_PATH) -> list[dict]:
    """Return the attainment classes, highest threshold first; raise AttainmentConfigError if malformed."""
    try:
        with open(path, "rb") as f:
            classes = tomllib.load(f).get("classes", [])
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise AttainmentConfigError(f"{path.name}: {err}") from err
    for c in classes:
        missing = [k for k in CLASS_KEYS if k not in c]
        if missing:
            raise AttainmentConfigError(f"class {c.get('id')!r}: missing {', '.join(missing)}")
        if c["level"] not in LEVELS or not isinstance(c["min_ratio"], int | float):
            raise AttainmentConfigError(f"class {c['id']!r}: bad level or min_ratio")
    classes = sorted(classes, key=lambda c: -c["min_ratio"])
    if not classes or classes[-1]["min_ratio"] != 0:
        raise AttainmentConfigError(f"{path.name}: the last class needs min_ratio = 0")
    return classes


def classify(ratio: float, classes: list[dict]) -> dict:
    """Return the first class (highest threshold first) whose min_ratio `ratio` reaches."""
    # rounded so that 9 of 10 (0.8999999…) is 90 %, as a reader computes it
    return next(c for c in classes if round(ratio, 9) >= c["min_ratio"])


def thresholds_text(classes: list[dict], lang: str) -> str:
    """Return the classes and their thresholds in words: '达成 ≥ 100%、基本达成 ≥ 90%、未达成 < 90%'."""
    label = "label_zh" if lang == "zh" else "label_en"
    parts = [f"{c[label]} ≥ {c['min_ratio']:.0%}" for c in classes[:-1]]
    parts.append(
        f"{classes[-1][label]} < {classes[-2]['min_ratio']:.0%}" if len(classes) > 1 else ""
    )
    return ("、" if lang == "zh" else ", ").join(p for p in parts if p)


def _annual_growth(start: float, end: float, years: float) -> float | None:
    """Return the compound yearly growth from start to end over `years` (None when start is 0)."""
    return (end / start) ** (1 / years) - 1 if start > 0 and end > 0 else None


def attainment_table(att: pd.DataFrame, plan, classes: list[dict]) -> pd.DataFrame:
    """Return data.plan_attainment rows with ratio, class, and growth achieved against needed.

    Totals compare compound yearly growth from the baseline; new-since-start targets (baseline 0)
    compare yearly additions instead (growth_kind 'per_year').
    """
    years = plan.months / 12
    out = att.copy()
    out["ratio"] = out["end_value"] / out["target_value"]
    picked = [classify(r, classes) for r in out["ratio"]]
    for key in ("id", "level", "label_zh", "label_en"):
        out[f"class_{key}"] = [c[key] for c in picked]
    per_year = out["kind"] == "new_since_start"
    out["growth_kind"] = per_year.map({True: "per_year", False: "rate"})
    out["growth_achieved"] = [
        e / years if py else _annual_growth(b, e, years)
        for py, b, e in zip(per_year, out["baseline"], out["end_value"], strict=True)
    ]
    out["growth_needed"] = [
        tv / years if py else _annual_growth(b, tv, years)
        for py, b, tv in zip(per_year, out["baseline"], out["target_value"], strict=True)
    ]
    out["reached_in_plan"] = out["reached_month"].notna() & (out["reached_month"] <= plan.end)
    return out


def verdict_counts(table: pd.DataFrame, classes: list[dict]) -> dict[str, int]:
    """Return class id -> number of targets in it, every class present (in threshold order)."""
    return {c["id"]: int((table["class_id"] == c["id"]).sum()) for c in classes}


def verdict(table: pd.DataFrame, classes: list[dict], plan, phase_ended: bool, lang: str) -> str:
    """Return the one-line verdict: '计划期末（2025年12月）：6项目标达成 3 项、基本达成 3 项、未达成 0 项'."""
    counts = verdict_counts(table, classes)
    key = "count_zh" if lang == "zh" else "count_en"
    parts = ("、" if lang == "zh" else ", ").join(c[key].format(n=counts[c["id"]]) for c in classes)
    which = "assessment.verdict_end" if phase_ended else "assessment.verdict_interim"
    return t(which, lang, month=format_month(plan.end, lang), n=len(table), parts=parts)


def growth_sources(growth: pd.DataFrame, target_code: str, dimension: str) -> pd.DataFrame:
    """Return one row per park or sector for one target: baseline, end, change and share of the change."""
    rows = growth[(growth["target_code"] == target_code) & (growth["dimension"] == dimension)]
    rows = rows.sort_values("change", ascending=False, kind="stable").reset_index(drop=True)
    total = rows["change"].sum()
    return rows.assign(share=rows["change"] / total if total else 0.0)


# ---- the pipeline's fate: the cohort of one snapshot, followed to the plan's end -----------------

PRODUCING = ("commissioning", "full_capacity", "completed")
BUILDING = ("construction", *PRODUCING)


COHORT_COUNTS = ("projects", "moved_up", "stayed", "completed", "terminated", "left_other")


def cohort_summary(cohort: pd.DataFrame, stages: pd.DataFrame) -> pd.DataFrame:
    """Return one row per stage of data.pipeline_cohort: projects, moved up, stayed, left (completed, terminated)."""
    n = cohort["projects"]
    # one column per count, each the cohort's projects where its condition holds (0 elsewhere),
    # summed per stage at once: a mask per stage and count was ~15 ms a call (issue 15)
    parts = pd.DataFrame(
        {
            "stage": cohort["from_stage"],
            "projects": n.where(n > 0, 0),
            "moved_up": n.where(cohort["outcome"] == "moved_up", 0),
            "stayed": n.where(cohort["outcome"] == "stayed", 0),
            "completed": n.where(cohort["to_state"] == "completed", 0),
            "terminated": n.where(cohort["to_state"] == "terminated", 0),
            "left_other": n.where(
                (cohort["outcome"] == "left") & (cohort["to_state"] == "left"), 0
            ),
            "investment_yi": cohort["investment_yi"].astype(float),
        }
    )
    sums = parts.groupby("stage").sum().reindex(stages["stage_id"], fill_value=0)
    out = pd.DataFrame(
        {
            "stage": list(stages["stage_id"]),
            "name_zh": list(stages["name_zh"]),
            "name_en": list(stages["name_en"]),
        }
    )
    for col in COHORT_COUNTS:
        out[col] = sums[col].to_numpy().astype(int)
    out["investment_yi"] = sums["investment_yi"].to_numpy().astype(float)
    return out


def cohort_investment(cohort: pd.DataFrame) -> dict[str, float]:
    """Return 亿元 of the cohort that was planned/negotiating and reached construction, and production."""
    early = cohort[cohort["from_stage"].isin(("planned", "negotiating"))]
    not_producing = cohort[~cohort["from_stage"].isin(("commissioning", "full_capacity"))]
    return {
        "cohort": float(cohort["investment_yi"].sum()),
        "early": float(early["investment_yi"].sum()),
        "reached_construction": float(
            early.loc[early["to_state"].isin(BUILDING), "investment_yi"].sum()
        ),
        "before_production": float(not_producing["investment_yi"].sum()),
        "reached_production": float(
            not_producing.loc[not_producing["to_state"].isin(PRODUCING), "investment_yi"].sum()
        ),
    }
