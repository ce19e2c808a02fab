"""Demo 五个一批 projects: a history per project that matches the published 2023-12 state."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ccbio.config import PLAN_END, STAGES
from ccbio.demo.common import DEMO_END, Reference, draw_park_and_sector, partition_total
from ccbio.periods import month_index

NEVER = 10**9
PUBLISHED_MONTH = month_index("2023-12")
YEAR_2023 = month_index("2023-01")
LAST = month_index(PLAN_END)

# (stage, build type, projects, investment 亿元) at 2023-12, from the 2024 newspaper report.
# The planned stage is published as "3000亿元以上": the demo total sits just above it.
PUBLISHED_GROUPS = [
    ("planned", None, 329, 3046.20, 1.0),
    ("negotiating", None, 116, 460.00, 0.5),
    ("construction", "new", 28, 150.00, 0.5),
    ("construction", "continued", 35, 270.00, 0.5),
    ("commissioning", None, 22, 76.68, 0.5),
    ("full_capacity", None, 11, 34.00, 0.5),
]
# Projects named in the seeds: (stage, build type, name_zh, name_en, sponsor, park, sector)
NAMED = [
    (
        "planned",
        None,
        "上海复星医药抗肿瘤药物研发",
        "Shanghai Fosun Pharma anti-tumour drug R&D",
        "复星医药",
        "yongchun",
        "chemical",
    ),
    (
        "planned",
        None,
        "四川科伦药业大容量注射剂生产基地",
        "Sichuan Kelun large-volume injection production base",
        "科伦药业",
        "pharma_valley",
        "chemical",
    ),
    (
        "negotiating",
        None,
        "北京美尔思通脑磁心磁生产",
        "Beijing Meiersitong brain- and heart-magnetic device production",
        "美尔思通",
        "edz",
        "devices",
    ),
    (
        "negotiating",
        None,
        "阿斯利康儿童药物创新中心",
        "AstraZeneca paediatric drug innovation centre",
        "阿斯利康",
        "yongchun",
        "chemical",
    ),
    (
        "construction",
        "continued",
        "卓谊生物医药产业园",
        "Zhuoyi Biology pharma industrial park",
        "卓谊生物",
        "pharma_valley",
        "biologics",
    ),
    (
        "construction",
        "new",
        "海悦药业总部基地",
        "Haiyue Pharmaceutical headquarters base",
        "海悦药业",
        "pharma_valley",
        "chemical",
    ),
    (
        "construction",
        "new",
        "长春安沃高新基因工程抗体类药物项目",
        "Changchun Anwo Gaoxin gene-engineered antibody drugs",
        "安沃高新",
        "pharma_valley",
        "biologics",
    ),
    (
        "commissioning",
        None,
        "吴太医药产业园二期",
        "Wutai Pharmaceutical industrial park phase II",
        "吴太医药",
        "hitech_health",
        "chemical",
    ),
    (
        "commissioning",
        None,
        "康宁杰瑞生物大分子蛋白液和肿瘤标志物筛查项目",
        "Alphamab biomacromolecule protein solution and tumour-marker screening",
        "康宁杰瑞",
        "jingyue",
        "biologics",
    ),
    (
        "commissioning",
        None,
        "百克生物疫苗生产基地项目",
        "BCHT vaccine production base",
        "百克生物",
        "hitech_health",
        "biologics",
    ),
]
TERMINATION_REASONS = [
    ("投资方战略调整，项目终止", "investor changed strategy; project terminated"),
    ("选址未落实，退出储备", "no site secured; withdrawn from the pipeline"),
    ("资金未到位，项目终止", "funding not secured; project terminated"),
]
COMPLETED_REASON = (
    "达产满一年，转入常规统计",
    "a year at full capacity; moved to regular statistics",
)
# Monthly chance of moving on, after a minimum number of months in the stage.
ADVANCE = {0: (0.028, 2), 1: (0.05, 2), 2: (0.07, 10), 3: (0.12, 4)}
TERMINATE = {0: 0.006, 1: 0.01}
NO_ENTRANTS_AFTER = {"chuangtou_park": month_index("2024-03")}  # a quiet park for the alerts


@dataclass
class Project:
    """One project's whole demo history: the month it entered each stage, and its end."""

    project_id: str
    name_zh: str
    name_en: str
    park_id: str
    sector_id: str
    investment_yi: float
    stage_months: list[int]
    is_demo: bool = True
    sponsor_zh: str | None = None
    sticky: bool = False
    ended: int = NEVER
    end_kind: str | None = None
    end_reason: tuple[str, str] | None = None
    extra: dict = field(default_factory=dict)

    def stage_at(self, t: int) -> int | None:
        """Return the stage index in month t, or None when not in the pipeline then."""
        if t < self.stage_months[0] or t >= self.ended:
            return None
        return max(k for k, m in enumerate(self.stage_months) if m <= t)

    @property
    def is_major(self) -> bool:
        """Return True for the major-project list: 10 亿元 or more, or named in the seeds."""
        return self.investment_yi >= 10 or not self.is_demo


