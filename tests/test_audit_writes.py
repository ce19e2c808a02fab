"""Every write kind lands in the audit trail with who and what; undoing a month from the page."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pandas as pd
import pytest

from ccbio.auth import audit
from ccbio.ingest import existing_periods
from ccbio.ingest.restore import trashed_versions
from tests.ledgers import INDICATORS, PROJECT_HEADER
from tests.page_helpers import open_page
from tests.tiny_data import ROOT

NEW_PROJECT = (PROJECT_HEADER + "\n,长春示例项目,经开区,医疗器械,谋划,3,,,\n").encode("utf-8")


pytestmark = pytest.mark.usefixtures("fresh_store")  # each test its own store


def upload(at, files, period: str, replace: bool = False):
    """Upload, validate and write on the data update page; confirm with a reason when asked."""
    at.text_input(key="admin_period").set_value(period).run()
    if replace:
        at.checkbox(key="admin_replace").check().run()
    at.file_uploader(key="admin_files").set_value(files).run()
    at.button(key="admin_validate").click().run()
    if [c for c in at.checkbox if c.key == "admin_confirmed"]:
        at.checkbox(key="admin_confirmed").check().run()
        at.text_input(key="admin_reason").input("区统计局更正").run()
    at.button(key="admin_write").click().run()
    assert not at.exception
    return at


def test_an_ingest_from_the_page_is_audited_with_files_hashes_and_rows(data_dir):
    indicators = INDICATORS.encode("utf-8")
    at = upload(
        open_page("admin"),
        [("projects.csv", NEW_PROJECT, "text/csv"), ("indicators.csv", indicators, "text/csv")],
        "2026-01",
    )
    assert existing_periods(data_dir)[-1] == "2026-01"
    event = audit.events(actions=["ingest"]).iloc[0]
    assert (event["who"], event["role"], event["period"], event["result"]) == (
        "demo_admin",
        "data_admin",
        "2026-01",
        "ok",
    )
    assert json.loads(event["files"]) == [
        {"name": "projects.csv", "sha256": hashlib.sha256(NEW_PROJECT).hexdigest()},
        {"name": "indicators.csv", "sha256": hashlib.sha256(indicators).hexdigest()},
    ]
    written = pd.read_parquet(data_dir / "snapshots" / "period=2026-01" / "projects.parquet")
    assert json.loads(event["row_counts"])["projects"] == len(written)
    # the audit page shows it to the data administrator
    at.switch_page("pages/audit.py").run()
    table = at.dataframe[0].value
    assert table.iloc[0]["操作"] == "写入台账" and table.iloc[0]["期间"] == "2026年1月"
    assert "projects.csv (" in table.iloc[0]["文件（SHA-256）"]


def test_a_replace_is_audited_and_can_be_undone_from_the_page(data_dir):
    before = pd.read_parquet(data_dir / "snapshots" / "period=2025-12" / "indicators.parquet")
    ledger = INDICATORS.replace("2026-01", "2025-12").encode()
    at = upload(
        open_page("admin"), [("indicators.csv", ledger, "text/csv")], "2025-12", replace=True
    )
    event = audit.events(actions=["replace"]).iloc[0]
    assert event["period"] == "2025-12" and event["result"] == "ok"
    assert [v.period for v in trashed_versions(data_dir)] == ["2025-12"]
    replaced = pd.read_parquet(data_dir / "snapshots" / "period=2025-12" / "indicators.parquet")
    assert not replaced.equals(before)
    # undo: the restore button needs a reason
    assert at.button(key="restore_go").disabled
    at.text_input(key="restore_reason").input("误传了测试文件").run()
    at.button(key="restore_go").click().run()
    assert not at.exception
    assert any("已恢复 2025年12月 的旧版本" in s.value for s in at.success)
    restored = pd.read_parquet(data_dir / "snapshots" / "period=2025-12" / "indicators.parquet")
    pd.testing.assert_frame_equal(restored, before)
    assert [v.period for v in trashed_versions(data_dir)] == ["2025-12"]  # the undone one is kept
    event = audit.events(actions=["restore"]).iloc[0]
    assert (event["who"], event["result"], event["reason"]) == (
        "demo_admin",
        "ok",
        "误传了测试文件",
    )
    assert json.loads(event["detail"])["kind"] == "restore"


def test_withdrawing_the_newest_month_is_audited(data_dir):
    at = open_page("admin")
    at.text_input(key="restore_reason").input("月份写错").run()
    at.button(key="restore_withdraw").click().run()
    assert existing_periods(data_dir)[-1] == "2025-11"
    assert any("已撤回 2025年12月" in s.value for s in at.success)
    assert audit.events(actions=["restore"])["period"].tolist() == ["2025-12"]


def test_a_refused_write_is_audited_as_refused(data_dir, monkeypatch):
    from ccbio.auth import session
    from ccbio.auth.accounts import User

    at = open_page("admin")
    at.text_input(key="restore_reason").input("试一试").run()
    # the role changes under an open page (e.g. an administrator took the right away)
    monkeypatch.setattr(
        session, "_preset_user", User(0, "demo_planner", "planner", ("jingyue",), "demo")
    )
    at.button(key="restore_withdraw").click().run()
    assert existing_periods(data_dir)[-1] == "2025-12"
    assert any("无权打开“数据更新”页面" in w.value for w in at.warning)  # and the page is gone
    assert audit.events(results=["refused"])["who"].tolist() == ["demo_planner"]


@pytest.mark.slow  # six command-line runs in subprocesses
def test_command_line_ingest_and_account_changes_are_audited(data_dir, tmp_path):
    ledger = tmp_path / "indicators.csv"
    ledger.write_text(INDICATORS, encoding="utf-8")
    env = {
        "PATH": "/usr/bin:/bin",
        "CCBIO_DATA_DIR": str(data_dir),
        "CCBIO_STATE_DIR": str(tmp_path / "state"),
        "CCBIO_NEW_PASSWORD": "a long enough password",
        "HOME": str(tmp_path),
    }

    def run(*a):
        return subprocess.run(
            [sys.executable, "-m", "ccbio.cli", *a],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )

    assert run("ingest", str(ledger), "--period", "2026-01").returncode == 0
    assert run("user", "add", "wang", "--role", "planner", "--park", "jingyue").returncode == 0
    assert run("user", "reset-password", "wang").returncode == 0
    assert run("user", "disable", "wang").returncode == 0
    bad = run("user", "add", "li", "--role", "planner")
    assert bad.returncode == 1 and "需要至少指定一个园区" in bad.stderr
    out = run("audit", "--lang", "en").stdout
    lines = out.strip().splitlines()
    actions = ["account_disable", "password_reset", "account_create", "ingest"]
    assert [line.split(")")[1].split()[1] for line in lines] == actions
    assert all("(command line)" in line for line in lines)
    assert "indicators.csv" in lines[-1] and "2026-01" in lines[-1]
    listing = run("user", "list").stdout
    assert listing.split()[:4] == ["wang", "planner", "园区", "jingyue"] and "已停用" in listing


def test_audit_table_takes_missing_json_columns_as_empty():
    """A row without files, counts or details (NaN from pandas) reads as empty, not a crash."""
    from ccbio.auth import audit_view

    assert audit_view._files(float("nan")) == "" and audit_view._counts(None, "zh") == ""
    assert audit_view._detail(float("nan"), "zh") == ""


def test_audit_table_names_the_system_and_the_command_line_in_the_users_words():
    import pandas as pd

    from ccbio.auth.audit_view import audit_table
    from ccbio.i18n import t

    events = pd.DataFrame(
        {
            "at": ["2026-12-01 10:00:00"] * 4,
            "who": ["system", "root (command line)", "demo_leader", "系统（自动规则）"],
            "role": [None, "command_line", "leader", "system"],
            "action": ["account_create", "ingest", "sign_in", "followup"],
            "period": [None, "2026-12", None, "2026-11"],
            "files": [None] * 4,
            "row_counts": [None] * 4,
            "result": ["ok"] * 4,
            "reason": [None] * 4,
            "detail": [None] * 4,
        }
    )
    zh = audit_table(events, "zh")[t("audit.col_who", "zh")].tolist()
    assert zh == ["系统（自动）", "root（命令行）", "demo_leader", "系统（自动）"]
    en = audit_table(events, "en")
    assert en[t("audit.col_who", "en")].tolist()[:2] == [
        "System (automatic)",
        "root (command line)",
    ]
    assert en[t("audit.col_role", "en")].tolist() == [
        "",
        "command line",
        "Leader",
        "System (automatic)",
    ]


def test_audit_table_counts_an_ingests_rows_in_words():
    """An ingest's tables, its summary and a warning kind read in words, not as stored keys."""
    import json

    from ccbio.auth import audit_view
    from ccbio.i18n import t

    counts = json.dumps({"projects": 625, "project_events": 3})
    detail = json.dumps({"summary": {"projects_new": 3, "firms_unchanged": 1200}})
    for lang in ("zh", "en"):
        assert audit_view._counts(counts, lang) == (
            f"{t('admin.sum_projects', lang)} 625 · {t('audit.table_project_events', lang)} 3"
        )
        summary = audit_view._detail(detail, lang)
        colon = "：" if lang == "zh" else ": "  # Chinese punctuation in Chinese
        assert summary == (
            f"{t('audit.key_summary', lang)}{colon}{t('admin.sum_projects_new', lang)} 3 · "
            f"{t('admin.sum_firms_unchanged', lang)} 1,200"
        )
        assert audit_view._word("project_stalled", lang) == t(
            "monitoring.kind_project_stalled", lang
        )
        assert "_" not in audit_view._counts(counts, lang) + summary


