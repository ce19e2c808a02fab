"""Shared test set-up: one DuckDB connection per data folder for the session, fresh query caches
for every test, the tiny hand-made data and a writable copy of the demo data, and the markers.

Fixtures:
- `tiny`: the app pointed at tests/tiny_data.py's folder (written once per session; read-only).
- `data_dir`: the app pointed at a fresh, writable copy of the reference tables and the last three
  demo snapshots (for tests that ingest or write).
- `postgres_url` (session): a throw-away PostgreSQL on loopback (tests/pg_server.py; its
  fresh_database() gives a test an empty database there).
- `fresh_store`: the operational store in the test's own folder (use with usefixtures).
Markers: `browser` and `slow`, mostly set by pytest_collection_modifyitems below, so
`./run test -m "not browser and not slow"` is the fast tier; it lists its tests slower than 1 s.
"""

from __future__ import annotations

import functools
import inspect
import logging
from pathlib import Path

import pytest
import streamlit as st

from ccbio import data
from tests import pg_server
from tests.tiny_data import copy_recent_demo_data, write_tiny_data

ROOT = Path(__file__).resolve().parent.parent

# Outside `streamlit run` every cached call logs "No runtime found"; it is noise in tests.
logging.getLogger("streamlit").setLevel(logging.ERROR)


# What makes a test `browser` or `slow`, so the fast tier (-m "not browser and not slow") stays
# seconds without anyone remembering to mark: a browser fixture, or a call that runs the app script.
BROWSER_FIXTURES = {"browser", "app_page", "new_app_page", "streamlit_server"}
RUNS_A_PAGE = ("open_page(", "AppTest.")  # AppTest runs app.py and a page: 0.5-3 s a test
SLOW_AFTER_S = 1.0  # a fast-tier test slower than this is listed at the end of the run


def pytest_collection_modifyitems(items):
    """Mark `browser` the tests that use a browser fixture, `slow` those in tests/test_page_*.py or
    that open a page through AppTest; other slow tests carry @pytest.mark.slow themselves."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
        elif item.path.name.startswith("test_page_") or _runs_a_page(item):
            item.add_marker(pytest.mark.slow)


def _runs_a_page(item) -> bool:
    function = getattr(item, "function", None)
    return _calls_a_page(function) if function else False


@functools.cache  # a parametrized test is one function for many items (inspect is slow: 1 ms a call)
def _calls_a_page(function) -> bool:
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return False
    return any(call in source for call in RUNS_A_PAGE)


_unmarked_slow: list[tuple[float, str]] = []


def pytest_runtest_logreport(report):
    """Note fast-tier tests that took long, so a newcomer sees what to mark `slow`."""
    marked = {"slow", "browser"} & set(report.keywords)
    if report.when == "call" and report.duration > SLOW_AFTER_S and not marked:
        _unmarked_slow.append((report.duration, report.nodeid))


def pytest_terminal_summary(terminalreporter):
    if _unmarked_slow:
        terminalreporter.section("fast-tier tests slower than 1 s (mark them slow?)")
        for duration, nodeid in sorted(_unmarked_slow, reverse=True):
            terminalreporter.line(f"{duration:5.1f} s  {nodeid}")


@pytest.fixture(scope="session", autouse=True)
def one_connection_per_data_folder():
    """Open each data folder (and data version) once for the whole session.

    The app keeps two connections at most (st.cache_resource), which tests switching between the
    demo, tiny and copied folders would evict and reopen every time (0.4-0.6 s each).
    """
    opened: dict[tuple[str, str], object] = {}

    def shared(data_dir: str, version: str):
        if (data_dir, version) not in opened:
            opened[(data_dir, version)] = data.open_connection(Path(data_dir))
        return opened[(data_dir, version)]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(data, "_shared_connection", shared)
        yield
    for con in opened.values():
        con.close()


@pytest.fixture(scope="session", autouse=True)
def query_results_kept_for_read_only_data(tiny_data_dir):
    """Keep the results of data.query() for the whole session on the two folders no test writes.

    Page and view tests ask the demo and tiny data the same questions again and again (every
    AppTest run reads the periods, parks, sectors and targets); the answers cannot change, since
    the cache key holds the query, its parameters, the folder with its snapshot list and the
    reader's scope. Folders a test writes (data_dir, copies in tmp_path) still get a cache cleared
    for every test, and data.run_query() (what the query tests call) is never cached.
    """
    read_only = {str(ROOT / "data"), str(tiny_data_dir)}
    kept: dict[str, object] = {}
    cached_for_one_test = data._query_cache()

    def cached(name, params, version, parks_in_scope):
        if version.split("|", 1)[0] not in read_only:
            return cached_for_one_test(name, params, version, parks_in_scope)
        key = repr((name, params, version, parks_in_scope))
        if key not in kept:
            kept[key] = cached_for_one_test(name, params, version, parks_in_scope)
        return kept[key].copy()  # as st.cache_data does: a caller may change what it gets

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(data, "_query_cache", lambda: cached)
        yield


@pytest.fixture(autouse=True)
def fresh_caches():
    """Clear Streamlit's cached query results before and after each test (connections stay)."""
    st.cache_data.clear()
    yield
    st.cache_data.clear()


