"""One answer per goal: the goals cards and the monitoring alerts agree on every target, every period."""

from __future__ import annotations

import pandas as pd
import pytest

from ccbio import data, goals_view, outlook, rules, trend
from ccbio import monitoring_view as mv
from tests.page_helpers import markdown_text, open_page, table_with

RULES = rules.load()


def _cards(period: str, lang: str = "zh") -> dict:
    cards = goals_view.goal_cards(
        data.goal_progress(period), data.goal_series(period), data.target_list(), RULES, lang
    )
    return {c.code: c for c in cards}


def _goal_alerts(period: str) -> pd.DataFrame:
    found, _, _ = mv.evaluate_alerts(period, (), (), RULES)
    return found[found["kind"].isin(["goal_behind_pace", "goal_projected_short"])]


@pytest.mark.slow
def test_every_period_gives_one_level_reason_and_projection_per_target_on_both_pages():
    names = data.target_list().set_index("target_code")["name_zh"]
    seen_levels = set()
    for period in data.periods():
        cards = _cards(period)
        alerts_ = _goal_alerts(period)
        for code, card in cards.items():
            seen_levels.add(card.level)
            mine = alerts_[alerts_["figure_zh"] == f"目标：{names[code]}"]
            if card.level == "green":
                assert mine.empty, (period, code)
                continue
            assert len(mine) == 1, (period, code)
            assert mine["level"].iloc[0] == card.level, (period, code)
            assert mine["reason_zh"].iloc[0] == f"{names[code]}：{card.reason}", (period, code)
            if mine["kind"].iloc[0] == "goal_projected_short":
                assert card.projection in mine["reason_zh"].iloc[0], (period, code)
            # the sparkline's dashed line ends at the projected value the sentence quotes
            if not card.trend.empty:
                end = trend.projected_end(card.series)
                assert card.trend["value"].iloc[-1] == pytest.approx(end), (period, code)
    assert seen_levels == {"red", "amber", "green"}


def test_the_projected_short_rule_colours_the_goals_cards_too():
    # 2024-06: 专精特新 is 14.6 pts behind (amber by pace) and on trend 12.7 % short (red)
    card = _cards("2024-06")["srdi"]
    assert card.level == "red" and "目标预计明显完不成" in card.reason
    assert "87户（目标的 87.3%）" in card.projection and card.projection in card.reason


@pytest.mark.slow
def test_same_answer_on_the_goals_and_monitoring_pages():
    period = "2024-06"
    goals = open_page("goals", period=period)
    monitoring = open_page("monitoring", period=period)
    text = markdown_text(goals)
    table = table_with(monitoring, "reason")
    names = data.target_list().set_index("target_code")["name_zh"]
    status = outlook.goal_outlook(data.goal_progress(period), data.goal_series(period), RULES)
    words = {"red": "红灯", "amber": "黄灯"}
    for s in status[status["level"] != "green"].to_dict("records"):
        assert s["reason_zh"] in text and f"-badge[{words[s['level']]}]" in text
        row = table[table["figure"] == f"目标：{names[s['target_code']]}"]
        assert row["reason"].tolist() == [f"{names[s['target_code']]}：{s['reason_zh']}"]
        (word,) = row["level"].iloc[0]  # one coloured label (monitoring_view.level_cells)
        assert word.endswith({"red": "红色", "amber": "黄色"}[s["level"]])
    for sentence in status["projection_zh"]:
        assert sentence in text
