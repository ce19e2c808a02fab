"""督办 rules at their edges, and follow-up items in the store (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import threading

import pandas as pd
import pytest

from ccbio import store
from ccbio.followups import assess, board, calendar, items
from ccbio.followups import rules as fu_rules
from tests.pg_server import fresh_database
from tests.samples import MON, RULES, warning_row

# ---- working days ---------------------------------------------------------------------------


def test_working_days_skip_weekends():
    assert calendar.add_working_days(dt.date(2026, 12, 4), 1, "none") == MON  # Fri -> Mon
    assert calendar.add_working_days(MON, 5, "none") == dt.date(2026, 12, 14)


def test_working_days_skip_the_spring_festival():
    friday = dt.date(2026, 2, 13)
    # 16-20 February are the holiday and the 23rd a substituted day off: next working day 24th
    assert calendar.add_working_days(friday, 1, "CN") == dt.date(2026, 2, 24)
    assert calendar.add_working_days(friday, 1, "none") == dt.date(2026, 2, 16)


def test_working_days_between_counts_both_ways():
    assert calendar.working_days_between(MON, dt.date(2026, 12, 14), "none") == 5
    assert calendar.working_days_between(dt.date(2026, 12, 14), MON, "none") == -5


# ---- the rules file ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda r: r["deadline"]["working_days"].update(red=0), "deadline.working_days"),
        (lambda r: r["open"]["start_level"].update(red=9), "open.start_level"),
        (lambda r: r["open"].update(auto_levels=["purple"]), "open.auto_levels"),
        (lambda r: r["escalate"].update(amber_consecutive_snapshots=1), "amber_consecutive"),
        (lambda r: r["deadline"].update(holidays="XX"), "deadline.holidays"),
    ],
)
def test_a_malformed_rules_file_names_the_key(change, key):
    import copy
    import tomllib

    raw = tomllib.loads(fu_rules.RULES_PATH.read_text(encoding="utf-8"))
    raw = copy.deepcopy(raw)
    change(raw)
    with pytest.raises(fu_rules.FollowupRuleError, match=key):
        fu_rules.check(raw)


# ---- escalation and closing, pure ----------------------------------------------------------------


def _item(**kw) -> dict:
    return {
        "id": 1,
        "warning_key": "project:P0001:project_stalled",
        "warning_level": "amber",
        "base_level": 1,
        "status": "todo",
        "deadline": dt.date(2026, 12, 14),
    } | kw


def _warnings(level: str | None) -> pd.DataFrame:
    rows = (
        [] if level is None else [{"warning_key": "project:P0001:project_stalled", "level": level}]
    )
    return pd.DataFrame(rows, columns=["warning_key", "level"])


def _assess(item, today, now="amber", before=None):
    return assess.assess_one(
        item,
        today,
        dict(_warnings(now).values),
        dict(_warnings(before).values),
        ("2025-12", "2025-11"),
        RULES,
    )


def test_on_its_deadline_an_item_is_not_overdue():
    out = _assess(_item(), dt.date(2026, 12, 14))
    assert (out["overdue"], out["level"], out["why_zh"]) == (False, 1, "")


def test_the_day_after_its_deadline_it_is_overdue_and_rises_a_level():
    out = _assess(_item(), dt.date(2026, 12, 15))
    assert out["overdue"] and out["level"] == 2
    assert (
        "2026年12月14日" in out["why_zh"]
        and "14 Dec 2026" in out["why_en"]
        and "1 个工作日" in out["why_zh"]
    )


def test_amber_in_two_snapshots_in_a_row_rises_a_level():
    out = _assess(_item(), MON, now="amber", before="amber")
    assert out["level"] == 2 and "连续两期黄灯（2025年11月、2025年12月）" in out["why_zh"]
    assert _assess(_item(), MON, now="amber", before=None)["level"] == 1


def test_both_reasons_together_stop_at_the_top_level():
    out = _assess(_item(base_level=2), dt.date(2026, 12, 20), now="amber", before="amber")
    assert out["level"] == RULES["max_level"] == 3
    assert "；" in out["why_zh"]  # both reasons shown


def test_a_warning_turned_red_lifts_the_item_to_reds_level():
    out = _assess(_item(), MON, now="red")
    assert out["level"] == RULES["open"]["start_level"]["red"]


def test_a_closed_item_is_never_overdue_or_escalated():
    out = _assess(_item(status="closed"), dt.date(2027, 1, 30), now="amber", before="amber")
    assert (out["overdue"], out["level"]) == (False, 1)


def test_a_warning_gone_from_the_latest_snapshot_is_reported_so():
    assert _assess(_item(), MON, now=None)["firing"] is False


@pytest.mark.parametrize(
    ("firing", "reason", "problem"),
    [
        (False, "", None),
        (True, "", "followups.err_close_needs_reason"),
        (True, "短", "followups.err_close_needs_reason"),
        (True, "已协调解决", None),
    ],
)
def test_closing_needs_the_warning_gone_or_a_reason(firing, reason, problem):
    assert assess.close_problem(_item(), firing, reason, RULES) == problem


@pytest.mark.parametrize(
    ("frm", "to", "ok"),
    [
        ("todo", "in_progress", True),
        ("todo", "closed", True),
        ("in_progress", "closed", True),
        ("in_progress", "todo", False),
        ("closed", "in_progress", False),
    ],
)
def test_status_moves_forward_only(frm, to, ok):
    assert (assess.transition_problem(frm, to) is None) is ok


# ---- items in the store ----------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path, monkeypatch):
    """Point the store at a fresh database on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'ccbio.sqlite3'}"
    else:
        url = fresh_database(request.getfixturevalue("postgres_url"), request.node.nodeid)
    monkeypatch.setenv(store.URL_ENV, url)
    yield url
    store.dispose()


