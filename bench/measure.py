"""One scale, in its own process: pages through AppTest, then the DuckDB-vs-pandas query pairs.

`python -m bench.measure pages|queries DATA_DIR REPEATS PAGE_OR_QUERY...` prints one `RESULT {json}` line
per result. run.py starts these processes under a watchdog (time and memory caps), so caches,
imports and memory never leak between scales and a runaway page cannot take the machine down.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import os
import re
import statistics
import sys
import time
from functools import partial
from pathlib import Path

from ccbio import alerts, config, rules

ROOT = config.ROOT
logging.getLogger("streamlit").setLevel(logging.CRITICAL)


def registered_pages() -> list[str]:
    """Return the page files app.py routes to, in its order."""
    return re.findall(
        r'st\.Page\(\s*"(pages/[a-z_]+\.py)"', (ROOT / "app.py").read_text(encoding="utf-8")
    )


def is_stub(page: str) -> bool:
    """Return True for a placeholder page (a page still being written by the pages engineer)."""
    text = (ROOT / page).read_text(encoding="utf-8")
    return len(text.splitlines()) < 5


# The record a drill-down page opens, from its URL as a shared link gives it: a project, firm and
# park present in the two snapshots the 10,000x copy keeps.
PAGE_PARAMS = {
    "pages/project.py": {"project": "P0035"},
    "pages/firm.py": {"firm": "E0003"},
    "pages/park.py": {"park": "jingyue"},
}


def sign_in_as_admin() -> None:
    """Run every page signed in as the demo data administrator (city scope), as the page tests do;
    signed out, a page is only the sign-in screen. Accounts go to a throwaway state folder."""
    import tempfile

    os.environ.setdefault("CCBIO_STATE_DIR", tempfile.mkdtemp(prefix="ccbio-bench-state-"))
    from ccbio.auth import session
    from ccbio.auth.accounts import User

    session._preset_user = User(0, "demo_admin", "data_admin", (), "demo")


def _clear_caches() -> None:
    import streamlit as st

    from ccbio import data

    st.cache_data.clear()
    st.cache_resource.clear()
    data.load_sql.cache_clear()
    data._known.cache_clear()


def _timed(fn) -> tuple[float, object]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def _timed_cpu(fn) -> tuple[float, float, object]:
    """Return (wall s, CPU s of this process, every thread, result): CPU time is what others'
    load on a shared machine inflates least."""
    c = time.process_time()
    wall, out = _timed(fn)
    return wall, time.process_time() - c, out


def _import_everything() -> None:
    """Import the app's modules first, so the first page's cold run is not charged with imports
    (import time is part of the server's KPI-visible figure instead)."""
    import importlib
    import pkgutil

    import ccbio

    for mod in (
        "altair",
        "pydeck",
        "openpyxl",
        *(f"ccbio.{m.name}" for m in pkgutil.iter_modules(ccbio.__path__)),
    ):
        with contextlib.suppress(
            Exception
        ):  # a module that fails to import fails its page, visibly
            importlib.import_module(mod)


CHANGES = 3  # filter changes timed per page (fewer where the data holds fewer earlier snapshots)


def measure_page(page: str, periods: list[str], repeats: int) -> dict:
    """Return cold, warm and filter-change run times (s) of one page, through AppTest."""
    from streamlit.testing.v1 import AppTest

    _clear_caches()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=3600)
    for key, value in PAGE_PARAMS.get(page, {}).items():
        at.query_params[key] = value
    at.switch_page(page)
    cold, _ = _timed(at.run)
    errors = [str(e.value)[:200] for e in at.exception]
    warm = statistics.median(_timed(at.run)[0] for _ in range(repeats))
    errors += [str(e.value)[:200] for e in at.exception]
    changes = []
    if any(w.key == "f_period" for w in at.selectbox):
        # the filter change: the sidebar period moves to each of the CHANGES snapshots before the
        # latest one (each new to the caches); one such run alone varied by a third from run to run
        for period in periods[-2 : -2 - CHANGES : -1]:
            at.selectbox(key="f_period").set_value(period)
            changes.append(_timed(at.run)[0])
            errors += [str(e.value)[:200] for e in at.exception]
    return {
        "page": page,
        "stub": is_stub(page),
        "cold": cold,
        "warm": warm,
        "change": statistics.median(changes) if changes else None,
        "changes": changes,
        "errors": errors,
    }


