"""Many users at once (issue 15, target 5): K concurrent sessions over Streamlit's websocket.

    uv run python -m bench.load                      # K = 1, 5, 10, 20, 40, 60 s each, own server
    uv run python -m bench.load --ks 5 --duration 10
    uv run python -m bench.load --cluster            # through the running deploy/cluster balancer

Each simulated user (bench/load_client.py) opens the first page signed in, then until the level's
time is up thinks for a moment and changes a sidebar filter (period, parks, sectors) or switches
page; a user whose connection breaks reloads, as a browser tab does. Recorded: seconds to every
finished run, first pages apart, errors (no finished run, a broken connection) and exception
elements. The server is warmed first (each page once), so the curve is a running server's; the
first visit of a cold server is bench/server.py's figure. Targets at K = 20 on this 2-core machine:
p95 finished rerun <= 1.5 s, first page <= 3 s, zero errors and zero exception elements.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field

from bench.load_client import Run, Session, mint_cookies
from deploy.cluster import RUN_DIR, STICKY_COOKIE, Cluster, free_port, wait_healthy

KS = (1, 5, 10, 20, 40)
TARGET_K = 20
TARGETS = {"rerun_p95": 1.5, "first_p95": 3.0}
PAGES = ("", "pipeline", "sectors", "monitoring", "lists", "park_map", "assessment", "compare")
FILTERS = (("f_period", 0.45), ("f_parks", 0.2), ("f_sectors", 0.1))  # else: switch page
PORTS = (8660, 8669)  # the load test's own server (h15c's range)


@dataclass
class Level:
    """What K users did for one level's duration."""

    k: int
    runs: list[Run] = field(default_factory=list)
    seconds: float = 0.0
    server_cpu_s: float = 0.0  # CPU the server processes used meanwhile
    machine_cpu_s: float = 0.0  # CPU every process on the machine used meanwhile (the client too)

    def reruns(self) -> list[float]:
        return [r.seconds for r in self.runs if r.kind != "first" and not r.error]

    def firsts(self) -> list[float]:
        return [r.seconds for r in self.runs if r.kind == "first" and not r.error]

    @property
    def errors(self) -> int:
        return sum(1 for r in self.runs if r.error)

    @property
    def done(self) -> int:
        """Runs that finished."""
        return len(self.runs) - self.errors

    @property
    def exceptions(self) -> int:
        return sum(r.exceptions for r in self.runs)

    def slowest(self, count: int = 3) -> str:
        """Return the targets (pages, filters) with the highest p95 finished run, slowest first."""
        by_target: dict[str, list[float]] = {}
        for r in self.runs:
            if not r.error:
                by_target.setdefault(f"{r.kind} {r.target}", []).append(r.seconds)
        p95 = sorted(((percentile(v, 95), k) for k, v in by_target.items()), reverse=True)
        return ", ".join(f"{k} {v:.2f} s" for v, k in p95[:count])

    def error_kinds(self) -> list[str]:
        return sorted({r.error for r in self.runs if r.error})