def _history_back(rng: random.Random, stage: int, since: int) -> list[int]:
    """Return stage-entry months for stages 0..stage, the last one being `since`."""
    gaps = {0: (2, 14), 1: (2, 12), 2: (10, 30), 3: (4, 12)}
    months = [since]
    for k in range(stage - 1, -1, -1):
        months.insert(0, months[0] - rng.randint(*gaps[k]))
    return months


def _since_for(rng: random.Random, stage: str, build_type: str | None) -> int:
    """Return the month a project published at 2023-12 entered its stage."""
    if stage == "construction":
        return (
            rng.randint(YEAR_2023, PUBLISHED_MONTH)
            if build_type == "new"
            else rng.randint(PUBLISHED_MONTH - 47, YEAR_2023 - 1)
        )
    span = {"planned": 30, "negotiating": 20, "commissioning": 17, "full_capacity": 11}[stage]
    return rng.randint(PUBLISHED_MONTH - span, PUBLISHED_MONTH)


def _demo_project(
    ref: Reference, n: int, park: str, sector: str, investment: float, months: list[int]
) -> Project:
    pid = f"P{n:04d}"
    s = ref.sector(sector)
    return Project(
        pid,
        f"演示项目{pid}（{s['name_zh']}）",
        f"Demo project {pid} ({s['name_en']})",
        park,
        sector,
        investment,
        months,
    )


def build_projects(rng: random.Random, ref: Reference) -> list[Project]:
    """Return every project from 2022 to the end of the plan, published state included."""
    projects: list[Project] = []
    for stage, build_type, count, total, minimum in PUBLISHED_GROUPS:
        amounts = partition_total(rng, total, count, minimum)
        named = [n for n in NAMED if n[0] == stage and n[1] == build_type]
        for i, amount in enumerate(amounts):
            months = _history_back(rng, STAGES.index(stage), _since_for(rng, stage, build_type))
            if i < len(named):
                _, _, zh, en, sponsor, park, sector = named[i]
                projects.append(
                    Project(
                        f"P{len(projects) + 1:04d}",
                        zh,
                        en,
                        park,
                        sector,
                        amount,
                        months,
                        is_demo=False,
                        sponsor_zh=sponsor,
                    )
                )
            else:
                park, sector = draw_park_and_sector(rng, ref)
                projects.append(_demo_project(ref, len(projects) + 1, park, sector, amount, months))
    _add_gone_before_publication(rng, ref, projects)
    for project in projects:
        project.sticky = project.is_demo and rng.random() < 0.1
    _simulate_forward(rng, ref, projects, PUBLISHED_MONTH + 1, LAST)
    return projects


def continue_projects(rng: random.Random, ref: Reference, projects: list[Project]) -> None:
    """Move projects on month by month after the plan up to DEMO_END, with their own draws."""
    _simulate_forward(rng, ref, projects, LAST + 1, month_index(DEMO_END))


def _add_gone_before_publication(rng, ref, projects) -> None:
    """Add projects that were in the pipeline in 2022-2023 but had left it by 2023-12."""
    for _ in range(26):
        stage = rng.choice([0, 0, 1])
        ended = rng.randint(month_index("2022-03"), PUBLISHED_MONTH)
        months = _history_back(rng, stage, ended - rng.randint(1, 10))
        park, sector = draw_park_and_sector(rng, ref)
        project = _demo_project(
            ref,
            len(projects) + 1,
            park,
            sector,
            round(rng.lognormvariate(1.3, 0.8) + 0.5, 2),
            months,
        )
        project.ended, project.end_kind, project.end_reason = (
            ended,
            "terminated",
            rng.choice(TERMINATION_REASONS),
        )
        projects.append(project)
    for _ in range(9):
        since = rng.randint(month_index("2021-12"), month_index("2022-11"))
        park, sector = draw_park_and_sector(rng, ref)
        project = _demo_project(
            ref,
            len(projects) + 1,
            park,
            sector,
            round(rng.lognormvariate(0.9, 0.6) + 0.5, 2),
            _history_back(rng, 4, since),
        )
        project.ended, project.end_kind, project.end_reason = (
            since + 12,
            "completed",
            COMPLETED_REASON,
        )
        projects.append(project)


