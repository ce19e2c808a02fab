"""Accounts in the operational store: create, list, change, disable, and sign in with lock-out.

Every change and every failed sign-in is written to the audit trail in the same transaction's
wake (ccbio/auth/audit.py). Accounts are never deleted: disabling keeps the audit trail readable.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import insert, select, update

from ccbio import store
from ccbio.auth import audit
from ccbio.auth.passwords import hash_password, needs_rehash, verify_password
from ccbio.auth.roles import roles
from ccbio.auth.scope import CITY, Scope
from ccbio.store.tables import accounts

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{1,63}$")
# With demo data the sign-in screen offers these (no password: one click each, labelled 演示账号).
DEMO_ACCOUNTS = (
    ("demo_leader", "leader", ()),
    ("demo_planner", "planner", ("jingyue",)),
    ("demo_admin", "data_admin", ()),
)


class AccountError(ValueError):
    """A refused account operation or sign-in; `code` names a string in strings/auth.toml."""

    def __init__(self, code: str, **values):
        super().__init__(f"{code} {values}")
        self.code, self.values = code, values


@dataclass(frozen=True)
class User:
    """A signed-in user: account, role id, assigned parks and how they signed in."""

    account_id: int
    name: str
    role_id: str
    parks: tuple[str, ...] = ()
    via: str = "password"  # password / demo / sso

    @property
    def role(self):
        """Return the Role of config/roles.toml."""
        return roles().role(self.role_id)

    @property
    def scope(self) -> Scope:
        """Return the parks whose rows this user may read."""
        return CITY if self.role.scope == "city" else Scope(tuple(self.parks))

    def can(self, permission: str) -> bool:
        """Return whether the role has `permission`."""
        return permission in self.role.can

    def actor(self) -> audit.Actor:
        """Return the user as the audit trail names them."""
        return audit.Actor(self.name, self.role_id)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    # SQLite hands back naive datetimes; everything is stored in UTC
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value


def _parks_text(parks: Iterable[str]) -> str:
    return ",".join(dict.fromkeys(p.strip() for p in parks if p.strip()))


def user_from_row(row, via: str) -> User:
    """Return the User of an accounts row."""
    parks = tuple(p for p in (row["parks"] or "").split(",") if p)
    return User(row["id"], row["name"], row["role"], parks, via)


def check(
    name: str, role: str, parks: Iterable[str], known_parks: Iterable[str]
) -> tuple[str, ...]:
    """Return the parks as a tuple if name, role and parks fit together; raise AccountError otherwise."""
    if not NAME_PATTERN.match(name or ""):
        raise AccountError("bad_name", name=name)
    if role not in roles().roles:
        raise AccountError("bad_role", role=role, known=", ".join(roles().roles))
    parks = tuple(dict.fromkeys(parks))
    unknown = [p for p in parks if p not in set(known_parks)]
    if unknown:
        raise AccountError("bad_park", park=", ".join(unknown))
    if roles().role(role).scope == "parks" and not parks:
        raise AccountError("needs_park", role=role)
    if roles().role(role).scope == "city" and parks:
        raise AccountError("city_role_no_parks", role=role)
    return parks


def check_password(password: str) -> None:
    """Raise AccountError unless the password is long enough."""
    minimum = roles().sign_in.min_password_length
    if len(password or "") < minimum:
        raise AccountError("short_password", n=minimum)


def get(name: str, url: str | None = None):
    """Return the accounts row named `name`, or None."""
    with store.engine(url).connect() as conn:
        return conn.execute(select(accounts).where(accounts.c.name == name)).mappings().first()


def get_by_id(account_id: int, url: str | None = None):
    """Return the accounts row with id `account_id`, or None."""
    with store.engine(url).connect() as conn:
        return conn.execute(select(accounts).where(accounts.c.id == account_id)).mappings().first()


def list_accounts(url: str | None = None) -> list[dict]:
    """Return every account (without its password hash), by name."""
    with store.engine(url).connect() as conn:
        rows = conn.execute(select(accounts).order_by(accounts.c.name)).mappings().all()
    return [
        {k: v for k, v in r.items() if k != "password_hash"}
        | {"has_password": bool(r["password_hash"])}
        for r in rows
    ]


def create(
    name: str,
    role: str,
    parks: Iterable[str],
    actor: audit.Actor,
    *,
    known_parks: Iterable[str],
    password: str | None = None,
    sso_email: str | None = None,
    is_demo: bool = False,
    url: str | None = None,
) -> None:
    """Create an account (audited); raise AccountError if the name is taken or anything is off."""
    parks = check(name, role, parks, known_parks)
    if password is not None:
        check_password(password)
    if get(name, url) is not None:
        raise AccountError("name_taken", name=name)
    now = _now()
    with store.transaction(url) as conn:
        conn.execute(
            insert(accounts).values(
                name=name,
                role=role,
                parks=_parks_text(parks),
                password_hash=hash_password(password) if password else None,
                sso_email=(sso_email or "").strip().lower() or None,
                is_demo=is_demo,
                disabled=False,
                failed_attempts=0,
                created_at=now,
                updated_at=now,
            )
        )
    audit.record(
        "account_create",
        actor,
        detail={"account": name, "role": role, "parks": list(parks), "sso_email": sso_email},
        url=url,
    )


def _change(name: str, actor: audit.Actor, action: str, values: dict, detail: dict, url) -> None:
    if get(name, url) is None:
        raise AccountError("no_such_account", name=name)
    with store.transaction(url) as conn:
        conn.execute(
            update(accounts).where(accounts.c.name == name).values(updated_at=_now(), **values)
        )
    audit.record(action, actor, detail={"account": name} | detail, url=url)


def set_disabled(name: str, disabled: bool, actor: audit.Actor, url: str | None = None) -> None:
    """Disable (or enable again) an account; its open sessions stop working at once."""
    action = "account_disable" if disabled else "account_enable"
    _change(name, actor, action, {"disabled": disabled}, {}, url)


def reset_password(name: str, password: str, actor: audit.Actor, url: str | None = None) -> None:
    """Set a new password and lift any lock-out."""
    check_password(password)
    values = {"password_hash": hash_password(password), "failed_attempts": 0, "locked_until": None}
    _change(name, actor, "password_reset", values, {}, url)


def set_role(
    name: str, role: str, parks: Iterable[str], actor: audit.Actor, *, known_parks, url=None
) -> None:
    """Give an account another role and parks."""
    parks = check(name, role, parks, known_parks)
    _change(
        name,
        actor,
        "account_update",
        {"role": role, "parks": _parks_text(parks)},
        {"role": role, "parks": list(parks)},
        url,
    )


def authenticate(name: str, password: str, url: str | None = None) -> User:
    """Return the User if `password` is right; raise AccountError (and audit it) otherwise.

    After `max_failures` wrong passwords in a row the account is locked for `lockout_minutes`,
    and while locked even the right password is refused.
    """
    policy, now = roles().sign_in, _now()
    row = get(name, url) if NAME_PATTERN.match(name or "") else None
    refused = audit.Actor(name[:64] or "?", row["role"] if row else None)
    if row is None or row["disabled"] or not row["password_hash"]:
        verify_password(None, password)  # the same time as a real check
        audit.record(
            "sign_in", refused, result="failed", detail={"why": "unknown_or_disabled"}, url=url
        )
        raise AccountError("bad_credentials")
    locked_until = _aware(row["locked_until"])
    if locked_until and locked_until > now:
        audit.record("sign_in", refused, result="refused", detail={"why": "locked"}, url=url)
        raise AccountError("locked", minutes=max(1, round((locked_until - now).seconds / 60)))
    if not verify_password(row["password_hash"], password):
        with store.transaction(url) as conn:
            failures = conn.execute(
                update(accounts)
                .where(accounts.c.id == row["id"])
                .values(failed_attempts=accounts.c.failed_attempts + 1)
                .returning(accounts.c.failed_attempts)
            ).scalar_one()
            lock = failures >= policy.max_failures
            if lock:
                until = now + dt.timedelta(minutes=policy.lockout_minutes)
                conn.execute(
                    update(accounts)
                    .where(accounts.c.id == row["id"])
                    .values(locked_until=until, failed_attempts=0)
                )
        audit.record(
            "sign_in",
            refused,
            result="failed",
            detail={"why": "wrong_password", "failures": failures, "locked": lock},
            url=url,
        )
        if lock:
            raise AccountError("locked", minutes=policy.lockout_minutes)
        raise AccountError("bad_credentials")
    values = {"failed_attempts": 0, "locked_until": None}
    if needs_rehash(row["password_hash"]):
        values["password_hash"] = hash_password(password)
    with store.transaction(url) as conn:
        conn.execute(update(accounts).where(accounts.c.id == row["id"]).values(**values))
    return user_from_row(row, "password")


def ensure_demo_accounts(known_parks: Iterable[str], url: str | None = None) -> None:
    """Create the three demo accounts if they are missing (call only when the data is demo data)."""
    for name, role, parks in DEMO_ACCOUNTS:
        if get(name, url) is None:
            try:
                create(
                    name,
                    role,
                    parks,
                    audit.Actor("system"),
                    known_parks=known_parks,
                    is_demo=True,
                    url=url,
                )
            except AccountError as exc:
                if exc.code != "name_taken":  # another session created it meanwhile
                    raise


def demo_user(name: str, url: str | None = None) -> User | None:
    """Return the demo account `name` as a User, or None if it is not an enabled demo account."""
    row = get(name, url)
    if row is None or not row["is_demo"] or row["disabled"]:
        return None
    return user_from_row(row, "demo")
