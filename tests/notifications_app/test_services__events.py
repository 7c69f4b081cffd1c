"""News about work people are part of: the Office's decision on an extension, a returned
report, the process closed, the officer chosen; and alerts of finished work leave the bell."""

import datetime

import pytest
from django.core import mail
from notifications.models import Notification

from notifications_app.models import NotificationPreference
from tests.notifications_app.conftest import DUE, sweep
from workflows import services as workflow_services
from workflows.flows import DirectiveFlow, ExtensionFlow
from workflows.models import WorkflowTask

pytestmark = pytest.mark.django_db


def bell(user) -> list[str]:
    """The user's bell, as the list shows it ("verb: description"), oldest first."""
    notes = Notification.objects.filter(recipient=user).order_by("timestamp", "pk")
    return [f"{n.verb}: {n.description}" for n in notes]


def unread(user) -> list[str]:
    notes = Notification.objects.filter(recipient=user, unread=True).order_by("timestamp", "pk")
    return [n.verb for n in notes]


@pytest.fixture
def published(staff):
    staff.head("BTCTU"), staff.officer("BTCTU"), staff.head("TCT"), staff.officer("TCT")
    [process] = staff.publish(
        leads=["BTCTU"], by=staff.office(), coordinators=["TCT"], due_date=DUE
    )
    sweep()
    return process


def _ask_extension(staff, process):
    workflow_services.extension_request(
        process=process,
        by=staff.head("BTCTU"),
        due_date=datetime.date(2030, 4, 26),
        reason="Chờ số liệu của các huyện.",
    )
    return WorkflowTask.objects.get(flow_task=ExtensionFlow.decide, status="NEW")


def test_the_head_who_asked_is_told_the_extension_was_approved(
    staff, published, django_capture_on_commit_callbacks
):
    staff.accept(published)
    decide = _ask_extension(staff, published)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow_services.task_extension_decide(task=decide, by=staff.office(), approved=True)
    [line] = [x for x in bell(staff.head("BTCTU")) if "gia hạn" in x]
    assert line.startswith("Văn phòng Tỉnh ủy đồng ý gia hạn: ")
    assert "hạn xử lý mới 26/04/2030" in line
    [email] = [m for m in mail.outbox if m.to == [staff.head("BTCTU").email]]
    assert "đồng ý gia hạn" in email.subject
    # nobody else hears of it
    assert not [x for x in bell(staff.officer("TCT")) if "gia hạn" in x]


def test_the_head_who_asked_is_told_the_refusal_and_its_reason(staff, published):
    staff.accept(published)
    decide = _ask_extension(staff, published)
    workflow_services.task_extension_decide(
        task=decide, by=staff.office(), approved=False, reason="Đã gia hạn một lần."
    )
    [line] = [x for x in bell(staff.head("BTCTU")) if "gia hạn" in x]
    assert line.startswith("Văn phòng Tỉnh ủy không đồng ý gia hạn: ")
    assert "hạn xử lý giữ nguyên 15/03/2030" in line
    assert "lý do: Đã gia hạn một lần." in line


def test_a_returned_report_reaches_the_officer_with_the_reason(staff, published):
    staff.accept(published)
    staff.coordinate(published, "TCT")
    staff.report(published)
    sweep()
    staff.approve(published, approved=False, reason="Thiếu số liệu quý III.")
    sweep()
    officer = staff.officer("BTCTU")
    last = bell(officer)[-1]
    assert last.startswith("Báo cáo bị trả lại: Báo cáo kết quả")
    assert "lý do: Thiếu số liệu quý III." in last
    assert not any(x.startswith("Báo cáo bị trả lại") for x in bell(officer)[:-1])


def test_the_lead_head_and_officer_are_told_when_the_office_closes(staff, published):
    staff.drive_to_close(published)
    sweep()
    for person in (staff.head("BTCTU"), staff.officer("BTCTU")):
        closing = [x for x in bell(person) if x.startswith("Nhiệm vụ đã hoàn thành")]
        assert len(closing) == 1, bell(person)
        assert "Văn phòng Tỉnh ủy đã thẩm định và kết thúc" in closing[0]
    assert not [x for x in bell(staff.head("TCT")) if x.startswith("Nhiệm vụ đã hoàn thành")]


def test_the_officer_is_told_at_once_when_chosen_even_before_the_report_step(staff, published):
    officer = staff.officer("BTCTU")
    staff.accept(published)  # TCT still coordinates: no report step yet
    assert not WorkflowTask.objects.filter(
        process_id=published.pk, flow_task=DirectiveFlow.report
    ).exists()
    [line] = bell(officer)
    assert line.startswith("Bạn được phân công thực hiện nhiệm vụ: ")
    assert "bước báo cáo kết quả sẽ mở khi các cơ quan phối hợp gửi ý kiến" in line


def test_without_coordination_the_officer_gets_the_report_task_only(staff):
    staff.head("DUK"), staff.officer("DUK")
    [process] = staff.publish(leads=["DUK"], by=staff.office(), due_date=DUE)
    staff.accept(process)
    sweep()
    assert [n.split(":")[0] for n in bell(staff.officer("DUK"))] == ["Việc mới giao cho bạn"]


def test_the_officer_preferences_are_kept(staff, published):
    officer = staff.officer("BTCTU")
    NotificationPreference.objects.create(user=officer, in_app=False, email=True)
    mail.outbox.clear()
    staff.accept(published)
    assert bell(officer) == []


def test_alerts_of_finished_tasks_leave_the_bell(staff, published):
    head = staff.head("BTCTU")
    assert unread(head) == ["Việc mới chờ nhận xử lý"]
    staff.accept(published)
    assert unread(head) == []
    staff.coordinate(published, "TCT")
    staff.report(published)
    sweep()
    assert unread(head) == ["Việc mới chờ nhận xử lý"]  # the review
    staff.approve(published)
    staff.verify(published)
    sweep()
    # only the news of the closing remains unread
    assert unread(head) == ["Nhiệm vụ đã hoàn thành"]
