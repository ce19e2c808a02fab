"""Demo sponsoring firms (投资主体): each project is tied to a firm by id, never by a real name.

A demo project gets a generated demo firm of its park and sector (else of its park, else of its
sector) that was in the city's statistics when the project entered the pipeline, larger firms more
often. A project named in the seeds keeps the sponsor the seeds name, linked only when that firm is
one of the firms named in the seeds too; no demo project is ever given a real firm.
"""

from __future__ import annotations

import random

from ccbio.demo.enterprises import Firm
from ccbio.demo.projects import Project


def sponsor_projects(projects: list[Project], firms: list[Firm], seed: int) -> None:
    """Set `extra["sponsor_enterprise_id"]` (and `sponsor_zh` for demo projects) on every project.

    Each project draws from a generator of its own, among the firms active in its first month, so
    the months up to the plan's end come out the same however far the demo runs on.
    """
    real = {f.name_zh: f.enterprise_id for f in firms if not f.is_demo}
    names = {f.enterprise_id: f.name_zh for f in firms}
    for project in projects:
        if not project.is_demo:
            project.extra["sponsor_enterprise_id"] = real.get(project.sponsor_zh)
            continue
        rng = random.Random(f"{seed}|sponsor|{project.project_id}")
        firm = _draw(rng, project, firms)
        project.extra["sponsor_enterprise_id"] = firm
        project.sponsor_zh = names[firm] if firm else None


def _draw(rng: random.Random, project: Project, firms: list[Firm]) -> str | None:
    """Return the id of a demo firm active in the project's first month, nearest in park and sector."""
    start = project.stage_months[0]
    active = [f for f in firms if f.is_demo and f.active(start)]
    for fits in (
        lambda f: f.park_id == project.park_id and f.sector_id == project.sector_id,
        lambda f: f.park_id == project.park_id,
        lambda f: f.sector_id == project.sector_id,
        lambda f: True,
    ):
        candidates = [f for f in active if fits(f)]
        if candidates:
            weights = [max(f.base, 0.01) ** 0.5 for f in candidates]  # softened: a few giants
            return rng.choices(candidates, weights=weights)[0].enterprise_id
    return None
