"""Delivery in batches: a few statements per batch whatever its size, exactly once, the audit
chain appended in order, and a task that fails put aside without holding the others."""

import datetime
import threading
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent, EventType
from audit.services import audit_verify
from notifications_app.models import Delivery, TaskAlert
from notifications_app.services import alerts_sweep
from notifications_app.signals import tasks_overdue
from tasks_app.models import Agency
from tests.helpers import on_postgresql
from tests.notifications_app.conftest import at, sweep
from workflows.models import WorkflowTask

pytestmark = pytest.mark.django_db

LATE = datetime.date(2024, 3, 15)


def publish(staff, count: int, due=LATE) -> list:
    staff.head("BTCTU"), staff.deputy("BTCTU")
    return [
        staff.publish(leads=["BTCTU"], by=staff.office(), due_date=due)[0] for _ in range(count)
    ]


def statements_of_one_batch(staff, count: int) -> int:
    """Statements of a sweep of ``count`` new tasks, one bulk INSERT counted once even where
    SQLite splits it (it takes at most 999 parameters per statement)."""
    publish(staff, count)
    with CaptureQueriesContext(connection) as queries:
        result = alerts_sweep(batch=100)
    assert result.announced == 2 * count  # the head and the deputy, for each task
    sqls = [query["sql"] for query in queries.captured_queries]
    return sum(
        1
        for i, sql in enumerate(sqls)
        if not (sql.startswith("INSERT") and i and sqls[i - 1][:60] == sql[:60])
    )


def test_a_batch_costs_the_same_statements_for_3_or_30_tasks(staff):
    for model in (Agency, WorkflowTask, get_user_model()):  # content types, cached once
        ContentType.objects.get_for_model(model)
    small = statements_of_one_batch(staff, 3)
    large = statements_of_one_batch(staff, 30)
    assert small == large <= 20


def test_many_tasks_in_small_batches_are_each_told_once_in_order(staff):
    publish(staff, 11)
    result = alerts_sweep(batch=4)
    assert (result.announced, result.overdue) == (22, 11)
    assert Delivery.objects.count() == 22 + 11  # and one escalation each to the Office
    assert alerts_sweep(batch=4).sent == 0
    events = list(AuditEvent.objects.filter(event_type=EventType.TASK_ANNOUNCED).order_by("pk"))
    seqs = [e.seq for e in events]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert all(result.ok for _chain, result in audit_verify())


def test_a_task_that_fails_is_put_aside_and_the_others_are_delivered(staff):
    processes = publish(staff, 3)
    broken = staff.open_task(processes[1], processes[1].flow_class.accept)

    def webhook(sender, tasks, **kwargs):
        if any(task.pk == broken.pk for task in tasks):
            raise ConnectionError("webhook unreachable")

    tasks_overdue.connect(webhook)
    try:
        result = alerts_sweep(now=at(datetime.date(2030, 1, 2)))
    finally:
        tasks_overdue.disconnect(webhook)
    assert result.announced == 4
    alert = TaskAlert.objects.get(task=broken)
    assert alert.attempts == 1 and "webhook unreachable" in alert.last_error
    assert alert.next_at == at(datetime.date(2030, 1, 2), 8, 2)  # retried in 2 minutes
    assert not Delivery.objects.filter(task=broken).exists()  # nothing half done
    # once it works again, the task is told like the others, once
    assert sweep(datetime.date(2030, 1, 2), 10).announced == 2
    assert Delivery.objects.filter(task=broken, kind="created").count() == 2
    assert all(result.ok for _chain, result in audit_verify())


@pytest.mark.skipif(not on_postgresql(), reason="row locks (SKIP LOCKED) need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_sweeps_running_at_once_share_the_work_and_tell_each_person_once(staff):
    with mock.patch("notifications_app.receivers.alerts_sweep"):  # no wake-up: swept below
        publish(staff, 24, due=datetime.date(2030, 3, 15))
    results, errors = [], []

    def run():
        try:
            results.append(alerts_sweep(batch=5))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(result.announced for result in results) == 48
    keys = list(Delivery.objects.values_list("key", flat=True))
    assert len(keys) == len(set(keys)) == 48
    assert all(result.ok for _chain, result in audit_verify())
