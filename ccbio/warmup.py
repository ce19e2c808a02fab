"""Start-up work a server does once, while the first browser is still loading Streamlit's page.

Served by serve.py, the server starts `start()` in its lifespan hook: a thread imports what the
first run needs (pandas, DuckDB, SQLAlchemy, Altair: ~1 s of CPU here), opens the store and the
DuckDB connection (checking, and if needed writing, the consolidated folder), loads the string
catalogue and works out the default goals page's cards. The browser meanwhile spends ~1 s
fetching and starting Streamlit's JavaScript, so the first session finds everything done
instead of doing it in its first run. That run waits for the thread (`wait()`) rather than
doing the same work beside it: two threads importing pandas or filling one cache entry at once
only compete for the one interpreter lock. It waits only for what the goals page needs;
Altair (~0.2 s to import), which the other pages' charts need, is imported after that while the
run draws the page, and a later run's own import of it waits on Python's import lock.

Without serve.py (`streamlit run app.py`, AppTest, the command line) nothing is started and
`wait()` returns at once. A failure here is only logged: the session then meets the same error
in its own run and shows it as every page does (no data folder, an unreadable snapshot).
"""

from __future__ import annotations

import logging
import threading
import time

WAIT_S = 120  # a first run waits at most this long (a 10,000x consolidation takes ~20 s)
_started, _ready = threading.Event(), threading.Event()
_log = logging.getLogger(__name__)
timings: dict[str, float] = {}  # seconds per step of the last warm-up (for the benchmark's notes)


def start() -> threading.Thread:
    """Start the warm-up thread (once per process) and return it."""
    _started.set()
    thread = threading.Thread(target=_run, name="ccbio-warmup", daemon=True)
    thread.start()
    return thread


def wait(timeout: float = WAIT_S) -> bool:
    """Block until the first screen's part of the warm-up is done, if one was started; return
    whether that part is done (or none was started)."""
    return not _started.is_set() or _ready.wait(timeout)


def _step(name: str, started: float) -> float:
    now = time.perf_counter()
    timings[name] = round(now - started, 3)
    return now


def _run() -> None:
    t = time.perf_counter()
    try:
        # ccbio.data pulls in pandas, pyarrow and DuckDB; the session module SQLAlchemy and Alembic
        from ccbio import data, i18n, page_cache
        from ccbio.auth import session  # noqa: F401  (its imports are the point)

        t = _step("imports", t)
        from ccbio import store

        store.engine()  # the operational store, migrated: every run checks the session cookie
        t = _step("store", t)
        data.connection()  # opens DuckDB; writes the consolidated folder if this data lacks one
        latest = data.latest_period()
        data.park_list(), data.sector_list()  # the sidebar's options
        i18n.catalogue()
        t = _step("connection", t)
        page_cache.goals(latest, "zh", page_cache.version())  # the default page, city scope
        t = _step("goals", t)
        _ready.set()  # the first run may start; Altair is imported beside it
        from ccbio import charts, render  # noqa: F401  (Altair, for the other pages' charts)

        _step("charts", t)
    except Exception:  # the session meets it again and says so in the user's language
        _log.exception("warm-up failed; the first session does the work itself")
    finally:
        _ready.set()
