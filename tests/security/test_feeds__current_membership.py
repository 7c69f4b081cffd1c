"""The inbox, the calendar feed and the notification list follow the same rule as the pages: a
person who moved to another agency, or was replaced on a process, no longer finds it there."""

from __future__ import annotations

import datetime

import pytest
from notifications.signals import notify

from reports.selectors.calendar import calendar_items
from reports.services import calendar_feed_reset
from tasks_app.models import Agency, Membership, Role
from workflows import selectors, services
from workflows.flows import DirectiveFlow

pytestmark = pytest.mark.django_db

DUE = datetime.date(2030, 9, 30)


def _move(user, to: str, role: str = Role.HEAD) -> None:
    user.memberships.all().delete()
    Membership.objects.create(user=user, agency=Agency.objects.get(code=to), role=role)


def test_a_head_who_moved_loses_the_task_from_inbox_and_calendar(client, staff, office):
    [process] = staff.publish(leads=["DUK"], by=office, due_date=DUE)
    task = staff.open_task(process, DirectiveFlow.accept)
    head = staff.head("DUK")
    services.task_claim(task=task, by=head)
    feed = calendar_feed_reset(user=head)
    assert list(selectors.tasks_inbox(user=head)) == [task]
    assert any(item.uid == f"task-{task.pk}" for item in calendar_items(user=head))

    _move(head, "TCT")

    assert not selectors.tasks_inbox(user=head).exists()
    assert not selectors.processes_visible_to(user=head).exists()
    ics = client.get(f"/calendar/{feed.token}.ics").content.decode()
    assert f"task-{task.pk}" not in ics and f"process-{process.pk}" not in ics
    client.force_login(head)
    assert client.get("/workflow/inbox/").content.decode().count(f"/{process.pk}/") == 0
    assert client.get(f"/workflow/flows/directive/{process.pk}/").status_code == 404


def test_a_replaced_officer_loses_the_process_and_its_later_reports(client, staff, office):
    [process] = staff.publish(leads=["DUK"], by=office, due_date=DUE)
    first, second, head = staff.officer("DUK"), staff.officer("DUK", 2), staff.head("DUK")
    staff.accept(process, officer=first)
    staff.report(process, text="Báo cáo lần 1.")  # the first officer's own, finished step
    staff.approve(process, approved=False, reason="Bổ sung.")
    services.process_officer_reassign(process=process, by=head, officer=second, agency=process.lead)
    later = staff.report(process, text="Báo cáo lần 2 của chuyên viên mới.")

    assert not selectors.processes_visible_to(user=first).exists()
    assert set(selectors.processes_visible_to(user=second)) == {process}
    assert not selectors.tasks_archive(user=first).filter(process_id=process.pk).exists()
    client.force_login(first)
    assert client.get(f"/workflow/flows/directive/{process.pk}/").status_code == 404
    assert client.get(f"/reports/history/{process.directive_id}/").status_code == 404
    archive = client.get("/workflow/archive/").content.decode()
    assert f"/workflow/flows/directive/{process.pk}/" not in archive
    client.force_login(second)
    page = client.get(f"/workflow/flows/directive/{process.pk}/").content.decode()
    assert later.text in page


def test_notifications_about_a_hidden_process_leave_the_list(client, staff, office):
    [process] = staff.publish(leads=["DUK"], coordinators=["BTGTU"], by=office, due_date=DUE)
    staff.accept(process)
    task = staff.open_task(process, DirectiveFlow.coordinate_assign, "BTGTU")
    head = staff.head("BTGTU")
    notify.send(office, recipient=head, verb="Sắp đến hạn 30/09/2030", target=task)
    notify.send(office, recipient=head, verb="Thông báo chung của Văn phòng")
    client.force_login(head)
    page = client.get("/personal/alerts/").content.decode()
    assert "Sắp đến hạn 30/09/2030" in page and "Thông báo chung" in page

    _move(head, "TCT")

    page = client.get("/personal/alerts/").content.decode()
    assert "Sắp đến hạn 30/09/2030" not in page  # about a process no longer visible
    assert "Thông báo chung" in page
    assert client.get("/workflow/inbox/").context["unread_notification_count"] == 1
