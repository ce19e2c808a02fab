"""8 threads x 50 queries through the query layer give exactly the single-thread results."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest

from ccbio import data

CALLS = [
    ("pipeline_by_stage", {"period": "2023-12", "parks": [], "sectors": []}),
    ("pipeline_by_stage", {"period": "2025-06", "parks": ["edz", "jingyue"], "sectors": []}),
    ("park_summary", {"period": "2024-03", "sectors": ["biologics"]}),
    ("sector_summary", {"period": "2025-12", "parks": [], "sectors": []}),
    ("stage_flows", {"period_from": "2023-12", "period_to": "2024-12", "parks": [], "sectors": []}),
    ("leading_enterprises", {"period": "2024-09", "parks": [], "sectors": ["devices"]}),
    ("indicator_series", {"period": "2024-12", "parks": ["pharma_valley"], "sectors": []}),
]


@pytest.mark.slow
def test_threads_get_the_same_answers_as_one_thread():
    reference = [data.run_query(name, **params) for name, params in CALLS]
    rng = random.Random(8)
    jobs = [rng.randrange(len(CALLS)) for _ in range(8 * 50)]

    def run(i: int) -> tuple[int, pd.DataFrame]:
        name, params = CALLS[i]
        return i, data.run_query(name, **params)

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(run, jobs))
    assert len(results) == 400
    for i, frame in results:
        pd.testing.assert_frame_equal(frame, reference[i])
