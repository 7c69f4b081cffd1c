"""Bulk claim and release with "select all" act on the user's own queue and inbox only."""

import datetime

import pytest
from django.urls import reverse
from viewflow.workflow.status import STATUS

from audit.models import AuditEvent
from workflows import selectors, services
from workflows.flows import DirectiveFlow
from workflows.models import WorkflowTask

DUE = datetime.date(2030, 9, 30)
CLAIM, RELEASE = "workflow:tasks_assign", "workflow:tasks_unassign"


@pytest.fixture
def accept_tasks(staff, office):
    """Open accept steps: two of DUK's, one of BTCTU's, one of BTGTU's."""
    tasks = {}
    for code, n in (("DUK", 2), ("BTCTU", 1), ("BTGTU", 1)):
        processes = [staff.publish(leads=[code], by=office, due_date=DUE)[0] for _ in range(n)]
        tasks[code] = [staff.open_task(p, DirectiveFlow.accept) for p in processes]
    return tasks


def refusals() -> int:
    return AuditEvent.objects.filter(event_type="action.refused").count()


def state(task):
    task = WorkflowTask.objects.get(pk=task.pk)
    return task.status, task.owner_id


@pytest.mark.django_db
def test_select_all_in_the_queue_claims_only_the_users_queue(client, staff, accept_tasks):
    head = staff.head("DUK")
    client.force_login(head)
    assert set(selectors.tasks_queue(user=head)) == set(accept_tasks["DUK"])

    confirm = client.post(reverse(CLAIM), {"select_all": "1"})
    assert confirm.status_code == 200  # the confirmation page
    response = client.post(reverse(CLAIM), {"select_all": "1", "_confirm": "1"}, follow=True)

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == ["Đã nhận 2 việc."]
    for task in accept_tasks["DUK"]:
        assert state(task) == (STATUS.ASSIGNED, head.pk)
    for task in accept_tasks["BTCTU"] + accept_tasks["BTGTU"]:
        assert state(task) == (STATUS.NEW, None)  # other agencies' queues are untouched
    assert refusals() == 0  # and nobody was refused anything in the audit log


@pytest.mark.django_db
def test_listed_pks_outside_the_queue_are_refused_reported_and_logged(client, staff, accept_tasks):
    head = staff.head("DUK")
    client.force_login(head)
    mine, theirs = accept_tasks["DUK"][0], accept_tasks["BTCTU"][0]

    response = client.post(
        reverse(CLAIM), {"pk": [mine.pk, theirs.pk], "_confirm": "1"}, follow=True
    )

    assert state(mine) == (STATUS.ASSIGNED, head.pk)
    assert state(theirs) == (STATUS.NEW, None)
    assert [str(m) for m in response.context["messages"]] == [
        "Đã nhận 1 việc.",
        f"Không nhận được 1 việc: #{theirs.pk} (không có trong hàng đợi việc của bạn).",
    ]
    [event] = AuditEvent.objects.filter(event_type="action.refused")
    assert event.actor == head and f"#{theirs.pk}" in event.reason


@pytest.mark.django_db
def test_select_all_in_the_inbox_releases_only_the_users_tasks(client, staff, accept_tasks):
    head, other = staff.head("DUK"), staff.head("BTCTU")
    for task in accept_tasks["DUK"]:
        services.task_claim(task=task, by=head)
    services.task_claim(task=accept_tasks["BTCTU"][0], by=other)
    client.force_login(head)

    response = client.post(reverse(RELEASE), {"select_all": "1", "_confirm": "1"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["Đã trả 2 việc về hàng đợi."]
    for task in accept_tasks["DUK"]:
        assert state(task) == (STATUS.NEW, None)
    assert state(accept_tasks["BTCTU"][0]) == (STATUS.ASSIGNED, other.pk)
    assert refusals() == 0
