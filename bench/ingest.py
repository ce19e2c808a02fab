"""The "ingest" section of the benchmark: how fast and how small the ledger intake answers.

    uv run python -m bench ingest        # this section alone (the full `python -m bench` runs it last)

Targets (issue 11): any upload up to the size limit is answered (accepted or refused) in <= 10 s
with <= 300 MB above the resting memory; 20,000 ledger rows are validated in <= 5 s. Each upload
runs in a fresh child process that first imports what the server has imported (streamlit, pandas,
the app's modules) and notes its memory: that is the resting memory; the child then validates
the upload (plan_ingest, as the data-update page does) and reports the time and its peak memory
above rest. The baseline measured in the same run is pandas.read_csv / openpyxl reading the same
bytes and nothing else, so the ratio says what the checks cost on top of parsing.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from ccbio import config
from ccbio.ingest.limits import MAX_CELLS, MAX_FILE_BYTES, MAX_ROWS

ANSWER_TARGET_S = 10.0
MEMORY_TARGET_MB = 300.0
ROWS_TARGET_S = 5.0
ROWS = 20_000
LATEST = "2025-12"
NEXT = "2026-01"
PROJECT_HEADER = "项目编号,项目名称,英文名称,投资主体,所属园区,产业领域,所处阶段,计划总投资(亿元),新建/续建,状态,变动原因"
PARKS = ("经开区", "净月高新区", "中韩示范区", "长春药谷创新园", "永春现代生物医药城")
SECTORS = ("医疗器械", "生物药", "中药发展壮大工程", "化学药", "生命健康")
STAGES = ("谋划", "洽谈", "建设", "投产", "达产")

CHILD = r"""
import json, sys, time
from pathlib import Path
def rss(key):
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
import streamlit, pandas, pyarrow, duckdb, openpyxl, altair  # what the server holds at rest
import ccbio.data, ccbio.filters
from ccbio.ingest import LedgerFile, plan_ingest
rest = rss("VmRSS")
path, data_dir, mode, extra = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
content = path.read_bytes()
t, cpu = time.perf_counter(), time.process_time()
if mode == "baseline":
    if path.suffix == ".csv":
        import io
        pandas.read_csv(io.BytesIO(content), dtype=str)
    else:
        import io
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        for ws in book.worksheets:
            for _ in ws.iter_rows(values_only=True):
                pass
    answer = "read"
else:
    files = [LedgerFile(path.name, content), LedgerFile(extra.name, extra.read_bytes())]
    plan = plan_ingest(files, "2026-01", data_dir=data_dir)
    answer = "accepted" if plan.ok else "refused: " + plan.errors[0].key
seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
print("RESULT " + json.dumps({"seconds": seconds, "cpu_s": cpu, "above_rest_mb": rss("VmHWM") - rest, "answer": answer}))
"""


def _project_rows(n: int, name_width: int = 0) -> list[list]:
    pad = "示" * name_width
    return [
        [
            None,
            f"基准项目{i:06d}{pad}",
            None,
            None,
            PARKS[i % len(PARKS)],
            SECTORS[i % len(SECTORS)],
            STAGES[i % 2],  # planned / negotiating: new projects enter there
            round(1 + (i % 97) / 10, 2),
            None,
            None,
            None,
        ]
        for i in range(n)
    ]


def _csv(rows: list[list]) -> bytes:
    lines = [PROJECT_HEADER] + [",".join("" if c is None else str(c) for c in r) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _xlsx(rows: list[list], extra_cols: int = 0) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet("项目台账")
    ws.append(PROJECT_HEADER.split(",") + [f"附注{j}" for j in range(extra_cols)])
    for r in rows:
        ws.append(r + ["备注"] * extra_cols)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _strings_bomb() -> bytes:
    buf = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_xlsx(_project_rows(2)))) as src,
        zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for item in src.infolist():
            out.writestr(item, src.read(item.filename))
        with out.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(b"<sst><si><t>")
            for _ in range(400):
                part.write(b"a" * (1 << 20))
            part.write(b"</t></si></sst>")
    return buf.getvalue()


def _far_cell() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "项目台账"
    ws.append(PROJECT_HEADER.split(","))
    ws["XFD60000"] = "x"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def uploads(folder: Path) -> list[tuple[str, Path, bool]]:
    """Write the benchmark's uploads; return (label, path, counts for the 20,000-row target)."""
    cells_per_row = len(PROJECT_HEADER.split(","))
    cases = {
        f"{ROWS:,} new projects, CSV": ("rows.csv", _csv(_project_rows(ROWS)), True),
        f"{ROWS:,} new projects, xlsx": ("rows.xlsx", _xlsx(_project_rows(ROWS)), True),
        f"{MAX_ROWS:,} rows (row limit), CSV near the size limit": (
            "max_rows.csv",
            _csv(_project_rows(MAX_ROWS, name_width=44)),
            False,
        ),
        f"xlsx at the cell limit ({MAX_CELLS:,} cells)": (
            "max_cells.xlsx",
            _xlsx(_project_rows(MAX_CELLS // (cells_per_row + 1) - 1), extra_cols=1),
            False,
        ),
        "CSV past the row limit, cut at the size limit": (
            "too_many.csv",
            _csv(_project_rows(MAX_ROWS * 4))[: MAX_FILE_BYTES - 1],
            False,
        ),
        "one cell at XFD60000 (5 KB)": ("far_cell.xlsx", _far_cell(), False),
        "400 MB shared string in a 0.4 MB workbook": ("strings.xlsx", _strings_bomb(), False),
        "10 MB of random bytes named .xlsx": (
            "random.xlsx",
            __import__("os").urandom(MAX_FILE_BYTES - 1),
            False,
        ),
        "10 MB CSV of commas (one row)": ("commas.csv", b"," * (MAX_FILE_BYTES - 1), False),
    }
    out = []
    for label, (name, content, counts) in cases.items():
        path = folder / name
        path.write_bytes(content)
        out.append((label, path, counts))
    return out


def _indicators(data_dir: Path) -> bytes:
    """Return a plausible indicators ledger for NEXT (each cell of the latest month, at 1.1 times
    its value a year earlier), so an upload of projects alone can be accepted."""
    import pandas as pd

    base = pd.read_parquet(data_dir / "snapshots" / f"period={LATEST}" / "indicators.parquet")
    codes = ["pharma_industrial_output", "medical_service_revenue", "pharma_distribution_revenue"]
    base = base[base["indicator_code"].isin(codes)]
    year_before = f"{int(LATEST[:4])}-01"
    cells = base[base["month"] == LATEST][["park_id", "sector_id", "indicator_code"]]
    values = base[base["month"] == year_before].set_index(
        ["park_id", "sector_id", "indicator_code"]
    )["value"]
    wide = {}
    for park, sector, code in cells.itertuples(index=False):
        wide.setdefault((park, sector), {})[code] = values.get((park, sector, code), 0.1) * 1.1
    lines = ["月份,所属园区,产业领域,医药工业产值(亿元),医疗服务收入(亿元),医药流通收入(亿元)"]
    for (park, sector), row in sorted(wide.items()):
        lines.append(
            ",".join([NEXT, park, sector, *(f"{row[c]:.4f}" if c in row else "" for c in codes)])
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def _child(path: Path, data_dir: Path, mode: str) -> dict:
    extra = data_dir.parent / "indicators.csv"
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(data_dir), mode, str(extra)],
        cwd=config.ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    return {"error": (proc.stderr.strip().splitlines() or ["no result"])[-1][:200]}


def _data_copy(folder: Path) -> Path:
    target = folder / "data"
    shutil.copytree(config.ROOT / "data" / "reference", target / "reference")
    for period in ("2025-11", LATEST):
        shutil.copytree(
            config.ROOT / "data" / "snapshots" / f"period={period}",
            target / "snapshots" / f"period={period}",
        )
    return target


def measure() -> list[dict]:
    """Return one result per upload: answer, seconds, MB above rest, baseline seconds."""
    work = Path(tempfile.mkdtemp(prefix="ccbio-bench-ingest-"))
    try:
        data_dir = _data_copy(work)
        (work / "indicators.csv").write_bytes(_indicators(data_dir))
        results = []
        for label, path, counts in uploads(work):
            print(f"[bench] ingest: {label}", file=sys.stderr, flush=True)
            r = _child(path, data_dir, "ingest")
            base = _child(path, data_dir, "baseline") if counts else {}
            results.append(
                {
                    "label": label,
                    "mb": path.stat().st_size / 1024 / 1024,
                    "rows_target": counts,
                    **r,
                    "baseline_s": base.get("seconds"),
                }
            )
        return results
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _ok(flag: bool) -> str:
    return "met" if flag else "MISSED"


def report(results: list[dict]) -> str:
    """Return the section as a Markdown table with the targets."""
    lines = [
        "## Ingest: ledger uploads (issue 11)",
        "",
        f"Targets: every upload up to {MAX_FILE_BYTES // 1024 // 1024} MB answered in <= {ANSWER_TARGET_S:g} s "
        f"with <= {MEMORY_TARGET_MB:g} MB above resting memory; {ROWS:,} rows validated in <= {ROWS_TARGET_S:g} s. "
        "Baseline: reading the same bytes with pandas / openpyxl only, in the same run.",
        "",
        "| upload | size | answer | seconds | CPU s | MB above rest | vs baseline | targets |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        if "error" in r:
            lines.append(
                f"| {r['label']} | {r['mb']:.1f} MB | failed: {r['error']} | | | | MISSED |"
            )
            continue
        limit = ROWS_TARGET_S if r["rows_target"] else ANSWER_TARGET_S
        met = r["seconds"] <= limit and r["above_rest_mb"] <= MEMORY_TARGET_MB
        ratio = f"{r['seconds'] / r['baseline_s']:.1f}x" if r.get("baseline_s") else ""
        lines.append(
            f"| {r['label']} | {r['mb']:.2f} MB | {r['answer']} | {r['seconds']:.2f} | "
            f"{r['cpu_s']:.2f} | {r['above_rest_mb']:.0f} | {ratio} | {_ok(met)} (<= {limit:g} s) |"
        )
    worst_s = max((r.get("seconds", float("inf")) for r in results), default=0)
    worst_mb = max((r.get("above_rest_mb", float("inf")) for r in results), default=0)
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    lines += [
        "",
        f"Slowest answer {worst_s:.2f} s, most memory {worst_mb:.0f} MB above rest "
        f"(targets on wall-clock seconds; CPU seconds beside them; load average {load} at the end).",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the section, print it and write it to bench/out/ingest.md."""
    t = time.perf_counter()
    text = report(measure())
    out = config.ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "ingest.md").write_text(text, encoding="utf-8")
    print(text + f"\n(ingest section: {time.perf_counter() - t:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
