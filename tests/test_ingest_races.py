"""Crashes and races (issue 11, points 10-12) and the command line's exit codes: one writer at a
time, a kill -9 at any moment of --replace leaves the old month or the new one, never neither,
and the CLI never prints a traceback (not even into a closed pipe)."""

from __future__ import annotations

import errno
import json
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ccbio.ingest import LedgerFile, existing_periods, ingest, plan_ingest, write_plan
from ccbio.ingest import write as write_module
from ccbio.ingest.lock import data_lock, recover
from tests.ledgers import (
    INDICATORS,
    NEXT,
    PROJECT_HEADER,
    cli,
    indicators_csv,
    run_cli,
    tree_hash,
)
from tests.tiny_data import ROOT

pytestmark = pytest.mark.slow  # subprocesses, kills and threads

PAST = "2025-12"
CHECKPOINTS = (
    "staged",
    "table:projects",
    "table:indicators",
    "table:project_events",
    "before_switch",
    "switched",
    "done",
)


@pytest.fixture
def replace_ledger(data_dir) -> Path:
    """A clean 2025-12 indicators ledger (a replacement of the latest month) on disk."""
    path = data_dir.parent / "ind_2025-12.csv"
    path.write_text(INDICATORS.replace("2026-01", PAST), encoding="utf-8")
    return path


def snapshot_state(data_dir: Path, period: str) -> str | None:
    folder = data_dir / "snapshots" / f"period={period}"
    return tree_hash(folder) if folder.is_dir() else None


def leftovers(data_dir: Path) -> list[str]:
    return [p.name for p in (data_dir / "snapshots").iterdir() if not p.name.startswith("period=")]


# ---- one writer at a time -----------------------------------------------------------------------


def test_a_second_ingest_exits_at_once_while_one_holds_the_data_folder(data_dir, tmp_path):
    ledger = tmp_path / "ind.csv"
    ledger.write_text(INDICATORS, encoding="utf-8")
    before = tree_hash(data_dir)
    with data_lock(data_dir):
        code, out, err = run_cli(data_dir, str(ledger), "--period", NEXT)
        assert (code, out.strip(), err) == (3, "另一个数据更新正在进行，未做任何改动。", "")
        code, out, _ = run_cli(
            data_dir, str(ledger), "--period", "2025-11", "--replace", "--lang", "en"
        )
        assert (code, out.strip()) == (
            3,
            "Another data update is in progress; nothing was changed.",
        )
        results = []
        worker = threading.Thread(  # the page: another session, same process, another thread
            target=lambda: results.append(plan_ingest([indicators_csv()], NEXT, data_dir=data_dir))
        )
        worker.start()
        worker.join()
        assert [p.message("zh") for p in results[0].problems] == [
            "另一个数据更新正在进行，请稍后再试"
        ]
    assert tree_hash(data_dir) == before
    assert ingest([indicators_csv()], NEXT, data_dir=data_dir).ok  # free again afterwards


def test_two_concurrent_replacing_ingests_never_lose_a_month(data_dir, replace_ledger):
    old = snapshot_state(data_dir, PAST)
    procs = [cli(data_dir, str(replace_ledger), "--period", PAST, "--replace") for _ in range(2)]
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in procs]
    codes = sorted(code for code, _, _ in results)
    assert codes in ([0, 0], [0, 3]), results  # the second waits for nobody: busy, or after
    assert all(err == "" for _, _, err in results)
    assert existing_periods(data_dir) == ["2025-10", "2025-11", PAST]
    assert snapshot_state(data_dir, PAST) not in (None, old)
    assert len(list((data_dir / ".trash").iterdir())) == codes.count(0)  # each replaced month kept
    assert not leftovers(data_dir)


def test_two_concurrent_ingests_of_the_next_month_write_it_once(data_dir, tmp_path):
    ledger = tmp_path / "ind.csv"
    ledger.write_text(INDICATORS, encoding="utf-8")
    procs = [cli(data_dir, str(ledger), "--period", NEXT) for _ in range(2)]
    outs = [(p.wait(timeout=120), p.stdout.read()) for p in procs]
    codes = sorted(c for c, _ in outs)
    assert codes in ([0, 1], [0, 3]), outs  # busy, or afterwards: the period exists
    assert existing_periods(data_dir)[-1] == NEXT and not leftovers(data_dir)


# ---- kill -9 during --replace ------------------------------------------------------------------


@pytest.mark.parametrize("step", CHECKPOINTS)
def test_a_kill_at_each_step_of_replace_leaves_the_old_month_or_the_new(
    data_dir, replace_ledger, step
):
    old = snapshot_state(data_dir, PAST)
    code, _, err = run_cli(
        data_dir,
        str(replace_ledger),
        "--period",
        PAST,
        "--replace",
        env={"CCBIO_INGEST_DIE_AT": step},
    )
    assert code == -signal.SIGKILL and "Traceback" not in err
    after = snapshot_state(data_dir, PAST)
    assert after is not None  # never neither
    switched = step in ("switched", "done")
    assert (after != old) == switched
    recover(data_dir)  # what the next ingest does first
    assert not leftovers(data_dir)
    trash = list((data_dir / ".trash").iterdir()) if (data_dir / ".trash").exists() else []
    assert [tree_hash(t) for t in trash] == ([old] if switched else [])
    assert ingest([indicators_csv()], NEXT, data_dir=data_dir).ok  # and the data is usable