def test_open_records_who_when_and_the_deadline(db):
    item_id = items.open_item(
        warning_row(), who=" 张 三 ", unit="经开区项目推进一组（演示）", rules=RULES, today=MON
    )
    item = items.list_items().iloc[0]
    assert item["id"] == item_id and item["status"] == "todo" and item["created_by"] == "张 三"
    assert item["deadline"] == dt.date(2026, 12, 28)  # amber: 15 working days after Monday 7th
    assert (item["value"], item["threshold"], item["rule_name_zh"]) == (
        40.0,
        36.0,
        "在同一阶段停留较久",
    )
    events = items.item_events(item_id)
    assert events[["who", "action", "to_status"]].values.tolist() == [["张 三", "opened", "todo"]]


def test_a_second_open_item_for_the_same_warning_is_refused(db):
    items.open_item(warning_row(), who="a", unit="u", rules=RULES, today=MON)
    with pytest.raises(items.FollowupError) as err:
        items.open_item(warning_row(), who="b", unit="u", rules=RULES, today=MON)
    assert err.value.key == "followups.err_already_open"


@pytest.mark.parametrize(
    ("who", "unit", "key"),
    [
        ("", "u", "followups.err_who_missing"),
        ("a", " ", "followups.err_unit_missing"),
        ("x" * 41, "u", "followups.err_who_long"),
    ],
)
def test_open_refuses_missing_names(db, who, unit, key):
    with pytest.raises(items.FollowupError) as err:
        items.open_item(warning_row(), who=who, unit=unit, rules=RULES, today=MON)
    assert err.value.key == key
    assert items.list_items().empty


