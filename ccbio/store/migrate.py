"""Run the Alembic migrations programmatically: the schema is never made by hand-run DDL."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    """Return an Alembic config pointing at ccbio/store/migrations (no alembic.ini needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head() -> str:
    """Return the newest migration's revision id."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current(eng: Engine) -> str | None:
    """Return the revision the database is at (None before the first migration)."""
    with eng.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(eng: Engine, revision: str = "head") -> None:
    """Upgrade the database behind `eng` to `revision`; a no-op when it is already there."""
    if revision == "head" and current(eng) == head():
        return
    cfg = alembic_config()
    with eng.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(eng: Engine, revision: str) -> None:
    """Downgrade the database behind `eng` to `revision` ("base" removes every table)."""
    cfg = alembic_config()
    with eng.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
