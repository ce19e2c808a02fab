"""Pure map builder: park summary + district GeoJSON in, `pdk.Deck` out. Never cached.

Offline by design: the basemap is the blank style served by Streamlit's static serving
(`static/blank_style.json` -> `/app/static/blank_style.json`). `map_style=None` would make
Streamlit fall back to a Carto basemap fetched from the internet.
deck.gl text layers draw ASCII only by default: the label layer is given the characters of the
labels it draws (`character_set`), so Chinese park names sit next to their bubbles.
"""

from __future__ import annotations

import math

import pandas as pd
import pydeck as pdk

from ccbio import config, formatting

BLANK_STYLE_URL = "/app/static/blank_style.json"
# The district outlines are ~200 KB of coordinates: handed to the browser as a local static file
# (fetched once, cached) rather than re-serialised into the deck's JSON on every rerun. The file
# is a byte-for-byte copy of data/geo/changchun_districts.geojson (tests/test_maps.py checks).
DISTRICTS_URL = "/app/static/changchun_districts.geojson"
PARK_LAYER_ID = "parks"
DISTRICT_LAYER_ID = "districts"
UNCERTAINTY_LAYER_ID = "uncertainty"
LABEL_LAYER_ID = "labels"
LEADER_LAYER_ID = "label_leaders"
LEGEND_LAYER_ID = "size_legend"
LEGEND_LABEL_LAYER_ID = "size_legend_labels"
FONT_FAMILY = "'Noto Sans CJK SC, Noto Sans SC, sans-serif'"  # quoted: pydeck passes it verbatim
# a distance field (sharp at any size; the white halo needs one) with a lower cutoff than
# deck.gl's 0.25, i.e. bolder strokes: at 13 px thin strokes fell under the halo, so
# 'Big-Health Park' and 'China–Korea Zone' lost their dashes and 示范区 read washed out
FONT_SETTINGS = {"sdf": True, "cutoff": 0.15}
LABEL_SIZE_PX = 13
LEGEND_TEXT_PX = 46  # a legend text starts this far east of its bubble's centre
ZOOM = 9.0
TOOLTIP_ROOM_LON = 0.05  # degrees the view opens west of the parks' middle (~36 px at ZOOM)
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
    "maxWidth": "260px",
    "whiteSpace": "normal",
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
    points: pd.DataFrame,
    districts: dict | str = DISTRICTS_URL,
    map_style: str = BLANK_STYLE_URL,
    labels: pd.DataFrame | None = None,
    legend: pd.DataFrame | None = None,
    view: tuple[float, float, float] | None = None,
) -> pdk.Deck:
    """Return the deck: district outlines (GeoJSON or its URL), uncertainty rings, pickable park
    points, and optionally park labels (`label_points`) and a size legend (`size_legend`).

    `view` is where it opens, (lon, lat, zoom): by default view_centre at ZOOM."""
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
    extra = []
    if labels is not None and labels["leader"].any():
        extra.append(leader_layer(labels[labels["leader"]]))
    texts = [] if labels is None else list(labels["label"])
    texts += [] if legend is None else list(legend["label"])
    chars = character_set(texts)
    if legend is not None:
        extra.append(
            pdk.Layer(
                "ScatterplotLayer",
                id=LEGEND_LAYER_ID,
                data=legend[legend["radius"] > 0],
                get_position=["lon", "lat"],
                get_radius="radius",
                radius_min_pixels=5,
                radius_max_pixels=40,
                get_fill_color=[150, 150, 150, 90],
                stroked=True,
                get_line_color=[90, 90, 90, 200],
                line_width_min_pixels=1,
                pickable=False,
            )
        )
        legend = legend.assign(offset=[[0, 0]] + [[LEGEND_TEXT_PX, 0]] * (len(legend) - 1))
        extra.append(
            text_layer(
                LEGEND_LABEL_LAYER_ID,
                legend,
                chars,
                get_size=LABEL_SIZE_PX,
                get_color=[60, 60, 60, 255],
                get_text_anchor="'start'",
                get_pixel_offset="offset",
            )
        )
    if labels is not None:
        extra.append(
            text_layer(
                LABEL_LAYER_ID,
                labels,
                chars,
                get_size="size",
                get_color="text_color",
                get_text_anchor="anchor",
            )
        )
    lon, lat, zoom = view or (*view_centre(points), ZOOM)
    view = pdk.ViewState(longitude=lon, latitude=lat, zoom=zoom, pitch=0)
    leaders = [x for x in extra if x.id == LEADER_LAYER_ID]
    others = [x for x in extra if x.id != LEADER_LAYER_ID]
    return pdk.Deck(
        layers=[district_layer, rings, *leaders, parks, *others],  # leader lines under the bubbles
        initial_view_state=view,
        map_style=map_style,
        map_provider=None,
        tooltip={"html": TOOLTIP_HTML, "style": TOOLTIP_STYLE},
    )


