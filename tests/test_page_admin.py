"""AppTest for pages/admin.py: upload -> every problem shown, nothing written -> fix -> write -> new month."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from ccbio.data import CONSOLIDATED_PREFIX
from ccbio.ingest import existing_periods
from tests.ledgers import INDICATORS, PROJECT_HEADER
from tests.page_helpers import open_page


def tree_hash(folder):
    """Return test_ingest.tree_hash of what is stored under `folder`: the snapshots, backups and
    trash, without the query layer's consolidated copy (data.CONSOLIDATED_PREFIX), which the
    first read of the data writes and which is rebuilt from the snapshots, not stored data."""
    kept = [
        p
        for p in sorted(Path(folder).rglob("*"))
        if not any(part.startswith(CONSOLIDATED_PREFIX) for part in p.relative_to(folder).parts)
    ]
    digest = hashlib.sha256()
    for path in kept:
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def problems(at):
    """Return the first problem table (errors, or warnings when there is no error) of the page."""
    return at.table[0].value


BAD = (
    PROJECT_HEADER
    + "\n,新项目甲,火星园区,医疗器械,谋划,3,,,\n,新项目乙,经开区,医疗器械,谋划,-2,,,\n"
).encode("utf-8")


def test_bad_upload_lists_every_problem_and_writes_nothing(data_dir):
    before = tree_hash(data_dir)
    at = open_page("admin")
    assert at.text_input(key="admin_period").value == "2026-01"
    at.file_uploader(key="admin_files").set_value([("projects.csv", BAD, "text/csv")]).run()
    at.button(key="admin_validate").click().run()
    assert not at.exception
    errors = problems(at)
    assert errors["说明"].tolist() == [
        "未知园区“火星园区”：请填写园区名称或编号（见模板“选项”表）",
        "金额应大于 0，收到 -2",
        "缺少指标台账：每期快照都需要 2026-01 的月度指标（医药工业产值、医疗服务收入、医药流通收入）",
    ]
    assert errors["行"].tolist() == ["2", "3", ""] and errors["列"].tolist()[:2] == [
        "所属园区",
        "计划总投资(亿元)",
    ]
    assert not [b for b in at.button if b.key == "admin_write"]
    assert tree_hash(data_dir) == before


def test_good_upload_is_written_and_the_sidebar_moves_to_it(data_dir):
    at = open_page("admin")
    at.file_uploader(key="admin_files").set_value(
        [
            (
                "projects.csv",
                (PROJECT_HEADER + "\n,长春示例项目,经开区,医疗器械,谋划,3,,,\n").encode("gbk"),
                "text/csv",
            ),
            ("indicators.csv", INDICATORS.encode("utf-8"), "text/csv"),
        ]
    ).run()
    at.button(key="admin_validate").click().run()
    # months read as every page writes them, not 2026-01 / 2025-12
    assert "校验通过：2026年1月 将在 2025年12月 的基础上生成。" in [s.value for s in at.success]
    assert at.button(key="admin_write").label.endswith("写入 2026年1月")
    assert existing_periods(data_dir)[-1] == "2025-12"  # validation alone writes nothing
    at.button(key="admin_write").click().run()
    assert not at.exception
    assert existing_periods(data_dir)[-1] == "2026-01"
    assert any("已写入 2026年1月" in s.value for s in at.success)
    assert at.selectbox(key="f_period").value == "2026-01"
    assert at.text_input(key="admin_period").value == "2026-02"  # ready for the next month
    assert not [w for w in at.warning if "Session State" in w.value]  # no value set twice
    at.switch_page("pages/monitoring.py").run()
    assert not at.exception and "2026年1月" in at.metric[0].label


def test_replace_needs_the_box_ticked(data_dir):
    at = open_page("admin")
    at.text_input(key="admin_period").set_value("2025-12").run()
    at.file_uploader(key="admin_files").set_value(
        [("indicators.csv", INDICATORS.replace("2026-01", "2025-12").encode(), "text/csv")]
    ).run()
    at.button(key="admin_validate").click().run()
    assert any("已存在" in m for m in problems(at)["说明"])
    at.checkbox(key="admin_replace").check().run()
    assert any("重新校验" in i.value for i in at.info)  # options changed: the old result is stale
    at.button(key="admin_validate").click().run()
    assert any("校验通过" in s.value for s in at.success)


# ---- issue 11 / issue 10 item 5: every error is a message, confirmations need a reason ---------


def _validate(at, files, period=None):
    if period:
        at.text_input(key="admin_period").set_value(period).run()
    at.file_uploader(key="admin_files").set_value(files).run()
    at.button(key="admin_validate").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_truncated_workbook_is_a_message_in_both_languages(data_dir):
    from ccbio.ingest.templates import workbook_bytes

    content = workbook_bytes(data_dir)
    cut = ("cut.xlsx", content[: len(content) // 2], "application/octet-stream")
    before = tree_hash(data_dir)
    for lang, expected in (
        ("zh", "无法作为 Excel 工作簿读取：文件不完整"),
        ("en", "Cannot be read as an Excel workbook: the file is incomplete"),
    ):
        at = _validate(open_page("admin", lang=lang), [cut])
        messages = problems(at).iloc[:, -1].tolist()
        assert any(m.startswith(expected) for m in messages), messages
        assert "Traceback" not in str(at) and "BadZipFile" not in " ".join(messages)
    assert tree_hash(data_dir) == before


def test_unusual_figures_need_the_box_and_a_reason_which_is_kept(data_dir):
    import json

    lines = INDICATORS.strip().split("\n")
    partial = "\n".join([lines[0]] + [x for x in lines[1:] if "经开区" not in x]) + "\n"
    at = _validate(open_page("admin"), [("ind.csv", partial.encode(), "text/csv")])
    assert any("需要确认" in w.value for w in at.warning)
    assert at.button(key="admin_write").disabled
    at.checkbox(key="admin_confirmed").check().run()
    assert at.button(key="admin_write").disabled  # the box alone is not enough
    at.text_input(key="admin_reason").set_value("经开区本月未报送，下月补报").run()
    assert not at.button(key="admin_write").disabled
    at.button(key="admin_write").click().run()
    assert not at.exception and existing_periods(data_dir)[-1] == "2026-01"
    note = json.loads(
        (data_dir / "snapshots" / "period=2026-01" / "ingest.json").read_text("utf-8")
    )
    assert note["reason"] == "经开区本月未报送，下月补报"
    at.switch_page("pages/compare.py").run()  # the comparison shows why the month was let through
    assert not at.exception
    assert any("经开区本月未报送，下月补报" in i.value for i in at.info)


def test_another_update_in_progress_is_a_message(data_dir):
    from ccbio.ingest.lock import data_lock

    at = open_page("admin")
    files = [("indicators.csv", INDICATORS.encode(), "text/csv")]
    done = []

    def hold_and_validate():
        with data_lock(data_dir):
            done.append(_validate(at, files))

    import threading

    worker = threading.Thread(target=hold_and_validate)  # another process's update, as it looks
    worker.start()
    worker.join()
    assert problems(at).iloc[:, -1].tolist() == ["另一个数据更新正在进行，请稍后再试"]


def test_a_missing_data_folder_is_a_message_not_a_traceback(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.tiny_data import ROOT

    monkeypatch.setenv("CCBIO_DATA_DIR", str(tmp_path / "nowhere"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not at.exception
    assert at.error[0].value.startswith("找不到数据：数据目录不存在或其中没有任何月度快照")
    assert "nowhere" not in at.error[0].value


def test_the_english_page_shows_english_messages(data_dir):
    at = _validate(open_page("admin", lang="en"), [("projects.csv", BAD, "text/csv")])
    messages = problems(at)["Message"].tolist()
    assert (
        messages[0]
        == "Unknown park '火星园区': use a park name or id (see the template's options sheet)"
    )


def test_a_validation_is_stale_when_a_file_the_month_or_the_replace_flag_changes():
    from ccbio.ingest import LedgerFile
    from ccbio.ingest.admin_page import fingerprint

    files = [LedgerFile("a.csv", b"1")]
    same = fingerprint(files, "2026-12", False)
    assert fingerprint([LedgerFile("a.csv", b"1")], "2026-12", False) == same
    assert fingerprint([LedgerFile("a.csv", b"2")], "2026-12", False) != same
    assert fingerprint(files, "2027-01", False) != same
    assert fingerprint(files, "2026-12", True) != same


def test_an_undo_failure_is_told_in_words():
    from ccbio.auth import hooks
    from ccbio.i18n import t
    from ccbio.ingest.admin_page import undo_error

    assert undo_error(hooks.NotPermitted("ingest"), "zh") == t("restore.err_not_permitted", "zh")
    assert undo_error(RuntimeError("x"), "en") == "RuntimeError"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_buttons_name_months_as_every_page_does(lang):
    """'预填 Excel（供填报 2026-12）' and '撤回最新月份 2026-11' read the stored key, not the
    month (issue 10: one month format per language)."""
    from ccbio import data
    from ccbio.formatting import format_month
    from ccbio.periods import add_months

    at = open_page("admin", lang=lang)
    latest = data.latest_period()
    withdraw = at.button(key="restore_withdraw").label
    assert format_month(latest, lang) in withdraw and latest not in withdraw
    prefilled = next(
        b for b in at.get("download_button") if b.proto.id.endswith("admin_tpl_prefilled")
    )
    assert format_month(add_months(latest, 1), lang) in prefilled.proto.label
