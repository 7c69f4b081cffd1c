"""Every refusal leaves a trace: probes of hidden processes, steps and files, CSRF failures and
bulk actions that could not act — at most ``REFUSAL_AUDIT_LIMIT`` events per person (or
address) and window, so nobody can flood the log."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent, EventType
from tests.security.conftest import as_person
from workflows.flows import DirectiveFlow

pytestmark = pytest.mark.django_db

DUE = datetime.date(2030, 9, 30)


def refusals(**filters):
    return AuditEvent.objects.filter(event_type=EventType.REFUSED, **filters).order_by("seq")


def test_probes_of_hidden_pages_and_files_are_logged(client, world):
    as_person(client, world, "former")
    probes = [
        f"/workflow/flows/directive/{world.process.pk}/",
        world.task_url("coordinate"),
        f"/workflow/attachments/{world.files['contribution'].pk}/",
        f"/reports/history/{world.process.directive_id}/",
    ]
    for url in probes:
        assert client.get(url).status_code == 404
    logged = list(refusals(actor=world.people["former"]))
    assert [e.after["action"] for e in logged] == [f"GET {url}" for url in probes]
    assert f"#{world.process.pk}" in logged[0].reason  # why, for the Office only
    assert logged[3].directive_id == world.process.directive_id


def test_a_flood_of_probes_writes_at_most_the_limit(client, world, settings):
    settings.REFUSAL_AUDIT_LIMIT = 5
    as_person(client, world, "other")
    for pk in range(1, 60):
        client.get(f"/workflow/attachments/{pk}/")
    assert refusals(actor=world.people["other"]).count() == 5


def test_csrf_failures_are_refused_in_vietnamese_and_logged(staff, office, settings):
    settings.REFUSAL_AUDIT_LIMIT = 3
    [process] = staff.publish(leads=["DUK"], by=office, due_date=DUE)
    task = staff.open_task(process, DirectiveFlow.accept)
    head = staff.head("DUK")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(head)
    for _attempt in range(6):
        response = browser.post(reverse("workflow:tasks_assign"), {"pk": [task.pk], "_confirm": 1})
        assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()
    logged = refusals(actor=head)
    assert logged.count() == 3
    assert logged.first().reason.startswith("CSRF")
    task.refresh_from_db()
    assert task.owner_id is None

    stranger = Client(enforce_csrf_checks=True, REMOTE_ADDR="10.7.7.7")
    stranger.post("/accounts/login/", {"username": "x", "password": "y"})
    [anonymous] = refusals(actor=None)
    assert "10.7.7.7" in anonymous.object_repr


def test_a_bulk_claim_of_other_agencies_tasks_says_what_was_refused(client, staff, office):
    [mine] = staff.publish(leads=["DUK"], by=office, due_date=DUE)
    [theirs] = staff.publish(leads=["BTCTU"], by=office, due_date=DUE)
    theirs_task = staff.open_task(theirs, DirectiveFlow.accept)
    head = staff.head("DUK")
    client.force_login(head)
    response = client.post(
        reverse("workflow:tasks_assign"),
        {"pk": [theirs_task.pk, 987654321], "_confirm": 1},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "Đã nhận 0 việc.",
        f"Không nhận được 2 việc: #{theirs_task.pk} (không có trong hàng đợi việc của bạn); "
        "#987654321 (không có trong hàng đợi việc của bạn).",
    ]
    [event] = refusals(actor=head)
    assert event.after == {"action": "task_claim.bulk"}
    assert f"#{theirs_task.pk}" in event.reason and "#987654321" in event.reason
    theirs_task.refresh_from_db()
    assert theirs_task.owner_id is None
    assert staff.open_task(mine, DirectiveFlow.accept).owner_id is None  # not listed: untouched


def test_a_bulk_release_refuses_what_is_not_the_users(client, staff, office):
    [process] = staff.publish(leads=["DUK"], by=office, due_date=DUE)
    task = staff.open_task(process, DirectiveFlow.accept)
    client.force_login(staff.head("DUK"))
    client.post(reverse("workflow:tasks_assign"), {"pk": [task.pk], "_confirm": 1}, follow=True)
    deputy = staff.deputy("DUK")
    client.force_login(deputy)
    response = client.post(
        reverse("workflow:tasks_unassign"), {"pk": [task.pk], "_confirm": 1}, follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages[0] == "Đã trả 0 việc về hàng đợi."
    assert f"#{task.pk}" in messages[1]
    assert refusals(actor=deputy).count() == 1
    task.refresh_from_db()
    assert task.owner == staff.head("DUK")
