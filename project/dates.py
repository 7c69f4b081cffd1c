"""The range of dates the application accepts from people (deadlines, extensions, meetings).

A date is meaningful from one year before its reference day (the notice date; today where
there is no notice) to ten years after it. Anything outside is a typing slip or a probe
(31/12/9999, 01/01/0001) and is refused with a clear message before it is stored, so nothing
downstream (working-day arithmetic, reminder planning) ever meets it.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from project.exceptions import InvalidInput

YEARS_BEFORE = 1
YEARS_AFTER = 10
#: A notice itself is dated within these years before (and after) today.
NOTICE_YEARS_BEFORE = 20
NOTICE_YEARS_AFTER = 1
#: Working-day counts (``due_working_days``) stay within the same ten years.
MAX_WORKING_DAYS = 250 * YEARS_AFTER


def _shift_years(day: datetime.date, years: int) -> datetime.date:
    year = day.year + years
    if year > datetime.MAXYEAR:
        return datetime.date.max
    if year < datetime.MINYEAR:
        return datetime.date.min
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def date_bounds(
    *,
    reference: datetime.date | None = None,
    years_before: int = YEARS_BEFORE,
    years_after: int = YEARS_AFTER,
) -> tuple[datetime.date, datetime.date]:
    """The first and last acceptable day around ``reference`` (today if ``None``)."""
    reference = reference or timezone.localdate()
    return _shift_years(reference, -years_before), _shift_years(reference, years_after)


def date_refusal(
    day: datetime.date,
    *,
    reference: datetime.date | None = None,
    label: str = "",
    years_before: int = YEARS_BEFORE,
    years_after: int = YEARS_AFTER,
) -> str:
    """Why ``day`` is not acceptable ("" if it is)."""
    first, last = date_bounds(
        reference=reference, years_before=years_before, years_after=years_after
    )
    if first <= day <= last:
        return ""
    return _("%(label)s %(day)s nằm ngoài khoảng cho phép (từ %(first)s đến %(last)s).") % {
        "label": label or _("Ngày"),
        "day": f"{day:%d/%m/%Y}",
        "first": f"{first:%d/%m/%Y}",
        "last": f"{last:%d/%m/%Y}",
    }


def require_date_in_range(
    day: datetime.date | None,
    *,
    reference: datetime.date | None = None,
    label: str = "",
    field: str = "",
    years_before: int = YEARS_BEFORE,
    years_after: int = YEARS_AFTER,
) -> None:
    """Refuse (:class:`InvalidInput`, 400) a date outside :func:`date_bounds`; ``None`` passes."""
    if day is None:
        return
    refusal = date_refusal(
        day,
        reference=reference,
        label=label,
        years_before=years_before,
        years_after=years_after,
    )
    if refusal:
        raise InvalidInput(refusal, fields={field: refusal} if field else None)


def require_working_days_in_range(days: int | None, *, field: str = "") -> None:
    if days is None:
        return
    if not 0 < days <= MAX_WORKING_DAYS:
        message = _("Số ngày làm việc phải từ 1 đến %(max)s.") % {"max": MAX_WORKING_DAYS}
        raise InvalidInput(message, fields={field: message} if field else None)
