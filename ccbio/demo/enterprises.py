"""Demo enterprises: entries, exits, flags over time and monthly output, month by month."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ccbio.config import HISTORY_START, PLAN_END
from ccbio.demo.common import DEMO_END, Reference, draw_park_and_sector
from ccbio.periods import month_index, month_range

MONTHS = month_range(HISTORY_START, PLAN_END)
ALL_MONTHS = month_range(HISTORY_START, DEMO_END)  # monitoring goes on after the plan
T0 = month_index(HISTORY_START)
NEVER = 10**9

# City output (亿元) per calendar year. 2025 ends short of the 1000 target on purpose; 2026 is
# demo monitoring after the plan (no source gives a target for it).
ANNUAL_OUTPUT = {2022: 645.3, 2023: 721.8, 2024: 811.6, 2025: 912.4, 2026: 968.5}
SEASON = [0.72, 0.78, 1.00, 0.98, 1.00, 1.04, 0.98, 0.99, 1.03, 1.02, 1.08, 1.38]

# City totals at the end of each year; the flags are handed out to follow these curves.
ABOVE_SCALE = {2021: 72, 2022: 74, 2023: 82, 2024: 92, 2025: 102, 2026: 107}
SRDI = {2021: 50, 2022: 52, 2023: 62, 2024: 76, 2025: 93, 2026: 101}
LISTINGS = [
    "2023-09",
    "2025-05",
    "2026-06",
]  # demo IPOs: 7 listed firms become 9 (10 after the plan)
NEW_CHAIN_LEADERS = [
    "2023-03",
    "2023-07",
    "2023-11",
    "2024-02",
    "2024-05",
    "2024-09",
    "2024-12",
    "2025-03",
    "2025-06",
    "2025-09",
    "2025-11",
    "2026-05",  # after the plan: still counted as newly attracted since 2023
]
ENTRIES_PER_MONTH = {2022: 2.6, 2023: 6.0, 2024: 6.5, 2025: 6.0, 2026: 5.5}
INITIAL_FIRMS = 790

# Firms named in the seed texts keep their names; their figures are demo values all the same.
# name_zh, name_en, park, sector, annual output, chain leader, listed, srdi
REAL_FIRMS = [
    (
        "长春高新",
        "Changchun High & New Technology",
        "hitech_health",
        "biologics",
        60,
        True,
        True,
        False,
    ),
    (
        "金赛药业",
        "GeneScience Pharmaceuticals",
        "genscience_park",
        "biologics",
        80,
        True,
        False,
        False,
    ),
    ("百克生物", "BCHT Biotechnology", "hitech_health", "biologics", 15, True, True, False),
    (
        "长春生物制品研究所",
        "Changchun Institute of Biological Products",
        "pharma_valley",
        "biologics",
        30,
        True,
        False,
        False,
    ),
    ("迪瑞医疗", "Dirui Medical", "edz", "devices", 12, True, True, False),
    ("卓谊生物", "Zhuoyi Biology", "pharma_valley", "biologics", 6, False, False, True),
    ("吴太医药", "Wutai Pharmaceutical", "hitech_health", "chemical", 10, False, False, False),
]
SECTOR_SIZE = {"distribution": 1.8, "health_services": 1.3, "biologics": 1.2}
DECLINING = {("jiutai_tcm", "tcm"): -0.18, ("china_korea", "distribution"): -0.10}


@dataclass
class Firm:
    """One enterprise's whole demo history."""

    enterprise_id: str
    name_zh: str
    name_en: str
    park_id: str
    sector_id: str
    entered: int
    base: float
    growth: float
    is_demo: bool = True
    exited: int = NEVER
    chain_leader_since: int = NEVER
    chain_leader_new: bool = False
    listed_since: int = NEVER
    above_scale_since: int = NEVER
    srdi_since: int = NEVER
    is_leading: bool = False
    monthly: list[float] = field(default_factory=list)

    def active(self, t: int) -> bool:
        """Return True when the firm is in the city's statistics in month t."""
        return self.entered <= t < self.exited


def _demo_name(ref: Reference, sector_id: str, enterprise_id: str) -> tuple[str, str]:
    sector = ref.sector(sector_id)
    return (
        f"演示{sector['name_zh']}企业{enterprise_id}",
        f"Demo {sector['name_en']} firm {enterprise_id}",
    )


def _new_firm(rng, ref, n, entered, park=None, sector=None, base=None) -> Firm:
    eid = f"E{n:04d}"
    if park is None:
        park, sector = draw_park_and_sector(rng, ref, SECTOR_SIZE)
    size = (
        base if base is not None else rng.lognormvariate(-1.6, 1.1) * SECTOR_SIZE.get(sector, 1.0)
    )
    growth = DECLINING.get((park, sector), rng.gauss(0.09, 0.07))
    name_zh, name_en = _demo_name(ref, sector, eid)
    return Firm(eid, name_zh, name_en, park, sector, entered, size, growth)


def _year_end_curve(points: dict[int, int], t: int) -> int:
    """Return the count a yearly curve asks for in month t, interpolated within the year."""
    year, month = divmod(t, 12)
    start, end = points.get(year - 1, points[min(points)]), points.get(year, points[max(points)])
    return round(start + (end - start) * (month + 1) / 12)


def _size_rank(t: int):
    """Return a sort key that puts the firms largest in month t first."""
    return lambda f: -f.base * (1 + f.growth) ** ((t - T0) / 12)


