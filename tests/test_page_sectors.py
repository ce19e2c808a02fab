"""AppTest for pages/sectors.py: sector table equals the data, filters, heatmap metric, focus text."""

from __future__ import annotations

from ccbio import data
from tests import oracles
from tests.page_helpers import markdown_text, open_page, table_with, warnings


def test_table_matches_sector_summary():
    at = open_page("sectors", period="2024-06")
    table = table_with(at, "output_share")
    summary = data.sector_summary("2024-06")
    assert table["sector_id"].tolist() == summary["sector_id"].tolist()
    assert (
        table["output_value_yi"].round(6).tolist() == summary["output_value_yi"].round(6).tolist()
    )
    assert abs(table["output_share"].sum() - 1) < 1e-9
    assert table["projects"].sum() == len(oracles.project_stage_ages("2024-06"))


def test_park_filter_changes_figures_and_sector_filter_keeps_rows():
    at = open_page("sectors", period="2024-06", parks="edz")
    table = table_with(at, "output_share")
    assert (
        table["enterprises"].tolist()
        == data.sector_summary("2024-06", ["edz"])["enterprises"].tolist()
    )
    at.multiselect(key="f_sectors").set_value(["devices", "tcm"]).run()
    assert sorted(table_with(at, "output_share")["sector_id"]) == ["devices", "tcm"]


def test_focus_text_for_every_sector_and_heatmap_metric():
    at = open_page("sectors", period="2024-06", lang="en")
    text = markdown_text(at)
    for focus in data.sector_list()["focus_en"]:
        assert focus in text
    for metric in ("enterprises", "projects", "investment_yi", "output_value_yi"):
        at.radio(key="sectors_heat_metric").set_value(metric).run()
        assert not at.exception


def test_bad_sector_in_url():
    at = open_page("sectors", sectors="devices,biologics;DROP")
    assert any("biologics;DROP" in w for w in warnings(at))
    assert at.multiselect(key="f_sectors").value == ["devices"]