def view_centre(points: pd.DataFrame) -> tuple[float, float]:
    """Return where the map opens: the middle of the city's parks, not of their bounding box.

    The middle of the 10th-90th percentiles, so that one outlying park (九台, far north-east) does
    not pull the dense centre of the city to the edge of a phone's narrow map; at 1440 px every
    park still shows. A little west of that: the tooltips of the parks in the east stay inside.
    """
    lon, lat = points["lon"].quantile([0.1, 0.9]), points["lat"].quantile([0.1, 0.9])
    return float(lon.mean()) - TOOLTIP_ROOM_LON, float(lat.mean())


def park_view(points: pd.DataFrame, park_id: str) -> tuple[float, float, float]:
    """Return the view a park's own page opens at: centred on that park, at ZOOM.

    The city's centre put a park far from it (永春, south-west) half under the map's bottom edge."""
    park = points.loc[points["park_id"] == park_id].iloc[0]
    return float(park["lon"]), float(park["lat"]), ZOOM


def fit_zoom(points: pd.DataFrame, width_px: float, height_px: float, margin_px: float) -> float:
    """Return the zoom (to 0.1, rounded down) at which every park fits in a map of that size,
    `margin_px` kept free on each side for the labels."""
    zooms = []
    for span_px, (a, b) in (
        (width_px, (_pixels(points["lon"].min(), 0, 0)[0], _pixels(points["lon"].max(), 0, 0)[0])),
        (height_px, (_pixels(0, points["lat"].max(), 0)[1], _pixels(0, points["lat"].min(), 0)[1])),
    ):
        room = max(span_px - 2 * margin_px, 1)
        zooms.append(math.log2(room / max(b - a, 1e-9)))
    return math.floor(min(zooms) * 10) / 10


def view_bounds(
    lon: float, lat: float, zoom: float, width_px: float, height_px: float
) -> tuple[float, float, float, float]:
    """Return the opening view's box in world pixels at `zoom`: (left, top, right, bottom)."""
    x, y = _pixels(lon, lat, zoom)
    return x - width_px / 2, y - height_px / 2, x + width_px / 2, y + height_px / 2


def text_px(text: str, size: float = LABEL_SIZE_PX) -> float:
    """Return about how wide a map label is drawn (formatting.text_px at the labels' size)."""
    return formatting.text_px(text, size)


