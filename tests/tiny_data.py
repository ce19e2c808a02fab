"""A hand-made data folder small enough to compute every query's answer by hand.

Two snapshots, 2023-01 and 2023-02; the real reference tables (14 parks, 8 sectors …).
  projects 2023-01: P1 edz/devices planned 2.5 · P2 edz/devices construction (new) 4.0 ·
                    P3 jingyue/biologics negotiating 10.0
  projects 2023-02: P1 negotiating · P2 construction (new, major) · P3 terminated ·
                    P4 jingyue/life_health planned 1.5 (entered)
  firms    2023-01: E1 edz/devices (leading, listed, above scale) 3.0 · E2 jingyue/biologics (srdi) 1.0
  firms    2023-02: E1 3.2 · E2 1.1 · E3 jingyue/biologics 0.5 (new)
  output (亿元/month) edz/devices 0.25, 0.26, 0.27 and jingyue/biologics 0.08, 0.09, 0.10 for
  2022-12 .. 2023-02; snapshot 2023-01 had a preliminary 0.30 for edz/devices 2023-01.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent

PROJECT_COLUMNS = [
    "project_id",
    "name_zh",
    "name_en",
    "sponsor_zh",
    "park_id",
    "sector_id",
    "stage",
    "stage_since",
    "entered_month",
    "construction_start",
    "build_type",
    "investment_yi",
    "is_major",
    "is_demo",
]


def _project(pid, park, sector, stage, since, entered, start, build, inv, major=False):
    return [
        pid,
        f"演示项目{pid}",
        f"Demo project {pid}",
        None,
        park,
        sector,
        stage,
        since,
        entered,
        start,
        build,
        inv,
        major,
        True,
    ]


# P2 is the same in both snapshots: under construction since 2023-01, a new build, a major project
P2 = _project(
    "P2", "edz", "devices", "construction", "2023-01", "2022-05", "2023-01", "new", 4.0, True
)
PROJECTS = {
    "2023-01": [
        _project("P1", "edz", "devices", "planned", "2022-10", "2022-10", None, None, 2.5),
        P2,
        _project(
            "P3", "jingyue", "biologics", "negotiating", "2022-06", "2022-01", None, None, 10.0
        ),
    ],
    "2023-02": [
        _project("P1", "edz", "devices", "negotiating", "2023-02", "2022-10", None, None, 2.5),
        P2,
        _project("P4", "jingyue", "life_health", "planned", "2023-02", "2023-02", None, None, 1.5),
    ],
}
EVENTS = {
    "2023-01": [("P2", "advanced", "negotiating", "construction", None, None)],
    "2023-02": [
        ("P1", "advanced", "planned", "negotiating", None, None),
        (
            "P3",
            "terminated",
            "negotiating",
            None,
            "资金未到位，项目终止",
            "funding not secured; project terminated",
        ),
        ("P4", "entered", None, "planned", None, None),
    ],
}


def _firm(eid, park, sector, output, leading=False, listed=False, above=False, srdi=False):
    return {
        "enterprise_id": eid,
        "name_zh": f"演示企业{eid}",
        "name_en": f"Demo firm {eid}",
        "park_id": park,
        "sector_id": sector,
        "entered_month": "2020-01",
        "is_chain_leader": False,
        "is_chain_leader_new": False,
        "is_listed": listed,
        "is_above_scale": above,
        "is_srdi": srdi,
        "is_leading": leading,
        "output_value_yi": output,
        "is_demo": True,
    }


FIRMS = {
    "2023-01": [
        _firm("E1", "edz", "devices", 3.0, True, True, True),
        _firm("E2", "jingyue", "biologics", 1.0, srdi=True),
    ],
    "2023-02": [
        _firm("E1", "edz", "devices", 3.2, True, True, True),
        _firm("E2", "jingyue", "biologics", 1.1, srdi=True),
        _firm("E3", "jingyue", "biologics", 0.5),
    ],
}
OUTPUT = {("edz", "devices"): [0.25, 0.26, 0.27], ("jingyue", "biologics"): [0.08, 0.09, 0.10]}
MONTHS = ["2022-12", "2023-01", "2023-02"]


def _indicators(period: str) -> pd.DataFrame:
    rows = []
    for k, month in enumerate(MONTHS):
        if month > period:
            continue
        for (park, sector), values in OUTPUT.items():
            value = 0.30 if (period, month, park) == ("2023-01", "2023-01", "edz") else values[k]
            rows.append((month, park, sector, "pharma_industrial_output", value, month == period))
        jingyue_firms = 2 if month == "2023-02" else 1
        rows += [
            (month, "edz", "devices", "enterprises", 1.0, month == period),
            (month, "edz", "devices", "listed", 1.0, month == period),
            (month, "edz", "devices", "above_scale", 1.0, month == period),
            (month, "jingyue", "biologics", "enterprises", float(jingyue_firms), month == period),
            (month, "jingyue", "biologics", "srdi", 1.0, month == period),
        ]
    return pd.DataFrame(
        rows, columns=["month", "park_id", "sector_id", "indicator_code", "value", "is_preliminary"]
    )


def write_tiny_data(target: Path) -> Path:
    """Write the tiny data folder under `target` and return it."""
    shutil.copytree(ROOT / "data" / "reference", target / "reference")
    for period in PROJECTS:
        folder = target / "snapshots" / f"period={period}"
        folder.mkdir(parents=True)
        pd.DataFrame(PROJECTS[period], columns=PROJECT_COLUMNS).to_parquet(
            folder / "projects.parquet", index=False
        )
        pd.DataFrame(FIRMS[period]).to_parquet(folder / "enterprises.parquet", index=False)
        pd.DataFrame(
            EVENTS[period],
            columns=["project_id", "event", "from_stage", "to_stage", "reason_zh", "reason_en"],
        ).to_parquet(folder / "project_events.parquet", index=False)
        _indicators(period).to_parquet(folder / "indicators.parquet", index=False)
    return target


RECENT_PERIODS = ("2025-10", "2025-11", "2025-12")


def copy_recent_demo_data(target: Path) -> Path:
    """Copy the demo reference tables and the last three plan months' snapshots into `target`."""
    shutil.copytree(ROOT / "data" / "reference", target / "reference")
    for period in RECENT_PERIODS:
        shutil.copytree(
            ROOT / "data" / "snapshots" / f"period={period}",
            target / "snapshots" / f"period={period}",
        )
    return target
