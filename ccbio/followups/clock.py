"""Today's date for deadlines and escalation; CCBIO_TODAY=YYYY-MM-DD moves it (tests, demos)."""

from __future__ import annotations

import datetime as dt
import os

TODAY_ENV = "CCBIO_TODAY"


def today() -> dt.date:
    """Return CCBIO_TODAY if set (YYYY-MM-DD), else the local date."""
    raw = os.environ.get(TODAY_ENV, "").strip()
    return dt.date.fromisoformat(raw) if raw else dt.date.today()


def now() -> dt.datetime:
    """Return the current time in UTC, on the day today() says (so a moved clock moves it too)."""
    real = dt.datetime.now(dt.UTC)
    return real.replace(year=(d := today()).year, month=d.month, day=d.day)