@pytest.fixture(scope="session")
def tiny_data_dir(tmp_path_factory) -> Path:
    """The tiny hand-made data folder, written once for the session."""
    return write_tiny_data(tmp_path_factory.mktemp("tiny") / "data")


@pytest.fixture
def tiny(tiny_data_dir, monkeypatch) -> Path:
    """Point the data layer at the tiny data folder."""
    monkeypatch.setenv("CCBIO_DATA_DIR", str(tiny_data_dir))
    return tiny_data_dir


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    """A copy of the reference tables and the last three snapshots; the app pointed at it."""
    target = copy_recent_demo_data(tmp_path / "data")
    monkeypatch.setenv("CCBIO_DATA_DIR", str(target))
    return target


# ---- signed in (issue 14) -------------------------------------------------------------------------
# The app shows nothing before sign-in. Page tests that are not about signing in open pages as the
# demo data administrator (every page, the whole city); a test marked `signed_out` gets the real
# sign-in flow. The run has its own operational store (accounts, audit) in a temporary folder.
# Session-scoped, because some page tests build their AppTest in module-scoped fixtures.


@pytest.fixture(scope="session", autouse=True)
def operational_store(tmp_path_factory):
    """Point the operational store at a temporary folder for the whole run."""
    import os

    from ccbio import store

    saved = {k: os.environ.pop(k, None) for k in ("CCBIO_STATE_DIR", "CCBIO_DATABASE_URL")}
    os.environ["CCBIO_STATE_DIR"] = str(tmp_path_factory.mktemp("state"))
    yield Path(os.environ["CCBIO_STATE_DIR"])
    store.dispose()
    for key, value in saved.items():
        os.environ.pop(key, None)
        if value is not None:
            os.environ[key] = value


@pytest.fixture
def fresh_store(tmp_path, monkeypatch):
    """A store of its own for the test (its accounts and audit events only), on SQLite in tmp_path."""
    from ccbio import store

    monkeypatch.setenv("CCBIO_STATE_DIR", str(tmp_path / "state"))
    store.dispose()
    yield
    store.dispose()


@pytest.fixture(scope="session", autouse=True)
def cheapest_password_hashes():
    """Hash passwords with Argon2id at its lowest cost in the tests' own process.

    The app's cost (64 MiB, 3 passes, 4 lanes) takes 0.1 s a hash on an idle machine and over 2 s on
    a busy 2-core one, and the account tests hash dozens of times. The hashes stay Argon2id, and a
    server the tests start verifies them at the cost each hash records (then rehashes at its own).
    """
    from argon2 import PasswordHasher, profiles

    from ccbio.auth import passwords

    cheapest = PasswordHasher.from_parameters(profiles.CHEAPEST)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(passwords, "_hasher", lambda: cheapest)
        yield


@pytest.fixture(scope="session", autouse=True)
def signed_in_data_admin():
    """Sign pages in as the demo data administrator for the whole run."""
    from ccbio.auth import session
    from ccbio.auth.accounts import User

    session._preset_user = User(0, "demo_admin", "data_admin", (), "demo")
    yield
    session._preset_user = None


@pytest.fixture(autouse=True)
def signed_out_when_marked(request, monkeypatch):
    """A test marked `signed_out` opens pages as nobody: the real sign-in screen and cookies."""
    if request.node.get_closest_marker("signed_out") is not None:
        from ccbio.auth import session

        monkeypatch.setattr(session, "_preset_user", None)
    yield


postgres_url = pg_server.postgres_url  # shared here, so no test module imports a fixture
