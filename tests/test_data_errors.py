"""Bad input and unreadable data become one message in the user's language; no page shows a traceback."""

from __future__ import annotations

import pytest

from ccbio import data
from ccbio.i18n import t
from tests.page_helpers import open_page


def test_input_errors_speak_the_users_language(tiny):
    with pytest.raises(data.QueryInputError) as err:
        data.pipeline_by_stage("2030-01")
    assert data.user_message(err.value, "zh") == "没有 2030-01 的快照（现有 2023-01 至 2023-02）"
    assert data.user_message(err.value, "en") == (
        "There is no snapshot for 2030-01 (data covers 2023-01 to 2023-02)"
    )


def test_other_errors_get_a_general_line_without_internals():
    message = data.user_message(RuntimeError("/srv/secret/path.parquet: boom"), "en")
    assert message == t("common.query_failed", "en") and "secret" not in message


def test_a_missing_data_folder_keeps_its_path_out_of_the_message(tmp_path, monkeypatch):
    monkeypatch.setenv("CCBIO_DATA_DIR", str(tmp_path / "nothing"))
    with pytest.raises(data.QueryInputError) as err:  # DataError is one
        data.periods()
    assert str(tmp_path) in str(err.value)  # for the log
    assert err.value.message("zh") == "没有找到快照数据"
    assert str(tmp_path) not in err.value.message("en")


@pytest.mark.parametrize(
    "limits",
    [
        {"rule_ids": ["x"]},
        {"rule_ids": ["x"], "rule_ranks": [2], "rule_stages": ["moon"], "rule_months": [3]},
    ],
)
def test_malformed_stall_limits_are_query_input_errors(tiny, limits):
    with pytest.raises(data.QueryInputError):
        data.stage_stall_counts("2023-02", limits=limits)


def test_a_query_argument_the_table_does_not_know_fails_loudly():
    with pytest.raises(TypeError, match="pipeline_by_stage takes"):
        data.fetch("pipeline_by_stage", period="2023-12")


@pytest.mark.slow
def test_a_page_meeting_a_query_error_shows_the_message_not_a_traceback(monkeypatch):
    # AppTest runs the pages in this process, so this is the error the pipeline page meets
    def refuse(*args, **kwargs):
        raise data.QueryInputError("没有这个期间", "No such period")

    monkeypatch.setattr(data, "pipeline_by_stage", refuse)
    at = open_page("pipeline", period="2023-12", lang="en")  # asserts no exception box
    assert [e.value for e in at.error] == ["No such period"]
