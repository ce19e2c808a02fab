"""`uv run python -m bench.same_results [DATA_DIR]`: every query, Parquet path against database file.

The query layer reads the snapshots from a DuckDB file built from them (ccbio/data.py); before that
it read the Parquet files directly. This runs every query in data.QUERIES with the arguments the
pages give it, through both connections, and compares the results frame by frame (column names and types,
row order, values exactly; floats to a relative 1e-9). Prints one line per query and exits 1 if any differ.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pandas as pd


def cases(periods: list[str]) -> list[tuple[str, dict]]:
    """Return (query name, arguments) pairs covering every query in data.QUERIES, as pages call them."""
    from ccbio import alerts, config, data, rules

    latest, first = periods[-1], periods[0]
    year_before = f"{int(latest[:4]) - 1}-{latest[5:]}"
    before = year_before if year_before in periods else first
    limits = alerts.stall_limits(rules.current())
    con = data.connection()
    project = con.execute(
        "select project_id from projects where period = ? order by project_id limit 1", [latest]
    ).fetchone()[0]
    firm = con.execute(
        "select e.enterprise_id from enterprises e where period = ? and exists (select 1 from "
        "projects p where p.period = e.period and p.sponsor_zh = e.name_zh) order by 1 limit 1",
        [latest],
    ).fetchone()
    firm = firm[0] if firm else "E0001"
    park = data.park_list()["park_id"].iloc[0]
    sectors = tuple(data.sector_list()["sector_id"].iloc[:2])
    plan = next(p for p in __import__("ccbio.plans", fromlist=["x"]).load_plans())
    plan_month = min(config.PLAN_END, latest)
    out: list[tuple[str, dict]] = []
    for name in data.QUERIES:
        spec = data.QUERIES[name].checks
        if name in {"plan_attainment", "plan_growth_sources", "plan_goal_history"}:
            args = data._plan_months(plan, plan_month)
            if name != "plan_goal_history":
                args["snapshot"] = latest
            if name == "plan_growth_sources":
                del args["start_month"]
            out.append((name, args))
            continue
        scoped = [{}]
        if "parks" in spec:
            scoped = [{"parks": (), "sectors": ()}, {"parks": (park,), "sectors": sectors}]
        elif "sectors" in spec:
            scoped = [{"sectors": ()}, {"sectors": sectors}]
        for extra in scoped:
            args = dict(extra)
            for arg in spec:
                if arg in extra:
                    continue
                args[arg] = {
                    "period": latest,
                    "period_from": before,
                    "period_to": latest,
                    "limits": limits,
                    "limit": 200,
                    "snapshot": latest,
                    "cohort_period": config.PLAN_END if config.PLAN_END in periods else first,
                    "end_period": latest,
                    "project_id": project,
                    "enterprise_id": firm,
                    "park_id": park,
                    "project_ids": (project,),
                }[arg]
            out.append((name, args))
    return out


def compare(data_dir: Path) -> list[tuple[str, bool, str, float, float]]:
    """Return (query, same, why, parquet s, database s) for every case on `data_dir`."""
    import streamlit as st

    from ccbio import data

    saved = os.environ.get("CCBIO_DATA_DIR"), data._shared_connection
    os.environ["CCBIO_DATA_DIR"] = str(data_dir)
    try:
        return _compare(data_dir, data, st)
    finally:
        if saved[0] is None:
            os.environ.pop("CCBIO_DATA_DIR", None)
        else:
            os.environ["CCBIO_DATA_DIR"] = saved[0]
        data._shared_connection = saved[1]
        st.cache_data.clear()


def _compare(data_dir: Path, data, st) -> list[tuple[str, bool, str, float, float]]:
    periods = sorted(
        p.name.removeprefix("period=") for p in (data_dir / "snapshots").glob("period=*")
    )
    cons = {
        "parquet": data.open_connection(data_dir, consolidated=False),
        "database": data.open_connection(data_dir),
    }
    results = []
    for name, args in cases(periods):
        frames, took = {}, {}
        for path, con in cons.items():
            data._shared_connection = lambda *_, con=con: con  # this path's connection
            st.cache_data.clear()
            t0 = time.perf_counter()
            frames[path] = data.fetch(name, **args)
            took[path] = time.perf_counter() - t0
        same, why = _same(frames["parquet"], frames["database"])
        label = name + (
            f" ({', '.join(f'{k}={v}' for k, v in args.items() if k in ('parks', 'sectors') and v)})"
            if any(args.get(k) for k in ("parks", "sectors"))
            else ""
        )
        results.append((label, same, why, took["parquet"], took["database"]))
    return results


def _same(a: pd.DataFrame, b: pd.DataFrame) -> tuple[bool, str]:
    if list(a.columns) != list(b.columns):
        return False, f"columns {list(a.columns)} vs {list(b.columns)}"
    if list(map(str, a.dtypes)) != list(map(str, b.dtypes)):
        return False, f"types {list(map(str, a.dtypes))} vs {list(map(str, b.dtypes))}"
    try:
        # floats to a relative 1e-9, as bench/pandas_baseline.py compares: a sum's last bits depend
        # on the order threads add in, and the Parquet path alone differs from one connection to
        # the next (~1e-16 at 1x, ~1.6e-12 at 10,000x, where a sum adds millions of rows)
        pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-9, atol=1e-12)
    except AssertionError as err:
        return False, str(err).replace("\n", " ")[:200]
    return True, ""


def main(argv: list[str]) -> int:
    from ccbio import config

    data_dir = Path(argv[0]) if argv else config.ROOT / "data"
    results = compare(data_dir)
    for label, same, why, t_parquet, t_db in results:
        print(
            f"{'same' if same else 'DIFFERENT'}  {label:60s} parquet {t_parquet * 1000:7.1f} ms  "
            f"database {t_db * 1000:7.1f} ms  {why}"
        )
    bad = [r for r in results if not r[1]]
    print(f"{len(results) - len(bad)} of {len(results)} query calls return identical frames")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
