"""Command line: `uv run ccbio generate` rewrites the demo snapshots; `ingest` / `template` handle ledgers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ccbio.config import data_dir


def _generate(args: argparse.Namespace) -> int:
    from ccbio.demo.snapshots import generate

    periods = generate(Path(args.data_dir), seed=args.seed)
    from ccbio.data import refresh_consolidated  # the query layer's copy of the snapshots

    refresh_consolidated(Path(args.data_dir))
    print(
        f"wrote {len(periods)} snapshots ({periods[0]} .. {periods[-1]}) under {args.data_dir}/snapshots"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with one sub-command per task."""
    from ccbio.demo.common import SEED

    parser = argparse.ArgumentParser(
        prog="ccbio", description="Changchun biomedicine plan dashboard tools"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="rewrite the demo snapshots (deterministic)")
    gen.add_argument("--data-dir", default=str(data_dir()), help="data folder (default: ./data)")
    gen.add_argument("--seed", type=int, default=SEED, help="random seed (default: %(default)s)")
    gen.set_defaults(run=_generate)
    from ccbio.ingest.cli import add_commands  # ingest, template

    add_commands(commands)
    from ccbio.briefing.cli import add_command  # briefing (issue 12)

    add_command(commands)

    from ccbio.auth.cli import add_commands as add_account_commands  # user, audit (issue 14)

    add_account_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
