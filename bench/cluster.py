"""The load test through the balancer, 1 replica and then 2, printed side by side (issue 15).

    uv run python -m bench.cluster                       # K = 5, 20, 40, 60 s each
    uv run python -m bench.cluster --ks 20 --duration 20

Each configuration is a fresh deploy/cluster (haproxy, PostgreSQL, N replicas reading the
repository's data folder), warmed, loaded as bench/load.py loads one
server, then stopped. On this 2-core machine a second replica buys resilience, not throughput:
both replicas share the same two cores, so the figures should be about equal; what the second
replica buys is shown by tests/test_cluster.py (one killed under load, the other keeps serving).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile

from bench import load
from deploy.cluster import Cluster, free_ports

KS = (5, 20, 40)
PORTS = (8681, 8699)
NOTE = (
    "  On 2 shared cores the second replica is there for resilience (a crashed or restarted replica "
    "loses no one's next page: tests/test_cluster.py), not for throughput: both share the same two "
    "cores. One replica is one Python process, though, whose script runs share one interpreter lock "
    "(about one core), so when the other core is free a second replica can use it:"
)


def throughput(one: list[load.Level], two: list[load.Level]) -> list[str]:
    """Return finished runs per second at each K, 1 replica against 2, measured here."""
    return [
        f"    K = {a.k}: {a.done / a.seconds:.1f} runs/s with 1 replica, "
        f"{b.done / b.seconds:.1f} with 2 ({b.done / b.seconds / max(a.done / a.seconds, 1e-9):.2f}×)"
        for a, b in zip(one, two, strict=True)
    ]


def run_config(replicas: int, args) -> list[load.Level]:
    """Start a cluster of `replicas`, load it through the balancer, stop it; return the levels."""
    balancer, pg, *ports = free_ports(2 + replicas, *PORTS)
    run_dir = tempfile.mkdtemp(prefix="ccbio-bench-cluster-")
    cluster = Cluster(run_dir, balancer_port=balancer, pg_port=pg)
    cluster.up(replicas, ports=ports)
    try:
        return load.through_balancer(cluster, args)
    finally:
        cluster.down()
        shutil.rmtree(run_dir, ignore_errors=True)


def side_by_side(one: list[load.Level], two: list[load.Level]) -> list[str]:
    """Return one line per K: rerun p50/p95, first-page p95, errors+exceptions, for 1 | 2 replicas."""

    def cells(lv: load.Level) -> str:
        reruns = lv.reruns()
        return (
            f"{load._s(load.percentile(reruns, 50)):>5} {load._s(load.percentile(reruns, 95)):>5} "
            f"{load._s(load.percentile(lv.firsts(), 95)):>5} {lv.errors:>3}/{lv.exceptions:<3}"
        )

    lines = [
        "          1 replica                    2 replicas",
        "     K   rerun p50  p95 first p95 err/exc   rerun p50  p95 first p95 err/exc",
    ]
    for a, b in zip(one, two, strict=True):
        lines.append(f"  {a.k:>4}   {cells(a):<30}   {cells(b)}")
        for replicas, lv in ((1, a), (2, b)):
            if lv.errors:
                lines.append(
                    f"        {replicas} replica(s), errors: {'; '.join(lv.error_kinds())}"[:220]
                )
    return lines


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = load.parse(argv)
    if "--ks" not in argv:
        args.ks = KS
    print(
        "Through the balancer (haproxy, sticky cookie; PostgreSQL store) — "
        + load.describe(args.duration, args.think, args.ramp)
    )
    print(f"  load average at start: {os.getloadavg()[0]:.2f} (2 shared cores)")
    one = run_config(1, args)
    two = run_config(2, args)
    print("\n".join(side_by_side(one, two)))
    print("\n".join([NOTE, *throughput(one, two)]))
    for replicas, levels in ((1, one), (2, two)):
        print(f"  {replicas} replica(s):")
        print("\n".join(load.verdicts(levels)))
    print(f"  load average at end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
