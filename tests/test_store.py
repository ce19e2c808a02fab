"""The operational store on SQLite and PostgreSQL: migrations, transactions, concurrency, restart."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from sqlalchemy import func, inspect, select, text

from ccbio import store
from ccbio.store import migrate
from ccbio.store.tables import followup_events, followups
from tests.pg_server import fresh_database
from tests.samples import NOW, followup_row


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    """Yield a fresh, empty store URL on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'state' / 'ccbio.sqlite3'}"
    else:
        yield fresh_database(request.getfixturevalue("postgres_url"), request.node.nodeid)
    store.dispose()


def test_first_start_creates_the_schema_at_the_newest_migration(url):
    eng = store.engine(url)
    assert migrate.current(eng) == migrate.head()
    assert {"followups", "followup_events"} <= set(inspect(eng).get_table_names())


def test_a_second_start_finds_the_schema_and_changes_nothing(url):
    with store.transaction(url) as conn:
        conn.execute(followups.insert().values(followup_row()))
    store.dispose()
    eng = store.engine(url)
    assert migrate.current(eng) == migrate.head()
    with eng.connect() as conn:
        assert conn.execute(select(func.count()).select_from(followups)).scalar() == 1


def test_a_failed_transaction_leaves_nothing_behind(url):
    with pytest.raises(RuntimeError), store.transaction(url) as conn:
        conn.execute(followups.insert().values(followup_row()))
        raise RuntimeError("boom")
    with store.transaction(url) as conn:
        assert conn.execute(select(func.count()).select_from(followups)).scalar() == 0


def test_events_must_belong_to_an_item(url):
    with pytest.raises(Exception, match="(?i)foreign key"), store.transaction(url) as conn:
        conn.execute(
            followup_events.insert().values(followup_id=999, at=NOW, who="x", action="note")
        )


def test_concurrent_read_modify_write_loses_no_update(url):
    with store.transaction(url) as conn:
        item_id = conn.execute(followups.insert().values(followup_row())).inserted_primary_key[0]
    threads, rounds, errors = 6, 15, []

    def bump() -> None:
        try:
            for _ in range(rounds):
                with store.transaction(url) as conn:
                    version = conn.execute(
                        store.locked(select(followups.c.version).where(followups.c.id == item_id))
                    ).scalar_one()
                    conn.execute(
                        followups.update()
                        .where(followups.c.id == item_id)
                        .values(version=version + 1)
                    )
                    conn.execute(
                        followup_events.insert().values(
                            followup_id=item_id, at=NOW, who="t", action="note", note=str(version)
                        )
                    )
        except Exception as exc:  # surfaced below: a thread's error must fail the test
            errors.append(exc)

    workers = [threading.Thread(target=bump) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert errors == []
    with store.transaction(url) as conn:
        version = conn.execute(select(followups.c.version)).scalar_one()
        notes = conn.execute(select(followup_events.c.note)).scalars().all()
    assert version == 1 + threads * rounds
    # every writer saw a different version: no two read the same value
    assert sorted(int(n) for n in notes) == list(range(1, 1 + threads * rounds))


RESTART_WRITE = """
import datetime as dt, sys
from ccbio import store
from tests.samples import followup_row
from ccbio.store.tables import followups
with store.transaction(sys.argv[1]) as conn:
    conn.execute(followups.insert().values(followup_row(subject_id="P0777")))
"""
RESTART_READ = """
import sys
from sqlalchemy import select
from ccbio import store
from ccbio.store.tables import followups
with store.transaction(sys.argv[1]) as conn:
    print(conn.execute(select(followups.c.subject_id)).scalar_one())
"""


def test_what_one_process_wrote_survives_into_the_next(url):
    for script in (RESTART_WRITE, RESTART_READ):
        done = subprocess.run(
            [sys.executable, "-c", script, url], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "P0777"


def test_sqlite_default_file_is_under_the_state_folder_in_wal_mode(tmp_path, monkeypatch):
    monkeypatch.delenv(store.URL_ENV, raising=False)
    monkeypatch.setenv(store.STATE_ENV, str(tmp_path / "state"))
    assert store.database_url() == f"sqlite:///{tmp_path / 'state' / 'ccbio.sqlite3'}"
    with store.transaction() as conn:
        assert conn.execute(text("pragma journal_mode")).scalar() == "wal"
    store.dispose()
    assert (tmp_path / "state" / "ccbio.sqlite3").is_file()


def test_configured_url_wins_over_the_default(monkeypatch):
    monkeypatch.setenv(store.URL_ENV, "postgresql+psycopg://u:secret@127.0.0.1:1/x")
    assert store.database_url().startswith("postgresql+psycopg://u:secret@")


def test_an_unreachable_server_says_where_without_the_password():
    free = __import__("tests.pg_server", fromlist=["free_port"]).free_port()
    with pytest.raises(store.StoreError) as err:
        store.engine(f"postgresql+psycopg://u:secret@127.0.0.1:{free}/x?connect_timeout=2")
    assert "127.0.0.1" in str(err.value) and "secret" not in str(err.value)


def test_downgrade_then_upgrade_round_trips(url):
    eng = store.engine(url)
    migrate.downgrade(eng, "base")
    assert "followups" not in inspect(eng).get_table_names()
    migrate.upgrade(eng)
    assert migrate.current(eng) == migrate.head()


def test_head_names_the_newest_migration_alembic_finds():
    assert migrate.head() == migrate.HEAD  # a new migration file must move HEAD with it


def test_an_older_schema_is_upgraded_when_the_store_opens(url):
    eng = store.engine(url)
    migrate.downgrade(eng, "0002_accounts")
    assert not migrate.at_head(eng) and "audit_events" not in inspect(eng).get_table_names()
    store.dispose()
    eng = store.engine(url)
    assert migrate.current(eng) == migrate.HEAD and migrate.at_head(eng)
    assert "audit_events" in inspect(eng).get_table_names()


OPEN_AT_HEAD = """
import sys
from ccbio import store
store.engine(sys.argv[1])
print("alembic" in sys.modules)
"""


def test_opening_a_store_at_head_does_not_load_alembic(url):
    store.engine(url)  # migrated here; the process below finds it at the newest revision
    store.dispose()
    done = subprocess.run(
        [sys.executable, "-c", OPEN_AT_HEAD, url], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
