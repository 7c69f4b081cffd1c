"""The two-axis status of official reports, in one place.

Every report, dashboard count and export asks this module, in Python (:func:`status_of`) or
in SQL (:func:`with_status`); ``tests/reports/test_status.py`` proves both give the same answer
on every case, boundaries included.

Rules (the Office's reading of "đúng hạn"):

- A process is measured against its *current* deadline (``due_date``): an extension the Office
  approved moves the deadline officially. The original deadline is kept beside it.
- Done on time: completed on or before the due date (the day it was closed, in Vietnam's time
  zone). Done late: completed after it.
- Open within deadline: still open and the due date is today or later. Open overdue: the due
  date has passed.
- No deadline: still open and without a due date. A process without a deadline that was
  completed is "done on time" (it cannot be late), so the done axis stays complete.
- Cancelled processes are reported separately ("Đã hủy") and never counted in rates.

For recurring assignments the status is that of the current report period (the process's
``due_date`` follows the period).
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.models import Outcome


class Status(models.TextChoices):
    DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")
    DONE_LATE = "done_late", _("Hoàn thành quá hạn")
    OPEN_WITHIN = "open_within", _("Đang thực hiện, trong hạn")
    OPEN_OVERDUE = "open_overdue", _("Đang thực hiện, quá hạn")
    NO_DEADLINE = "no_deadline", _("Đang thực hiện, không có hạn")
    CANCELLED = "cancelled", _("Đã hủy")


#: Statuses counted in rates (cancelled is reported apart), in report order.
COUNTED = (
    Status.DONE_ON_TIME,
    Status.DONE_LATE,
    Status.OPEN_WITHIN,
    Status.OPEN_OVERDUE,
    Status.NO_DEADLINE,
)
DONE = (Status.DONE_ON_TIME, Status.DONE_LATE)
OPEN = (Status.OPEN_WITHIN, Status.OPEN_OVERDUE, Status.NO_DEADLINE)


class Ageing(models.TextChoices):
    """How long open work has been overdue."""

    DAYS_1_7 = "1-7", _("1–7 ngày")
    DAYS_8_30 = "8-30", _("8–30 ngày")
    DAYS_31_90 = "31-90", _("31–90 ngày")
    OVER_90 = "90+", _("Trên 90 ngày")


#: (bucket, last day of the bucket); the last bucket has no end.
_AGEING_LIMITS = ((Ageing.DAYS_1_7, 7), (Ageing.DAYS_8_30, 30), (Ageing.DAYS_31_90, 90))


def closed_on(closed_at: datetime.datetime | None) -> datetime.date | None:
    """The calendar day (Asia/Ho_Chi_Minh) a process was closed."""
    if closed_at is None:
        return None
    return timezone.localtime(closed_at).date()


def status_of(
    *,
    outcome: str,
    due_date: datetime.date | None,
    closed_date: datetime.date | None,
    today: datetime.date,
) -> Status:
    """The report status of one process; a pure function (see the module docstring)."""
    if outcome == Outcome.CANCELLED:
        return Status.CANCELLED
    if outcome == Outcome.COMPLETED:
        if due_date is None or (closed_date is not None and closed_date <= due_date):
            return Status.DONE_ON_TIME
        return Status.DONE_LATE
    if due_date is None:
        return Status.NO_DEADLINE
    if due_date >= today:
        return Status.OPEN_WITHIN
    return Status.OPEN_OVERDUE


def days_overdue(
    *,
    status: str,
    due_date: datetime.date | None,
    closed_date: datetime.date | None,
    today: datetime.date,
) -> int | None:
    """Days past the deadline: until closure if done late, until today if open overdue."""
    if status == Status.DONE_LATE:
        return (closed_date - due_date).days
    if status == Status.OPEN_OVERDUE:
        return (today - due_date).days
    return None


def ageing_of(days: int | None) -> Ageing | None:
    """The ageing bucket of open overdue work ``days`` past its deadline."""
    if days is None or days <= 0:
        return None
    for bucket, last_day in _AGEING_LIMITS:
        if days <= last_day:
            return bucket
    return Ageing.OVER_90


# --- the same rules in SQL --------------------------------------------------------------------


def status_expression(*, today: datetime.date) -> Case:
    """:func:`status_of` as a SQL ``CASE`` over a process queryset annotated with
    ``report_closed_on`` (see :func:`with_status`)."""
    return Case(
        When(outcome=Outcome.CANCELLED, then=Value(Status.CANCELLED.value)),
        When(
            Q(outcome=Outcome.COMPLETED)
            & (Q(due_date__isnull=True) | Q(report_closed_on__lte=F("due_date"))),
            then=Value(Status.DONE_ON_TIME.value),
        ),
        When(outcome=Outcome.COMPLETED, then=Value(Status.DONE_LATE.value)),
        When(due_date__isnull=True, then=Value(Status.NO_DEADLINE.value)),
        When(due_date__gte=today, then=Value(Status.OPEN_WITHIN.value)),
        default=Value(Status.OPEN_OVERDUE.value),
        output_field=CharField(),
    )


def ageing_expression(*, today: datetime.date) -> Case:
    """:func:`ageing_of` of open overdue work, by date comparisons only (portable SQL)."""
    whens = [
        When(
            report_status=Status.OPEN_OVERDUE,
            due_date__gte=today - datetime.timedelta(days=last_day),
            then=Value(bucket.value),
        )
        for bucket, last_day in _AGEING_LIMITS
    ]
    whens.append(When(report_status=Status.OPEN_OVERDUE, then=Value(Ageing.OVER_90.value)))
    return Case(*whens, default=Value(""), output_field=CharField())


def with_status(qs: QuerySet, *, today: datetime.date) -> QuerySet:
    """Annotate a ``DirectiveProcess`` queryset with ``report_closed_on`` (local date),
    ``report_status`` and ``report_ageing`` (empty unless open overdue), all computed in SQL."""
    tz = timezone.get_default_timezone()
    return (
        qs.annotate(report_closed_on=TruncDate("closed_at", tzinfo=tz))
        .annotate(report_status=status_expression(today=today))
        .annotate(report_ageing=ageing_expression(today=today))
    )


# --- rates ------------------------------------------------------------------------------------


def rate(part: int, whole: int) -> float | None:
    return None if not whole else part / whole


def percent(value: float | None) -> str:
    """``0.6667`` → ``"66,7%"`` (Vietnamese decimal comma); ``None`` → ``"—"``."""
    if value is None:
        return "—"
    return f"{value * 100:.1f}".replace(".", ",") + "%"


class StatusCounts(dict):
    """Counts per status (every status present, zero if none), with the report's totals."""

    def __init__(self, counts=None):
        super().__init__({status.value: 0 for status in Status})
        for key, value in (counts or {}).items():
            self[str(key)] += value

    @property
    def counted(self) -> int:
        """Processes counted in rates (cancelled excluded)."""
        return sum(self[s] for s in COUNTED)

    @property
    def done(self) -> int:
        return sum(self[s] for s in DONE)

    @property
    def open(self) -> int:
        return sum(self[s] for s in OPEN)

    @property
    def cancelled(self) -> int:
        return self[Status.CANCELLED]

    @property
    def completion_rate(self) -> float | None:
        """Share of counted processes that are done."""
        return rate(self.done, self.counted)

    @property
    def on_time_rate(self) -> float | None:
        """Share of done processes that were done on time."""
        return rate(self[Status.DONE_ON_TIME], self.done)

    @property
    def overdue(self) -> int:
        """Late work, done or not."""
        return self[Status.DONE_LATE] + self[Status.OPEN_OVERDUE]

    def ordered(self) -> list[tuple[Status, int]]:
        return [(status, self[status]) for status in Status]
