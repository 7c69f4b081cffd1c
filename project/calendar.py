"""Working days on the Vietnamese calendar.

Public holidays come from the ``holidays`` package (country VN): Tết, substitute days off
("Day off (substituted from …)") and the Saturdays worked in exchange (``weekend_workdays``),
so a Saturday the Government swaps into a working day counts as one.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays

# Far enough ahead for any deadline; the holidays object extends itself when asked for a
# year outside this range, so nothing breaks past it.
_FIRST_YEAR = 2015


@lru_cache(maxsize=1)
def _calendar() -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=range(_FIRST_YEAR, date.today().year + 6))


def is_working_day(day: date) -> bool:
    return _calendar().is_working_day(day)


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start`` (``start`` itself is not counted).

    ``days == 0`` gives ``start``; a negative count walks backwards. The walk stops at the
    ends of the calendar (``date.min``/``date.max``) rather than overflow.
    """
    step = 1 if days >= 0 else -1
    end = date.max if step > 0 else date.min
    remaining = abs(days)
    current = start
    while remaining and current != end:
        current += timedelta(days=step)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """How many working days lie after ``start`` up to and including ``end``.

    The inverse of :func:`add_working_days`: ``working_days_between(d, add_working_days(d, n))``
    is ``n``. Negative when ``end`` is before ``start``.
    """
    if end < start:
        return -working_days_between(end, start)
    return sum(
        1
        for offset in range(1, (end - start).days + 1)
        if is_working_day(start + timedelta(offset))
    )
