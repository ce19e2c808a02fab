"""Start-up work a server does once, while the first browser is still loading Streamlit's page.

Served by serve.py, the server starts `start()` in its lifespan hook: a thread imports what the
first run needs (pandas, DuckDB, SQLAlchemy: ~0.5 s of CPU here), opens the store and the
DuckDB connection (checking, and if needed writing, the consolidated folder), loads the string
catalogue and works out the default goals page's cards. The browser meanwhile spends ~1 s
fetching and starting Streamlit's JavaScript, so the first session finds everything done
instead of doing it in its first run. That run waits for the thread (`wait()`) rather than
doing the same work beside it: two threads importing pandas or filling one cache entry at once
only compete for the one interpreter lock. It waits only for what the goals page needs.
Altair (~0.2 s to import), which the other pages' charts need, is imported DRAW_S after that
first run has drawn its page (`run_done()`; or after FIRST_RUN_S if none comes). Imported while
the run drew, it held the interpreter lock for most of the run's 0.9-1.0 s (the run's own CPU
was 0.15 s); imported right after it, it took a core from the browser drawing that page (0.2 s
later first card). A run that needs a chart before then imports Altair itself, and the
warm-up's import then finds it loaded.

Without serve.py (`streamlit run app.py`, AppTest, the command line) nothing is started and
`wait()` returns at once. A failure here is only logged: the session then meets the same error
in its own run and shows it as every page does (no data folder, an unreadable snapshot).
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

WAIT_S = 120  # a first run waits at most this long (a 10,000x consolidation takes ~20 s)
FIRST_RUN_S = 10  # Altair is imported at the latest this long after the first screen's part
DRAW_S = 3  # and this long after the first run is done: the browser is still drawing its page
_started, _ready, _drawn = threading.Event(), threading.Event(), threading.Event()
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


def run_done() -> None:
    """Say a run has drawn its page: the warm-up may now import what other pages need."""
    _drawn.set()


def _step(name: str, started: float) -> float:
    now = time.perf_counter()
    timings[name] = round(now - started, 3)
    return now


@contextmanager
def _no_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector (process-wide) for the block."""
    # importing pandas, SQLAlchemy and the rest makes ~10^5 long-lived objects, and the collector
    # kept walking them: 15-20% of the imports' time here (0.10-0.14 s), none of it garbage
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _settled() -> None:
    """Leave every object alive now out of the collector's future full collections."""
    # what the imports made lives as long as the process; a full collection walked it all
    # (~10^5 objects, 90-100 ms here) inside whichever user's run happened to cross the
    # collector's threshold. Objects that later become cyclic garbage among these stay
    # uncollected: modules and caches, made once.
    gc.freeze()


def _run() -> None:
    t = time.perf_counter()
    try:
        t = _first_screen(t)
        _ready.set()  # the first run may start; Altair waits until it has drawn its page
        if _drawn.wait(FIRST_RUN_S):
            time.sleep(DRAW_S)
        t = time.perf_counter()
        from ccbio import charts, render  # noqa: F401  (Altair, for the other pages' charts)

        _settled()
        _step("charts", t)
    except Exception:  # the session meets it again and says so in the user's language
        _log.exception("warm-up failed; the first session does the work itself")
    finally:
        _ready.set()


def _first_screen(t: float) -> float:
    """Do what the default goals page's first run needs; return when the last step ended."""
    with _no_collection():  # not around the rest: opening 10,000x data may make real garbage
        # ccbio.data pulls in pandas, pyarrow and DuckDB; the session module SQLAlchemy
        from ccbio import data, i18n, page_cache
        from ccbio.auth import session  # noqa: F401  (its imports are the point)

        _settled()

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
    return _step("goals", t)
