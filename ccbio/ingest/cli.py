"""The `ingest` and `template` sub-commands of `uv run ccbio` (registered by ccbio/cli.py).

Exit codes of `ingest`: 0 written (or checked, with --dry-run); 1 rejected (errors); 2 a file
is missing; 3 another data update holds the data folder; 4 warnings need --confirm "reason";
70 an internal error (reported in one line, never as a traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import ExitStack
from pathlib import Path

from ccbio.config import data_dir
from ccbio.i18n import t

OK, REJECTED, NO_FILE, BUSY, NEEDS_CONFIRMATION, INTERNAL = 0, 1, 2, 3, 4, 70


def say(text: str) -> None:
    """Print a line; once the reader has gone (`| head`), print nothing more and carry on."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's last flush is quiet too
        os.close(devnull)


def _report(problems, lang: str) -> None:
    marks = {"error": "✗", "confirm": "?", "note": "!"}
    for p in problems:
        say(f"  {marks[p.severity]} {p.line(lang)}")


def _run(args: argparse.Namespace) -> int:
    from ccbio.ingest import Busy, IngestError, LedgerFile, data_lock

    files = []
    for name in args.ledger:
        path = Path(name)
        if not path.is_file():
            say(t("ingest.cli_no_file", args.lang, path=name))
            return NO_FILE
        files.append(LedgerFile(path.name, path.read_bytes()))
    folder = Path(args.data_dir)
    try:
        with ExitStack() as held:
            if folder.is_dir():  # one lock over the validation and the write
                held.enter_context(data_lock(folder))
            return _validate_and_write(args, files, folder)
    except Busy:
        say(t("ingest.cli_busy", args.lang))
        return BUSY
    except IngestError as exc:
        _report(exc.problems, args.lang)
        return REJECTED


def _validate_and_write(args, files, folder: Path) -> int:
    from ccbio.ingest import Busy, plan_ingest, write_plan

    plan = plan_ingest(files, args.period, replace=args.replace, data_dir=folder)
    if [p.key for p in plan.problems] == ["busy"]:
        raise Busy()
    if not plan.ok:
        say(t("ingest.cli_rejected", args.lang, period=args.period, n=plan.error_count))
        _report(plan.problems, args.lang)
        return REJECTED
    _report(plan.problems, args.lang)
    say(
        t(
            "ingest.cli_summary",
            args.lang,
            period=plan.period,
            base=plan.base_period,
            **plan.summary,
        )
    )
    if args.dry_run:
        say(t("ingest.cli_dry_run", args.lang))
        return OK
    if plan.confirmations and not (args.confirm or "").strip():
        say(t("ingest.cli_needs_confirm", args.lang, n=len(plan.confirmations)))
        return NEEDS_CONFIRMATION
    from ccbio.auth.hooks import cli_actor, ledger_write  # the audit trail (issue 14)

    try:
        written = write_plan(plan, folder, args.confirm)
    except Exception as exc:
        ledger_write(plan, files, args.confirm, error=exc, actor=cli_actor())
        raise
    ledger_write(plan, files, args.confirm, actor=cli_actor())
    say(t("ingest.cli_written", args.lang, folder=written))
    return OK


def _ingest(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except (Exception, MemoryError) as exc:  # noqa: BLE001 - one line for the user, no traceback
        say(t("ingest.cli_internal", args.lang, error=f"{type(exc).__name__}: {exc}"[:300]))
        return INTERNAL


def _template(args: argparse.Namespace) -> int:
    from ccbio.ingest.templates import write_templates

    for path in write_templates(Path(args.out), args.format, Path(args.data_dir), args.prefill):
        say(str(path))
    return 0


def add_commands(commands) -> None:
    """Add `ingest` and `template` to the sub-command parser of ccbio/cli.py."""
    ing = commands.add_parser(
        "ingest",
        help="validate ledgers (.xlsx/.csv) and write them as a new monthly snapshot",
        description=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ing.add_argument(
        "ledger", nargs="+", help="ledger file(s): one .xlsx workbook or one .csv per ledger"
    )
    ing.add_argument("--period", required=True, help="the month the ledgers describe, YYYY-MM")
    ing.add_argument(
        "--replace",
        action="store_true",
        help="overwrite an existing period (the old one is kept in data/.trash/)",
    )
    ing.add_argument(
        "--confirm",
        metavar="REASON",
        help="confirm the warnings shown (year-on-year jumps, parks left out, large revisions, a "
        "past month replaced); the reason is kept with the snapshot",
    )
    ing.add_argument(
        "--dry-run", action="store_true", help="validate and show what would change; write nothing"
    )
    ing.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="language of the report (default: zh)"
    )
    ing.add_argument(
        "--data-dir",
        default=str(data_dir()),
        help="data folder (default: ./data or $CCBIO_DATA_DIR)",
    )
    ing.set_defaults(run=_ingest)
    tpl = commands.add_parser(
        "template", help="write blank ledger templates (.xlsx workbook or .csv files)"
    )
    tpl.add_argument("--out", default=".", help="folder to write into (default: current folder)")
    tpl.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    tpl.add_argument(
        "--prefill",
        metavar="YYYY-MM",
        help="fill projects, enterprises and that month's indicators from that snapshot",
    )
    tpl.add_argument(
        "--data-dir",
        default=str(data_dir()),
        help="data folder (default: ./data or $CCBIO_DATA_DIR)",
    )
    tpl.set_defaults(run=_template)
