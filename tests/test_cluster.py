"""The local cluster (deploy/, issue 15): two replicas behind haproxy, one PostgreSQL store.

Sessions stick to one replica (the balancer's cookie, websocket included), a session cookie signed
on one replica opens on the other (shared store and key), a month ingested while both run shows up
on both without a restart, and killing one replica under load leaves the other serving every new
session. The cluster is started and stopped here; nothing is left running.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import time

import pytest

from bench import load
from bench.load_client import Session, mint_cookies
from deploy import postgres
from deploy.cluster import STICKY_COOKIE, Cluster, alive, free_ports
from tests.ledgers import INDICATORS, NEXT
from tests.tiny_data import ROOT, copy_recent_demo_data

pytestmark = pytest.mark.slow  # PostgreSQL, haproxy and two Streamlit servers

SESSIONS_COLUMN = 7  # haproxy `show stat`: sessions so far, per replica
NEXT_LABEL = "2026年1月"  # NEXT as the period picker shows it


def _require(tool: str, path: str) -> None:
    if shutil.which(tool) or os.path.exists(path):
        return
    message = f"{tool} not installed: apt-get install {tool} (debian-packages.txt, `test`)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Two replicas on a copy of the last three demo months; yields the Cluster, stops it after."""
    _require("haproxy", "/usr/sbin/haproxy")
    try:
        postgres.bin_dir()
    except RuntimeError:
        _require("postgresql", "/nonexistent")
    base = tmp_path_factory.mktemp("cluster")
    data = copy_recent_demo_data(base / "data")
    balancer, pg, r1, r2 = free_ports(4, 8681, 8699)
    running = Cluster(str(base / "run"), balancer_port=balancer, pg_port=pg, data_dir=str(data))
    running.up(2, ports=[r1, r2])
    try:
        yield running
    finally:
        pids = [running.balancer_pid, *(r.pid for r in running.replicas)]
        running.down()
        assert not any(alive(pid) for pid in pids)
        assert not postgres.running(running.pg_folder)


def direct(cluster: Cluster, name: str) -> str:
    """The URL of one replica, bypassing the balancer."""
    return f"http://127.0.0.1:{next(r.port for r in cluster.replicas if r.name == name)}"


def sessions_seen(cluster: Cluster) -> dict[str, int]:
    return {k: int(v) for k, v in cluster.balancer_view(SESSIONS_COLUMN).items()}


def test_a_session_sticks_to_its_replica_and_the_store_is_shared(cluster):
    cookies = mint_cookies(4, cluster.env())

    async def visit(cookie: dict, pin: str | None) -> tuple[str, list]:
        jar = {**cookie, **({STICKY_COOKIE: pin} if pin else {})}
        session = Session(cluster.url, jar, STICKY_COOKIE)
        runs = [await session.open()]
        runs.append(await session.switch_page("pipeline"))
        runs.append(await session.change_filter("f_period", session.widgets["f_period"].options[1]))
        await session.close()
        return session.cookies.get(STICKY_COOKIE), runs

    async def both():
        return await asyncio.gather(visit(cookies[0], None), visit(cookies[1], None))

    landed = asyncio.run(both())
    assert {name for name, _ in landed} == {"r1", "r2"}  # leastconn spread two open tabs
    assert all(r.error is None and r.exceptions == 0 for _, runs in landed for r in runs)

    before = sessions_seen(cluster)
    pinned = asyncio.run(visit(cookies[2], "r2"))  # a tab already holding r2's cookie
    after = sessions_seen(cluster)
    assert pinned[0] == "r2"
    assert all(r.error is None for r in pinned[1])
    assert after["r1"] == before["r1"]  # the page and its websocket both went to r2
    assert after["r2"] >= before["r2"] + 2


def test_a_new_month_shows_up_on_every_replica_without_a_restart(cluster, tmp_path):
    cookies = mint_cookies(4, cluster.env())

    async def newest_period(name: str, cookie: dict) -> str:
        session = Session(direct(cluster, name), cookie)
        run = await session.open()
        assert run.error is None
        await session.close()
        return session.widgets["f_period"].options[0]

    assert asyncio.run(newest_period("r1", cookies[0])) == "2025年12月"
    assert asyncio.run(newest_period("r2", cookies[1])) == "2025年12月"
    ledger = tmp_path / "indicators.csv"
    ledger.write_text(INDICATORS, encoding="utf-8")
    ingest = subprocess.run(
        [sys.executable, "-m", "ccbio.cli", "ingest", str(ledger), "--period", NEXT]
        + ["--data-dir", cluster.data_dir],
        cwd=ROOT,
        env=cluster.env(),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert ingest.returncode == 0, ingest.stdout + ingest.stderr
    assert asyncio.run(newest_period("r1", cookies[2])) == NEXT_LABEL
    assert asyncio.run(newest_period("r2", cookies[3])) == NEXT_LABEL


def test_killing_a_replica_under_load_leaves_the_other_serving_new_sessions(cluster):
    users, late_users = 6, 3
    cookies = mint_cookies(users + late_users, cluster.env())
    logs: list[list] = [[] for _ in range(users + late_users)]
    for name, cookie in (("r1", cookies[0]), ("r2", cookies[1])):  # every page opened once
        asyncio.run(load.warm_up(direct(cluster, name), cookie))

    def user(i: int, delay: float, seconds: float):
        async def act():
            await asyncio.sleep(delay)
            until = time.perf_counter() + seconds
            rng = load.random.Random(i)
            await load.simulate_user(
                cluster.url, cookies[i], until, 0.6, rng, STICKY_COOKIE, runs=logs[i]
            )

        return act()

    async def scenario() -> float:
        early = [asyncio.create_task(user(i, 0.3 * i, 300)) for i in range(users)]
        async with asyncio.timeout(120):  # load on both replicas: each has finished a run
            while not {"r1", "r2"} <= {r.replica for log in logs for r in log if not r.error}:
                await asyncio.sleep(0.2)
        await asyncio.sleep(2)
        killed = time.perf_counter()
        await asyncio.to_thread(cluster.kill_replica, "r1")
        await asyncio.sleep(4)
        # long enough for a first page on a loaded machine (a CI run alongside others took over 8 s)
        await asyncio.gather(*(user(users + i, 0.5 * i, 20) for i in range(late_users)))
        for task in early:
            task.cancel()
        await asyncio.gather(*early, return_exceptions=True)
        return killed

    kill = asyncio.run(scenario())
    runs = [r for log in logs for r in log]
    before = [r for r in runs if r.ended < kill]
    settled = kill + 4  # haproxy marks r1 down after three failed checks, one a second
    new_sessions = [r for r in runs if r.kind == "first" and r.ended - r.seconds > settled]
    assert {r.replica for r in before} == {"r1", "r2"}  # both served before the kill
    assert [r for r in before if r.error] == []
    assert len(new_sessions) >= late_users
    assert all(r.error is None and r.replica == "r2" for r in new_sessions), new_sessions
    assert all(r.error is None for r in runs if r.ended - r.seconds > settled)
    assert not [r for r in runs if r.replica == "r2" and r.error]  # r2's users never noticed
    assert any(r.kind != "first" for log in logs[users:] for r in log)  # and kept working
    assert sum(r.exceptions for r in runs) == 0
    assert cluster.balancer_view() == {"r1": "DOWN", "r2": "UP"}
