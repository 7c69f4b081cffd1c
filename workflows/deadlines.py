"""Deadline arithmetic: the first due date of an assignment, the periods of recurring ones, and
how a deadline stands today ("còn 3 ngày làm việc", "quá hạn 2 ngày")."""

import calendar
import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from project.calendar import add_working_days, working_days_between
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


# --- how a deadline stands today ------------------------------------------------------------

#: "Due soon": within this many working days.
SOON_WORKING_DAYS = 3


class DeadlineState:
    OVERDUE = "overdue"
    TODAY = "today"
    SOON = "soon"
    ON_TRACK = "on_track"
    NONE = "none"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"


_ICONS = {
    DeadlineState.OVERDUE: "error",
    DeadlineState.TODAY: "alarm",
    DeadlineState.SOON: "schedule",
    DeadlineState.ON_TRACK: "event_available",
    DeadlineState.NONE: "remove",
    DeadlineState.DONE_ON_TIME: "check_circle",
    DeadlineState.DONE_LATE: "history",
}


@dataclass(frozen=True)
class DeadlineStanding:
    """A deadline as people read it: its date and where it stands (``days``: working days
    left, or calendar days late)."""

    due_date: datetime.date | None
    state: str
    days: int = 0

    @property
    def label(self) -> str:
        days = {"days": self.days}
        if self.state == DeadlineState.OVERDUE:
            return _("Quá hạn %(days)s ngày") % days
        if self.state == DeadlineState.TODAY:
            return _("Đến hạn hôm nay")
        if self.state in (DeadlineState.SOON, DeadlineState.ON_TRACK):
            return _("Còn %(days)s ngày làm việc") % days
        if self.state == DeadlineState.DONE_ON_TIME:
            return _("Hoàn thành đúng hạn")
        if self.state == DeadlineState.DONE_LATE:
            return _("Hoàn thành quá hạn %(days)s ngày") % days
        return _("Không có hạn")

    @property
    def icon(self) -> str:
        return _ICONS[self.state]

    @property
    def is_late(self) -> bool:
        return self.state in (DeadlineState.OVERDUE, DeadlineState.DONE_LATE)


def due_soon_limit(today: datetime.date) -> datetime.date:
    """The last day that still counts as "due soon" (``SOON_WORKING_DAYS`` working days on)."""
    return add_working_days(today, SOON_WORKING_DAYS)


def deadline_standing(
    due_date: datetime.date | None,
    *,
    today: datetime.date | None = None,
    finished_on: datetime.date | None = None,
) -> DeadlineStanding:
    """Where ``due_date`` stands on ``today`` (or, for finished work, on ``finished_on``).

    Late work counts calendar days past the date; open work counts the working days left on
    the Vietnamese calendar.
    """
    if finished_on is not None:
        if due_date is None or finished_on <= due_date:
            return DeadlineStanding(due_date, DeadlineState.DONE_ON_TIME)
        return DeadlineStanding(due_date, DeadlineState.DONE_LATE, (finished_on - due_date).days)
    if due_date is None:
        return DeadlineStanding(None, DeadlineState.NONE)
    today = today or timezone.localdate()
    if due_date < today:
        return DeadlineStanding(due_date, DeadlineState.OVERDUE, (today - due_date).days)
    if due_date == today:
        return DeadlineStanding(due_date, DeadlineState.TODAY)
    if due_date <= due_soon_limit(today):
        return DeadlineStanding(due_date, DeadlineState.SOON, working_days_between(today, due_date))
    return DeadlineStanding(due_date, DeadlineState.ON_TRACK, working_days_between(today, due_date))
