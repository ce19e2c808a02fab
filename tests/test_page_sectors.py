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


def test_the_heatmap_names_parks_as_the_map_does_and_leaves_the_cells_the_width():
    """At 390 px the full English park names and the legend at the right left the cells a sliver,
    and at 1440 px the names and the legend's title were cut (issue 10): rows carry the parks'
    short names, the legend sits below the cells."""
    import json

    at = open_page("sectors", period="2024-06", lang="en")
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    heat = next(s for s in specs if len(s.get("layer", [])) == 2 and "rect" in json.dumps(s))
    rows = set(heat["layer"][0]["encoding"]["y"]["sort"])
    assert rows == set(data.park_list()["label_en"])
    assert max(len(r) for r in rows) < max(len(n) for n in data.park_list()["name_en"])
    legend = heat["layer"][0]["encoding"]["color"]["legend"]
    assert legend["orient"] == "bottom"
