"""ccbio/warmup.py: the server's start-up work, done once, waited for by the first run."""

from __future__ import annotations

import threading

import pytest

from ccbio import data, warmup


@pytest.fixture
def fresh(monkeypatch):
    """A process that has not started a warm-up (the module's events are per process)."""
    monkeypatch.setattr(warmup, "_started", threading.Event())
    monkeypatch.setattr(warmup, "_ready", threading.Event())
    monkeypatch.setattr(warmup, "timings", {})


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


def test_a_failing_warm_up_is_logged_and_lets_the_first_run_go_on(fresh, monkeypatch, caplog):
    def broken():
        raise data.DataError("no snapshot")

    monkeypatch.setattr(data, "connection", broken)
    warmup.start().join(timeout=120)
    assert warmup.wait(timeout=0) is True  # the session meets the error itself and shows it
    assert "warm-up failed" in caplog.text
    assert "connection" not in warmup.timings