def percentile(values: list[float], q: float) -> float | None:
    """Return the q-th percentile (nearest rank), None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


# ---- one user -------------------------------------------------------------------------------------


async def next_action(session: Session, rng: random.Random) -> Run:
    """Change a sidebar filter or switch page, as a user at the meeting might."""
    roll = rng.random()
    for key, share in FILTERS:
        if roll < share and key in session.widgets:
            options = session.widgets[key].options
            if key == "f_period":
                return await session.change_filter(key, rng.choice(options[:24]))
            count = rng.randint(0, min(2, len(options)))  # a planner may see one park only
            return await session.change_filter(key, rng.sample(options, count))
        roll -= share
    here = next((p for p, h in session.pages.items() if h == session.page_hash), None)
    pages = [p for p in PAGES if p in session.pages and p != here]
    return await session.switch_page(rng.choice(pages))


async def simulate_user(
    base_url: str,
    cookies: dict,
    until: float,
    think_s: float,
    rng: random.Random,
    sticky: str = "",
    runs: list[Run] | None = None,
) -> list[Run]:
    """Open the first page, then act until `until` (perf_counter); reload after a broken run.

    Runs are appended to `runs` (a new list by default) as they finish, so a caller can watch.
    """
    runs = [] if runs is None else runs
    session = Session(base_url, cookies, sticky)
    try:
        runs.append(await session.open())
        while time.perf_counter() < until:
            if runs[-1].error:  # the tab reloads: a new session (maybe on another replica)
                await session.close()
                await asyncio.sleep(1)
                session = Session(base_url, {**cookies, **session.cookies}, sticky)
                runs.append(await session.open())
                continue
            await asyncio.sleep(rng.uniform(0.5, 1.5) * think_s)
            if time.perf_counter() >= until:
                break
            runs.append(await next_action(session, rng))
    finally:
        await session.close()
    return runs


async def run_level(
    base_url: str,
    k: int,
    cookies: list[dict],
    duration_s: float,
    think_s: float,
    ramp_s: float,
    seed: int = 15,
    sticky: str = "",
) -> Level:
    """Run K users at once (arriving over `ramp_s`) for `duration_s`; return what they saw."""
    t0 = time.perf_counter()
    until = t0 + duration_s

    async def user(i: int) -> list[Run]:
        await asyncio.sleep(ramp_s * i / max(1, k))
        rng = random.Random(seed + i)
        return await simulate_user(base_url, cookies[i], until, think_s, rng, sticky)

    results = await asyncio.gather(*(user(i) for i in range(k)))
    return Level(k, [r for runs in results for r in runs], time.perf_counter() - t0)


async def warm_up(base_url: str, cookies: dict) -> None:
    """Open every page once, so the levels measure a running server, not its first visits."""
    session = Session(base_url, cookies)
    await session.open()
    for page in PAGES[1:]:
        if page in session.pages:
            await session.switch_page(page)
    await session.close()


def cpu_seconds(pids: list[int]) -> float:
    """Return user+system CPU seconds the processes have used (0 for one that is gone)."""
    total = 0.0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            pass
    return total


def machine_cpu_seconds() -> float:
    """Return the CPU seconds every core of the machine has been busy since boot (/proc/stat)."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle and iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def measure(
    base_url: str,
    env: dict,
    pids: list[int],
    ks=KS,
    duration_s: float = 60,
    think_s: float = 2.0,
    ramp_s: float = 5.0,
    sticky: str = "",
    warm: list[str] | None = None,
) -> list[Level]:
    """Run every level in turn on a server (or balancer) at base_url; return the levels.

    `warm` lists the servers to warm up first (default base_url; each replica behind a balancer).
    """
    cookies = mint_cookies(max(ks) + 1, env)
    for url in warm or [base_url]:
        asyncio.run(warm_up(url, cookies[-1]))
    levels = []
    for k in ks:
        cpu0, machine0 = cpu_seconds(pids), machine_cpu_seconds()
        level = asyncio.run(
            run_level(base_url, k, cookies, duration_s, think_s, ramp_s, sticky=sticky)
        )
        level.server_cpu_s = cpu_seconds(pids) - cpu0
        level.machine_cpu_s = machine_cpu_seconds() - machine0
        levels.append(level)
    return levels


CORES_NOTE = (
    "  cores: the server's CPU-seconds per second of the level, and every other process's on "
    "the machine (this load client, other work) — of {cores}; a K whose server cannot get the "
    "cores its runs need queues runs, and its p95 is the queue's"
)


# ---- printing -------------------------------------------------------------------------------------


