"""Working-day arithmetic for deadlines: Monday to Friday, minus public holidays.

Holidays come from the `holidays` library's mainland-China calendar (kept up to date by its
maintainers, including substituted days off). Make-up working weekends (调休上班) are not
counted as working days: a deadline may fall a day later than the official calendar would say.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import holidays


@cache
def _holidays(country: str, year: int) -> frozenset[dt.date]:
    if country == "none":
        return frozenset()
    return frozenset(holidays.country_holidays(country, years=year))


def is_working_day(day: dt.date, country: str = "CN") -> bool:
    """Return True for a Monday-Friday that is not a public holiday in `country` ("none": none)."""
    return day.weekday() < 5 and day not in _holidays(country, day.year)


def add_working_days(start: dt.date, days: int, country: str = "CN") -> dt.date:
    """Return the date `days` working days after `start` (start itself not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    while days:
        day += dt.timedelta(days=1)
        days -= is_working_day(day, country)
    return day


def working_days_between(start: dt.date, end: dt.date, country: str = "CN") -> int:
    """Return the working days after `start` up to and including `end` (negative if end < start)."""
    sign, (a, b) = (1, (start, end)) if end >= start else (-1, (end, start))
    count, day = 0, a
    while day < b:
        day += dt.timedelta(days=1)
        count += is_working_day(day, country)
    return sign * count
