"""The 'how the plan ended' banner other pages show once a plan's last month is reached."""

from __future__ import annotations

import streamlit as st

from ccbio import assessment_report as ar
from ccbio import plans
from ccbio.briefing import download_buttons
from ccbio.formatting import format_month
from ccbio.i18n import t


def header_text(period: str, lang: str) -> str:
    """Return where `period` stands in the plans, for every page's header ('' while a plan runs)."""
    pos = plans.plan_for_period(period)
    if pos.phase == plans.AT_END:
        return t("assessment.header_at_end", lang, plan=pos.plan.text("short", lang))
    if pos.phase == plans.ENDED:
        end = format_month(pos.ended.end, lang)
        return t("assessment.header_ended", lang, plan=pos.ended.text("short", lang), end=end)
    if pos.phase == plans.IN_FORCE and pos.ended is not None:
        return t("assessment.header_next", lang, plan=pos.plan.text("short", lang))
    if pos.phase == plans.NONE:
        return t("assessment.header_none", lang)
    return ""


def header_note(period: str, lang: str) -> None:
    """Draw the plan-status line under a page header, when there is something to say."""
    text = header_text(period, lang)
    if text:
        st.caption(text)


def question_key(period: str, default: str) -> str:
    """Return the page question to show: `default` while a plan runs, 'how did it end' after its end."""
    return (
        default if plans.plan_for_period(period).assessed is None else "assessment.ended_question"
    )


def final_attainment(period: str):
    """Return the final assessment's per-target table once the plan has ended, else None."""
    # ar.final, not ar.report: only the table is shown here, not the rest of the assessment
    rep = ar.final(period)
    return rep.table if rep is not None else None


def ended_banner(period: str, lang: str, key: str) -> None:
    """Under a page header: the verdict, a link to the final assessment and the briefing downloads."""
    rep = ar.final(period)
    if rep is None:
        return
    with st.container(border=True, key=f"{key}_plan_ended"):
        st.markdown(f"**{ar.verdict_text(rep, lang)}**")
        st.page_link(
            "pages/assessment.py",
            label=t("assessment.open_assessment", lang),
            icon=":material/verified:",
        )
        download_buttons(period, lang, key=key)
