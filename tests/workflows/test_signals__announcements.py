"""The workflow announces what happens, inside the transaction of the change."""

import pytest

from workflows import services, signals
from workflows.flows import DirectiveFlow

pytestmark = pytest.mark.django_db

ANNOUNCED = (
    "task_created",
    "task_reassigned",
    "step_done",
    "process_started",
    "process_closed",
)


@pytest.fixture
def heard():
    events = []
    receivers = {}
    for name in ANNOUNCED:

        def receiver(sender, name=name, **kwargs):
            subject = kwargs.get("task") or kwargs.get("process")
            events.append(
                (name, subject.flow_task.name if name.startswith(("task", "step")) else "")
            )

        receivers[name] = receiver
        getattr(signals, name).connect(receiver)
    yield events
    for name, receiver in receivers.items():
        getattr(signals, name).disconnect(receiver)


def test_a_directive_announces_its_tasks_steps_and_end(staff, office, heard):
    [process] = staff.publish(leads=["BTCTU"], by=office, coordinators=["TCT"])
    assert ("process_started", "") in heard
    assert ("task_created", "accept") in heard
    heard.clear()
    staff.accept(process)
    assert ("step_done", "accept") in heard
    assert ("task_created", "coordinate_assign") in heard
    heard.clear()
    services.process_officer_reassign(
        process=process, by=staff.head("BTCTU"), officer=staff.officer("BTCTU", 2)
    )
    assert heard == []  # no open officer task yet: nothing changes hands
    staff.coordinate(process, "TCT")
    staff.report(process)
    staff.approve(process)
    heard.clear()
    staff.verify(process)
    assert ("step_done", "verify") in heard
    assert ("process_closed", "") in heard


def test_giving_an_open_task_to_another_officer_is_announced(staff, office, heard):
    [process] = staff.publish(leads=["BTCTU"], by=office)
    staff.accept(process)
    assert staff.open_task(process, DirectiveFlow.report).owner == staff.officer("BTCTU")
    heard.clear()
    services.process_officer_reassign(
        process=process, by=staff.head("BTCTU"), officer=staff.officer("BTCTU", 2)
    )
    assert heard == [("task_reassigned", "report")]


def test_a_cancelled_process_is_announced_closed(staff, office, heard):
    [process] = staff.publish(leads=["BTCTU"], by=office)
    heard.clear()
    services.process_cancel(process=process, by=office, reason="Không còn phù hợp.")
    assert ("process_closed", "") in heard
