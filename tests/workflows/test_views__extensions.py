"""Extensions through the pages: a pending request is shown and blocks a second one up front;
the Office grants the proposed date or another one (with a reason), or refuses."""

import datetime
import html
import re

import pytest

from audit.models import AuditEvent, EventType
from notifications_app.models import TaskAlert
from workflows import services
from workflows.flows import DirectiveFlow, ExtensionFlow
from workflows.models import DirectiveProcess, ExtensionDecision, ExtensionProcess, WorkflowTask
from workflows.selectors import OPEN_TASK_STATUSES

DUE = datetime.date(2030, 9, 30)
PROPOSED = datetime.date(2030, 12, 31)
BASE = "/workflow/flows/directive"


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def process(staff, office):
    [process] = staff.publish(leads=["DUK"], by=office, due_date=DUE)
    staff.accept(process)
    return process


@pytest.fixture
def requested(staff, process):
    return services.extension_request(
        process=process, by=staff.head("DUK"), due_date=PROPOSED, reason="Chờ số liệu quý IV."
    )


def open_task(process, node) -> WorkflowTask:
    return WorkflowTask.objects.get(
        process_id=process.pk, flow_task=node, status__in=OPEN_TASK_STATUSES
    )


def decide_url(extension, task) -> str:
    return f"/workflow/flows/extension/{extension.pk}/decide/{task.pk}/execute/"


@pytest.fixture
def decide(staff, office, requested):
    """The Office took the decision from its queue; returns the page's address."""
    task = staff.open_task(requested, ExtensionFlow.decide)
    services.task_claim(task=task, by=office)
    return decide_url(requested, task)


@pytest.mark.django_db
def test_a_pending_request_is_shown_and_no_second_form_is_offered(client, staff, process):
    client.force_login(staff.head("DUK"))
    page = client.get(f"{BASE}/{process.pk}/")
    assert f'href="{BASE}/{process.pk}/extension/"' in page.content.decode()
    client.post(
        f"{BASE}/{process.pk}/extension/",
        {"due_date": "2030-12-31", "reason": "Chờ số liệu quý IV."},
    )

    page = text(client.get(f"{BASE}/{process.pk}/"))
    assert "Đề nghị gia hạn đang chờ Văn phòng Tỉnh ủy xem xét" in page
    assert "Hạn đề nghị: 31/12/2030" in page and "Chờ số liệu quý IV." in page
    html = client.get(f"{BASE}/{process.pk}/").content.decode()
    assert f'href="{BASE}/{process.pk}/extension/"' not in html

    again = client.get(f"{BASE}/{process.pk}/extension/", follow=True)
    assert again.redirect_chain[-1][0] == f"{BASE}/{process.pk}/"
    assert "Đề nghị gia hạn đến 31/12/2030 đang chờ Văn phòng Tỉnh ủy xem xét" in text(again)
    assert "<textarea" not in again.content.decode()  # no form to fill in
    assert ExtensionProcess.objects.filter(directive_process=process).count() == 1


@pytest.mark.django_db
def test_the_office_grants_another_date_with_a_reason(client, office, process, requested, decide):
    client.force_login(office)
    page = client.get(decide)
    assert 'value="2030-12-31"' in page.content.decode()  # the proposed date, to change
    assert "Đồng ý gia hạn" in text(page) and "Không đồng ý" in text(page)

    granted = {"decision": "approve", "due_date": "2030-11-30", "reason": "Đủ để tổng hợp."}
    response = client.post(decide, granted, follow=True)

    assert "Đã đồng ý gia hạn nhiệm vụ" in text(response) and "đến 30/11/2030" in text(response)
    requested.refresh_from_db()
    assert requested.decision == ExtensionDecision.APPROVED
    assert requested.granted_due_date == datetime.date(2030, 11, 30)
    assert requested.proposed_due_date == PROPOSED
    assert DirectiveProcess.objects.get(pk=process.pk).due_date == datetime.date(2030, 11, 30)
    report = open_task(process, DirectiveFlow.report)
    assert report.due_date == datetime.date(2030, 11, 30)
    # reminders follow the new date
    alert = TaskAlert.objects.get(task_id=report.pk)
    assert alert.due_date == datetime.date(2030, 11, 30) and alert.next_at is not None
    event = AuditEvent.objects.filter(event_type=EventType.EXTENSION_DECIDED).get()
    assert event.after["due_date"] == "2030-11-30"
    assert event.after["proposed_due_date"] == "2030-12-31"
    assert event.reason == "Đủ để tổng hợp."
    page = text(client.get(f"{BASE}/{process.pk}/"))
    assert "Đồng ý gia hạn" in page and "(đến 30/11/2030)" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"decision": "approve", "due_date": "2030-11-30", "reason": ""},
            "Cần nêu lý do khi gia hạn đến ngày khác ngày đề nghị.",
        ),
        (
            {"decision": "approve", "due_date": "2030-09-01", "reason": "Sớm hơn."},
            "Hạn gia hạn phải sau hạn xử lý hiện nay (30/09/2030).",
        ),
        (
            {"decision": "approve", "due_date": "2040-01-01", "reason": "Rất xa."},
            "Hạn gia hạn quá xa",
        ),
        ({"decision": "reject", "reason": ""}, "Cần nêu lý do không đồng ý gia hạn."),
    ],
)
def test_a_bad_decision_is_explained_and_changes_nothing(
    client, office, process, requested, decide, data, message
):
    client.force_login(office)
    response = client.post(decide, data)

    assert response.status_code == 200
    # shown above the form or on its field (field errors are attributes of the field element)
    assert message in html.unescape(response.content.decode())
    requested.refresh_from_db()
    assert requested.decision == ExtensionDecision.PENDING
    assert DirectiveProcess.objects.get(pk=process.pk).due_date == DUE


@pytest.mark.django_db
def test_granting_as_proposed_needs_no_reason(client, office, process, requested, decide):
    client.force_login(office)
    client.post(decide, {"decision": "approve", "due_date": "2030-12-31", "reason": ""})
    requested.refresh_from_db()
    assert requested.granted_due_date == PROPOSED
    assert DirectiveProcess.objects.get(pk=process.pk).due_date == PROPOSED
