"""ccbio.filters: URL values are checked against the data before they become Filters."""

from __future__ import annotations

import dataclasses

import pytest

from ccbio import data, filters
from ccbio.filters import Filters


def test_defaults_are_latest_period_everything_chinese():
    assert filters.defaults() == Filters(
        period=data.latest_period(), parks=(), sectors=(), lang="zh"
    )


def test_filters_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        filters.defaults().period = "2023-12"


def test_valid_params_round_trip():
    f = Filters("2024-06", ("edz", "jingyue"), ("devices",), "en")
    parsed, bad = filters.parse_params(filters.to_params(f))
    assert parsed == f and bad == []


def test_to_params_leaves_out_empty_lists():
    assert filters.to_params(Filters("2024-06")) == {"period": "2024-06", "lang": "zh"}


@pytest.mark.parametrize(
    ("params", "field", "expected", "bad_name"),
    [
        ({"period": "2099-01"}, "period", None, "period"),
        ({"period": "2024-6"}, "period", None, "period"),
        ({"period": "2024-06' or 1=1 --"}, "period", None, "period"),
        ({"lang": "fr"}, "lang", "zh", "lang"),
        ({"parks": "edz,atlantis"}, "parks", ("edz",), "parks"),
        ({"parks": "edz');drop table projects;--"}, "parks", (), "parks"),
        ({"sectors": "devices,,devices"}, "sectors", ("devices",), None),
        ({"sectors": "x" * 400}, "sectors", (), "sectors"),
    ],
)
def test_bad_values_are_dropped_with_a_notice(params, field, expected, bad_name):
    parsed, bad = filters.parse_params(params)
    expected = data.latest_period() if expected is None else expected
    assert getattr(parsed, field) == expected
    assert [name for name, _ in bad] == ([bad_name] if bad_name else [])


def test_notice_values_are_shortened_and_cannot_break_out_of_code_spans():
    _, bad = filters.parse_params({"parks": "`" + "a" * 100})
    name, shown = bad[0]
    assert name == "parks" and "`" not in shown and len(shown) <= 41


def test_unknown_params_are_ignored():
    parsed, bad = filters.parse_params({"utm_source": "mail", "period": "2024-06"})
    assert parsed.period == "2024-06" and bad == []


def test_the_url_filters_stay_when_the_user_switches_page():
    # tests/page_helpers.open_page opens a page as a deep link; this is the other way in: the
    # default page first, then a click in the navigation, the view kept in the sidebar and the URL
    from streamlit.testing.v1 import AppTest

    from ccbio.i18n import t
    from tests.tiny_data import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    for key, value in {"period": "2024-06", "parks": "edz", "lang": "en"}.items():
        at.query_params[key] = value
    at.run()
    assert at.title[0].value == t("goals.title", "en")
    at.switch_page("pages/pipeline.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == t("pipeline.title", "en")
    assert [m.value for m in at.sidebar.multiselect if m.key == filters.KEYS["parks"]] == [["edz"]]
    assert (at.query_params["period"], at.query_params["parks"], at.query_params["lang"]) == (
        "2024-06",
        "edz",
        "en",
    )
