"""Pure helpers that turn assessed items into what the follow-up tables show (no Streamlit)."""

from __future__ import annotations

import pandas as pd

from ccbio import links
from ccbio.followups import items as fu_items
from ccbio.followups import rules as fu_rules
from ccbio.formatting import format_date, format_time
from ccbio.i18n import t

COLOUR_KEYS = {"red": "common.status_red", "amber": "common.status_amber"}


def table(
    assessed: pd.DataFrame, rules: dict, park_names: dict, lang: str, period: str
) -> pd.DataFrame:
    """Return one display row per item: level, status, subject with its link, unit, deadline, why."""
    side = "zh" if lang == "zh" else "en"
    return pd.DataFrame(
        {
            "item": links.urls("followup", assessed["id"].astype(str), lang, period),
            "level": [fu_rules.level_name(rules, int(v), lang) for v in assessed["level"]],
            "status": [t(f"followups.status_{s}", lang) for s in assessed["status"]],
            "subject": [
                links.named_url(kind, sid, name, lang, period)
                for kind, sid, name in zip(
                    assessed["subject_kind"],
                    assessed["subject_id"],
                    assessed[f"subject_{side}"],
                    strict=True,
                )
            ],
            "park": assessed["park_id"].map(park_names).fillna("—"),
            "unit": assessed["responsible_unit"],
            "warning": [t(COLOUR_KEYS[c], lang) for c in assessed["warning_level"]],
            "rule": assessed[f"rule_name_{side}"],
            "now": [
                t("followups.still_firing" if f else "followups.cleared", lang)
                for f in assessed["firing"]
            ],
            "deadline": assessed["deadline"].astype(str),
            "days_left": assessed["days_left"],
            "why": assessed[f"why_{side}"],
        }
    )


def counts(assessed: pd.DataFrame) -> dict[str, int]:
    """Return the headline counts: open, overdue, escalated (level above its start), closed."""
    open_ = assessed[assessed["status"] != "closed"]
    return {
        "open": len(open_),
        "overdue": int(open_["overdue"].sum()) if len(open_) else 0,
        "escalated": int((open_["level"] > open_["base_level"]).sum()) if len(open_) else 0,
        "closed": int((assessed["status"] == "closed").sum()),
    }


def days_metric(days_left: int, closed_on=None, lang: str = "zh") -> tuple[str, int | str]:
    """Return (catalogue key of the label, value) for an item's working days: left, or overdue;
    for a closed item the day it was closed (its days left no longer mean anything)."""
    if closed_on is not None:
        return "followups.col_closed_on", format_date(pd.Timestamp(closed_on), lang)
    days = int(days_left)
    return ("followups.col_days_left", days) if days >= 0 else ("followups.col_days_over", -days)


def shown_who(who: str, lang: str) -> str:
    """Return who made a change, the automatic rule in the user's language (it is stored in zh)."""
    return t("followups.auto_actor", lang) if who == fu_items.AUTO_ACTOR else who


def history(events: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return one display row per recorded change: when, who, action, from, to, note."""

    def status(s):
        return t(f"followups.status_{s}", lang) if isinstance(s, str) else ""

    return pd.DataFrame(
        {
            "at": [format_time(at, lang) for at in events["at"]],  # as dates read
            "who": [shown_who(w, lang) for w in events["who"]],
            "action": [t(f"followups.action_{a}", lang) for a in events["action"]],
            "from": [status(s) for s in events["from_status"]],
            "to": [status(s) for s in events["to_status"]],
            "note": events["note"].fillna(""),
        }
    )


def unfollowed(warnings_now: pd.DataFrame, assessed: pd.DataFrame) -> pd.DataFrame:
    """Return the warnings that have no open item yet (the ones a planner can open one for)."""
    open_keys = (
        set(assessed.loc[assessed["status"] != "closed", "warning_key"]) if len(assessed) else set()
    )
    return warnings_now[~warnings_now["warning_key"].isin(open_keys)]
