"""The goals page's cached content is what the view functions give, and a changed rules file or
data version is a new entry; the plan-ended banner is worked out only once a plan has ended."""

from __future__ import annotations

import pandas as pd
import pytest

from ccbio import assessment_report, data, goals_view, page_cache, plan_banner, plans, rules


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
def test_while_the_plan_runs_no_ended_report_and_no_attainment(period, monkeypatch):
    calls = []
    monkeypatch.setattr(assessment_report, "report", lambda p: calls.append(p))
    assert plan_banner.ended_report(period) is None
    assert plan_banner.final_attainment(period) is None
    assert calls == []  # not worked out while nothing of it is shown


@pytest.mark.parametrize("period", ["2025-12", "2026-11"])
def test_once_the_plan_has_ended_the_report_is_the_assessment(period):
    rep = plan_banner.ended_report(period)
    assert rep is not None and rep.ended
    pd.testing.assert_frame_equal(
        plan_banner.final_attainment(period), assessment_report.report(period).table
    )


def test_a_bad_period_is_still_an_error():
    with pytest.raises(data.QueryInputError, match="2099-01"):
        plan_banner.ended_report("2099-01")
