"""Plans as data (data/reference/plans.csv) and where a snapshot period stands in them.

    pos = plans.plan_for_period("2026-03")
    pos.phase        # "in_force" (pace and projection), "at_end" (the plan's last month),
                     # "ended" (after a plan, none in force) or "none" (before any plan)
    pos.plan         # the plan in force that month (None when none is)
    pos.assessed     # the plan whose final state the month reports (at_end / ended), else None

A follow-on plan is added as a row of plans.csv and its rows in targets.csv, never in code.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ccbio import config
from ccbio.periods import is_period, months_between

IN_FORCE, AT_END, ENDED, NONE = "in_force", "at_end", "ended", "none"
COLUMNS = {"start": "start_month", "end": "end_month", "baseline": "baseline_month"}


class PlanError(ValueError):
    """plans.csv or the plans' targets are inconsistent (bad month, overlap, unknown plan)."""


@dataclass(frozen=True)
class Plan:
    """One plan: id, names, first and last month, baseline month, source (zh/en)."""

    plan_id: str
    name_zh: str
    name_en: str
    short_zh: str
    short_en: str
    start: str
    end: str
    baseline: str
    source_zh: str
    source_en: str

    @property
    def months(self) -> int:
        """Return the number of months the plan runs, both ends included."""
        return months_between(self.start, self.end) + 1

    def covers(self, period: str) -> bool:
        """Return True when `period` lies within the plan (start and end included)."""
        return self.start <= period <= self.end

    def text(self, field: str, lang: str) -> str:
        """Return a bilingual field ('name', 'short', 'source') in the chosen language."""
        return getattr(self, f"{field}_{'zh' if lang == 'zh' else 'en'}")


@dataclass(frozen=True)
class Position:
    """Where one period stands: its phase, the plan in force, and the last plan that ended."""

    period: str
    phase: str
    plan: Plan | None
    ended: Plan | None

    @property
    def assessed(self) -> Plan | None:
        """Return the plan whose final state this period reports, or None while a plan runs."""
        return self.plan if self.phase == AT_END else self.ended if self.phase == ENDED else None

    @property
    def time_elapsed(self) -> float | None:
        """Return the share of the plan in force that has passed by this period (None without one)."""
        if self.plan is None:
            return None
        return min(1.0, (months_between(self.plan.start, self.period) + 1) / self.plan.months)


def _read(path: Path) -> list[dict]:
    if not path.is_file():
        raise PlanError(f"找不到计划表 {path.name} / plan table {path.name} is missing")
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _check(plans: list[Plan]) -> None:
    """Raise PlanError for a bad month, a plan ending before it starts, a duplicate id or an overlap."""
    ids = [p.plan_id for p in plans]
    if len(set(ids)) != len(ids):
        raise PlanError(f"计划编号重复 / duplicate plan id in {ids}")
    for p in plans:
        for month in (p.start, p.end, p.baseline):
            if not is_period(month):
                raise PlanError(
                    f"计划 {p.plan_id} 的月份“{month}”应为 YYYY-MM / "
                    f"plan {p.plan_id}: month '{month}' is not YYYY-MM"
                )
        if not p.baseline < p.start <= p.end:
            raise PlanError(
                f"计划 {p.plan_id} 应满足 基期 < 起始 ≤ 结束 / "
                f"plan {p.plan_id} needs baseline < start <= end"
            )
    for a, b in zip(plans, plans[1:], strict=False):
        if b.start <= a.end:
            raise PlanError(
                f"计划 {a.plan_id} 与 {b.plan_id} 时间重叠 / plans {a.plan_id} and {b.plan_id} overlap"
            )


@cache
def _load(path: str, mtime_ns: int) -> tuple[Plan, ...]:
    columns = {f: COLUMNS.get(f, f) for f in Plan.__dataclass_fields__}
    plans = sorted(
        (
            Plan(**{f: (row.get(c) or "").strip() for f, c in columns.items()})
            for row in _read(Path(path))
        ),
        key=lambda p: p.start,
    )
    _check(plans)
    return tuple(plans)


def load_plans(reference_dir: Path | None = None) -> tuple[Plan, ...]:
    """Return every plan in plans.csv, earliest first; raise PlanError if the table is inconsistent."""
    path = (reference_dir or config.reference_dir()) / "plans.csv"
    return _load(str(path), path.stat().st_mtime_ns if path.exists() else 0)


def plan_targets(plan_id: str, reference_dir: Path | None = None) -> list[dict]:
    """Return the plan's rows of targets.csv, in display order; an unknown plan fails loudly."""
    folder = reference_dir or config.reference_dir()
    if plan_id not in {p.plan_id for p in load_plans(folder)}:
        raise PlanError(f"未知的计划 {plan_id} / unknown plan {plan_id}")
    rows = [r for r in _read(folder / "targets.csv") if r.get("plan_id") == plan_id]
    return sorted(rows, key=lambda r: int(r["target_order"]))


def plan_for_period(period: str, plans: tuple[Plan, ...] | None = None) -> Position:
    """Return where `period` stands: the plan in force, at its end, after it, or before any plan."""
    plans = load_plans() if plans is None else plans
    months_between(period, period)  # raises PeriodError for a malformed period
    ended = next((p for p in reversed(plans) if p.end <= period), None)
    current = next((p for p in plans if p.covers(period)), None)
    if current is not None:
        return Position(period, AT_END if period == current.end else IN_FORCE, current, ended)
    return Position(period, ENDED if ended is not None else NONE, None, ended)


def card_period(
    period: str, plans: tuple[Plan, ...] | None = None, known: Iterable[str] | None = None
) -> str:
    """Return the month the goal cards report for `period`: the ended plan's last month once no
    plan is in force (its final state, as the verdict beside them), else `period` itself.

    With `known` (the snapshots the data holds), a plan end the data has no snapshot for gives
    the last snapshot within the plan, and a data folder with none gives `period` itself: the
    cards always show a snapshot that exists (a folder kept from 2025-11 on has no 2025-12).
    """
    position = plan_for_period(period, plans)
    if position.phase != ENDED:
        return period
    ended = position.ended
    if known is None:
        return ended.end
    held = [p for p in known if ended.start <= p <= ended.end]
    return max(held) if held else period


def by_id(plan_id: str, plans: tuple[Plan, ...] | None = None) -> Plan:
    """Return one plan by id; an unknown id fails loudly."""
    for plan in load_plans() if plans is None else plans:
        if plan.plan_id == plan_id:
            return plan
    raise PlanError(f"未知的计划 {plan_id} / unknown plan {plan_id}")
