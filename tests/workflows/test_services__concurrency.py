"""Two people acting on the same process at the same moment (PostgreSQL row locks).

Each thread has its own database connection; a barrier releases them together and every step
lingers a moment inside its transaction, so the calls overlap. The flow's
``select_for_update`` lock serialises them: exactly one completes a shared task, and the last
two coordination branches join exactly once.
"""

import datetime
import threading
import time

import pytest
from django.db import connection, connections
from viewflow.workflow.signals import task_started
from viewflow.workflow.status import STATUS

from project.exceptions import ApplicationError, StateConflict
from tests.helpers import on_postgresql
from workflows import services, signals
from workflows.flows import DirectiveFlow
from workflows.models import WorkflowTask

pytestmark = [
    pytest.mark.skipif(
        not on_postgresql(),
        reason="row locks (SELECT … FOR UPDATE) need PostgreSQL; SQLite serialises all writers",
    ),
    pytest.mark.django_db(transaction=True),
]


def run_together(*calls):
    """Run the callables in threads released at the same moment; return (results, errors)."""
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except Exception as exc:
            errors[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results, errors


@pytest.fixture
def people(staff):
    return staff


@pytest.fixture(autouse=True)
def slow_steps():
    """Hold every step open a little once started and once done (before its transaction
    commits), so that the two calls really overlap: without the flow lock both would read the
    state before the other one commits."""

    def linger(sender, **kwargs):
        time.sleep(0.3)

    task_started.connect(linger, dispatch_uid="test-concurrency-linger", weak=False)
    signals.task_finished.connect(linger, dispatch_uid="test-concurrency-linger-2", weak=False)
    yield
    task_started.disconnect(dispatch_uid="test-concurrency-linger")
    signals.task_finished.disconnect(dispatch_uid="test-concurrency-linger-2")


def test_two_heads_accepting_the_same_task_at_once(people):
    staff = people
    [process] = staff.publish(
        leads=["BTCTU"],
        coordinators=["TCT", "BTGTU"],
        by=staff.office(),
        due_date=datetime.date(2030, 9, 30),
    )
    task = staff.open_task(process, DirectiveFlow.accept)
    head, deputy = staff.head("BTCTU"), staff.deputy("BTCTU")
    officer, officer2 = staff.officer("BTCTU"), staff.officer("BTCTU", 2)
    connection.close()  # the threads open their own connections

    _results, errors = run_together(
        lambda: services.task_accept(task=task, by=head, officer=officer, plan="Kế hoạch A."),
        lambda: services.task_accept(task=task, by=deputy, officer=officer2, plan="Kế hoạch B."),
    )

    succeeded = [i for i, error in enumerate(errors) if error is None]
    failed = [error for error in errors if error is not None]
    assert len(succeeded) == 1, errors
    [error] = failed
    assert isinstance(error, StateConflict), repr(error)
    assert "đã được hoàn thành trước đó" in error.message
    task.refresh_from_db()
    winner = (head, deputy)[succeeded[0]]
    assert (task.status, task.owner) == (STATUS.DONE, winner)
    process.refresh_from_db()
    assert process.plan == ("Kế hoạch A.", "Kế hoạch B.")[succeeded[0]]
    # no duplicate next task: one split, one coordination task per coordinating agency
    tasks = WorkflowTask.objects.filter(process_id=process.pk)
    assert tasks.filter(flow_task=DirectiveFlow.split_work).count() == 1
    assert sorted(
        tasks.filter(flow_task=DirectiveFlow.coordinate_assign).values_list(
            "agency__code", flat=True
        )
    ) == ["BTGTU", "TCT"]
    assert tasks.filter(flow_task=DirectiveFlow.join_work).count() == 1


def test_two_office_users_verifying_at_once(people):
    staff = people
    [process] = staff.publish(leads=["BTGTU"], by=staff.office(), due_date=None)
    staff.accept(process)
    services.task_report_submit(
        task=staff.open_task(process, DirectiveFlow.report), by=staff.officer("BTGTU"), text="Xong."
    )
    services.task_approve(
        task=staff.open_task(process, DirectiveFlow.approve), by=staff.head("BTGTU"), approved=True
    )
    task = staff.open_task(process, DirectiveFlow.verify)
    one, two = staff.office(), staff.office(2)
    connection.close()

    _results, errors = run_together(
        lambda: services.task_verify(task=task, by=one, accepted=True),
        lambda: services.task_verify(task=task, by=two, accepted=False, reason="Trả lại."),
    )

    assert sum(error is None for error in errors) == 1, errors
    assert all(isinstance(e, ApplicationError) for e in errors if e is not None)
    process.refresh_from_db()
    # whichever won, the process moved exactly once
    reports = WorkflowTask.objects.filter(process_id=process.pk, flow_task=DirectiveFlow.report)
    if errors[0] is None:
        assert process.outcome == "completed" and reports.count() == 1
    else:
        assert process.outcome == "open" and reports.filter(status=STATUS.ASSIGNED).count() == 1


def test_last_two_coordination_branches_join_exactly_once(people):
    staff = people
    [process] = staff.publish(
        leads=["BCSUBND"],
        coordinators=["DUK", "DUKCN"],
        by=staff.office(),
        due_date=datetime.date(2030, 12, 31),
    )
    staff.accept(process)
    for code in ("DUK", "DUKCN"):
        services.task_coordination_assign(
            task=staff.open_task(process, DirectiveFlow.coordinate_assign, code),
            by=staff.head(code),
            officer=staff.officer(code),
        )
    first = staff.open_task(process, DirectiveFlow.coordinate, "DUK")
    second = staff.open_task(process, DirectiveFlow.coordinate, "DUKCN")
    duk, dukcn = staff.officer("DUK"), staff.officer("DUKCN")
    connection.close()

    _results, errors = run_together(
        lambda: services.task_contribution_submit(task=first, by=duk, text="Ý kiến Đảng ủy Khối."),
        lambda: services.task_contribution_submit(task=second, by=dukcn, text="Ý kiến ĐU KCN."),
    )

    assert errors == [None, None]
    tasks = WorkflowTask.objects.filter(process_id=process.pk)
    joins = tasks.filter(flow_task=DirectiveFlow.join_work)
    assert [join.status for join in joins] == [STATUS.DONE]
    reports = tasks.filter(flow_task=DirectiveFlow.report)
    assert reports.count() == 1
    assert reports.get().status == STATUS.ASSIGNED
    assert reports.get().owner == staff.officer("BCSUBND")
