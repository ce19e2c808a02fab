"""`uv run ccbio user …` (accounts) and `uv run ccbio audit` (the audit trail) on the command line.

    uv run ccbio user add wang --role planner --park jingyue      # asks for the password twice
    uv run ccbio user list
    uv run ccbio user disable wang / enable wang / reset-password wang
    uv run ccbio user set-role wang --role leader
    uv run ccbio audit --action ingest --since 2026-01-01 --csv out.csv

Every change is audited as '<os user> (command line)'.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import sys

from ccbio.auth import audit
from ccbio.auth.hooks import cli_actor
from ccbio.i18n import t

PASSWORD_ENV = "CCBIO_NEW_PASSWORD"  # for scripts: the password without a prompt


def _known_parks() -> list[str]:
    import logging

    from ccbio import data

    logging.getLogger("streamlit").setLevel(logging.ERROR)  # "no runtime" notes of its caches

    return data.park_list()["park_id"].tolist()


def _password(args) -> str:
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(t("auth.password", args.lang) + ": ")
    if first != getpass.getpass(t("auth.password", args.lang) + " (2): "):
        raise SystemExit(t("cli.passwords_differ", args.lang))
    return first


def _run(args, action) -> int:
    from ccbio.auth.accounts import AccountError

    try:
        action()
    except AccountError as exc:
        print(t(f"auth.err_{exc.code}", args.lang, **exc.values), file=sys.stderr)
        return 1
    print(t("cli.done", args.lang))
    return 0


def _add(args) -> int:
    from ccbio.auth import accounts

    password = None if args.sso_only else _password(args)
    return _run(
        args,
        lambda: accounts.create(
            args.name,
            args.role,
            args.park,
            cli_actor(),
            known_parks=_known_parks(),
            password=password,
            sso_email=args.sso_email,
        ),
    )


def _list(args) -> int:
    from ccbio.auth import accounts
    from ccbio.auth.roles import roles

    rows = accounts.list_accounts()
    if not rows:
        print(t("cli.no_accounts", args.lang))
    for r in rows:
        state = t("cli.disabled", args.lang) if r["disabled"] else ""
        locked = r["locked_until"]
        if locked and locked.replace(tzinfo=dt.UTC) > dt.datetime.now(dt.UTC):
            state += " " + t("cli.locked", args.lang)
        role = roles().roles.get(r["role"])
        print(
            f"{r['name']:<20} {r['role']:<13} {role.name(args.lang) if role else '':<8} "
            f"{r['parks'] or '-':<24} {r['sso_email'] or '':<28} {'demo' if r['is_demo'] else ''} {state}".rstrip()
        )
    return 0


def _disable(args) -> int:
    from ccbio.auth import accounts

    return _run(
        args, lambda: accounts.set_disabled(args.name, args.command == "disable", cli_actor())
    )


def _reset(args) -> int:
    from ccbio.auth import accounts

    password = _password(args)
    return _run(args, lambda: accounts.reset_password(args.name, password, cli_actor()))


def _set_role(args) -> int:
    from ccbio.auth import accounts

    return _run(
        args,
        lambda: accounts.set_role(
            args.name, args.role, args.park, cli_actor(), known_parks=_known_parks()
        ),
    )


def _audit(args) -> int:
    since = dt.date.fromisoformat(args.since) if args.since else None
    until = dt.date.fromisoformat(args.until) if args.until else None
    frame = audit.events(
        actions=args.action or (),
        who=args.who or "",
        results=args.result or (),
        since=since,
        until=until,
        limit=args.limit,
    )
    if args.csv:
        with open(args.csv, "wb") as f:
            f.write(audit.csv_bytes(frame))
        print(t("cli.audit_written", args.lang, n=len(frame), path=args.csv))
        return 0
    for r in frame.itertuples():
        at = r.at.strftime("%Y-%m-%d %H:%M:%S")
        extra = " ".join(str(v) for v in (r.period, r.reason, r.files, r.row_counts, r.detail) if v)
        print(f"{at}  {r.who:<24} {r.role or '-':<13} {r.action:<16} {r.result:<8} {extra}")
    return 0


def add_commands(commands) -> None:
    """Add `user` and `audit` to the sub-command parser of ccbio/cli.py."""
    from ccbio.auth.roles import roles

    role_ids = sorted(roles().roles)
    user = commands.add_parser(
        "user", help="manage accounts: add, list, disable, enable, reset-password, set-role"
    )
    sub = user.add_subparsers(dest="command", required=True)

    def command(name: str, help_: str, run, needs_name: bool = True):
        p = sub.add_parser(name, help=help_)
        if needs_name:
            p.add_argument("name", help="account name")
        p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of messages")
        p.set_defaults(run=run)
        return p

    add = command("add", "create an account (asks for its password)", _add)
    add.add_argument("--role", required=True, choices=role_ids)
    add.add_argument("--park", action="append", default=[], help="a park id (repeat for several)")
    add.add_argument("--sso-email", help="the e-mail its single sign-on identity carries")
    add.add_argument("--sso-only", action="store_true", help="no password: sign in by SSO only")
    command("list", "list every account", _list, needs_name=False)
    command("disable", "disable an account (its sessions end at once)", _disable)
    command("enable", "enable a disabled account", _disable)
    command("reset-password", "set a new password and lift a lock-out", _reset)
    role = command("set-role", "give an account another role and parks", _set_role)
    role.add_argument("--role", required=True, choices=role_ids)
    role.add_argument("--park", action="append", default=[])

    aud = commands.add_parser("audit", help="show or export the audit trail, newest first")
    aud.add_argument("--action", action="append", choices=audit.ACTIONS)
    aud.add_argument("--result", action="append", choices=audit.RESULTS)
    aud.add_argument("--who", help="only this account (or typed name)")
    aud.add_argument("--since", help="from this day, YYYY-MM-DD")
    aud.add_argument("--until", help="to this day, YYYY-MM-DD")
    aud.add_argument("--limit", type=int, default=1000)
    aud.add_argument("--csv", help="write CSV (UTF-8, Excel-ready) to this file instead")
    aud.add_argument("--lang", choices=("zh", "en"), default="zh")
    aud.set_defaults(run=_audit)
