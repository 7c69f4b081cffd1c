"""Every new task is told to whoever can act on it — its assignee, or the people who may take
it from the agency queue — in the bell and by e-mail, as each of them chose."""

import pytest
from django.core import mail
from notifications.models import Notification

from audit.models import AuditEvent, EventType
from notifications_app.models import NotificationPreference, TaskAlert
from tasks_app.models import Membership
from tests.notifications_app.conftest import DUE, sweep, verbs
from workflows import services as workflow_services
from workflows.flows import DirectiveFlow

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(staff):
    """BTCTU leads a new directive due 15/03/2030, TCT coordinates; nobody told yet."""
    for person in (staff.head, staff.deputy, staff.officer):
        person("BTCTU")
    staff.head("TCT"), staff.officer("TCT"), staff.head("BTGTU")
    [process] = staff.publish(
        leads=["BTCTU"], by=staff.office(), coordinators=["TCT"], due_date=DUE
    )
    return process


def test_a_queue_task_is_told_to_the_agencys_heads_only(staff, published):
    task = staff.open_task(published, DirectiveFlow.accept)
    mail.outbox.clear()
    assert sweep().announced == 2
    for head in (staff.head("BTCTU"), staff.deputy("BTCTU")):
        [note] = Notification.objects.filter(recipient=head)
        assert note.verb == "Việc mới chờ nhận xử lý"
        assert note.description.startswith("Tiếp nhận, phân công — ")
        assert "hạn xử lý 15/03/2030" in note.description
        assert note.data["link"] == f"/workflow/flows/directive/{published.pk}/"
        assert note.data["task"] == task.pk
    # people who cannot act on it are not told: officers, other agencies, the Office
    for person in (staff.officer("BTCTU"), staff.head("TCT"), staff.head("BTGTU"), staff.office()):
        assert not Notification.objects.filter(recipient=person).exists()
    events = AuditEvent.objects.filter(event_type=EventType.TASK_ANNOUNCED)
    assert {e.after["recipient"] for e in events} == {"btctu_head", "btctu_deputy"}
    assert sweep().sent == 0  # once


def test_an_assigned_task_is_told_to_its_assignee_in_the_bell_and_by_email(
    staff, published, django_capture_on_commit_callbacks
):
    sweep()
    staff.accept(published)
    officer = staff.officer("TCT")
    workflow_services.task_coordination_assign(
        task=staff.open_task(published, DirectiveFlow.coordinate_assign, "TCT"),
        by=staff.head("TCT"),
        officer=officer,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sweep()
    task = staff.open_task(published, DirectiveFlow.coordinate, "TCT")
    assert verbs(officer) == ["Việc mới giao cho bạn"]
    [email] = [m for m in mail.outbox if m.to == [officer.email]]
    assert email.subject == "[Việc mới] Việc mới giao cho bạn"
    assert "Gửi ý kiến phối hợp" in email.body
    assert f"http://127.0.0.1:8000/workflow/flows/directive/{published.pk}/" in email.body
    assert Notification.objects.get(recipient=officer).data["task"] == task.pk


def test_a_task_given_to_another_officer_is_told_to_the_new_one(staff, published):
    staff.accept(published)
    staff.coordinate(published, "TCT")  # the report task is the lead officer's now
    sweep()
    second = staff.officer("BTCTU", 2)
    workflow_services.process_officer_reassign(
        process=published, by=staff.head("BTCTU"), officer=second
    )
    sweep()
    assert verbs(second) == ["Việc mới giao cho bạn"]
    # the first officer: chosen at acceptance, then the report step; nothing more
    assert verbs(staff.officer("BTCTU")) == [
        "Bạn được phân công thực hiện nhiệm vụ",
        "Việc mới giao cho bạn",
    ]


def test_each_person_is_told_as_they_chose(staff, published, django_capture_on_commit_callbacks):
    head, deputy = staff.head("BTCTU"), staff.deputy("BTCTU")
    NotificationPreference.objects.create(user=head, in_app=False, email=True)
    NotificationPreference.objects.create(user=deputy, in_app=True, email=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sweep()
    assert verbs(head) == [] and verbs(deputy) == ["Việc mới chờ nhận xử lý"]
    assert [m.to for m in mail.outbox] == [[head.email]]


def test_who_is_told_is_decided_when_it_is_sent(staff, published):
    head, deputy = staff.head("BTCTU"), staff.deputy("BTCTU")
    Membership.objects.filter(user=deputy).delete()  # moved away before the sweep ran
    sweep()
    assert verbs(deputy) == [] and verbs(head) == ["Việc mới chờ nhận xử lý"]


def test_a_task_that_ended_before_the_sweep_is_not_told(staff, published):
    accept = staff.open_task(published, DirectiveFlow.accept)
    staff.accept(published)  # the head took and finished it at once
    sweep()
    assert verbs(staff.deputy("BTCTU")) == [] and verbs(staff.head("BTCTU")) == []
    assert not TaskAlert.objects.filter(task=accept).exists()
    # the coordinating agency's new task is told as usual
    assert verbs(staff.head("TCT")) == ["Việc mới chờ nhận xử lý"]


def test_a_worker_is_woken_after_commit_to_tell_at_once(staff, django_capture_on_commit_callbacks):
    staff.head("DUK")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        staff.publish(leads=["DUK"], by=staff.office(), due_date=DUE)
    # one wake-up for the transaction, run by the (eager) worker: no need to wait for the beat
    assert sum(1 for callback in callbacks if callback.__name__ == "_wake") == 1
    assert verbs(staff.head("DUK")) == ["Việc mới chờ nhận xử lý"]
