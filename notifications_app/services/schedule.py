"""The reminder policy applied to one deadline: when each reminder fires, and whether what it
says is still true. Pure computation, apart from reading the active rules."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from notifications_app.models import ReminderKind, ReminderRule
from project.calendar import add_working_days


@dataclass(frozen=True)
class Fire:
    """One reminder of the policy for one deadline."""

    kind: str
    audience: str
    at: datetime.datetime


def active_rules() -> list[ReminderRule]:
    return list(ReminderRule.objects.filter(is_active=True).order_by("offset_working_days", "hour"))


def local_time(day: datetime.date, hour: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour=hour)))


def reminder_fires(*, due: datetime.date, rules: list[ReminderRule]) -> list[Fire]:
    """The reminders of a task due on ``due``, in firing order (working days, VN calendar)."""
    fires = [
        Fire(
            kind=rule.kind,
            audience=rule.audience,
            at=local_time(add_working_days(due, rule.offset_working_days), rule.hour),
        )
        for rule in rules
    ]
    return sorted(fires, key=lambda fire: fire.at)


def overdue_from(due: datetime.date) -> datetime.datetime:
    """The moment a task due on ``due`` becomes overdue: the start of the next day."""
    return local_time(due + datetime.timedelta(days=1))


def still_true(kind: str, *, due: datetime.date, today: datetime.date) -> bool:
    """Whether a reminder of ``kind`` still says the truth ``today``: "due soon" before the
    deadline, "due today" on it, overdue and escalations after it."""
    if kind == ReminderKind.BEFORE:
        return today < due
    if kind == ReminderKind.DUE:
        return today == due
    return today > due


def reminder_schedule(*, due: datetime.date | None) -> list[tuple[str, datetime.datetime]]:
    """(kind, fire time) of every active reminder for a deadline (pages, calendars, tests)."""
    if due is None:
        return []
    return [(fire.kind, fire.at) for fire in reminder_fires(due=due, rules=active_rules())]
