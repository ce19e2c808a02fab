"""The drill-down pages' tables (ccbio.drilldown.tables) on hand-made frames: words, not codes."""

from __future__ import annotations

import pandas as pd
import pytest

from ccbio.drilldown import firm, project, tables
from ccbio.i18n import t
from tests.samples import HISTORY

STAGES = {"negotiating": "洽谈", "construction": "建设", "commissioning": "投产"}


def test_the_stage_timeline_names_stages_and_months_and_the_stage_it_is_in():
    frame, headers = tables.stage_timeline_table(project.stage_timeline(HISTORY), STAGES, "zh")
    assert frame["stage"].tolist() == ["洽谈", "建设", "投产"]
    assert frame["entered"].tolist() == ["2022年11月", "2023年5月", "2024年2月"]
    assert frame["left"].tolist()[:2] == ["2023年5月", "2024年2月"]
    assert frame["left"].iloc[-1] not in ("", None) and "年" not in frame["left"].iloc[-1]
    assert "current" not in frame and set(headers) == {"stage", "entered", "left", "months"}


def test_the_revision_text_lists_each_revision_with_its_change():
    text = tables.revision_text(project.revisions(HISTORY), "en")
    assert "Jun 2023" in text and "+20.0%" in text
    assert tables.revision_text(project.revisions(HISTORY.iloc[:2]), "en") != text


def test_milestones_say_how_each_stands_in_the_language():
    frame, _ = tables.milestone_table(project.milestones(HISTORY), "zh", project.milestone_state)
    assert frame["planned"].tolist() == ["2023年3月", "2024年1月", "2024年6月"]
    assert frame["actual"].tolist() == ["2023年5月", "2024年2月", "—"]
    assert all(isinstance(s, str) and s for s in frame["state"])


def test_a_project_list_opens_each_project_in_the_same_view():
    projects = pd.DataFrame(
        {
            "project_id": ["P0001", "P0002"],
            "name_zh": ["甲", "乙"],
            "name_en": ["A", "B"],
            "stage": ["construction", "negotiating"],
            "investment_yi": [1.0, 2.0],
            "last_seen": ["2024-04", None],
        }
    )
    frame, headers = tables.project_list_table(projects, STAGES, "en", "2024-04", page="firm")
    assert frame["project"].tolist() == [
        "project?project=P0001&lang=en&period=2024-04",
        "project?project=P0002&lang=en&period=2024-04",
    ]
    assert frame["stage"].tolist() == ["建设", "洽谈"] and frame["last_seen"].tolist()[1] == "—"
    assert list(frame.columns) == list(headers)


def test_a_park_warning_links_its_subject_by_name():
    found = pd.DataFrame(
        {
            "level": ["red"],
            "subject_kind": ["project"],
            "subject_id": ["P0045"],
            "figure_zh": ["项目：演示项目P0045"],
            "figure_en": ["Project: Demo project P0045"],
            "reason_zh": ["已谋划 56 个月"],
            "reason_en": ["planned for 56 months"],
        }
    )
    frame, _ = tables.park_warning_table(found, "en", "2026-11")
    assert (
        frame["link"].iloc[0] == "project?project=P0045&lang=en&period=2026-11#Demo project P0045"
    )
    assert frame["level"].iloc[0] == "Red" and frame["reason"].iloc[0] == "planned for 56 months"


def test_flags_never_held_say_so():
    history = HISTORY.assign(
        is_above_scale=True,
        is_srdi=[False, False, True, True, True, False],
        is_listed=False,
        is_chain_leader=False,
        is_chain_leader_new=False,
    )
    frame, _ = tables.flag_timeline_table(firm.flag_timeline(history), "zh")
    srdi = frame.iloc[1]
    assert (srdi["now"], srdi["first"], srdi["last"]) == ("否", "2023年5月", "2024年2月")
    assert frame.iloc[2]["first"] == frame.iloc[2]["last"] == t("firm.never", "zh")
    changes, _ = tables.flag_change_table(firm.flag_changes(history), "en")
    assert changes["period"].tolist() == ["May 2023", "Apr 2024"]


def test_the_parks_project_list_gives_the_month_a_stage_began_in_words():
    projects = pd.DataFrame(
        {
            "project_id": ["P0001"],
            "name_zh": ["甲"],
            "name_en": ["A"],
            "stage": ["construction"],
            "stage_since": ["2026-01"],
            "months_in_stage": [10],
            "investment_yi": [1.0],
            "responsible_unit": ["推进一组（演示）"],
        }
    )
    frame, _ = tables.project_list_table(projects, STAGES, "zh", "2026-11", page="park")
    assert frame["stage_since"].tolist() == ["2026年1月"]
    assert frame["unit"].tolist() == ["推进一组（演示）"]


def test_a_revision_in_the_event_list_gives_its_amounts_as_the_cards_do():
    from ccbio.formatting import format_yi

    none = pd.DataFrame(
        columns=["period", "event", "from_stage", "to_stage", "reason_zh", "reason_en"]
    )
    events = project.event_rows(none, project.revisions(HISTORY))
    assert events["event"].tolist() == ["revised"]
    assert events["reason_zh"].iloc[0] == "5.00亿元 → 6.00亿元"
    assert events["reason_en"].iloc[0] == f"{format_yi(5.0, 'en')} → {format_yi(6.0, 'en')}"
    frame, _ = tables.event_table(events, STAGES, "en")
    assert frame["event"].iloc[0] and frame["reason"].iloc[0].endswith("(100m yuan)")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", ["firm", "park"])
def test_a_project_list_names_every_column_differently(page, lang):
    projects = pd.DataFrame(
        {
            "project_id": ["P0001"],
            "name_zh": ["演示项目P0001"],
            "name_en": ["Demo project P0001"],
            "stage": ["construction"],
            "stage_since": ["2024-01"],
            "months_in_stage": [3],
            "investment_yi": [2.5],
            "last_seen": ["2026-11"],
            "responsible_unit": ["推进一组（演示）"],
        }
    )
    _, headers = tables.project_list_table(projects, STAGES, lang, "2026-11", page=page)
    labels = [h["label"] if isinstance(h, dict) else h for h in headers.values()]
    assert len(set(labels)) == len(labels), labels  # the firm page had 项目 | 项目
