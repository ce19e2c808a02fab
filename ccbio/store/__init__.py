"""The operational store: what users write (follow-ups now; accounts and the audit trail later).

One small API over SQLAlchemy 2 Core:

    from ccbio import store
    with store.transaction() as conn:          # one transaction, committed on exit
        conn.execute(store.tables.followups.insert().values(...))
    store.engine()                              # the Engine, migrated to the newest schema

SQLite by default (`state/ccbio.sqlite3` under the repo or $CCBIO_STATE_DIR, created on first use, WAL mode);
PostgreSQL (psycopg 3) when `CCBIO_DATABASE_URL` is set, e.g.
`postgresql+psycopg://user@127.0.0.1:5432/ccbio`. The schema is made and upgraded by Alembic
migrations in `ccbio/store/migrations/versions/`, run when the engine is first built in a process;
add a table by adding a migration there (`upgrade()`/`downgrade()`) and its `Table` to
`ccbio/store/tables.py`, never by hand-run DDL.

Concurrent writers never lose an update: on SQLite every transaction takes the write lock when
it begins (`BEGIN IMMEDIATE`), so a read-modify-write is serialised; on PostgreSQL a row read for
update must be selected with `locked()` (`SELECT … FOR UPDATE`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, Select, create_engine, event

from ccbio import config
from ccbio.store import tables
from ccbio.store.migrate import upgrade

__all__ = [
    "database_url",
    "state_dir",
    "engine",
    "transaction",
    "locked",
    "dispose",
    "tables",
    "StoreError",
]

URL_ENV = "CCBIO_DATABASE_URL"
STATE_ENV = "CCBIO_STATE_DIR"
# How long a SQLite writer waits for another's lock before failing; a form submit holds it for ms.
SQLITE_BUSY_TIMEOUT_MS = 30_000

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


class StoreError(RuntimeError):
    """The store cannot be opened: a bad URL, an unreachable server, a failed migration."""


def database_url() -> str:
    """Return the configured database URL: CCBIO_DATABASE_URL, or the default SQLite file."""
    url = os.environ.get(URL_ENV, "").strip()
    if url:
        return url
    return f"sqlite:///{state_dir() / 'ccbio.sqlite3'}"


def state_dir() -> Path:
    """Return the folder of what the app writes (git-ignored); CCBIO_STATE_DIR moves it."""
    return Path(os.environ.get(STATE_ENV, config.ROOT / "state"))


def engine(url: str | None = None) -> Engine:
    """Return the Engine for `url` (default: database_url()), migrated to the newest schema."""
    url = url or database_url()
    with _lock:
        if url not in _engines:
            _engines[url] = _open(url)
        return _engines[url]


@contextmanager
def transaction(url: str | None = None) -> Iterator[Connection]:
    """Yield a connection inside one transaction: committed on exit, rolled back on an error."""
    with engine(url).begin() as conn:
        yield conn


def locked(query: Select) -> Select:
    """Return `query` selecting its rows for update (row locks on PostgreSQL; SQLite locks at BEGIN)."""
    return query.with_for_update()


def dispose() -> None:
    """Close every pooled connection and forget the engines (tests, and a restart in-process)."""
    with _lock:
        for eng in _engines.values():
            eng.dispose()
        _engines.clear()


def engine_without_migrations(url: str) -> Engine:
    """Return a new Engine for `url` with the store's connection settings, schema untouched."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True)


def _open(url: str) -> Engine:
    try:
        eng = engine_without_migrations(url)
        upgrade(eng)
    except Exception as exc:  # a bad URL or an unreachable server: say which, without the password
        raise StoreError(f"cannot open the operational store at {_safe(url)}: {exc}") from exc
    return eng


def _sqlite_engine(url: str) -> Engine:
    path = url.split(":///", 1)[1] if ":///" in url else ""
    if path and path != ":memory:":
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    eng = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(eng, "connect")
    def _on_connect(dbapi_conn, _record):
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin (see _on_begin).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(eng, "begin")
    def _on_begin(conn):
        # Take the write lock up front: two sessions reading then writing the same row would
        # otherwise both read the old value, and one update would be lost.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return eng


def _safe(url: str) -> str:
    """Return the URL with any password masked."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unparseable URL>"
