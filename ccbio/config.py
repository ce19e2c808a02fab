"""Constants in one place: paths, plan dates, stage order, colours, cache lifetimes."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = ROOT / "queries"

# The plan runs 2023-01 .. 2025-12; 2022-12 is the baseline month, and 2022 months are kept
# in every snapshot so that 2023 has year-on-year figures.
PLAN_START = "2023-01"
PLAN_END = "2025-12"
BASELINE_MONTH = "2022-12"
HISTORY_START = "2022-01"
PLAN_MONTHS = 36

STAGES = ("planned", "negotiating", "construction", "commissioning", "full_capacity")
BUILD_TYPES = ("new", "continued")
TIER_COLORS = {  # RGB, used by the map and the park table
    "core": (200, 30, 45),
    "centre": (230, 130, 20),
    "pole": (30, 100, 200),
    "park": (40, 150, 90),
}
# One red for the app (the theme's primaryColor in .streamlit/config.toml), one blue for
# distributions, and the colours of growth (up/down) on the sectors page.
ACCENT = "#c8102e"
DISTRIBUTION_BLUE = "#1f6fb2"
GROWTH_COLORS = {"up": "#2e7d32", "down": "#c62828"}
STATUS_COLORS = {"green": "#2e7d32", "amber": "#f9a825", "red": "#c62828", "grey": "#9e9e9e"}

QUERY_CACHE_TTL_S = 3600
# Stalled projects listed on the pipeline and monitoring pages; the counts cover every one.
STALLED_SHOWN = 200
# DuckDB otherwise takes up to 80% of the machine's memory for one big query; a laptop demo
# should stay responsive, so big joins spill to a temporary folder beyond this. The server's
# budget is 400 MB (issue 5) and Python with its libraries takes ~250 MB of it.
DUCKDB_MEMORY_LIMIT = "128MB"


def data_dir() -> Path:
    """Return the data folder; CCBIO_DATA_DIR points tests and benchmarks at another one."""
    return Path(os.environ.get("CCBIO_DATA_DIR", ROOT / "data"))


def snapshots_dir() -> Path:
    """Return the folder holding one `period=YYYY-MM` folder per monthly snapshot."""
    return data_dir() / "snapshots"


def reference_dir() -> Path:
    """Return the folder of hand-kept reference tables (parks, sectors, targets …)."""
    return data_dir() / "reference"
