"""The follow-up rules file, config/followup_rules.toml, read and checked."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from ccbio import config

RULES_PATH = config.ROOT / "config" / "followup_rules.toml"
COLOURS = ("amber", "red")
SUBJECTS = ("project", "park", "target")


class FollowupRuleError(ValueError):
    """The follow-up rules file is malformed: the message names the key."""


def _need(cond: bool, key: str, what: str) -> None:
    if not cond:
        raise FollowupRuleError(f"{RULES_PATH.name}: {key} {what}")


def check(raw: dict) -> dict:
    """Return the rules with every value checked; raise FollowupRuleError naming a bad key."""
    levels = raw.get("levels", [])
    numbers = [lv.get("level") for lv in levels]
    _need(
        numbers == list(range(1, len(levels) + 1)) and levels, "levels", "must be 1, 2, … in order"
    )
    for lv in levels:
        _need(bool(lv.get("name_zh")) and bool(lv.get("name_en")), "levels.name_*", "missing")
    opening, deadline = raw.get("open", {}), raw.get("deadline", {})
    start = opening.get("start_level", {})
    _need(set(start) == set(COLOURS), "open.start_level", "needs amber and red")
    _need(all(v in numbers for v in start.values()), "open.start_level", "names an unknown level")
    _need(set(opening.get("auto_levels", [])) <= set(COLOURS), "open.auto_levels", "unknown colour")
    _need(set(opening.get("auto_subjects", [])) <= set(SUBJECTS), "open.auto_subjects", "unknown")
    days = deadline.get("working_days", {})
    _need(set(days) == set(COLOURS), "deadline.working_days", "needs amber and red")
    _need(
        all(isinstance(v, int) and v > 0 for v in days.values()),
        "deadline.working_days",
        "must be > 0",
    )
    _need(deadline.get("holidays") in ("CN", "none"), "deadline.holidays", 'must be "CN" or "none"')
    esc = raw.get("escalate", {})
    _need(isinstance(esc.get("overdue"), bool), "escalate.overdue", "must be true or false")
    n = esc.get("amber_consecutive_snapshots")
    _need(
        isinstance(n, int) and n >= 0 and n != 1,
        "escalate.amber_consecutive_snapshots",
        "must be 0 or ≥ 2",
    )
    close = raw.get("close", {})
    _need(
        isinstance(close.get("min_reason_chars"), int), "close.min_reason_chars", "must be a number"
    )
    return raw | {"max_level": len(levels), "level_names": {lv["level"]: lv for lv in levels}}


@cache
def _load(path: str, mtime_ns: int) -> dict:
    with open(path, "rb") as f:
        return check(tomllib.load(f))


def load(path: Path = RULES_PATH) -> dict:
    """Return the checked rules (re-read when the file changes)."""
    return _load(str(path), path.stat().st_mtime_ns)


def level_name(rules: dict, level: int, lang: str) -> str:
    """Return a level's display name ('重点督办' / 'Priority follow-up')."""
    return rules["level_names"][level]["name_zh" if lang == "zh" else "name_en"]
