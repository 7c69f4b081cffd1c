"""Dates people type are bounded (notice date − 1 year … + 10 years): an out-of-range date is a
clear refusal that changes nothing, in every form and every service (the API calls them too),
and nothing downstream ever meets one."""

from __future__ import annotations

import datetime
import re

import pytest

from project.calendar import add_working_days
from project.dates import date_bounds, require_date_in_range
from project.exceptions import InvalidInput
from tasks_app import services as notice_services
from tasks_app.models import Assignment, Notice
from tests.factories import NoticeFactory
from tests.helpers import directive_post
from tests.security.conftest import BASE
from workflows import services
from workflows.flows import DirectiveFlow, ExtensionFlow
from workflows.models import ExtensionProcess

pytestmark = pytest.mark.django_db

DUE = datetime.date(2030, 9, 30)
FAR = datetime.date(9999, 12, 31)
EARLY = datetime.date(1, 1, 1)


@pytest.fixture
def process(staff, office):
    notice = NoticeFactory(date=datetime.date(2026, 5, 30))
    [process] = staff.publish(leads=["DUK"], by=office, due_date=DUE, notice=notice)
    return process


def test_bounds_follow_the_reference_day():
    assert date_bounds(reference=datetime.date(2024, 2, 29)) == (
        datetime.date(2023, 2, 28),
        datetime.date(2034, 2, 28),
    )
    assert date_bounds(reference=datetime.date(9995, 1, 1))[1] == datetime.date.max
    with pytest.raises(InvalidInput, match="31/12/9999 nằm ngoài khoảng cho phép"):
        require_date_in_range(FAR, reference=datetime.date(2026, 1, 1), label="Hạn")


def test_working_days_stop_at_the_ends_of_the_calendar():
    assert add_working_days(datetime.date(9999, 12, 28), 10) == datetime.date.max
    assert add_working_days(datetime.date(1, 1, 3), -10) == datetime.date.min


def test_an_extension_to_9999_is_refused_on_the_page_and_in_the_service(client, staff, process):
    head = staff.head("DUK")
    client.force_login(head)
    response = client.post(
        f"{BASE}/{process.pk}/extension/", {"due_date": "9999-12-31", "reason": "Chờ số liệu."}
    )
    assert response.status_code == 200  # the form again, with the reason
    assert re.search(r"quá xa|nằm ngoài khoảng cho phép", response.content.decode())
    with pytest.raises(InvalidInput) as refused:
        services.extension_request(process=process, by=head, due_date=FAR, reason="x")
    assert "due_date" in refused.value.fields
    assert not ExtensionProcess.objects.exists()
    process.refresh_from_db()
    assert process.due_date == DUE


def test_a_stored_out_of_range_request_is_refused_by_the_office_not_a_500(
    client, staff, office, process
):
    """A request stored before dates were bounded: approving it is a clear refusal and the
    request stays pending for a rejection (it used to 500 in reminder planning)."""
    extension = services.extension_request(
        process=process,
        by=staff.head("DUK"),
        due_date=DUE + datetime.timedelta(days=30),
        reason="Chờ số liệu.",
    )
    ExtensionProcess.objects.filter(pk=extension.pk).update(proposed_due_date=FAR)
    task = staff.open_task(extension, ExtensionFlow.decide)
    client.force_login(office)
    url = f"/workflow/flows/extension/{extension.pk}/decide/{task.pk}/execute/"
    client.post(f"/workflow/flows/extension/{extension.pk}/decide/{task.pk}/assign/")
    response = client.post(url, {"decision": "approve", "reason": ""})
    assert response.status_code == 200
    assert "nằm ngoài khoảng cho phép" in response.content.decode()
    process.refresh_from_db()
    assert process.due_date == DUE
    extension.refresh_from_db()
    assert extension.decision == "pending"
    services.task_extension_decide(task=task, by=office, approved=False, reason="Hạn không hợp lệ.")
    extension.refresh_from_db()
    assert extension.decision == "rejected"


@pytest.mark.parametrize("day", [FAR, EARLY])
def test_an_assignment_due_date_out_of_range_is_refused(client, office_user, seed_bytes, day):
    draft = notice_services.notice_import(content=seed_bytes, filename="tb.txt", by=office_user)
    assignment = draft.directives.get(ref="4").assignments.get()
    with pytest.raises(InvalidInput, match="nằm ngoài khoảng cho phép"):
        notice_services.assignment_save(
            directive=assignment.directive,
            assignment=assignment,
            by=office_user,
            lead_code="BTCTU",
            coordinator_codes=[],
            due_date=day,
        )
    client.force_login(office_user)
    response = client.post(
        f"/office/notice/directive/{assignment.directive.pk}/",
        directive_post(assignment.directive, **{"a0-due_date": day.isoformat()}),
    )
    assert response.status_code == 400  # the page again, with what was typed and the reason
    assert "nằm ngoài khoảng cho phép" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.due_date is None


def test_working_days_beyond_ten_years_are_refused(office_user, seed_bytes):
    draft = notice_services.notice_import(content=seed_bytes, filename="tb.txt", by=office_user)
    assignment = draft.directives.get(ref="4").assignments.get()
    with pytest.raises(InvalidInput, match="Số ngày làm việc"):
        notice_services.assignment_save(
            directive=assignment.directive,
            assignment=assignment,
            by=office_user,
            lead_code="BTCTU",
            coordinator_codes=[],
            due_working_days=10**9,
        )


def test_publishing_a_draft_with_a_stored_far_deadline_is_a_clear_refusal(
    client, office_user, seed_bytes
):
    draft = notice_services.notice_import(content=seed_bytes, filename="tb.txt", by=office_user)
    for directive in draft.directives.all():
        if not directive.assignments.exists():
            notice_services.assignment_save(
                directive=directive, by=office_user, lead_code="BTCTU", coordinator_codes=[]
            )
        notice_services.directive_update(
            directive=directive, by=office_user, text=directive.text, reviewed=True
        )
    Assignment.objects.filter(directive__notice=draft).update(due_date=EARLY)  # stored earlier
    client.force_login(office_user)
    summary = client.get(f"/office/notice/{draft.pk}/publish/")
    assert "Sửa hạn xử lý trước khi ban hành" in summary.content.decode()
    response = client.post(f"/office/notice/{draft.pk}/publish/", {"confirm": "1"})
    assert response.status_code == 400
    assert "Sửa hạn xử lý trước khi ban hành" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Notice.Status.DRAFT


def test_a_meeting_date_out_of_range_is_refused(staff, process):
    staff.accept(process, meeting=True)
    process.refresh_from_db()
    task = staff.open_task(process, DirectiveFlow.meeting)
    with pytest.raises(InvalidInput, match="Ngày họp"):
        services.task_meeting_record(
            task=task, by=process.officer, held_on=FAR, place="Hội trường", minutes="Biên bản."
        )
    task.refresh_from_db()
    assert task.status != "DONE"


def test_an_imported_deadline_out_of_range_is_left_for_review(office_user, seed_bytes):
    text = seed_bytes.decode().replace(
        "\n5. Đảng ủy Khối", " Báo cáo kết quả trước ngày 30/9/9999.\n5. Đảng ủy Khối"
    )
    assert text != seed_bytes.decode()
    draft = notice_services.notice_import(content=text.encode(), filename="tb.txt", by=office_user)
    assignments = Assignment.objects.filter(directive__notice=draft)
    assert not assignments.filter(due_date__year=9999).exists()
    flagged = draft.directives.filter(needs_review=True)
    assert any("9999" in " ".join(d.review_reasons) for d in flagged)