def _s(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def table(levels: list[Level]) -> list[str]:
    """Return the curve: one line per K."""
    lines = [
        "     K   runs  rerun p50   p95  first p50   p95  errors  exceptions  "
        "runs/s  server CPU s/run  cores: server  others"
    ]
    for lv in levels:
        reruns, done = lv.reruns(), lv.done
        # cores busy on average: the server's, and everything else's (the client, other work)
        server_cores = lv.server_cpu_s / lv.seconds
        others = max(0.0, lv.machine_cpu_s - lv.server_cpu_s) / lv.seconds
        lines.append(
            f"  {lv.k:>4} {len(lv.runs):>6} {_s(percentile(reruns, 50)):>10} "
            f"{_s(percentile(reruns, 95)):>5} {_s(percentile(lv.firsts(), 50)):>10} "
            f"{_s(percentile(lv.firsts(), 95)):>5} {lv.errors:>7} {lv.exceptions:>11} "
            f"{done / lv.seconds:>7.1f} {lv.server_cpu_s / max(1, done):>17.3f} "
            f"{server_cores:>14.2f} {others:>7.2f}"
        )
        slowest = lv.slowest()
        if slowest:
            lines.append(f"        slowest p95: {slowest}")
        if lv.errors:
            lines.append(f"        errors: {'; '.join(lv.error_kinds())[:200]}")
    return lines


def verdicts(levels: list[Level], k: int = TARGET_K) -> list[str]:
    """Return met/missed for every target at K = k (nothing if that level was not run)."""
    level = next((lv for lv in levels if lv.k == k), None)
    if level is None:
        return [f"  (K = {k} not run: no verdict)"]
    rerun, first = percentile(level.reruns(), 95), percentile(level.firsts(), 95)

    def mark(ok: bool) -> str:
        return "met" if ok else "MISSED"

    return [
        f"  K = {k}: p95 finished rerun {_s(rerun)} s (target ≤ {TARGETS['rerun_p95']} s) "
        f"{mark(rerun is not None and rerun <= TARGETS['rerun_p95'])}",
        f"  K = {k}: p95 first page {_s(first)} s (target ≤ {TARGETS['first_p95']} s) "
        f"{mark(first is not None and first <= TARGETS['first_p95'])}",
        f"  K = {k}: errors {level.errors} (target 0) {mark(level.errors == 0)}; "
        f"exception elements {level.exceptions} (target 0) {mark(level.exceptions == 0)}",
    ]


def describe(duration_s: float, think_s: float, ramp_s: float) -> str:
    return (
        f"each user: first page, then {duration_s:.0f} s of filter changes and page switches, "
        f"thinking {think_s / 2:.1f}–{think_s * 1.5:.1f} s between clicks; "
        f"K users arrive over {ramp_s:.0f} s"
    )


# ---- command line ---------------------------------------------------------------------------------


def through_balancer(cluster: Cluster, args: argparse.Namespace) -> list[Level]:
    """Load a running cluster through its balancer, every replica warmed first."""
    return measure(
        cluster.url,
        cluster.env(),
        [r.pid for r in cluster.replicas],
        sticky=STICKY_COOKIE,
        warm=[f"http://127.0.0.1:{r.port}" for r in cluster.replicas],
        **_opts(args),
    )


def one_server(run_dir: str) -> Cluster:
    """Start one replica on its own SQLite store (no balancer): the single-server load test."""
    server = Cluster(run_dir)
    replica = server.add_replica("server", free_port(*PORTS))
    wait_healthy(f"http://127.0.0.1:{replica.port}")
    return server


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench.load", description=__doc__.split("\n")[0])
    parser.add_argument("--ks", default=",".join(map(str, KS)), help="levels, e.g. 1,5,20")
    parser.add_argument("--duration", type=float, default=60, help="seconds per level")
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds between clicks")
    parser.add_argument("--ramp", type=float, default=5.0, help="seconds over which users arrive")
    parser.add_argument("--cluster", action="store_true", help="drive the deploy/cluster balancer")
    args = parser.parse_args(argv)
    args.ks = tuple(int(k) for k in args.ks.split(","))
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    print(f"Many users (issue 15, target 5) — {describe(args.duration, args.think, args.ramp)}")
    print(f"  load average at start: {os.getloadavg()[0]:.2f} ({os.cpu_count()} shared cores)")
    if args.cluster:
        cluster = Cluster.load(RUN_DIR)
        if cluster is None:
            print("no cluster is up: deploy/cluster up first", file=sys.stderr)
            return 1
        levels = through_balancer(cluster, args)
    else:
        run_dir = tempfile.mkdtemp(prefix="ccbio-load-")
        server = one_server(run_dir)
        try:
            url = f"http://127.0.0.1:{server.replicas[0].port}"
            levels = measure(url, server.env(), [server.replicas[0].pid], **_opts(args))
        finally:
            server.down()
            shutil.rmtree(run_dir, ignore_errors=True)
    print("\n".join(table(levels) + [CORES_NOTE.format(cores=os.cpu_count())] + verdicts(levels)))
    print(f"  load average at end: {os.getloadavg()[0]:.2f}")
    return 0


def _opts(args: argparse.Namespace) -> dict:
    return {"ks": args.ks, "duration_s": args.duration, "think_s": args.think, "ramp_s": args.ramp}


if __name__ == "__main__":
    sys.exit(main())
