"""The `ingest` and `template` sub-commands of `uv run ccbio` (registered by ccbio/cli.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ccbio.config import data_dir
from ccbio.i18n import t


def _report(plan, lang: str) -> None:
    for p in plan.problems:
        mark = "✗" if p.severity == "error" else "!"
        where = p.where(lang)
        print(
            f"  {mark} {where}{'：' if lang == 'zh' and where else ': ' if where else ''}{p.message(lang)}"
        )


def _ingest(args: argparse.Namespace) -> int:
    from ccbio.ingest import LedgerFile, plan_ingest, write_plan

    files = []
    for name in args.ledger:
        path = Path(name)
        if not path.is_file():
            print(t("ingest.cli_no_file", args.lang, path=name))
            return 2
        files.append(LedgerFile(path.name, path.read_bytes()))
    plan = plan_ingest(files, args.period, replace=args.replace, data_dir=Path(args.data_dir))
    if not plan.ok:
        print(t("ingest.cli_rejected", args.lang, period=args.period, n=len(plan.errors)))
        _report(plan, args.lang)
        return 1
    _report(plan, args.lang)
    print(
        t(
            "ingest.cli_summary",
            args.lang,
            period=plan.period,
            base=plan.base_period,
            **plan.summary,
        )
    )
    if args.dry_run:
        print(t("ingest.cli_dry_run", args.lang))
        return 0
    folder = write_plan(plan, Path(args.data_dir))
    print(t("ingest.cli_written", args.lang, folder=folder))
    return 0


def _template(args: argparse.Namespace) -> int:
    from ccbio.ingest.templates import write_templates

    for path in write_templates(Path(args.out), args.format, Path(args.data_dir), args.prefill):
        print(path)
    return 0


def add_commands(commands) -> None:
    """Add `ingest` and `template` to the sub-command parser of ccbio/cli.py."""
    ing = commands.add_parser(
        "ingest", help="validate ledgers (.xlsx/.csv) and write them as a new monthly snapshot"
    )
    ing.add_argument(
        "ledger", nargs="+", help="ledger file(s): one .xlsx workbook or one .csv per ledger"
    )
    ing.add_argument("--period", required=True, help="the month the ledgers describe, YYYY-MM")
    ing.add_argument(
        "--replace",
        action="store_true",
        help="overwrite an existing period (the old one goes to data/.trash/)",
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
        "--prefill", metavar="YYYY-MM", help="fill projects and enterprises from that snapshot"
    )
    tpl.add_argument(
        "--data-dir",
        default=str(data_dir()),
        help="data folder (default: ./data or $CCBIO_DATA_DIR)",
    )
    tpl.set_defaults(run=_template)