def test_the_whole_loop_is_recorded_and_survives_a_restart(db):
    item_id = items.open_item(warning_row(), who="张三", unit="u", rules=RULES, today=MON)
    items.change_status(
        item_id,
        "in_progress",
        who="李四",
        expected_version=1,
        firing=True,
        rules=RULES,
        note="已约谈",
    )
    with pytest.raises(items.FollowupError):  # still firing, no reason
        items.change_status(
            item_id, "closed", who="李四", expected_version=2, firing=True, rules=RULES
        )
    items.add_note(item_id, who="王五", note="现场核查", expected_version=2)
    items.change_status(
        item_id,
        "closed",
        who="李四",
        expected_version=3,
        firing=True,
        rules=RULES,
        note="项目已调整计划，经批准销号",
    )
    store.dispose()  # as a server restart would
    item = items.list_items().iloc[0]
    assert item["status"] == "closed" and item["close_reason"] == "项目已调整计划，经批准销号"
    events = items.item_events(item_id)
    assert events[["who", "action", "from_status", "to_status"]].fillna("").values.tolist() == [
        ["张三", "opened", "", "todo"],
        ["李四", "status", "todo", "in_progress"],
        ["王五", "note", "in_progress", "in_progress"],
        ["李四", "closed", "in_progress", "closed"],
    ]


def test_a_change_based_on_a_stale_view_is_refused(db):
    item_id = items.open_item(warning_row(), who="a", unit="u", rules=RULES, today=MON)
    items.add_note(item_id, who="甲", note="先到", expected_version=1)
    with pytest.raises(items.FollowupError) as err:
        items.change_status(
            item_id, "in_progress", who="乙", expected_version=1, firing=True, rules=RULES
        )
    assert err.value.key == "followups.err_changed_meanwhile" and err.value.values["who"] == "甲"


