"""ccbio/warmup.py: the server's start-up work, done once, waited for by the first run."""

from __future__ import annotations

import builtins
import gc
import threading

import pytest

from ccbio import data, warmup


@pytest.fixture
def fresh(monkeypatch):
    """A process that has not started a warm-up (the module's events are per process)."""
    monkeypatch.setattr(warmup, "_started", threading.Event())
    monkeypatch.setattr(warmup, "_ready", threading.Event())
    monkeypatch.setattr(warmup, "_drawn", threading.Event())
    monkeypatch.setattr(warmup, "FIRST_RUN_S", 0.01)  # no first run here: Altair after a moment
    monkeypatch.setattr(warmup, "DRAW_S", 0)
    monkeypatch.setattr(warmup, "timings", {})
    yield
    gc.unfreeze()  # the warm-up freezes what exists (see _settled); not the test process's


def test_without_serve_py_a_run_does_not_wait(fresh):
    assert warmup.wait(timeout=0) is True  # streamlit run app.py, AppTest: nothing to wait for


def test_the_warm_up_opens_the_data_and_the_default_cards_once(fresh, monkeypatch):
    opened = []
    real = data.connection
    monkeypatch.setattr(data, "connection", lambda: opened.append(1) or real())
    warmup.start().join(timeout=120)
    assert warmup.wait(timeout=0) is True
    assert set(warmup.timings) == {"imports", "store", "connection", "goals", "charts"}
    assert opened  # the DuckDB connection (and the consolidated folder) before any session


def test_the_first_run_may_start_before_altair_is_imported(fresh, monkeypatch):
    ready_at = {}
    real = warmup._step

    def step(name, started):
        ready_at[name] = warmup._ready.is_set()
        return real(name, started)

    monkeypatch.setattr(warmup, "_step", step)
    warmup.start().join(timeout=120)
    # the goals cards are worked out before the run is let in; Altair's import comes after
    assert ready_at == {
        "imports": False,
        "store": False,
        "connection": False,
        "goals": False,
        "charts": True,
    }


def test_altair_waits_until_the_first_run_has_drawn_its_page(fresh, monkeypatch):
    monkeypatch.setattr(warmup, "FIRST_RUN_S", 60)
    thread = warmup.start()
    assert warmup.wait(timeout=120) is True  # the first run may start ...
    thread.join(timeout=0.5)
    assert thread.is_alive() and "charts" not in warmup.timings  # ... and draws on its own
    warmup.run_done()
    thread.join(timeout=120)
    assert "charts" in warmup.timings and not thread.is_alive()


def test_a_failing_warm_up_is_logged_and_lets_the_first_run_go_on(fresh, monkeypatch, caplog):
    def broken():
        raise data.DataError("no snapshot")

    monkeypatch.setattr(data, "connection", broken)
    warmup.start().join(timeout=120)
    assert warmup.wait(timeout=0) is True  # the session meets the error itself and shows it
    assert "warm-up failed" in caplog.text
    assert "connection" not in warmup.timings


def test_the_collector_is_paused_only_for_the_imports(fresh, monkeypatch):
    seen = []
    real = warmup._step
    monkeypatch.setattr(
        warmup, "_step", lambda name, t: seen.append(gc.isenabled()) or real(name, t)
    )
    real_import = builtins.__import__

    def spy(name, *args, **kwargs):
        if name.startswith("ccbio"):
            seen.append(("import", gc.isenabled()))
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", spy)
    warmup.start().join(timeout=120)
    assert ("import", False) in seen  # the imports ran with the collector paused ...
    assert all(s is True for s in seen if not isinstance(s, tuple))  # ... and every step after
    assert gc.isenabled()


def test_a_run_that_drew_its_page_lets_the_warm_up_go_on(fresh):
    from tests.page_helpers import open_page

    assert not warmup._drawn.is_set()
    open_page("goals")  # app.py, as a browser's first run
    assert warmup._drawn.is_set()


def test_what_the_imports_made_is_left_out_of_later_full_collections(fresh):
    gc.unfreeze()
    warmup.start().join(timeout=120)
    assert gc.get_freeze_count() > 10_000  # the modules' objects: pandas, DuckDB, SQLAlchemy, ...
