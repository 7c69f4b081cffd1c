"""A month of deadlines laid out as a calendar (weeks from Monday, Vietnamese names)."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from project import dates
from reports.selectors.calendar import CalendarItem
from workflows.deadlines import DeadlineStanding, deadline_standing

WEEKDAYS = (
    gettext_lazy("Thứ Hai"),
    gettext_lazy("Thứ Ba"),
    gettext_lazy("Thứ Tư"),
    gettext_lazy("Thứ Năm"),
    gettext_lazy("Thứ Sáu"),
    gettext_lazy("Thứ Bảy"),
    gettext_lazy("Chủ nhật"),
)


#: Deadlines belong to notices dated up to 20 years back and run up to ten years past them, so
#: the calendar offers the months from that far back to that far ahead, and no others.
YEARS_BEFORE = dates.NOTICE_YEARS_BEFORE + dates.YEARS_BEFORE
YEARS_AFTER = dates.NOTICE_YEARS_AFTER + dates.YEARS_AFTER


def month_bounds(*, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first days of the earliest and the latest month the calendar shows."""
    first, last = dates.date_bounds(
        reference=today, years_before=YEARS_BEFORE, years_after=YEARS_AFTER
    )
    return first.replace(day=1), last.replace(day=1)


def month_refusal(first: datetime.date, *, today: datetime.date) -> str:
    """Why the month starting ``first`` is not shown ("" if it is)."""
    earliest, latest = month_bounds(today=today)
    if earliest <= first <= latest:
        return ""
    return _("Chỉ xem được lịch từ tháng %(first)s đến tháng %(last)s; đang hiện tháng này.") % {
        "first": f"{earliest:%m/%Y}",
        "last": f"{latest:%m/%Y}",
    }


def month_asked(value: str | None, *, today: datetime.date) -> tuple[datetime.date, str]:
    """The first day of the month ``YYYY-MM`` and "", or the current month and why the asked
    one is not shown (a month outside :func:`month_bounds`; "" for a missing or garbled one)."""
    current = today.replace(day=1)
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if not 1 <= month <= 12:
            return current, ""
        first = datetime.date(min(max(year, datetime.MINYEAR), datetime.MAXYEAR), month, 1)
    except (TypeError, ValueError):
        return current, ""
    refusal = month_refusal(first, today=today)
    return (current, refusal) if refusal else (first, "")


def month_title(first: datetime.date) -> str:
    return _("Tháng %(month)s năm %(year)s") % {"month": first.month, "year": first.year}


def shift_month(first: datetime.date, months: int) -> datetime.date | None:
    """The first day of the month ``months`` away (``None`` past the years a date can hold)."""
    index = first.year * 12 + first.month - 1 + months
    try:
        return datetime.date(index // 12, index % 12 + 1, 1)
    except ValueError:
        return None


def neighbour_month(first: datetime.date, months: int, *, today: datetime.date) -> str:
    """``YYYY-MM`` of the month ``months`` away, or "" when the calendar does not show it."""
    other = shift_month(first, months)
    if other is None or month_refusal(other, today=today):
        return ""
    return f"{other:%Y-%m}"


@dataclass
class DayItem:
    item: CalendarItem
    standing: DeadlineStanding


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    is_today: bool
    weekday: str
    items: list[DayItem] = field(default_factory=list)


def grid_range(first: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first day the month's grid shows and the day after its last (whole weeks)."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    return weeks[0][0], weeks[-1][-1] + datetime.timedelta(days=1)


def month_grid(
    *, first: datetime.date, items: list[CalendarItem], today: datetime.date
) -> list[list[Day]]:
    """The weeks (Monday first) covering the month, each day with its deadlines."""
    by_day: dict[datetime.date, list[DayItem]] = {}
    for item in items:
        by_day.setdefault(item.day, []).append(
            DayItem(item=item, standing=deadline_standing(item.day, today=today))
        )
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    return [
        [
            Day(
                date=day,
                in_month=day.month == first.month,
                is_today=day == today,
                weekday=str(WEEKDAYS[day.weekday()]),
                items=by_day.get(day, []),
            )
            for day in week
        ]
        for week in weeks
    ]
