"""Run the Alembic migrations programmatically: the schema is never made by hand-run DDL.

A store already at the newest revision is the common case (every server start, every test
engine): `upgrade()` then reads the version table itself and returns, without importing Alembic
(0.1 s of the server's start-up, on the path to the first page; issue 15). HEAD names that
revision; tests/test_store.py checks it against Alembic's own reading of the migrations folder.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
HEAD = "0003_audit"  # the newest file in migrations/versions; a new migration changes it too


def alembic_config():
    """Return an Alembic config pointing at ccbio/store/migrations (no alembic.ini needed)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head() -> str:
    """Return the newest migration's revision id, as Alembic reads the migrations folder."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current(eng: Engine) -> str | None:
    """Return the revision the database is at (None before the first migration)."""
    from alembic.runtime.migration import MigrationContext

    with eng.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def at_head(eng: Engine) -> bool:
    """Return whether the database is at HEAD, read from Alembic's version table directly."""
    try:
        with eng.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except SQLAlchemyError:  # no version table yet: a new store
        return False
    return rows == [HEAD]


def upgrade(eng: Engine, revision: str = "head") -> None:
    """Upgrade the database behind `eng` to `revision`; a no-op when it is already there."""
    if revision == "head" and at_head(eng):
        return
    from alembic import command

    cfg = alembic_config()
    with eng.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(eng: Engine, revision: str) -> None:
    """Downgrade the database behind `eng` to `revision` ("base" removes every table)."""
    from alembic import command

    cfg = alembic_config()
    with eng.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