def query_cases(periods: list[str]) -> list[tuple[str, dict, dict]]:
    """Return (query, DuckDB params, pandas params) for every page query in the default view."""
    p = periods[-1]
    year_before = f"{int(p[:4]) - 1}-{p[5:]}"
    p_from = year_before if year_before in periods else periods[0]  # the pipeline page's default
    every = {"parks": (), "sectors": ()}
    return [
        (
            "goal_progress",
            {
                "period": p,
                "baseline_month": config.BASELINE_MONTH,
                "plan_start": config.PLAN_START,
                "plan_months": config.PLAN_MONTHS,
            },
            {"period": p},
        ),
        ("goal_series", {"period": p, "baseline_month": config.BASELINE_MONTH}, {"period": p}),
        ("park_summary", {"period": p, "sectors": ()}, {"period": p}),
        ("pipeline_by_stage", {"period": p, **every}, {"period": p}),
        (
            "stage_flows",
            {"period_from": p_from, "period_to": p, **every},
            {"period_from": p_from, "period_to": p},
        ),
        ("stage_age_summary", {"period": p, **every}, {"period": p}),
        (
            "stalled_projects",
            {"period": p, **every, **alerts.stall_limits(rules.current()), "limit": 200},
            {"period": p, "limit": 200},
        ),
        ("sector_summary", {"period": p, "parks": (), "sectors": ()}, {"period": p}),
        ("sector_park_matrix", {"period": p, **every}, {"period": p}),
        ("indicator_series", {"period": p, **every}, {"period": p}),
        ("leading_enterprises", {"period": p, **every}, {"period": p}),
        ("major_projects", {"period": p, **every}, {"period": p}),
    ]


def measure_queries(data_dir: Path, periods: list[str], repeats: int, names: list[str]):
    """Yield the connection-open time, then per query the DuckDB and pandas times (best of
    `repeats`), the rows, and whether both return the same result."""
    import gc

    from bench import pandas_baseline as pb
    from ccbio import data

    _clear_caches()
    open_s, _ = _timed(data.connection)  # views + the in-memory indicator table, once per process
    yield {"open": open_s}
    for name, duck_params, pandas_params in query_cases(periods):
        if name not in names:
            continue
        run_duck = partial(data.run_query, name, **duck_params)
        run_pandas = partial(pb.FUNCTIONS[name], data_dir, **pandas_params)
        duck_s, duck_cpu, duck = _timed_cpu(run_duck)
        yield {
            "query": name,
            "duckdb": duck_s,
            "duckdb_cpu": duck_cpu,
            "rows": len(duck),
            "partial": True,
        }  # in case pandas is stopped
        pandas_s, pandas_cpu, pan = _timed_cpu(run_pandas)
        # the two paths take turns, so both meet the same load from others on this shared machine
        for _ in range(repeats - 1):
            wall, cpu, _ = _timed_cpu(run_duck)
            duck_s, duck_cpu = min(duck_s, wall), min(duck_cpu, cpu)
            wall, cpu, _ = _timed_cpu(run_pandas)
            pandas_s, pandas_cpu = min(pandas_s, wall), min(pandas_cpu, cpu)
        same, why = pb.same_result(duck, pan)
        yield {
            "query": name,
            "duckdb": duck_s,
            "pandas": pandas_s,
            "duckdb_cpu": duck_cpu,
            "pandas_cpu": pandas_cpu,
            "rows": len(duck),
            "same": same,
            "why": why,
        }
        del duck, pan
        gc.collect()


def main(argv: list[str]) -> int:
    """`pages DATA_DIR REPEATS PAGE...` or `queries DATA_DIR REPEATS`: one JSON line per result."""
    mode, data_dir, repeats = argv[0], Path(argv[1]), int(argv[2])
    os.environ["CCBIO_DATA_DIR"] = str(data_dir)
    sign_in_as_admin()
    periods = sorted(
        p.name.removeprefix("period=") for p in (data_dir / "snapshots").glob("period=*")
    )
    if mode == "pages":
        _import_everything()
        # as a served process does once its warm-up has imported (ccbio/warmup.py _settled): a
        # full collection then walks only what came later, not every module's objects (90-100 ms
        # inside whichever measured run crossed the collector's threshold)
        gc.freeze()
        for page in argv[3:]:
            print("RESULT " + json.dumps(measure_page(page, periods, repeats)), flush=True)
    else:
        for result in measure_queries(data_dir, periods, repeats, argv[3:]):
            print("RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