def test_concurrent_sessions_on_one_item_lose_nothing(db):
    item_id = items.open_item(warning_row(), who="a", unit="u", rules=RULES, today=MON)
    done, refused = [], []

    def session(n: int) -> None:
        for _ in range(10):
            version = int(items.list_items().iloc[0]["version"])
            try:
                items.add_note(item_id, who=f"s{n}", note=f"note {n}", expected_version=version)
                done.append(n)
            except items.FollowupError as err:
                refused.append(err.key)

    threads = [threading.Thread(target=session, args=(n,)) for n in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert set(refused) <= {"followups.err_changed_meanwhile"}
    item = items.list_items().iloc[0]
    notes = items.item_events(item_id)
    # every accepted note is recorded, and the version counted each one exactly once
    assert len(notes) - 1 == len(done) == item["version"] - 1
    assert len(done) + len(refused) == 40


def test_auto_open_takes_red_warnings_once(db):
    found = pd.DataFrame(
        [
            warning_row("project:P0001:project_stalled", "red"),
            warning_row("project:P0002:project_stalled", "amber"),
        ]
    )
    units = {k: "单位" for k in found["warning_key"]}
    assert len(items.auto_open(found, units, RULES, MON)) == 1
    assert items.auto_open(found, units, RULES, MON) == []
    item = items.list_items().iloc[0]
    assert (item["subject_id"], item["auto"], item["created_by"]) == (
        "P0001",
        True,
        items.AUTO_ACTOR,
    )
    assert item["deadline"] == dt.date(2026, 12, 14)  # red: 5 working days


def _sheet_items():
    item_id = items.open_item(
        warning_row(), who="a", unit="经开区项目推进一组（演示）", rules=RULES, today=MON
    )
    items.add_note(item_id, who="张三", note="已约谈企业", expected_version=1)
    return assess.assess(
        items.list_items(),
        dt.date(2026, 12, 29),
        _warnings("amber"),
        None,
        ("2025-12", "2025-11"),
        RULES,
    )


def test_the_sheet_has_chinese_headers_with_the_rule_and_numbers(db):
    assessed = _sheet_items()
    sheet = board.sheet(assessed, RULES, {"edz": "经开区"}, items.latest_notes(assessed["id"]))
    row = sheet.iloc[0]
    # every header of the sheet but the one empty in every row (none is closed)
    assert list(sheet.columns) == [h for h in board.SHEET_COLUMNS.values() if h != "销号说明"]
    assert (row["预警规则"], row["触发值"], row["阈值"], row["所属园区"]) == (
        "在同一阶段停留较久",
        40.0,
        36.0,
        "经开区",
    )
    assert (row["督办级别"], row["是否超期"], row["状态"]) == ("重点督办", "是", "待办")
    assert row["最新进展"] == "已约谈企业"


def test_the_sheet_writes_months_days_and_times_as_excel_dates_in_chinese(db):
    import io

    from openpyxl import load_workbook

    from ccbio import export

    assessed = _sheet_items()
    sheet = board.sheet(assessed, RULES, {"edz": "经开区"}, items.latest_notes(assessed["id"]))
    book = load_workbook(io.BytesIO(export.to_xlsx_bytes(sheet, "督办单", ["说明"])))
    cells = {c.value: book["督办单"].cell(row=2, column=c.column) for c in book["督办单"][1]}
    period, opened, updated = cells["预警期"], cells["立项日期"], cells["最近更新"]
    assert period.is_date and period.number_format == 'yyyy"年"m"月"'
    assert (period.value.year, period.value.month) == (2025, 12)  # the warning's month, not text
    assert opened.is_date and opened.number_format == 'yyyy"年"m"月"d"日"'
    assert opened.value.date() == MON
    assert cells["办结期限"].is_date and cells["办结期限"].value.date() == assessed["deadline"][0]
    # the newest change (the note), stored in UTC, read on the server's clock (today's clock)
    stored = pd.Timestamp(assessed["updated_at"][0])
    stored = stored.tz_localize("UTC") if stored.tzinfo is None else stored
    local = stored.tz_convert(dt.datetime.now().astimezone().tzinfo).tz_localize(None)
    assert updated.is_date and updated.number_format == 'yyyy"年"m"月"d"日" hh:mm'
    assert pd.Timestamp(updated.value) == local.floor("min")
    csv = export.to_csv_bytes(sheet).decode("utf-8-sig")
    assert "2025年12月," in csv and f"{MON.year}年{MON.month}月{MON.day}日" in csv


@pytest.mark.parametrize("pick", [0, 1, -1])
def test_a_projects_own_warnings_match_the_city_wide_ones(pick):
    from ccbio import data
    from ccbio.followups import warnings

    latest = data.latest_period()
    city = warnings.evaluate(latest)
    project_id = city.loc[city["subject_kind"] == "project", "subject_id"].iloc[pick]
    own = warnings.project_rows(data.project_history(project_id))
    a = own[own["period"] == latest].reset_index(drop=True)
    b = city[city["subject_id"] == project_id].reset_index(drop=True)
    assert len(a) == len(b) == 1
    cols = ["warning_key", "level", "rule_id", "rule_name_zh", "value", "threshold", "reason_zh"]
    pd.testing.assert_frame_equal(a[cols], b[cols], check_dtype=False)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2", 2), (None, None), ("", None), ("9", None), ("1 or 1=1", None), ("-1", None)],
)
def test_the_url_item_is_taken_only_when_it_is_a_listed_item(raw, expected):
    from ccbio.followups.page import asked_item

    assert asked_item(raw, [1, 2, 3]) == expected


def test_the_automatic_rule_is_named_in_the_users_language_in_an_items_history():
    from ccbio.followups.view import shown_who

    assert shown_who(items.AUTO_ACTOR, "en") == "System (automatic rule)"
    assert shown_who(items.AUTO_ACTOR, "zh") == items.AUTO_ACTOR
    assert shown_who("demo_planner", "en") == "demo_planner"


@pytest.mark.parametrize(
    ("days_left", "shown"),
    [
        (5, ("followups.col_days_left", 5)),
        (0, ("followups.col_days_left", 0)),
        (-5, ("followups.col_days_over", 5)),  # not "-5 working days left"
    ],
)
def test_an_overdue_item_says_how_many_working_days_overdue(days_left, shown):
    from ccbio.followups import view

    assert view.days_metric(days_left) == shown