def test_kill_9_at_random_moments_of_replace_never_loses_the_month(data_dir, replace_ledger):
    old = snapshot_state(data_dir, PAST)
    t0 = time.perf_counter()
    assert run_cli(data_dir, str(replace_ledger), "--period", PAST, "--replace")[0] == 0
    duration = time.perf_counter() - t0
    seen = {old, snapshot_state(data_dir, PAST)}
    rng = random.Random(11)
    for _ in range(8):
        proc = cli(data_dir, str(replace_ledger), "--period", PAST, "--replace")
        time.sleep(rng.uniform(0.3, 1.0) * duration)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        now = snapshot_state(data_dir, PAST)
        assert now is not None, "the month vanished"
        seen.add(now)
        assert existing_periods(data_dir) == ["2025-10", "2025-11", PAST]
    assert run_cli(data_dir, str(replace_ledger), "--period", PAST, "--replace")[0] == 0
    assert not leftovers(data_dir)  # the last run cleaned what the killed ones left
    assert len(seen) >= 2


def test_without_an_atomic_exchange_a_kill_between_renames_is_recovered(data_dir, monkeypatch):
    plan = plan_ingest(
        [LedgerFile("i.csv", INDICATORS.replace("2026-01", PAST).encode())],
        PAST,
        replace=True,
        data_dir=data_dir,
    )
    old = snapshot_state(data_dir, PAST)

    class Killed(BaseException):
        pass

    def no_exchange(a, b):
        raise OSError(errno.ENOSYS, "no renameat2")

    def die(name):
        if name == "aside":
            raise Killed

    monkeypatch.setattr(write_module, "exchange", no_exchange)
    monkeypatch.setattr(write_module, "_checkpoint", die)
    with pytest.raises(Killed):
        write_plan(plan, data_dir)
    assert snapshot_state(data_dir, PAST) is None  # the window the recovery closes
    assert recover(data_dir) == [f"restored period={PAST}"]
    assert snapshot_state(data_dir, PAST) == old and not leftovers(data_dir)
    monkeypatch.setattr(write_module, "_checkpoint", lambda name: None)
    write_plan(
        plan_ingest(
            [LedgerFile("i.csv", INDICATORS.replace("2026-01", PAST).encode())],
            PAST,
            replace=True,
            data_dir=data_dir,
        ),
        data_dir,
    )
    assert snapshot_state(data_dir, PAST) not in (None, old) and not leftovers(data_dir)


# ---- the command line ---------------------------------------------------------------------------


def test_cli_needs_confirm_with_a_reason_and_keeps_it(data_dir, tmp_path):
    lines = INDICATORS.strip().split("\n")
    partial = tmp_path / "partial.csv"
    partial.write_text(
        "\n".join([lines[0]] + [x for x in lines[1:] if "经开区" not in x]) + "\n", encoding="utf-8"
    )
    before = tree_hash(data_dir)
    code, out, err = run_cli(data_dir, str(partial), "--period", NEXT)
    assert code == 4 and err == "" and tree_hash(data_dir) == before
    assert "? " in out and "本月确实只报部分园区" in out
    assert (
        out.strip().endswith(
            '有 1 条需确认的提示，未写入。核对无误后加上 --confirm "原因" 重新运行。'
        )
        or "需确认" in out
    )
    code, out, err = run_cli(
        data_dir, str(partial), "--period", NEXT, "--confirm", "经开区本月未报送"
    )
    assert code == 0 and err == ""
    note = json.loads(
        (data_dir / "snapshots" / f"period={NEXT}" / "ingest.json").read_text("utf-8")
    )
    assert note["reason"] == "经开区本月未报送" and note["confirmed"]


def test_cli_exit_codes_and_no_traceback(data_dir, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(PROJECT_HEADER + "\n,新项目,火星园区,医疗器械,谋划,3,,,\n", encoding="utf-8")
    assert run_cli(data_dir, str(bad), "--period", NEXT)[0] == 1
    assert run_cli(data_dir, str(tmp_path / "missing.csv"), "--period", NEXT)[0] == 2
    code, out, err = run_cli(data_dir, str(bad), "--period", "2026-01\n")
    assert (code, err) == (1, "") and "格式不对" in out and out.count("✗") == 1
    code, out, err = run_cli(tmp_path / "nowhere", str(bad), "--period", NEXT, "--lang", "en")
    assert (code, err) == (1, "") and "The data folder is missing" in out


def test_cli_output_piped_to_head_has_no_traceback(data_dir, tmp_path):
    rows = "".join(f",新项目{i},火星园区,医疗器械,谋划,3,,,\n" for i in range(3000))
    bad = tmp_path / "bad.csv"
    bad.write_text(PROJECT_HEADER + "\n" + rows, encoding="utf-8")
    cmd = (
        f"{sys.executable} -m ccbio.cli ingest {bad} --period {NEXT} --data-dir {data_dir} | head -1; "
        "echo rc=${PIPESTATUS[0]}"
    )
    result = subprocess.run(
        ["bash", "-c", cmd], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.stderr == "", result.stderr
    assert result.stdout.splitlines()[0].startswith("台账未通过校验")
    assert result.stdout.splitlines()[-1] == "rc=1"
