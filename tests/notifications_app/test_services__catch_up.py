"""Catching up sends only what is still true: after an outage, or for a task planned late, each
person gets the task's current state once; stale reminders are dropped and audited."""

import datetime

import pytest
from notifications.models import Notification

from audit.models import AuditEvent, EventType
from audit.services import audit_verify
from notifications_app.signals import tasks_overdue
from tests.notifications_app.conftest import DUE, sweep, verbs
from workflows import services as workflow_services
from workflows.flows import DirectiveFlow, ExtensionFlow
from workflows.models import WorkflowTask

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue_signals():
    heard = []

    def receiver(sender, tasks, **kwargs):
        heard.extend((task.pk, task.due_date) for task in tasks)

    tasks_overdue.connect(receiver)
    yield heard
    tasks_overdue.disconnect(receiver)


def test_after_an_outage_each_task_gets_one_notification_not_four(process, staff):
    """The head must take the task from the queue; every reminder of it (due soon on the 13th,
    due today on the 15th, overdue on the 18th, escalation to the head on the 20th) passed while
    the sweep was down. One notification, the current state, arrives."""
    head = staff.head("BTCTU")
    [other] = staff.publish(leads=["BTCTU"], by=staff.office(), due_date=DUE)
    sweep()
    tasks = [staff.open_task(p, DirectiveFlow.accept) for p in (process, other)]
    before = Notification.objects.filter(recipient=head).count()

    result = sweep(datetime.date(2030, 3, 20))  # back after the outage

    assert [verbs(head, task)[1:] for task in tasks] == [
        ["Công việc của cơ quan đã quá hạn 15/03/2030"]
    ] * 2
    assert Notification.objects.filter(recipient=head).count() == before + 2
    assert (result.reminded, result.skipped) == (2, 6)
    skipped = AuditEvent.objects.filter(event_type=EventType.REMINDER_SKIPPED)
    kinds = sorted(e.after["kind"] for e in skipped)
    assert kinds == ["before", "before", "due", "due", "overdue", "overdue"]
    assert all(e.after["recipient"] == head.username for e in skipped)
    assert "Đã lỗi thời" in skipped.first().reason
    # nothing more comes for those passed times; later ones still do
    assert sweep(datetime.date(2030, 3, 20), 10).sent == 0
    assert sweep(datetime.date(2030, 3, 22)).reminded == 2  # the Office's escalations
    assert all(result.ok for _chain, result in audit_verify())


def test_a_three_day_outage_over_the_deadline_sends_due_soon_no_more(process, staff):
    head = staff.head("BTCTU")
    task = staff.open_task(process, DirectiveFlow.accept)
    # down from the 12th; back on the 15th (the deadline) at 09:00
    sweep(DUE)
    assert verbs(head, task)[1:] == ["Hôm nay là hạn xử lý (15/03/2030)"]
    skipped = AuditEvent.objects.get(event_type=EventType.REMINDER_SKIPPED)
    assert skipped.after["kind"] == "before"


def test_due_today_is_dropped_the_day_after(process, staff):
    head = staff.head("BTCTU")
    task = staff.open_task(process, DirectiveFlow.accept)
    sweep(datetime.date(2030, 3, 13))
    # down on the deadline day; back on Monday before the overdue reminder's hour
    assert sweep(datetime.date(2030, 3, 18), 7).sent == 0
    assert AuditEvent.objects.get(event_type=EventType.REMINDER_SKIPPED).after["kind"] == "due"
    assert sweep(datetime.date(2030, 3, 18), 9).reminded == 1
    assert verbs(head, task)[1:] == ["Sắp đến hạn 15/03/2030", "Đã quá hạn xử lý 15/03/2030"]


def test_a_task_planned_after_its_deadline_is_announced_as_overdue_once(staff, overdue_signals):
    head = staff.head("DUK")
    [process] = staff.publish(leads=["DUK"], by=staff.office(), due_date=datetime.date(2024, 3, 15))
    task = staff.open_task(process, DirectiveFlow.accept)
    sweep()
    [note] = Notification.objects.filter(recipient=head, data__task=task.pk)
    assert note.verb == "Việc mới chờ nhận xử lý"
    assert "hạn xử lý 15/03/2024, đã quá hạn" in note.description
    # no "due soon", "due today" or overdue besides: the announcement says it
    assert AuditEvent.objects.filter(event_type=EventType.REMINDER_SENT).count() == 0
    assert overdue_signals == [(task.pk, datetime.date(2024, 3, 15))]
    sweep()
    assert overdue_signals == [(task.pk, datetime.date(2024, 3, 15))]  # once


def test_task_overdue_is_announced_once_per_task_and_deadline(process, staff, overdue_signals):
    task = staff.open_task(process, DirectiveFlow.accept)
    sweep(DUE, 23)
    assert overdue_signals == []
    sweep(datetime.date(2030, 3, 16), 0)  # Saturday, midnight: the deadline has passed
    sweep(datetime.date(2030, 3, 18))
    assert overdue_signals == [(task.pk, DUE)]
    # an extension gives a new deadline; once it passes, the task is overdue again
    workflow_services.task_claim(task=task, by=staff.head("BTCTU"))
    workflow_services.extension_request(
        process=process,
        by=staff.head("BTCTU"),
        due_date=datetime.date(2030, 4, 26),
        reason="Chờ số liệu.",
    )
    decide = WorkflowTask.objects.get(flow_task=ExtensionFlow.decide, status="NEW")
    workflow_services.task_extension_decide(task=decide, by=staff.office(), approved=True)
    sweep(datetime.date(2030, 4, 1))
    assert overdue_signals == [(task.pk, DUE)]
    sweep(datetime.date(2030, 4, 29))
    assert overdue_signals == [(task.pk, DUE), (task.pk, datetime.date(2030, 4, 26))]
