"""Map builder: offline deck (local blank style, no tile provider), points coloured by tier."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from ccbio import config, maps


def parks() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "park_id": ["a", "b", "c"],
            "lon": [125.3, 125.4, 125.5],
            "lat": [43.8, 43.9, 44.0],
            "tier": ["core", "pole", "park"],
            "approximate": [True, False, True],
            "radius_km": [3.0, 1.0, 6.0],
            "output_value_yi": [100.0, 25.0, 0.0],
            "enterprises": [10, 40, 20],
        }
    )


def test_point_radius_area_is_proportional():
    r = maps.point_radius(pd.Series([100.0, 25.0, 0.0]))
    assert r.iloc[0] == maps.MAX_RADIUS_M and r.iloc[2] == maps.MIN_RADIUS_M
    assert r.iloc[1] == pytest.approx(
        maps.MIN_RADIUS_M + (maps.MAX_RADIUS_M - maps.MIN_RADIUS_M) * 0.5
    )
    assert (maps.point_radius(pd.Series([0.0, 0.0])) == maps.MIN_RADIUS_M).all()


def test_points_coloured_by_tier_and_approximate_ones_lighter():
    tips = [{"tip_name": "甲", "tip_position": "近似位置"}, {"tip_name": "乙"}, {"tip_name": "丙"}]
    pts = maps.park_points(parks(), "output_value_yi", tips, selected=("b",))
    assert pts["color"].tolist()[0][:3] == list(config.TIER_COLORS["core"])
    assert pts["color"].tolist()[1][:3] == list(config.TIER_COLORS["pole"])
    assert pts["color"].tolist()[0][3] < pts["color"].tolist()[1][3]
    assert pts["line_width"].tolist()[1] > pts["line_width"].tolist()[0]
    assert pts["uncertainty_m"].tolist() == [3000.0, 1000.0, 6000.0]
    assert pts["tip_name"].tolist() == ["甲", "乙", "丙"] and pts["tip_position"].tolist() == [
        "近似位置",
        "",
        "",
    ]


def test_size_column_changes_radius():
    by_output = maps.park_points(parks(), "output_value_yi", [{}] * 3)["radius"]
    by_firms = maps.park_points(parks(), "enterprises", [{}] * 3)["radius"]
    assert by_output.idxmax() == 0 and by_firms.idxmax() == 1


def test_deck_is_offline():
    pts = maps.park_points(parks(), "output_value_yi", [{}] * 3)
    deck = maps.park_map(pts, {"type": "FeatureCollection", "features": []})
    raw = deck.to_json()
    spec = json.loads(raw)
    assert spec["mapStyle"] == "/app/static/blank_style.json" == maps.BLANK_STYLE_URL
    assert "mapProvider" not in spec or spec["mapProvider"] is None
    assert "http" not in raw and "carto" not in raw.lower() and "mapbox" not in raw.lower()
    ids = [layer["id"] for layer in spec["layers"]]
    assert ids == [maps.DISTRICT_LAYER_ID, maps.UNCERTAINTY_LAYER_ID, maps.PARK_LAYER_ID]
    park_layer = spec["layers"][-1]
    assert park_layer["pickable"] is True
    assert "radiusUnits" not in park_layer  # pydeck would turn a units string into a JS expression
    assert len(spec["layers"][1]["data"]) == 2  # uncertainty rings only for approximate positions
    assert spec["initialViewState"]["longitude"] == pytest.approx(
        125.35
    )  # room for the east tooltips


def test_the_map_opens_on_the_city_not_on_an_outlying_park():
    """One far park (九台, north-east) no longer pulls the view off the parks in the centre."""
    city = parks().assign(lon=[125.30, 125.40, 125.45], lat=[43.80, 43.90, 43.95])
    far = pd.concat([city] * 3 + [city.head(1).assign(lon=125.85, lat=44.15)], ignore_index=True)
    lon, lat = maps.view_centre(far)
    assert lon == pytest.approx(125.375 - maps.TOOLTIP_ROOM_LON, abs=0.03)
    assert lat == pytest.approx(43.875, abs=0.03)
    assert lon < (far["lon"].min() + far["lon"].max()) / 2 - 0.1  # the bounding box's middle


def test_crowded_labels_are_moved_out_and_joined_to_their_bubble():
    """Four parks a few hundred metres apart: labels moved away from a crowd get a leader line."""
    crowd = pd.DataFrame(
        {
            "park_id": list("abcd"),
            "lon": [125.41, 125.425, 125.435, 125.445],
            "lat": [43.975, 43.965, 43.972, 43.982],
            "radius": [900.0, 600.0, 2400.0, 2500.0],
        }
    )
    names = ["药谷医疗器械产业园", "创投高新产业园", "高新大健康产业园", "长春药谷创新园"]
    labels = maps.label_points(crowd, names)
    assert labels["leader"].any()
    moved = labels[labels["leader"]]
    assert (moved[["lon", "lat"]].to_numpy() != moved[["park_lon", "park_lat"]].to_numpy()).all()
    spec = json.loads(
        maps.park_map(
            crowd.assign(
                approximate=False,
                uncertainty_m=0.0,
                color=[[0, 0, 0, 255]] * 4,
                line_color=[[0, 0, 0, 255]] * 4,
                line_width=60,
            ),
            {"features": []},
            labels=labels,
        ).to_json()
    )
    ids = [layer["id"] for layer in spec["layers"]]
    assert ids.index(maps.LEADER_LAYER_ID) < ids.index(maps.PARK_LAYER_ID)  # lines under bubbles
    leaders = next(x for x in spec["layers"] if x["id"] == maps.LEADER_LAYER_ID)["data"]
    assert len(leaders) == int(labels["leader"].sum())
    assert all("{" + field + "}" in maps.TOOLTIP_HTML for field in maps.TOOLTIP_FIELDS)


def test_blank_style_is_served_locally():
    style = json.loads((config.ROOT / "static" / "blank_style.json").read_text(encoding="utf-8"))
    assert style["sources"] == {} and "glyphs" not in style and "sprite" not in style


def test_the_browser_gets_the_district_outlines_from_a_local_static_copy():
    """The deck names the static file; that file is the provenance-tracked data/geo copy, byte for byte."""
    from tests.tiny_data import ROOT

    static = ROOT / "static" / "changchun_districts.geojson"
    assert (
        static.read_bytes() == (ROOT / "data" / "geo" / "changchun_districts.geojson").read_bytes()
    )
    assert "/app/static/" + static.name == maps.DISTRICTS_URL
    spec = json.loads(maps.park_map(maps.park_points(parks(), "enterprises", [{}] * 3)).to_json())
    districts = next(layer for layer in spec["layers"] if layer["id"] == maps.DISTRICT_LAYER_ID)
    assert districts["data"] == maps.DISTRICTS_URL
    assert len(json.loads(static.read_text(encoding="utf-8"))["features"]) == 11


def test_labels_carry_their_chinese_characters_and_do_not_overlap():
    pts = maps.park_points(parks(), "output_value_yi", [{}] * 3, selected=("b",))
    names = ["永春生物医药城", "经开区", "净月高新区"]
    labels = maps.label_points(pts, names, selected=("b",))
    legend = maps.size_legend(pts, parks()["output_value_yi"], ["100.0亿元", "25.0亿元", "0.0亿元"])
    spec = json.loads(maps.park_map(pts, {"features": []}, labels=labels, legend=legend).to_json())
    layer = next(x for x in spec["layers"] if x["id"] == maps.LABEL_LAYER_ID)
    assert layer["@@type"] == "TextLayer"
    # deck.gl draws only the characters it is given: every character of every label is there
    assert set("".join(names) + "亿元") <= set(layer["characterSet"])
    assert not layer["characterSet"].startswith("@@=")  # a plain string, not a JS expression
    assert [row["label"] for row in layer["data"]] == names
    sizes = {row["park_id"]: row["size"] for row in layer["data"]}
    assert sizes["b"] > sizes["a"]  # the selected park's name is drawn larger


def test_label_offsets_move_a_crowded_label_out_of_the_way():
    crowded = pd.DataFrame({"lon": [125.40, 125.401], "lat": [43.9, 43.9], "radius": [2000, 900]})
    offsets = maps.label_offsets(crowded, ["长春药谷创新园", "创投高新产业园"])
    assert offsets[0] != offsets[1]


def test_size_legend_uses_the_map_radii():
    legend = maps.size_legend(parks(), parks()["output_value_yi"], ["100", "25", "0"], "圆点面积")
    radii = maps.point_radius(pd.Series([100.0, 25.0, 0.0])).round(1).tolist()
    assert legend["radius"].tolist() == [0.0, *radii]
    assert legend["label"].tolist() == ["圆点面积", "100", "25", "0"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_phones_map_opens_on_every_park_with_every_label_and_the_legend_inside(lang):
    """At 390 px the wide view cut the outer parks' labels and left 九台 off the map (issue 10):
    the phone's deck opens at the zoom that holds every park, and each label and the legend are
    placed inside that view."""
    from ccbio import data
    from ccbio import park_map_view as pmv

    summary = data.park_summary("2026-11", ())
    spec = json.loads(pmv.deck(summary, "output_value_yi", (), lang, phone=True).to_json())
    view = spec["initialViewState"]
    assert view["zoom"] < maps.ZOOM
    width, height = pmv.PHONE_MAP_PX
    left, top, right, bottom = maps.view_bounds(
        view["longitude"], view["latitude"], view["zoom"], width, height
    )

    def xy(lon, lat):
        return maps._pixels(lon, lat, view["zoom"])

    for park in summary.to_dict("records"):
        x, y = xy(park["lon"], park["lat"])
        assert left < x < right and top < y < bottom, park["park_id"]
    layers = {layer["id"]: layer for layer in spec["layers"]}
    for label in layers[maps.LABEL_LAYER_ID]["data"]:
        x, y = xy(label["lon"], label["lat"])
        w = maps.text_px(label["label"])
        x0, x1 = (x, x + w) if label["anchor"] == "start" else (x - w, x)
        assert left <= x0 and x1 <= right and top <= y <= bottom, label["label"]
    for row in layers[maps.LEGEND_LABEL_LAYER_ID]["data"]:
        x, y = xy(row["lon"], row["lat"])
        assert left <= x and x + row["offset"][0] + maps.text_px(row["label"]) <= right
    wide = json.loads(pmv.deck(summary, "output_value_yi", (), lang).to_json())
    assert wide["initialViewState"]["zoom"] == maps.ZOOM  # the wide screen keeps its view
    # no two park names on top of each other (国家区域医疗中心 sat on 经开区 on a phone)
    boxes = []
    for label in layers[maps.LABEL_LAYER_ID]["data"]:
        x, y = xy(label["lon"], label["lat"])
        w, h = maps.text_px(label["label"]), maps.LABEL_SIZE_PX * 1.25
        x0 = x if label["anchor"] == "start" else x - w
        boxes.append((label["label"], (x0 + 0.5, y - h / 2 + 0.5, x0 + w - 0.5, y + h / 2 - 0.5)))
    overlapping = [
        (a, b)
        for i, (a, box) in enumerate(boxes)
        for b, other in boxes[i + 1 :]
        if maps._overlap(box, other)
    ]
    assert overlapping == []


def test_labels_keep_their_thin_strokes_under_the_halo():
    """At deck.gl's default cutoff (0.25) 13-px labels lost their dashes under the white halo
    ('Big Health Park', 'China Korea Zone' on screen): every text layer draws bolder fields."""
    from ccbio import data, park_map_view

    summary = data.park_summary(data.latest_period())
    spec = json.loads(park_map_view.deck(summary, "output_value_yi", (), "en").to_json())
    texts = [layer for layer in spec["layers"] if layer["@@type"] == "TextLayer"]
    assert texts and all(
        layer["fontSettings"]["sdf"] and layer["fontSettings"]["cutoff"] <= 0.15 for layer in texts
    )
    assert all("–" in layer["characterSet"] and "-" in layer["characterSet"] for layer in texts)


def test_the_kept_map_is_the_one_deck_builds_and_follows_its_choices():
    from ccbio import data
    from ccbio import park_map_view as pmv

    summary = data.park_summary("2025-06", ())
    for phone in (False, True):
        kept = pmv.cached_deck(summary, "enterprises", ("jingyue",), "en", phone)
        assert (
            kept.to_json() == pmv.deck(summary, "enterprises", ("jingyue",), "en", phone).to_json()
        )
    zh = pmv.cached_deck(summary, "enterprises", ("jingyue",), "zh", False).to_json()
    assert zh != pmv.cached_deck(summary, "enterprises", ("jingyue",), "en", False).to_json()
    later = data.park_summary("2025-12", ())
    assert (
        pmv.cached_deck(later, "enterprises", (), "zh", False).to_json()
        == pmv.deck(later, "enterprises", (), "zh").to_json()
    )
