"""A month of deadlines laid out as a calendar (weeks from Monday, Vietnamese names)."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


def month_of(value: str | None, *, today: datetime.date) -> datetime.date:
    """The first day of the month ``YYYY-MM`` (the current month when missing or invalid)."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return datetime.date(year, month, 1)
    except (TypeError, ValueError):
        return today.replace(day=1)


def month_title(first: datetime.date) -> str:
    return _("Tháng %(month)s năm %(year)s") % {"month": first.month, "year": first.year}


def shift_month(first: datetime.date, months: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


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