def test_a_closed_item_shows_the_day_it_was_closed_not_days_left():
    from ccbio.followups import view

    closed = dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.UTC)
    assert view.days_metric(5, closed) == ("followups.col_closed_on", "2026年12月3日")
    assert view.days_metric(5, closed, "en") == ("followups.col_closed_on", "3 Dec 2026")


def _close_with_reason(item_id: int) -> None:
    items.change_status(
        item_id,
        "closed",
        who="李四",
        expected_version=1,
        firing=True,
        rules=RULES,
        note="园区管委会已同意调整计划，改按新节点考核",
    )


def test_a_red_warning_closed_with_a_reason_is_not_reopened_for_the_same_snapshot(db, monkeypatch):
    from ccbio.followups import clock

    monkeypatch.setenv(clock.TODAY_ENV, "2026-01-05")  # the 2025-12 snapshot is out
    found = pd.DataFrame([warning_row("project:P0001:project_stalled", "red")])
    units = {"project:P0001:project_stalled": "单位"}
    (first,) = items.auto_open(found, units, RULES, dt.date(2026, 1, 5))
    _close_with_reason(first)
    assert items.auto_open(found, units, RULES, dt.date(2026, 1, 6)) == []  # it stays closed
    later = found.assign(period="2026-01")  # still red a month on: a new round
    (again,) = items.auto_open(later, units, RULES, dt.date(2026, 2, 3))
    assert again != first


def test_an_item_closed_before_its_snapshot_was_out_does_not_cover_that_snapshot(db, monkeypatch):
    from ccbio.followups import clock

    monkeypatch.setenv(clock.TODAY_ENV, "2025-12-20")  # closed in December, before 2025-12 is out
    item_id = items.open_item(
        warning_row(level="red"), who="张三", unit="u", rules=RULES, today=dt.date(2025, 12, 20)
    )
    _close_with_reason(item_id)
    found = pd.DataFrame([warning_row("project:P0001:project_stalled", "red")])  # fires in 2025-12
    assert (
        len(
            items.auto_open(
                found, {"project:P0001:project_stalled": "u"}, RULES, dt.date(2026, 1, 5)
            )
        )
        == 1
    )


def test_the_sheets_notes_list_every_filter_applied():
    from ccbio.followups import page

    b = {"rules": RULES, "today": MON}
    choices = {
        "parks": ["edz"],
        "units": [],
        "statuses": ["todo", "in_progress"],
        "levels": [2],
        "overdue": True,
    }
    notes = page.sheet_notes(b, {"edz": "经开区"}, choices, 3)
    assert notes[0].startswith(f"督办单 · 导出日期 {MON.year}年{MON.month}月{MON.day}日")
    assert notes[1] == (
        "筛选条件：园区 经开区；责任单位 全部；状态 待办、整改中；督办级别 "
        f"{fu_rules.level_name(RULES, 2, 'zh')}；只看超期 是"
    )
    assert notes[2].startswith("共 3 项")


def test_the_board_is_kept_until_anyone_changes_a_follow_up(db, monkeypatch):
    board.refresh(today=MON)  # opens the automatic items: the store has changed since
    made = []
    real = board._refreshed
    monkeypatch.setattr(board, "_refreshed", lambda today: made.append(today) or real(today))
    kept = board.refresh(today=MON)
    assert board.refresh(today=MON)["items"].equals(kept["items"]) and len(made) == 1
    item = kept["items"].iloc[0]
    items.add_note(
        int(item["id"]), who="李四", note="已电话督促", expected_version=int(item["version"])
    )
    after = board.refresh(today=MON)
    assert len(made) == 2  # worked out again, as another user's note must show at once
    row = after["items"].set_index("id").loc[item["id"]]
    assert row["version"] == item["version"] + 1
    pd.testing.assert_frame_equal(after["items"], real(MON)["items"])
    board.refresh(today=MON + dt.timedelta(days=1))
    assert len(made) == 3  # a new day assesses deadlines anew
