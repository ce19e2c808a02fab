"""The goals page's cached content is what the view functions give, and a changed rules file or
data version is a new entry; the plan-ended banner and the cards read only the final attainment;
the warning history reuses a month only for the same rows."""

from __future__ import annotations

import pandas as pd
import pytest

from ccbio import (
    assessment_report,
    data,
    goals_view,
    page_cache,
    plan_banner,
    plans,
    rules,
    shortfall,
)


@pytest.mark.parametrize(("period", "lang"), [("2025-06", "zh"), ("2026-11", "en")])
def test_cached_goals_content_is_the_view_functions_result(period, lang):
    shown = plans.card_period(period)
    progress, series = data.goal_progress(shown), data.goal_series(shown)
    attained = plan_banner.final_attainment(period)
    expected = goals_view.goal_cards(
        progress, series, data.target_list(), rules.current(), lang, attainment=attained
    )
    cards, table = page_cache.goals(period, lang, page_cache.version())
    assert [c.code for c in cards] == [c.code for c in expected]
    for got, want in zip(cards, expected, strict=True):
        assert (got.value, got.badge, got.note, got.projection) == (
            want.value,
            want.badge,
            want.note,
            want.projection,
        )
        pd.testing.assert_frame_equal(got.trend, want.trend)
    pd.testing.assert_frame_equal(
        table, goals_view.goals_table(progress, series, rules.current(), attainment=attained)
    )


def test_version_changes_with_the_rules_file(tmp_path, monkeypatch):
    before = page_cache.version()
    edited = tmp_path / "rules.toml"
    edited.write_bytes(rules.RULES_PATH.read_bytes())
    monkeypatch.setattr(rules, "version", lambda path=edited: f"{path}|{path.stat().st_mtime_ns}")
    assert page_cache.version() != before


@pytest.mark.parametrize("period", ["2024-06", "2025-06"])
def test_while_the_plan_runs_no_final_attainment(period):
    assert assessment_report.final(period) is None
    assert plan_banner.final_attainment(period) is None


@pytest.mark.parametrize("period", ["2025-12", "2026-11"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_once_the_plan_has_ended_the_final_attainment_is_the_reports(period, lang, monkeypatch):
    rep = assessment_report.report(period)
    calls = []
    monkeypatch.setattr(assessment_report, "report", lambda p: calls.append(p))
    final = assessment_report.final(period)
    assert final.plan == rep.plan and final.classes == rep.classes
    pd.testing.assert_frame_equal(final.table, rep.table)
    pd.testing.assert_frame_equal(plan_banner.final_attainment(period), rep.table)
    assert assessment_report.verdict_text(final, lang) == assessment_report.verdict_text(rep, lang)
    assert calls == []  # the banner and the cards never work out the whole assessment


def test_a_bad_period_is_still_an_error():
    with pytest.raises(data.QueryInputError, match="2099-01"):
        assessment_report.final("2099-01")


def test_warning_history_months_are_reused_only_for_the_same_rows():
    """fired_by_month keeps each month's verdict by the rows up to it: a later period gets the
    same verdicts as judging afresh, and a revised value is judged anew."""
    plan = plans.plan_for_period("2025-06").plan
    goals = {
        until: shortfall.monthly_goals(data.plan_goal_history(plan, until), plan, until)
        for until in ("2025-03", "2025-06")
    }
    shortfall._MONTHS.clear()
    fresh = shortfall.fired_by_month(goals["2025-06"], plan, rules.current())
    shortfall._MONTHS.clear()
    shortfall.fired_by_month(goals["2025-03"], plan, rules.current())  # fills the earlier months
    kept = len(shortfall._MONTHS)
    reused = shortfall.fired_by_month(goals["2025-06"], plan, rules.current())
    pd.testing.assert_frame_equal(reused, fresh)
    assert len(shortfall._MONTHS) == kept + 3  # only 2025-04..06 were judged
    revised = goals["2025-06"].copy()
    last = revised["month"] == "2025-06"
    revised.loc[last, "gap_points"] = -99.0  # far behind: another verdict for that month
    shortfall.fired_by_month(revised, plan, rules.current())
    assert len(shortfall._MONTHS) == kept + 4


@pytest.mark.parametrize(
    ("period", "lang"), [("2024-06", "en"), ("2025-12", "zh"), ("2026-11", "en")]
)
def test_cached_assessment_content_is_the_report_s_words_and_tables(period, lang):
    rep = assessment_report.report(period)
    view = page_cache.assessment(period, lang, page_cache.version())
    assert view.verdict == assessment_report.verdict_text(rep, lang)
    assert view.note == assessment_report.plan_note(rep, lang, short=True)
    assert view.cohort_sentences == assessment_report.cohort_sentences(rep, lang)
    assert view.short_sentences == assessment_report.short_sentences(rep, lang)
    assert view.how["stalled"] == assessment_report.how_lines(rep, "stalled", lang)
    pd.testing.assert_frame_equal(view.cohort_frame, assessment_report.cohort_frame(rep, lang))
    pd.testing.assert_frame_equal(view.stalled_frame, assessment_report.stalled_frame(rep, lang))
    for dim in ("park", "sector"):
        rows, unit = page_cache.growth_sources(
            period, "output_value", dim, lang, page_cache.version()
        )
        expected = assessment_report.sources_frame(rep, "output_value", dim, lang)
        pd.testing.assert_frame_equal(rows, expected)
        assert unit == assessment_report.source_unit(rep, "output_value")
