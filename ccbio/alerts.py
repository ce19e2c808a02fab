"""Early warnings: rules read from config/warning_rules.toml, evaluated on query results."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd

from ccbio import config

RULES_PATH = config.ROOT / "config" / "warning_rules.toml"
LEVEL_RANK = {"red": 2, "amber": 1, "green": 0}


def load_rules(path: Path = RULES_PATH) -> list[dict]:
    """Return the rules in the file, in file order."""
    with open(path, "rb") as f:
        return tomllib.load(f)["rules"]


def goal_status(goals: pd.DataFrame, rules: list[dict] | None = None) -> pd.DataFrame:
    """Return one row per target: level (red/amber/green), rule_id and a reason in zh and en.

    `goals` is the result of data.goal_progress (needs target_code, gap_points, progress).
    """
    pace_rules = sorted((r for r in (rules or load_rules()) if r["kind"] == "goal_behind_pace"),
                        key=lambda r: -LEVEL_RANK[r["level"]])
    rows = []
    for goal in goals.itertuples(index=False):
        fired = next((r for r in pace_rules if goal.gap_points < -r["points"]), None)
        gap = abs(goal.gap_points)
        if fired is None:
            word_zh = "超过" if goal.gap_points >= 0 else "落后"
            word_en = "ahead of" if goal.gap_points >= 0 else "behind"
            rows.append((goal.target_code, "green", None,
                         f"{word_zh}时间进度 {gap:.1f} 个百分点，未触发预警",
                         f"{gap:.1f} pts {word_en} time elapsed; no rule fired"))
        else:
            rows.append((goal.target_code, fired["level"], fired["id"],
                         f"落后时间进度 {gap:.1f} 个百分点（规则 {fired['id']}：{fired['label_zh']}）",
                         f"{gap:.1f} pts behind time elapsed (rule {fired['id']}: {fired['label_en']})"))
    return pd.DataFrame(rows, columns=["target_code", "level", "rule_id", "reason_zh", "reason_en"])
