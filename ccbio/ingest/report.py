"""What the data-update page shows of a plan: problem tables and the summary, in the user's words."""

from __future__ import annotations

import pandas as pd

from ccbio.i18n import t
from ccbio.ingest.problems import Problem

# Summary lines a planner reads; *_unchanged last, so the changes come first.
SHOWN = (
    "projects_new",
    "projects_updated",
    "projects_removed",
    "stage_moves_forward",
    "stage_moves_back",
    "firms_new",
    "firms_updated",
    "firms_removed",
    "indicator_values",
    "revised_values",
    "revised_months",
    "projects_unchanged",
    "firms_unchanged",
    "projects",
    "enterprises",
)


def problem_table(problems: list[Problem], lang: str) -> pd.DataFrame:
    """Return one row per problem, headed in the user's language: kind, file/sheet, row, column, message."""
    return pd.DataFrame(
        [
            {
                t("admin.col_level", lang): t(f"admin.level_{p.severity}", lang),
                t("admin.col_sheet", lang): p.sheet,
                t("admin.col_row", lang): str(p.row or ""),
                t("admin.col_column", lang): p.column,
                t("admin.col_message", lang): p.message(lang),
            }
            for p in problems
        ],
        columns=[t(f"admin.col_{c}", lang) for c in ("level", "sheet", "row", "column", "message")],
    )


def summary_table(summary: dict[str, int], lang: str) -> pd.DataFrame:
    """Return the changes the write would make, one line each (only records that changed count
    as updated; unchanged ones are listed apart)."""
    keys = [k for k in SHOWN if k in summary]
    return pd.DataFrame(
        {
            t("admin.summary_item", lang): [t(f"admin.sum_{k}", lang) for k in keys],
            t("admin.summary_count", lang): [f"{summary[k]:,}" for k in keys],
        }
    )


def failure_message(exc: BaseException, lang: str) -> str:
    """Return what to tell a user about an unexpected failure, without a traceback or a path."""
    problems = getattr(exc, "problems", None)
    if problems:
        return ("；" if lang == "zh" else "; ").join(p.message(lang) for p in problems)
    if isinstance(exc, OSError):
        return t("admin.os_error", lang)
    return t("admin.unexpected", lang)
