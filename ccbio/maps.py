"""Pure map builder: park summary + district GeoJSON in, `pdk.Deck` out. Never cached.

Offline by design: the basemap is the blank style served by Streamlit's static serving
(`static/blank_style.json` -> `/app/static/blank_style.json`). `map_style=None` would make
Streamlit fall back to a Carto basemap fetched from the internet.
deck.gl text layers draw ASCII only by default, so Chinese names go in tooltips, not labels.
"""

from __future__ import annotations

import math

import pandas as pd
import pydeck as pdk

from ccbio import config

BLANK_STYLE_URL = "/app/static/blank_style.json"
# The district outlines are ~200 KB of coordinates: handed to the browser as a local static file
# (fetched once, cached) rather than re-serialised into the deck's JSON on every rerun. The file
# is a byte-for-byte copy of data/geo/changchun_districts.geojson (tests/test_maps.py checks).
DISTRICTS_URL = "/app/static/changchun_districts.geojson"
PARK_LAYER_ID = "parks"
DISTRICT_LAYER_ID = "districts"
UNCERTAINTY_LAYER_ID = "uncertainty"
# Point radii in metres (pydeck turns every string argument, even radius_units="pixels", into a
# JS expression, so units stay at deck.gl's default, metres); min/max pixels keep them visible.
MIN_RADIUS_M, MAX_RADIUS_M = 500, 2500
TOOLTIP_FIELDS = ("tip_name", "tip_tier", "tip_firms", "tip_projects", "tip_position")
# The template is trusted HTML; Streamlit escapes the {field} values it fills in.
TOOLTIP_HTML = (
    "<b>{tip_name}</b><br/>{tip_tier}<br/>{tip_firms}<br/>{tip_projects}<br/><i>{tip_position}</i>"
)
TOOLTIP_STYLE = {
    "backgroundColor": "white",
    "color": "#222",
    "fontSize": "13px",
    "fontFamily": "'Noto Sans CJK SC', 'Noto Sans SC', sans-serif",
    "border": "1px solid #ccc",
    "maxWidth": "320px",
}


def point_radius(values: pd.Series) -> pd.Series:
    """Return radii in metres with area proportional to `values` (zero or missing -> the minimum)."""
    v = values.fillna(0).clip(lower=0).astype(float)
    top = v.max()
    if not top or math.isnan(top):
        return pd.Series(MIN_RADIUS_M, index=values.index, dtype=float)
    return MIN_RADIUS_M + (MAX_RADIUS_M - MIN_RADIUS_M) * (v / top).pow(0.5)


def park_points(
    parks: pd.DataFrame, size_col: str, tooltips: list[dict], selected=()
) -> pd.DataFrame:
    """Return one row per park ready for the map: lon, lat, colour, radius and tooltip fields.

    `parks` is data.park_summary(); `tooltips[i]` holds the already-translated plain-text lines of
    row i under the keys TOOLTIP_FIELDS (Streamlit escapes field values, so no HTML in them).
    Approximate positions are drawn half-transparent with a ring for their uncertainty radius.
    """
    out = parks[["park_id", "lon", "lat", "tier", "approximate", "radius_km"]].copy()
    alpha = out["approximate"].map({True: 170, False: 235}).fillna(170).astype(int)
    out["color"] = [
        list(config.TIER_COLORS.get(t, (120, 120, 120))) + [a]
        for t, a in zip(out["tier"], alpha, strict=True)
    ]
    out["radius"] = point_radius(parks[size_col]).round(1)
    out["line_width"] = [400 if p in selected else 60 for p in out["park_id"]]
    out["line_color"] = [
        [20, 20, 20, 255] if p in selected else [255, 255, 255, 255] for p in out["park_id"]
    ]
    out["uncertainty_m"] = (out["radius_km"].fillna(1.0) * 1000).astype(float)
    for field in TOOLTIP_FIELDS:
        out[field] = [tip.get(field, "") for tip in tooltips]
    out["approximate"] = out["approximate"].astype(bool)
    return out


def park_map(
    points: pd.DataFrame, districts: dict | str = DISTRICTS_URL, map_style: str = BLANK_STYLE_URL
) -> pdk.Deck:
    """Return the deck: district outlines (GeoJSON or its URL), uncertainty rings and pickable park points."""
    district_layer = pdk.Layer(
        "GeoJsonLayer",
        id=DISTRICT_LAYER_ID,
        data=districts,
        stroked=True,
        filled=True,
        get_fill_color=[255, 255, 255, 160],
        get_line_color=[90, 110, 130, 220],
        line_width_min_pixels=1,
        pickable=False,
    )
    rings = pdk.Layer(
        "ScatterplotLayer",
        id=UNCERTAINTY_LAYER_ID,
        data=points[points["approximate"]],
        get_position=["lon", "lat"],
        get_radius="uncertainty_m",
        stroked=True,
        filled=True,
        get_fill_color=[120, 120, 120, 18],
        get_line_color=[110, 110, 110, 120],
        line_width_min_pixels=1,
        pickable=False,
    )
    parks = pdk.Layer(
        "ScatterplotLayer",
        id=PARK_LAYER_ID,
        data=points,
        get_position=["lon", "lat"],
        get_radius="radius",
        radius_min_pixels=5,
        radius_max_pixels=40,
        get_fill_color="color",
        stroked=True,
        get_line_color="line_color",
        get_line_width="line_width",
        line_width_min_pixels=1,
        line_width_max_pixels=4,
        pickable=True,
        auto_highlight=True,
    )
    # Centre on the parks' bounding box; zoom 9 shows the city districts and the outlying parks.
    view = pdk.ViewState(
        longitude=float(points["lon"].min() + points["lon"].max()) / 2,
        latitude=float(points["lat"].min() + points["lat"].max()) / 2,
        zoom=8.7,
        pitch=0,
    )
    return pdk.Deck(
        layers=[district_layer, rings, parks],
        initial_view_state=view,
        map_style=map_style,
        map_provider=None,
        tooltip={"html": TOOLTIP_HTML, "style": TOOLTIP_STYLE},
    )
