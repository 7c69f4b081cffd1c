"""The bell counts the unread notifications the user may still see, in a few short reads."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from notifications.models import Notification

from notifications_app import selectors
from notifications_app.selectors import unread_count
from workflows.flows import DirectiveFlow

pytestmark = pytest.mark.django_db


def tell(user, target, *, unread=True):
    return Notification.objects.create(
        recipient=user, actor=user, verb="Việc mới", target=target, unread=unread
    )


def test_the_bell_leaves_out_tasks_the_user_no_longer_sees(staff, office):
    head = staff.head("BTCTU")
    [mine] = staff.publish(leads=["BTCTU"], by=office, due_date=None)
    [theirs] = staff.publish(leads=["BTGTU"], by=office, due_date=None)
    tell(head, staff.open_task(mine, DirectiveFlow.accept))
    tell(head, staff.open_task(theirs, DirectiveFlow.accept))  # moved away: not counted
    tell(head, office)  # not about a task
    tell(head, staff.open_task(mine, DirectiveFlow.accept), unread=False)

    with CaptureQueriesContext(connection) as few:
        assert unread_count(user=head) == 2
    for _ in range(20):
        tell(head, staff.open_task(mine, DirectiveFlow.accept))
    with CaptureQueriesContext(connection) as many:
        assert unread_count(user=head) == 22
    assert len(many) == len(few)


def test_the_bell_stops_counting_past_its_cap(staff, office, monkeypatch):
    monkeypatch.setattr(selectors, "BELL_CAP", 2)
    head = staff.head("BTCTU")
    [mine] = staff.publish(leads=["BTCTU"], by=office, due_date=None)
    task = staff.open_task(mine, DirectiveFlow.accept)
    for _ in range(5):
        tell(head, task)
    assert unread_count(user=head) == 3  # shown as "2+"