def _hand_out(firms, t, attr, wanted, rank):
    """Set flag `attr` on active firms (in `rank` order) until `wanted` firms carry it."""
    have = sum(1 for f in firms if f.active(t) and getattr(f, attr) <= t)
    candidates = sorted(
        (f for f in firms if f.active(t) and getattr(f, attr) == NEVER and f.is_demo), key=rank
    )
    for firm in candidates[: max(0, wanted - have)]:
        setattr(firm, attr, t)


def build_firms(rng: random.Random, ref: Reference) -> list[Firm]:
    """Return every demo firm with entries, exits and flags set month by month."""
    firms: list[Firm] = []
    for i, (zh, en, park, sector, size, leader, listed, srdi) in enumerate(REAL_FIRMS, start=1):
        firm = Firm(
            f"E{i:04d}",
            zh,
            en,
            park,
            sector,
            T0 - 120,
            float(size),
            0.08,
            is_demo=False,
            chain_leader_since=T0 - 60 if leader else NEVER,
            listed_since=T0 - 60 if listed else NEVER,
            above_scale_since=T0 - 60,
            srdi_since=T0 - 24 if srdi else NEVER,
            is_leading=True,
        )
        firms.append(firm)
    while len(firms) < INITIAL_FIRMS:
        firms.append(_new_firm(rng, ref, len(firms) + 1, T0 - rng.randint(1, 200)))
    demo_by_size = sorted((f for f in firms if f.is_demo), key=lambda f: -f.base)
    demo_by_size[0].chain_leader_since = T0 - 36
    for firm in demo_by_size[1:5]:
        firm.listed_since = T0 - rng.randint(12, 80)
    for firm in demo_by_size[:45]:
        firm.is_leading = True

    owed = 0.0
    for t in range(T0, month_index(PLAN_END) + 1):
        owed = _advance_month(rng, ref, firms, t, owed)
    _set_monthly_output(rng, firms, MONTHS)
    return firms


def continue_firms(rng: random.Random, ref: Reference, firms: list[Firm]) -> None:
    """Carry every firm on month by month after the plan up to DEMO_END, with its own draws."""
    # A separate random stream, so the months up to the plan's end come out exactly as before.
    owed = 0.0
    for t in range(month_index(PLAN_END) + 1, month_index(DEMO_END) + 1):
        owed = _advance_month(rng, ref, firms, t, owed)
    for firm in firms:
        if not firm.monthly:  # entered after the plan: nothing to report before
            firm.monthly = [0.0] * len(MONTHS)
    _set_monthly_output(rng, firms, ALL_MONTHS[len(MONTHS) :])


def _advance_month(rng: random.Random, ref: Reference, firms: list[Firm], t: int, owed: float):
    """Add month t's entrants and chain leaders, retire some firms, hand out flags; return owed."""
    owed += ENTRIES_PER_MONTH[t // 12]
    for _ in range(int(owed)):
        firms.append(_new_firm(rng, ref, len(firms) + 1, t))
    owed -= int(owed)
    if t in LEADER_MONTHS:
        park = rng.choice(["yongchun", "edz", "china_korea", "jingyue", "pharma_valley"])
        sector = rng.choice(
            ref.parks[[p["park_id"] for p in ref.parks].index(park)]["focus_sectors"].split(";")
        )
        firm = _new_firm(rng, ref, len(firms) + 1, t, park, sector, base=rng.uniform(4, 14))
        firm.chain_leader_since = firm.above_scale_since = t
        firm.chain_leader_new = firm.is_leading = True
        firms.append(firm)
    for firm in firms:
        protected = not firm.is_demo or firm.listed_since < NEVER or firm.chain_leader_since < NEVER
        if firm.active(t) and not protected and firm.entered < t and rng.random() < 0.0005:
            firm.exited = t
    if t in LISTING_MONTHS:
        listed_now = sum(1 for f in firms if f.active(t) and f.listed_since <= t)
        _hand_out(firms, t, "listed_since", listed_now + 1, _size_rank(t))
    _hand_out(firms, t, "above_scale_since", _year_end_curve(ABOVE_SCALE, t), _size_rank(t))
    # 专精特新 are mid-sized firms, picked at random among them
    mid_sized_first = lambda f: rng.random() + (0.0 if 0.05 < f.base < 2.0 else 2.0)  # noqa: E731
    _hand_out(firms, t, "srdi_since", _year_end_curve(SRDI, t), mid_sized_first)
    return owed


LEADER_MONTHS = {month_index(m) for m in NEW_CHAIN_LEADERS}
LISTING_MONTHS = {month_index(m) for m in LISTINGS}


def _set_monthly_output(rng: random.Random, firms: list[Firm], months: list[str]) -> None:
    """Append each firm's output (亿元) for `months` so that city totals follow ANNUAL_OUTPUT."""
    for month in months:
        t = month_index(month)
        year, month_no = divmod(t, 12)
        ramp = [SEASON[m] * (1 + 0.012 * m) for m in range(12)]
        city_total = ANNUAL_OUTPUT[year] * ramp[month_no] / sum(ramp)
        raw = []
        for firm in firms:
            if not firm.active(t):
                raw.append(0.0)
                continue
            settling = min(1.0, 0.4 + 0.1 * (t - firm.entered))  # a new firm ramps up
            raw.append(
                firm.base
                * (1 + firm.growth) ** ((t - T0) / 12)
                * settling
                * (1 + rng.gauss(0, 0.03))
            )
        scale = city_total / sum(raw)
        for firm, value in zip(firms, raw, strict=True):
            firm.monthly.append(value * scale)
