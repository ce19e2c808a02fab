"""AppTest for pages/admin.py: upload -> every problem shown, nothing written -> fix -> write -> new month."""

from __future__ import annotations

from ccbio.ingest import existing_periods
from tests.page_helpers import open_page
from tests.test_ingest import INDICATORS, PROJECT_HEADER, tree_hash


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
    assert any("校验通过" in s.value for s in at.success)
    assert existing_periods(data_dir)[-1] == "2025-12"  # validation alone writes nothing
    at.button(key="admin_write").click().run()
    assert not at.exception
    assert existing_periods(data_dir)[-1] == "2026-01"
    assert any("已写入 2026-01" in s.value for s in at.success)
    assert at.selectbox(key="f_period").value == "2026-01"
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
