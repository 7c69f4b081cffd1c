import datetime

import pytest
from django.utils import timezone
from notifications.models import Notification

from notifications_app.services import alerts_sweep

DUE = datetime.date(2030, 3, 15)  # a Friday, no holiday near it


def at(day: datetime.date, hour: int = 8, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def sweep(day: datetime.date | None = None, hour: int = 9):
    """The sweep as it runs at ``hour`` on ``day`` (default: now)."""
    return alerts_sweep(now=at(day, hour) if day else timezone.now())


def verbs(user, task=None) -> list[str]:
    """What ``user``'s bell says (about ``task``), oldest first."""
    notes = Notification.objects.filter(recipient=user).order_by("timestamp", "pk")
    if task is not None:
        notes = notes.filter(data__task=task.pk)
    return [note.verb for note in notes]


@pytest.fixture
def process(staff):
    """A published directive led by BTCTU, due 15/03/2030, its accept task waiting in the
    agency's queue and already announced (so that only reminders follow)."""
    staff.head("BTCTU"), staff.officer("BTCTU")  # the people exist before work reaches them
    [process] = staff.publish(leads=["BTCTU"], by=staff.office(), due_date=DUE)
    sweep()
    return process