def _simulate_forward(
    rng: random.Random, ref: Reference, projects: list[Project], first: int, last: int
) -> None:
    """Move projects month by month from month `first` to `last` (both included); add new entrants."""
    for t in range(first, last + 1):
        for project in projects:
            stage = project.stage_at(t - 1)
            if stage is None or project.ended < NEVER:
                continue
            age = t - project.stage_months[stage]
            if stage == 4:
                if age >= 12:
                    project.ended, project.end_kind, project.end_reason = (
                        t,
                        "completed",
                        COMPLETED_REASON,
                    )
                continue
            chance, min_age = ADVANCE[stage]
            chance *= 0.15 if project.sticky else 1.0
            roll = rng.random()
            if roll < TERMINATE.get(stage, 0.0) and project.is_demo:
                project.ended, project.end_kind = t, "terminated"
                project.end_reason = rng.choice(TERMINATION_REASONS)
            elif age >= min_age and roll < TERMINATE.get(stage, 0.0) + chance:
                project.stage_months.append(t)
        for _ in range(6 + rng.randint(0, 5)):
            park, sector = draw_park_and_sector(rng, ref)
            while t >= NO_ENTRANTS_AFTER.get(park, NEVER):
                park, sector = draw_park_and_sector(rng, ref)
            amount = round(max(0.5, rng.lognormvariate(1.6, 0.9)), 2)
            projects.append(_demo_project(ref, len(projects) + 1, park, sector, amount, [t]))


# ---- issue 13: responsible units, planned milestones, investment revisions ----------------------
# Drawn from a generator of their own per project, so adding them changed no other demo value.
UNIT_TEAMS = ("一", "二", "三")
MILESTONE_STAGES = (2, 3, 4)  # construction start, commissioning, full capacity
# Months from the previous planned milestone (from entering the pipeline for the first).
PLANNED_GAP = {2: (8, 20), 3: (12, 24), 4: (4, 10)}
# Months a milestone came later than planned (negative: earlier); mostly late, as in practice.
SLIPS = (-1, 0, 0, 0, 1, 2, 2, 3, 4, 6, 9)
REVISION_SHARE = 0.12
REVISION_FACTORS = (0.8, 0.9, 1.15, 1.25, 1.5)


def responsible_unit(park: dict, rng: random.Random) -> str:
    """Return a generated responsible unit (责任单位) in the project's park, labelled demo."""
    return f"{park['name_zh']}项目推进{rng.choice(UNIT_TEAMS)}组（演示）"


def plan_projects(projects: list[Project], ref: Reference, seed: int) -> None:
    """Give every project a responsible unit, planned milestone months and investment revisions.

    Stored in `Project.extra`: `responsible_unit`, `planned` ({stage index: month}) and
    `revisions` ([(month, 亿元)]). Revisions fall after the published 2023-12 state only.
    """
    parks = {p["park_id"]: p for p in ref.parks}
    for project in projects:
        rng = random.Random(f"{seed}|plan|{project.project_id}")
        project.extra["responsible_unit"] = responsible_unit(parks[project.park_id], rng)
        project.extra["planned"] = _planned_milestones(project, rng)
        project.extra["revisions"] = _revisions(project, rng)


def _planned_milestones(project: Project, rng: random.Random) -> dict[int, int]:
    planned, previous = {}, project.stage_months[0]
    for stage in MILESTONE_STAGES:
        if stage < len(project.stage_months):
            month = project.stage_months[stage] - rng.choice(SLIPS)
        else:
            month = previous + rng.randint(*PLANNED_GAP[stage])
        planned[stage] = previous = max(month, previous + 1)
    return planned


def _revisions(project: Project, rng: random.Random) -> list[tuple[int, float]]:
    first = max(project.stage_months[0], PUBLISHED_MONTH) + 1
    last = min(project.ended - 1, LAST)
    if rng.random() >= REVISION_SHARE or first > last:
        return []
    amount = round(project.investment_yi * rng.choice(REVISION_FACTORS), 2)
    return [(rng.randint(first, last), amount)]


def investment_at(project: Project, t: int) -> float:
    """Return the planned investment (亿元) as known in month t, after any revision by then."""
    amount = project.investment_yi
    for month, revised in project.extra.get("revisions", []):
        if month <= t:
            amount = revised
    return amount