def test_a_follow_ups_subject_reads_as_its_project_park_or_target():
    """A follow-up's stored subject ('kind:id:warning kind') names the record and the warning."""
    from ccbio.auth import audit_view, gate
    from ccbio.i18n import t

    project = audit_view._value("subject", "project:P0232:project_stalled", "zh")
    assert project == f"项目 P0232 · {t('monitoring.kind_project_stalled', 'zh')}"
    park = audit_view._value("subject", "park:jingyue:park_no_new_project", "en")
    no_new = t("monitoring.kind_park_no_new_project", "en")
    assert park == f"park {gate.park_names(['jingyue'], 'en')} · {no_new}"
    assert "jingyue" not in park
    target = audit_view._value("subject", "target:listed:goal", "zh")
    assert target == f"目标 上市企业 · {t('audit.val_goal', 'zh')}"
    assert audit_view._value("subject", "target:listed:goal", "en").startswith(
        "target Listed companies · "
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_detail_is_read_whole_in_its_row(lang):
    """The details column was cut at 1440 px (issue 10): it is wide and the rows tall enough for
    the longest detail to wrap."""
    from ccbio import text_table
    from ccbio.formatting import format_month
    from ccbio.i18n import t

    long_parks = {"parks": ["长春药谷创新园(长春北湖创新产业园)", "中韩(长春)国际合作示范区"] * 2}
    audit.record("account_create", audit.Actor("root"), detail=long_parks, period="2026-11")
    at = open_page("audit", lang=lang)
    frame = next(f for f in at.dataframe if t("audit.col_detail", lang) in f.value.columns)
    details = frame.value[t("audit.col_detail", lang)]
    lines = max(text_table.text_lines(d, 400) for d in details)
    assert lines > 1
    room = (frame.proto.row_height - text_table.PADDING_PX) // text_table.LINE_PX
    assert frame.proto.row_height > 64 and room >= lines
    # the details come before the columns a reader checks afterwards, so they are on screen
    order = list(frame.proto.column_order)
    assert order.index(t("audit.col_detail", lang)) < order.index(t("audit.col_files", lang))
    assert "2026-11" not in frame.value[t("audit.col_period", lang)].tolist()  # a month as read
    assert format_month("2026-11", lang) in frame.value[t("audit.col_period", lang)].tolist()
