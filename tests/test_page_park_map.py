"""AppTest for pages/park_map.py: offline deck, points per park, table, size choice, park picking."""

from __future__ import annotations

import json

from ccbio import data, maps
from tests.page_helpers import markdown_text, open_page, table_with, warnings


def deck_json(at) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


def park_layer(deck: dict) -> dict:
    return next(layer for layer in deck["layers"] if layer["id"] == maps.PARK_LAYER_ID)


def test_map_is_offline_and_has_every_park():
    at = open_page("park_map", period="2024-06")
    deck = deck_json(at)
    assert deck["mapStyle"] == "/app/static/blank_style.json"
    raw = at.get("deck_gl_json_chart")[0].proto.json
    assert "carto" not in raw.lower() and "mapbox" not in raw.lower() and "http" not in raw
    parks = park_layer(deck)["data"]
    assert {p["park_id"] for p in parks} == set(data.park_list()["park_id"])
    districts = next(layer for layer in deck["layers"] if layer["id"] == maps.DISTRICT_LAYER_ID)
    assert (
        districts["data"] == "/app/static/changchun_districts.geojson"
    )  # served locally, checked in test_maps


def test_table_matches_park_summary_and_tooltips_are_localised():
    at = open_page("park_map", period="2024-06", sectors="devices")
    summary = data.park_summary("2024-06", ["devices"])
    table = table_with(at, "enterprises")
    assert table["enterprises"].tolist() == summary["enterprises"].tolist()
    tips = park_layer(deck_json(at))["data"]
    assert tips[0]["tip_name"] == "永春现代生物医药城" and "近似位置" in tips[0]["tip_position"]
    at.radio(key="f_lang").set_value("en").run()
    tips = park_layer(deck_json(at))["data"]
    assert tips[0]["tip_name"] == "Yongchun Modern Biomedicine City"
    assert "Approximate position" in tips[0]["tip_position"]


def test_size_choice_changes_radii():
    at = open_page("park_map", period="2024-06")
    by_output = [p["radius"] for p in park_layer(deck_json(at))["data"]]
    at.radio(key="park_map_size").set_value("enterprises").run()
    by_firms = [p["radius"] for p in park_layer(deck_json(at))["data"]]
    assert by_output != by_firms
    summary = data.park_summary("2024-06")
    biggest = summary["enterprises"].idxmax()
    assert by_firms[biggest] == max(by_firms)


def test_park_from_url_is_highlighted_and_can_be_cleared():
    at = open_page("park_map", period="2024-06", parks="jingyue")
    assert "当前园区筛选：净月高新区" in [i.value for i in at.info][0]
    widths = {p["park_id"]: p["line_width"] for p in park_layer(deck_json(at))["data"]}
    assert widths["jingyue"] > widths["edz"]
    at.button(key="park_map_clear").click().run()
    assert at.multiselect(key="f_parks").value == []
    assert "parks" not in at.query_params


def test_bad_park_in_url():
    at = open_page("park_map", parks="../../etc/passwd")
    assert any("parks" in w for w in warnings(at))
    assert at.multiselect(key="f_parks").value == []
    assert "演示数据" in markdown_text(at)


def test_the_park_table_reads_whole_in_english():
    """At 1440 px the park names were cut ('Yongchun Modern Biomedicine C…') and the last column
    ('Position confidence') was off the table's right edge."""
    from ccbio import park_map_view as pmv
    from ccbio import text_table
    from ccbio.i18n import t

    at = open_page("park_map", period="2026-11", lang="en")
    frame = next(f for f in at.dataframe if "park" in f.value.columns)
    columns = json.loads(frame.proto.columns)
    assert columns["park"]["width"] == pmv.PARK_COLUMN_PX
    assert frame.proto.row_height >= text_table.rows_height(
        frame.value, {"park": pmv.PARK_COLUMN_PX}
    )  # long names wrap
    # the amount headers leave the unit to the caption
    assert (
        columns["output_value_yi"]["label"] == "Output"
        and "(" not in columns["investment_yi"]["label"]
    )
    assert any(t("park_map.table_unit", "en") in c.value for c in at.caption)


def _number_formats(at) -> list[str]:
    """Every number column's printf format in the page's tables."""
    formats = []
    for frame in at.dataframe:
        for config in json.loads(frame.proto.columns or "{}").values():
            type_config = config.get("type_config", {})
            if type_config.get("type") == "number" and type_config.get("format"):
                formats.append(type_config["format"])
    return formats


def test_amounts_and_counts_in_the_map_and_compare_tables_group_thousands():
    """2,206.70 as the cards and the planner tables read, not 2206.70 (printf needs the ',')."""
    for page in ("park_map", "compare"):
        formats = [f for f in _number_formats(open_page(page)) if not f.endswith("%%")]
        assert formats and all(f.startswith("%,") for f in formats), (page, formats)
