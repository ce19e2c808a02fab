"""A page's worked-out content, cached by what it depends on and shared by every session.

The goals page's cards and download table are pure functions of the period, the language, the
data the reader may see and the warning rules; working them out (the outlook, each card's
12-month trend line, the attainment classes) was about a fifth of the server's CPU under the load
test (bench/load.py), paid again on every rerun of every session. Each function here calls the
same view functions the page did, keyed by data.data_version() (snapshots and the reader's scope)
and rules.version(), so a new period, another scope or an edited rules file is a new entry.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ccbio import config, data, goals_view, plan_banner, plans, rules


def version() -> str:
    """Return the cache key part that changes with the data, the reader's scope and the rules."""
    return data.data_version() + "|" + rules.version()


@st.cache_data(ttl=config.QUERY_CACHE_TTL_S, show_spinner=False, max_entries=256)
def goals(period: str, lang: str, version: str) -> tuple[list, pd.DataFrame]:
    """Return (the goal cards, the download table) the goals page shows for snapshot `period`."""
    rule_set = rules.current()
    # after the plan: its final state, as the verdict says (its last month the data holds)
    shown = plans.card_period(period, known=data.periods())
    progress, series = data.goal_progress(shown), data.goal_series(shown)
    attained = plan_banner.final_attainment(period)  # after the plan: classes, not pace lights
    cards = goals_view.goal_cards(
        progress, series, data.target_list(), rule_set, lang, attainment=attained
    )
    table = goals_view.goals_table(progress, series, rule_set, attainment=attained)
    return cards, table
