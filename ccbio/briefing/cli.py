"""`uv run ccbio briefing --period 2025-12 --out briefing.pdf [--format docx] [--lang en]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _run(args: argparse.Namespace) -> int:
    from ccbio import briefing, data
    from ccbio.briefing.render import BriefingError
    from ccbio.i18n import t

    fmt = args.format or (Path(args.out).suffix.lstrip(".").lower() or "pdf")
    if fmt not in briefing.FORMATS:
        print(f"--format: pdf or docx, got {fmt!r}", file=sys.stderr)
        return 2
    period = args.period or data.latest_period()
    try:
        content = briefing.make(period, args.lang, fmt)
    except data.QueryInputError as err:
        print(
            t("briefing.bad_period", args.lang, period=period, reason=err.message(args.lang)),
            file=sys.stderr,
        )
        return 2
    except (BriefingError, ValueError) as err:
        print(str(err), file=sys.stderr)
        return 1
    out = Path(args.out)
    tmp = out.with_name(out.name + ".part")
    tmp.write_bytes(content)
    tmp.replace(out)  # a failed run never leaves half a file under the asked name
    print(f"wrote {out} ({len(content) // 1024} KB, {fmt}, {args.lang}, period {period})")
    return 0


def add_command(commands) -> None:
    """Add the `briefing` sub-command to the ccbio command line."""
    cmd = commands.add_parser(
        "briefing", help="write the 专报 briefing as A4 PDF or Word (offline)"
    )
    cmd.add_argument("--period", help="snapshot period YYYY-MM (default: the newest)")
    cmd.add_argument("--out", required=True, help="file to write, e.g. briefing.pdf")
    cmd.add_argument("--format", choices=("pdf", "docx"), help="default: from --out's suffix")
    cmd.add_argument("--lang", choices=("zh", "en"), default="zh", help="default: zh")
    cmd.set_defaults(run=_run)
