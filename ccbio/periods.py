"""Month arithmetic on 'YYYY-MM' period strings, the one calendar format of the data."""

from __future__ import annotations

import re

_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class PeriodError(ValueError):
    """A period string that is not a real 'YYYY-MM' month."""


def month_index(period: str) -> int:
    """Return a month number (year * 12 + month - 1) for a 'YYYY-MM' string."""
    match = _PERIOD.match(period) if isinstance(period, str) else None
    if not match:
        raise PeriodError(
            f"期间格式应为 YYYY-MM（例如 2024-06），收到 {period!r} / "
            f"period must look like YYYY-MM (e.g. 2024-06), got {period!r}"
        )
    return int(match.group(1)) * 12 + int(match.group(2)) - 1


def period_of(index: int) -> str:
    """Return the 'YYYY-MM' string of a month number."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def add_months(period: str, months: int) -> str:
    """Return the period `months` after (or before, if negative) `period`."""
    return period_of(month_index(period) + months)


def months_between(start: str, end: str) -> int:
    """Return how many months `end` lies after `start`."""
    return month_index(end) - month_index(start)


def month_range(start: str, end: str) -> list[str]:
    """Return every period from `start` to `end`, both included."""
    return [period_of(i) for i in range(month_index(start), month_index(end) + 1)]


def is_period(value: object) -> bool:
    """Return True when `value` is a valid 'YYYY-MM' string."""
    return isinstance(value, str) and bool(_PERIOD.match(value))
