"""Deadline arithmetic: the first due date of an assignment and the periods of recurring ones."""

import calendar
import datetime

from django.utils import timezone

from project.calendar import add_working_days
from tasks_app.models import Recurrence

_PERIOD_MONTHS = {
    Recurrence.MONTHLY: 1,
    Recurrence.QUARTERLY: 3,
    Recurrence.SEMIANNUAL: 6,
    Recurrence.ANNUAL: 12,
}


def period_end(*, recurrence: str, day: datetime.date) -> datetime.date:
    """Last day of the calendar period (month, quarter, half-year, year) that contains ``day``."""
    months = _PERIOD_MONTHS[Recurrence(recurrence)]
    last_month = ((day.month - 1) // months + 1) * months
    return datetime.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])


def next_period_due(*, recurrence: str, previous_due: datetime.date) -> datetime.date:
    """Due date of the period after the one that was due on ``previous_due``."""
    return period_end(recurrence=recurrence, day=previous_due + datetime.timedelta(days=1))


def assignment_first_due(*, assignment, start: datetime.date | None = None) -> datetime.date | None:
    """The deadline a new process starts with.

    A calendar date wins; else a number of working days counted from ``start`` (today) on the
    Vietnamese calendar; a recurring assignment without a date is due at the end of the current
    period. ``None`` means "no deadline".
    """
    start = start or timezone.localdate()
    if assignment.due_date is not None:
        return assignment.due_date
    if assignment.due_working_days:
        return add_working_days(start, assignment.due_working_days)
    if assignment.recurrence:
        return period_end(recurrence=assignment.recurrence, day=start)
    return None
