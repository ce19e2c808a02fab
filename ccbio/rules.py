"""The early-warning rules (config/warning_rules.toml) as a validated model: one dataclass per kind.

The file is read and validated once per edit (`current()`); every evaluator in `ccbio.alerts`
takes a `RuleSet` as an argument and never reads the file itself.

    rules = rules.current()                     # RuleSet, cached until the file changes
    rules.of(GoalBehindPace)                    # that kind's rules, most severe first
    rules.by_id("goal_behind_pace_red").name("zh")   # "目标严重落后时间进度"
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

from ccbio import config

RULES_PATH = config.ROOT / "config" / "warning_rules.toml"
LEVEL_RANK = {"red": 2, "amber": 1, "green": 0}


class RuleError(ValueError):
    """The rules file is malformed: unknown kind or level, duplicate id, missing or bad threshold."""


@dataclass(frozen=True)
class Rule:
    """What every rule has: id, level, a display name and a one-line label in zh and en."""

    kind: ClassVar[str] = ""
    id: str
    level: str
    name_zh: str
    name_en: str
    label_zh: str
    label_en: str

    def name(self, lang: str) -> str:
        """Return the rule's display name (shown instead of its id)."""
        return self.name_zh if lang == "zh" else self.name_en

    def label(self, lang: str) -> str:
        """Return the rule's one-line description of when it fires."""
        return self.label_zh if lang == "zh" else self.label_en

    @property
    def rank(self) -> int:
        return LEVEL_RANK[self.level]

    def _check(self) -> None:
        """Raise RuleError when a threshold is out of range (each kind adds its own checks)."""


@dataclass(frozen=True)
class ShareRule(Rule):
    """A rule whose threshold is a fraction `share` (0 up to 1)."""

    share: float

    def _check(self) -> None:
        if not 0 <= self.share < 1:
            raise RuleError(
                f"rule {self.id!r}: share must be a fraction from 0 up to 1, got {self.share!r}"
            )


@dataclass(frozen=True)
class GoalBehindPace(Rule):
    """A target's progress (推进进度) lags time elapsed (时间进度) by more than `points`."""

    kind: ClassVar[str] = "goal_behind_pace"
    points: float

    def _check(self) -> None:
        if not 0 <= self.points <= 100:
            raise RuleError(f"rule {self.id!r}: points must be 0 to 100, got {self.points!r}")


@dataclass(frozen=True)
class GoalProjectedShort(ShareRule):
    """At the projected pace a target ends the plan short by more than `share` of it."""

    kind: ClassVar[str] = "goal_projected_short"


@dataclass(frozen=True)
class IndicatorYoyDecline(ShareRule):
    """A monitored money indicator's month fell year on year by more than `share`."""

    kind: ClassVar[str] = "indicator_yoy_decline"


@dataclass(frozen=True)
class ProjectStalled(Rule):
    """A project has sat in one stage longer than months[stage] (stages left out never stall)."""

    kind: ClassVar[str] = "project_stalled"
    months: dict

    def _check(self) -> None:
        unknown = sorted(set(self.months) - set(config.STAGES))
        if unknown:
            raise RuleError(f"rule {self.id!r}: unknown stage {', '.join(unknown)}")
        if not all(isinstance(m, int) and m >= 0 for m in self.months.values()):
            raise RuleError(f"rule {self.id!r}: months per stage must be whole numbers, 0 or more")


@dataclass(frozen=True)
class StageStalledShare(ShareRule):
    """More than `share` of a stage's projects are stalled (the pipeline page's stage colours)."""

    kind: ClassVar[str] = "stage_stalled_share"


@dataclass(frozen=True)
class ParkNoNewProject(Rule):
    """No project has entered the pipeline in a park for `months` months."""

    kind: ClassVar[str] = "park_no_new_project"
    months: int

    def _check(self) -> None:
        if not isinstance(self.months, int) or self.months <= 0:
            raise RuleError(f"rule {self.id!r}: months must be a whole number above 0")


KINDS: dict[str, type[Rule]] = {
    cls.kind: cls
    for cls in (
        GoalBehindPace,
        GoalProjectedShort,
        IndicatorYoyDecline,
        ProjectStalled,
        StageStalledShare,
        ParkNoNewProject,
    )
}


@dataclass(frozen=True)
class RuleSet:
    """Every rule of the file, in file order."""

    rules: tuple[Rule, ...]

    def of(self, kind: type[Rule]) -> list[Rule]:
        """Return the rules of one kind, most severe first (file order within a level)."""
        return sorted((r for r in self.rules if isinstance(r, kind)), key=lambda r: -r.rank)

    def by_id(self, rule_id: str) -> Rule:
        """Return the rule with this id; KeyError for an unknown id."""
        return {r.id: r for r in self.rules}[rule_id]

    def without(self, kind: type[Rule]) -> RuleSet:
        """Return the rules minus one kind (tests, and what-if views)."""
        return RuleSet(tuple(r for r in self.rules if not isinstance(r, kind)))

    def __iter__(self):
        return iter(self.rules)


def parse_rule(entry: dict, where: str = "") -> Rule:
    """Return the model of one [[rules]] entry; RuleError says which rule and what is wrong."""
    rid = entry.get("id", "?")
    cls = KINDS.get(entry.get("kind"))
    if cls is None:
        known = ", ".join(KINDS)
        raise RuleError(f"rule {rid!r}{where}: unknown kind {entry.get('kind')!r} (known: {known})")
    if entry.get("level") not in ("red", "amber"):
        raise RuleError(f"rule {rid!r}{where}: level must be red or amber")
    fields = {f.name for f in dataclasses.fields(cls)}
    given = {k: v for k, v in entry.items() if k != "kind"}
    missing = sorted(fields - set(given))
    if missing:
        raise RuleError(f"rule {rid!r}{where}: missing {', '.join(missing)}")
    extra = sorted(set(given) - fields)
    if extra:
        raise RuleError(f"rule {rid!r}{where}: unknown field {', '.join(extra)}")
    rule = cls(**given)
    rule._check()
    return rule


def parse_rules(entries: list[dict], where: str = "") -> RuleSet:
    """Return the RuleSet of a list of entries; RuleError on a malformed entry or a repeated id."""
    seen: set[str] = set()
    out = []
    for entry in entries:
        rule = parse_rule(entry, where)
        if rule.id in seen:
            raise RuleError(f"duplicate rule id {rule.id!r}{where}")
        seen.add(rule.id)
        out.append(rule)
    return RuleSet(tuple(out))


def load(path: Path = RULES_PATH) -> RuleSet:
    """Return the validated rules of a rules file."""
    with open(path, "rb") as f:
        return parse_rules(tomllib.load(f).get("rules", []), f" in {path.name}")


@lru_cache(maxsize=4)
def _load_cached(path: str, mtime_ns: int) -> RuleSet:
    return load(Path(path))


def version(path: Path = RULES_PATH) -> str:
    """Return a cheap fingerprint of the rules file, so cached evaluations notice an edit."""
    return f"{path}|{path.stat().st_mtime_ns}"


def current(path: Path = RULES_PATH) -> RuleSet:
    """Return the rules file's RuleSet, validated once per edit of the file."""
    return _load_cached(str(path), path.stat().st_mtime_ns)
