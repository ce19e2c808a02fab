"""Run a child process under a time and memory cap, reading its `RESULT {json}` lines as they come."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from pathlib import Path


def rss_mb(pid: int, key: str = "VmRSS") -> float:
    """Return a process's resident memory (or VmHWM, its peak) in MB; 0 if it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0.0


def run_watched(
    cmd: list[str], cwd: Path, item_budget_s: float, rss_cap_mb: float
) -> tuple[list[dict], str | None]:
    """Return the JSON results the child printed, and why it was stopped (None if it finished).

    The child is killed when one result takes longer than `item_budget_s` or its memory passes
    `rss_cap_mb`, so a page that pulls millions of rows into Python is reported, not waited for.
    """
    proc = subprocess.Popen(
        cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    results, since, peak, why = [], time.perf_counter(), 0.0, None
    while True:
        try:
            line = lines.get(timeout=0.2)
            if line.startswith("RESULT "):
                results.append(json.loads(line[7:]))
                since = time.perf_counter()
            continue
        except queue.Empty:
            pass
        if proc.poll() is not None and lines.empty():
            break
        peak = max(peak, rss_mb(proc.pid))
        if peak > rss_cap_mb:
            why = f"stopped: memory passed {rss_cap_mb:,.0f} MB"
        elif time.perf_counter() - since > item_budget_s:
            why = f"stopped: not done after {item_budget_s:.0f} s"
        if why:
            proc.kill()
            proc.wait()
            break
    if why is None and proc.returncode != 0:
        why = f"failed with exit code {proc.returncode}"
    return results, why
