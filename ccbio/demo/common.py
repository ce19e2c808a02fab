"""Shared pieces of the demo generator: the seed, reference tables, park/sector draws."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

SEED = 20240419  # the day the plan's official reading was published
# The demo's "today" is December 2026: snapshots run to the last complete month. The months after
# the plan draw from their own random stream (seeded from SEED), so the plan years never change.
DEMO_END = "2026-11"
AFTER_PLAN_SEED = "after-plan"

# Relative weight of each park when a demo firm or project is placed (bigger zones get more).
PARK_WEIGHTS = {
    "yongchun": 14,
    "medical_centre": 5,
    "edz": 11,
    "china_korea": 8,
    "jingyue": 10,
    "device_park": 6,
    "pharma_valley": 16,
    "hitech_health": 10,
    "ck_aesthetics": 5,
    "jingyue_life": 5,
    "jiutai_tcm": 3,
    "valley_devices": 5,
    "genscience_park": 4,
    "chuangtou_park": 2,
}


@dataclass(frozen=True)
class Reference:
    """The hand-kept reference tables the generator draws from."""

    parks: list[dict]
    sectors: list[dict]

    def sector(self, sector_id: str) -> dict:
        """Return one sector row by id."""
        return next(s for s in self.sectors if s["sector_id"] == sector_id)


def read_reference(reference_dir: Path) -> Reference:
    """Return parks and sectors read from the reference CSV files."""

    def rows(name: str) -> list[dict]:
        with open(reference_dir / f"{name}.csv", encoding="utf-8") as f:
            return list(csv.DictReader(f))

    return Reference(parks=rows("parks"), sectors=rows("sectors"))


def draw_park_and_sector(rng: random.Random, ref: Reference, sector_bias: dict | None = None):
    """Return (park_id, sector_id): a weighted park, then mostly one of its focus sectors."""
    park = rng.choices(ref.parks, weights=[PARK_WEIGHTS[p["park_id"]] for p in ref.parks])[0]
    focus = park["focus_sectors"].split(";")
    if rng.random() < 0.8:
        sector = rng.choice(focus)
    else:
        ids = [s["sector_id"] for s in ref.sectors]
        weights = [(sector_bias or {}).get(i, 1.0) for i in ids]
        sector = rng.choices(ids, weights=weights)[0]
    return park["park_id"], sector


def partition_total(
    rng: random.Random, total: float, count: int, minimum: float, sigma: float = 0.7
) -> list[float]:
    """Return `count` amounts (0.01 precision, each >= minimum) that add up to `total` exactly."""
    cents_total, cents_min = round(total * 100), round(minimum * 100)
    spare = cents_total - cents_min * count
    if spare < 0:
        raise ValueError("total is too small for the minimum")
    weights = [rng.lognormvariate(0, sigma) for _ in range(count)]
    scale = spare / sum(weights)
    cents = [cents_min + int(w * scale) for w in weights]
    # hand out the rounding remainder one cent at a time, largest weights first
    for i in sorted(range(count), key=lambda k: -weights[k])[: cents_total - sum(cents)]:
        cents[i] += 1
    return [c / 100 for c in cents]
