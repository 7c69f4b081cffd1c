"""A task taken by someone who then lost the role (left the agency, deactivated) is not stuck:
a current head or deputy of the agency (the Office, for its own steps) puts it back in the
queue, and the agency takes and finishes it. While the owner still holds the role, only the
owner may put it back."""

import datetime

import pytest
from django.utils import timezone
from notifications.models import Notification
from viewflow.workflow.status import STATUS

from audit.models import AuditEvent
from notifications_app.services import alerts_sweep
from project.exceptions import PermissionRefused
from workflows import selectors, services
from workflows.flows import DirectiveFlow, ExtensionFlow

DUE = datetime.date(2030, 9, 30)
BASE = "/workflow/flows/directive"


def page(task, action):
    return f"{BASE}/{task.process_id}/{task.flow_task.name}/{task.pk}/{action}/"


def told(user, task) -> bool:
    """Whether ``user`` got a notification about ``task`` (sweeping on its deadline's day)."""
    alerts_sweep(now=timezone.make_aware(datetime.datetime.combine(DUE, datetime.time(9))))
    return Notification.objects.filter(recipient=user, data__task=task.pk).exists()


@pytest.fixture
def taken(staff, office):
    """DUK's head took the accept step from the queue."""
    [process] = staff.publish(leads=["DUK"], by=office, due_date=DUE)
    task = staff.open_task(process, DirectiveFlow.accept)
    services.task_claim(task=task, by=staff.head("DUK"))
    return process, task


@pytest.mark.django_db
def test_while_the_owner_holds_the_role_nobody_else_releases(client, staff, taken):
    _process, task = taken
    deputy, outsider = staff.deputy("DUK"), staff.head("BTCTU")

    for user in (deputy, outsider):
        with pytest.raises(PermissionRefused):
            services.task_reclaim(task=task, by=user)
        with pytest.raises(PermissionRefused):
            services.task_release(task=task, by=user)
    client.force_login(deputy)
    detail = client.get(page(task, "detail")).content.decode()
    assert page(task, "unassign") not in detail  # no release button for the deputy
    assert client.post(page(task, "unassign")).status_code == 403

    task.refresh_from_db()
    assert (task.status, task.owner) == (STATUS.ASSIGNED, staff.head("DUK"))
    # every refusal is in the audit log: four from the services, one from the page
    assert AuditEvent.objects.filter(event_type="action.refused").count() == 5


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["left the agency", "deactivated"])
def test_the_deputy_releases_a_task_whose_owner_lost_the_role_and_finishes_it(
    client, staff, taken, how
):
    process, task = taken
    head = staff.head("DUK")
    if how == "left the agency":
        head.memberships.all().delete()
    else:
        head.is_active = False
        head.save(update_fields=["is_active"])
    deputy, outsider = staff.deputy("DUK"), staff.head("BTCTU")

    # a head of an unrelated agency may not release it, nor may the agency's officer
    for user in (outsider, staff.officer("DUK")):
        with pytest.raises(PermissionRefused):
            services.task_reclaim(task=task, by=user)
    client.force_login(outsider)
    assert client.post(page(task, "unassign")).status_code == 404  # not even visible

    # the deputy sees the release button on the task page and releases it there
    client.force_login(deputy)
    detail = client.get(page(task, "detail"))
    assert detail.status_code == 200
    assert page(task, "unassign") in detail.content.decode()
    response = client.post(page(task, "unassign"), follow=True)
    assert response.status_code == 200
    notice = process.directive.notice.number
    assert [str(m) for m in response.context["messages"]] == [
        f"Đã trả việc “Tiếp nhận, phân công” — {notice} mục {process.directive.ref} về hàng đợi."
    ]

    task.refresh_from_db()
    assert (task.status, task.owner) == (STATUS.NEW, None)
    assert list(selectors.tasks_queue(user=deputy)) == [task]
    # what is told about the task now goes to those who may take it, not to the former owner
    assert told(deputy, task)
    assert not told(head, task)

    services.task_claim(task=task, by=deputy)
    services.task_accept(task=task, by=deputy, officer=staff.officer("DUK"), plan="Kế hoạch.")
    task.refresh_from_db()
    process.refresh_from_db()
    assert task.status == STATUS.DONE and task.owner == deputy
    assert process.officer == staff.officer("DUK")
    assert staff.open_task(process, DirectiveFlow.report).owner == staff.officer("DUK")


@pytest.mark.django_db
def test_office_staff_release_an_office_step_of_a_colleague_who_left(staff, office):
    [process] = staff.publish(leads=["DUK"], by=office, due_date=DUE)
    extension = services.extension_request(
        process=process, by=staff.head("DUK"), due_date=DUE.replace(month=12), reason="Chờ."
    )
    task = staff.open_task(extension, ExtensionFlow.decide)
    services.task_claim(task=task, by=office)
    colleague = staff.office(2)
    with pytest.raises(PermissionRefused):  # the owner still holds the role
        services.task_reclaim(task=task, by=colleague)

    office.memberships.all().delete()
    with pytest.raises(PermissionRefused):  # a head of the lead agency is not the Office
        services.task_reclaim(task=task, by=staff.head("DUK"))
    services.task_reclaim(task=task, by=colleague)
    services.task_claim(task=task, by=colleague)
    services.task_extension_decide(task=task, by=colleague, approved=True)

    process.refresh_from_db()
    assert process.due_date == DUE.replace(month=12)


@pytest.mark.django_db
def test_an_officer_step_is_reassigned_not_released(staff, office, taken):
    process, task = taken
    services.task_accept(task=task, by=staff.head("DUK"), officer=staff.officer("DUK"), plan="x")
    report = staff.open_task(process, DirectiveFlow.report)
    staff.officer("DUK").memberships.all().delete()

    with pytest.raises(PermissionRefused, match="đổi chuyên viên phụ trách"):
        services.task_reclaim(task=report, by=staff.head("DUK"))
    services.process_officer_reassign(
        process=process, by=staff.head("DUK"), officer=staff.officer("DUK", 2)
    )
    assert staff.open_task(process, DirectiveFlow.report).owner == staff.officer("DUK", 2)