def _pixels(lon: float, lat: float, zoom: float = ZOOM) -> tuple[float, float]:
    """Return Web Mercator pixel coordinates at `zoom` (512-px world at zoom 0, as deck.gl)."""
    size = 512 * 2**zoom
    y = (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2
    return (lon + 180) / 360 * size, y * size


# Where a label may go relative to its bubble, tried in order: (side, rows up or down, extra pixels
# sideways). Beside the bubble first; in a crowd (the parks north of the centre, a few hundred
# metres apart) further out, in a column, joined to its bubble by a leader line.
_LABEL_SLOTS = [
    (sx, sy, far)
    for far in (
        0,
        28,
        56,
        84,
        112,
    )  # the last two: a phone's crowd (国家区域医疗中心 sat on 经开区)
    for sy in (0, -1.1, 1.1, -2.2, 2.2, -3.3, 3.3, -4.4, 4.4, -5.5, 5.5)
    for sx in (1, -1)
]
LEADER_AFTER_PX = 6  # a label further than this from its bubble's edge gets a leader line


def label_offsets(
    points: pd.DataFrame,
    labels: list[str],
    size: float = LABEL_SIZE_PX,
    zoom: float = ZOOM,
    bounds: tuple[float, float, float, float] | None = None,
    obstacles: list[tuple] = (),
) -> list[list[float]]:
    """Return a pixel offset per label so that labels of nearby parks do not overlap at first view.

    Greedy: the biggest bubbles place their label first, in the first slot that overlaps no bubble
    and no label placed before; a label that finds no free slot takes the first one. With `bounds`
    (the opening view in world pixels, view_bounds) a slot must lie inside it: on a phone the
    westernmost parks' labels go east of their bubble and the easternmost' west, never off the map.
    """
    offsets = [None] * len(labels)
    # the bubbles are obstacles too
    boxes = []
    for lon, lat, radius in zip(
        points["lon"], points["lat"], points["radius"].fillna(0), strict=True
    ):
        bx, by = _pixels(lon, lat, zoom)
        r = _radius_px(radius, lat, zoom)
        boxes.append((bx - r, by - r, bx + r, by + r))
    boxes += list(obstacles)  # e.g. the legend (legend_boxes)

    def inside(box) -> bool:
        return bounds is None or (
            box[0] >= bounds[0]
            and box[2] <= bounds[2]
            and box[1] >= bounds[1]
            and box[3] <= bounds[3]
        )

    order = points["radius"].fillna(0).to_numpy().argsort()[::-1]
    for i in order:
        x, y = _pixels(points["lon"].iloc[i], points["lat"].iloc[i], zoom)
        width, height = max(text_px(labels[i], size), size), size * 1.25
        gap = _radius_px(points["radius"].iloc[i], points["lat"].iloc[i], zoom) + 4
        slots = []
        for sx, sy, far in _LABEL_SLOTS:
            dx, dy = sx * (gap + far), sy * height
            left = x + dx if sx > 0 else x + dx - width
            slots.append((dx, dy, (left, y + dy - height / 2, left + width, y + dy + height / 2)))
        own = boxes[i]
        free = [
            slot
            for slot in slots
            if not any(_overlap(slot[2], other) for other in boxes if other is not own)
        ]
        # a free slot on the map, else the slot on the map overlapping least, else beside the bubble
        on_map = [slot for slot in slots if inside(slot[2])]
        chosen = next(
            (slot for slot in free if inside(slot[2])),
            min(on_map, key=lambda slot: _overlap_area(slot[2], boxes, own))
            if on_map
            else slots[0],
        )
        boxes.append(chosen[2])
        offsets[i] = [chosen[0], chosen[1]]
    return offsets


def _radius_px(radius_m: float, lat: float, zoom: float = ZOOM) -> float:
    """Return a bubble's drawn radius in pixels (metres at this zoom, clamped like the layer)."""
    metres_per_px = 40_075_016 * math.cos(math.radians(lat)) / (512 * 2**zoom)
    return min(max(float(radius_m) / metres_per_px, 5), 40)


def _overlap_area(box: tuple, boxes: list[tuple], own: tuple) -> float:
    """Return how many square pixels of `box` lie under the other boxes (overlaps added up)."""
    return sum(
        max(0.0, min(box[2], b[2]) - max(box[0], b[0]))
        * max(0.0, min(box[3], b[3]) - max(box[1], b[1]))
        for b in boxes
        if b is not own
    )


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _lonlat(x: float, y: float, zoom: float = ZOOM) -> tuple[float, float]:
    """Return the (lon, lat) drawn at Web Mercator pixel (x, y): the inverse of _pixels."""
    size = 512 * 2**zoom
    lat = math.degrees(2 * math.atan(math.exp(math.pi * (1 - 2 * y / size))) - math.pi / 2)
    return x / size * 360 - 180, lat


def label_points(
    points: pd.DataFrame,
    labels: list[str],
    selected=(),
    size: float = LABEL_SIZE_PX,
    zoom: float = ZOOM,
    bounds: tuple[float, float, float, float] | None = None,
    obstacles: list[tuple] = (),
) -> pd.DataFrame:
    """Return one row per park label: where it is drawn, text, anchor, weight for the selected, and
    whether a leader line joins it to its bubble (park_lon, park_lat).

    A label is placed on the map itself (its lon/lat at the opening zoom), not as a pixel offset,
    so that its leader line stays attached when the map is zoomed.
    """
    offsets = label_offsets(points, labels, size, zoom, bounds, obstacles)
    out = (
        points[["park_id", "lon", "lat"]]
        .copy()
        .rename(columns={"lon": "park_lon", "lat": "park_lat"})
    )
    out["label"] = labels
    out["offset"] = offsets
    spots = [
        _lonlat(*(a + b for a, b in zip(_pixels(lon, lat, zoom), o, strict=True)), zoom)
        for lon, lat, o in zip(out["park_lon"], out["park_lat"], offsets, strict=True)
    ]
    out["lon"] = [lon for lon, _ in spots]
    out["lat"] = [lat for _, lat in spots]
    edge = [
        _radius_px(r, lat, zoom) + 4 + LEADER_AFTER_PX
        for r, lat in zip(points["radius"].fillna(0), points["lat"], strict=True)
    ]
    out["leader"] = [math.hypot(*o) > e for o, e in zip(offsets, edge, strict=True)]
    out["anchor"] = ["start" if o[0] >= 0 else "end" for o in offsets]
    out["size"] = [size + 2 if p in selected else size for p in out["park_id"]]
    out["text_color"] = [
        [0, 0, 0, 255] if p in selected else [40, 40, 40, 230] for p in out["park_id"]
    ]
    return out


def leader_layer(labels: pd.DataFrame) -> pdk.Layer:
    """Return thin grey lines from each moved label back to its bubble."""
    return pdk.Layer(
        "LineLayer",
        id=LEADER_LAYER_ID,
        data=labels[["park_lon", "park_lat", "lon", "lat"]],
        get_source_position=["park_lon", "park_lat"],
        get_target_position=["lon", "lat"],
        get_color=[90, 90, 90, 200],
        get_width=1,
        width_min_pixels=1,
        pickable=False,
    )


def character_set(texts) -> str:
    """Return every distinct character of `texts`, quoted for pydeck (deck.gl's atlas holds only these).

    A string, not a list: pydeck would turn a list of strings into a JavaScript expression; the
    quotes tell it to pass the text as it is (so the set itself holds no quote).
    """
    chars = set("".join(str(t) for t in texts)) | set(" 0123456789.,·")
    return "'" + "".join(sorted(chars - {"'", '"', "`"})) + "'"


def size_legend(
    points: pd.DataFrame,
    values: pd.Series,
    texts: list[str],
    title: str = "",
    inside: tuple[tuple[float, float, float, float], float] | None = None,
) -> pd.DataFrame:
    """Return the size legend for the empty south-east of the map: a title row (radius 0), then three
    bubbles (largest value, a quarter of it, zero) labelled with `texts`, largest first.

    Drawn in the map's own metres, so they scale with the park bubbles when the map is zoomed.
    `inside` = (view_bounds, zoom): the legend sits in that view's north-west corner instead (a
    phone's map is too narrow for the default place); legend_boxes keeps labels off it.
    """
    top = float(values.fillna(0).max() or 0)
    radii = [0.0, *point_radius(pd.Series([top, top / 4, 0.0])).round(1)]
    lon0 = float(points["lon"].max()) - 0.12
    lat0 = float(points["lat"].min()) + 0.1
    title_lon = lon0 - 0.03
    if inside is not None:  # the north-west corner of that view, empty on every screen
        bounds, zoom = inside
        x0, y0 = bounds[0] + 8 + _radius_px(MAX_RADIUS_M, lat0, zoom), bounds[1] + 16
        lon0, lat0 = _lonlat(x0, y0, zoom)
        title_lon = _lonlat(bounds[0] + 8, y0, zoom)[0]
    return pd.DataFrame(
        {
            "lon": [title_lon, lon0, lon0, lon0],
            "lat": [lat0 - 0.055 * i for i in range(4)],
            "radius": radii,
            "label": [title, *texts],
        }
    )


def legend_boxes(legend: pd.DataFrame, zoom: float = ZOOM) -> list[tuple]:
    """Return the world-pixel boxes the legend's bubbles and texts cover (obstacles for labels)."""
    boxes = []
    for row in legend.to_dict("records"):
        x, y = _pixels(row["lon"], row["lat"], zoom)
        r = _radius_px(row["radius"], row["lat"], zoom) if row["radius"] else 0
        start = x + (LEGEND_TEXT_PX if row["radius"] else 0)
        half = LABEL_SIZE_PX * 0.7
        boxes.append((x - r, y - max(r, half), start + text_px(row["label"]), y + max(r, half)))
    return boxes


def text_layer(layer_id: str, data: pd.DataFrame, chars: str, **kw) -> pdk.Layer:
    """Return a TextLayer over `data` (lon, lat, label) that can draw every character in `chars`."""
    return pdk.Layer(
        "TextLayer",
        id=layer_id,
        data=data,
        get_position=["lon", "lat"],
        get_text="label",
        character_set=chars,
        font_family=FONT_FAMILY,
        get_alignment_baseline="'center'",
        outline_width=3,
        outline_color=[255, 255, 255, 230],
        font_settings=FONT_SETTINGS,
        pickable=False,
        **kw,
    )
