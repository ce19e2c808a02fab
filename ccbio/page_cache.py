"""A page's worked-out content, cached by what it depends on and shared by every session.

The goals page's cards and download table are pure functions of the period, the language, the
data the reader may see and the warning rules; working them out (the outlook, each card's
12-month trend line, the attainment classes) was about a fifth of the server's CPU under the load
test (bench/load.py), paid again on every rerun of every session. The assessment page's texts and
tables are the same kind: ~75 of its ~100 ms rerun, and its reruns were the load test's slowest.
Each function here calls the same view functions the page did, keyed by data.data_version()
(snapshots and the reader's scope) and rules.version(), so a new period, another scope or an
edited rules file is a new entry.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from ccbio import assessment_report as ar
from ccbio import config, data, goals_view, plan_banner, plans, print_view, rules


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


@dataclass(frozen=True)
class Assessment:
    """What the assessment page shows for one snapshot and language, worked out (see assessment())."""

    report: ar.Report
    note: str
    verdict: str
    thresholds: str
    targets_title: str
    targets_html: str  # the six targets' wrapping table
    how: dict[str, list[str]]  # section -> its 'how is this computed' lines
    cohort_sentences: list[str]
    cohort_frame: pd.DataFrame | None  # None: no cohort in this data
    stalled_frame: pd.DataFrame | None  # None: no project stalled
    short_sentences: list[str]


SECTIONS = ("targets", "sources", "cohort", "stalled", "short")


@st.cache_data(ttl=config.QUERY_CACHE_TTL_S, show_spinner=False, max_entries=64)
def assessment(period: str, lang: str, version: str) -> Assessment | None:
    """Return the assessment page's content for snapshot `period` (None: no plan to assess)."""
    rep = ar.report(period)
    if rep is None:
        return None
    return Assessment(
        report=rep,
        note=ar.plan_note(rep, lang, short=True),
        verdict=ar.verdict_text(rep, lang),
        thresholds=ar.thresholds_text(rep, lang),
        targets_title=ar.targets_title(rep, lang),
        targets_html=print_view.table_html(ar.targets_frame(rep, lang), print_only=False),
        how={s: ar.how_lines(rep, s, lang) for s in SECTIONS},
        cohort_sentences=ar.cohort_sentences(rep, lang),
        cohort_frame=None if rep.cohort.empty else ar.cohort_frame(rep, lang),
        stalled_frame=None if rep.stalled.empty else ar.stalled_frame(rep, lang),
        short_sentences=ar.short_sentences(rep, lang),
    )


@st.cache_data(ttl=config.QUERY_CACHE_TTL_S, show_spinner=False, max_entries=256)
def growth_sources(
    period: str, target_code: str, dimension: str, lang: str, version: str
) -> tuple[pd.DataFrame, str]:
    """Return (the rows of one target's growth by park or sector, its unit in Chinese)."""
    rep = assessment(period, lang, version).report
    return ar.sources_frame(rep, target_code, dimension, lang), ar.source_unit(rep, target_code)
