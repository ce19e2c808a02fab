"""The load test's client (bench/load_client.py) against one real server: it signs in, sees the
sidebar's widgets and the pages, a filter change really changes the view (the app writes the new
period into the URL), a page switch lands on that page, and it counts errors and exception
elements (a server that is gone, a page that raises)."""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench import load
from bench.load_client import Session, mint_cookies
from deploy.cluster import Cluster, free_port, wait_healthy

pytestmark = pytest.mark.slow  # a real server (a few seconds to start)

RAISING_APP = 'import streamlit as st\n\nst.title("x")\nraise ValueError("boom")\n'


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One `streamlit run app.py` with its own SQLite store; yields (base URL, its environment)."""
    run_dir = tmp_path_factory.mktemp("load-server")
    cluster = Cluster(str(run_dir))
    replica = cluster.add_replica("server", free_port(8681, 8699))
    try:
        url = f"http://127.0.0.1:{replica.port}"
        wait_healthy(url)
        (cookies,) = mint_cookies(1, cluster.env())
        asyncio.run(load.warm_up(url, cookies))  # a process's first run of each page is slow
        yield url, cluster.env()
    finally:
        cluster.down()


def test_a_session_signs_in_changes_a_filter_and_switches_page(server):
    url, env = server
    (cookies,) = mint_cookies(1, env)

    async def visit():
        session = Session(url, cookies)
        first = await session.open(query="lang=zh")
        assert (first.error, first.exceptions) == (None, 0)
        assert {"f_period", "f_parks", "f_sectors", "f_lang"} <= set(session.widgets)
        assert {"", "pipeline", "monitoring"} <= set(session.pages)
        older = session.widgets["f_period"].options[5]  # six months before the newest, "2026年6月"
        year, month = re.fullmatch(r"(\d{4})年(\d{1,2})月", older).groups()
        wanted = f"period={year}-{int(month):02d}"
        assert wanted not in session.query_string
        changed = await session.change_filter("f_period", older)
        assert (changed.error, changed.exceptions) == (None, 0)
        assert wanted in session.query_string  # the app wrote the chosen period into the URL
        goals = session.page_hash
        moved = await session.switch_page("pipeline")
        assert (moved.error, moved.exceptions) == (None, 0)
        assert session.page_hash == session.pages["pipeline"] != goals
        assert wanted in session.query_string  # the filter followed the user to the page
        await session.close()
        return first, changed, moved

    runs = asyncio.run(visit())
    assert all(0 < r.seconds < 60 for r in runs)


def test_a_short_level_records_every_run_and_no_errors(server):
    url, env = server
    cookies = mint_cookies(3, env)
    level = asyncio.run(load.run_level(url, 3, cookies, duration_s=6, think_s=0.4, ramp_s=0.5))
    assert level.errors == 0, level.error_kinds()
    assert level.exceptions == 0
    assert len(level.firsts()) == 3
    assert len(level.reruns()) >= 3
    lines = load.table([level]) + load.verdicts([level])
    assert lines[1].split()[0] == "3"
    assert "K = 20 not run" in lines[-1]


def test_errors_and_exception_elements_are_counted(tmp_path):
    assert asyncio.run(Session(f"http://127.0.0.1:{free_port(8681, 8699)}").open()).error

    app = tmp_path / "raising" / "app.py"
    app.parent.mkdir()
    app.write_text(RAISING_APP, encoding="utf-8")
    shutil.copytree(Path(__file__).resolve().parents[1] / ".streamlit", app.parent / ".streamlit")
    port = free_port(8681, 8699)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port)],
        cwd=app.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_healthy(f"http://127.0.0.1:{port}")
        run = asyncio.run(Session(f"http://127.0.0.1:{port}").open())
        assert (run.error, run.exceptions) == (None, 1)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
