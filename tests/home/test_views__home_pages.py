"""Each role lands on its own home page after signing in: what is theirs, what is due, what is
late, each row naming the notice, the item, the directive, the lead and the deadline."""

import datetime
import re

import pytest
from django.utils import timezone

from project.calendar import add_working_days
from tasks_app.models import Agency, Membership, Role
from tests.factories import UserFactory
from workflows import services

HOME = "/home/"


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def section(response, key: str) -> str:
    """The text of one block of the home page."""
    html = response.content.decode()
    match = re.search(rf'<section class="cd-card" id="{key}">(.*?)</section>', html, re.S)
    assert match, f"no section {key}"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1)))


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def work(staff, office, today):
    """Ban Tổ chức: one item late and reported (waiting for approval), one due soon in the
    queue; Đảng ủy Khối: one item with an extension request; Ban Tuyên giáo: one approved and
    waiting for the Office; and Ban Tổ chức coordinates an item led by Ban Tuyên giáo."""
    late = today - datetime.timedelta(days=4)
    [reported] = staff.publish(
        leads=["BTCTU"], by=office, due_date=late, text="Rà soát quy hoạch cán bộ nữ."
    )
    staff.accept(reported)
    staff.report(reported)
    [queued] = staff.publish(
        leads=["BTCTU"],
        by=office,
        due_date=add_working_days(today, 2),
        text="Tổng kết công tác tạo nguồn.",
    )
    [extended] = staff.publish(leads=["DUK"], by=office, due_date=today + datetime.timedelta(5))
    staff.accept(extended)
    services.extension_request(
        process=extended,
        by=staff.head("DUK"),
        due_date=today + datetime.timedelta(days=40),
        reason="Chờ lịch làm việc.",
    )
    [verify] = staff.publish(leads=["BTGTU"], by=office, due_date=today + datetime.timedelta(3))
    staff.accept(verify)
    staff.report(verify)
    staff.approve(verify)
    [coordinated] = staff.publish(leads=["BTGTU"], coordinators=["BTCTU"], by=office, due_date=late)
    staff.accept(coordinated)
    return {
        "reported": reported,
        "queued": queued,
        "extended": extended,
        "verify": verify,
        "coordinated": coordinated,
    }


@pytest.mark.django_db
def test_everyone_lands_on_the_home_page(client, staff):
    user = staff.head("BTCTU")
    response = client.post(
        "/accounts/login/", {"username": user.username, "password": "secret-pass-123"}
    )
    assert response.status_code == 302
    landing = client.get(response["Location"], follow=True)
    assert landing.request["PATH_INFO"] == HOME
    assert "Việc hôm nay" in text(landing)


@pytest.mark.django_db
def test_the_office_sees_what_waits_for_it(client, office, work, today):
    from tasks_app import services as notices
    from tests.helpers import SEED_NOTICE

    draft = notices.notice_import(
        content=SEED_NOTICE.read_bytes(), filename=SEED_NOTICE.name, by=office
    )
    client.force_login(office)
    page = client.get(HOME)

    drafts = section(page, "ban-nhap")
    assert "Thông báo số 142-TB/TU ngày 30/05/2023" in drafts
    assert f'href="/office/notice/{draft.pk}/"' in page.content.decode()
    extension = section(page, "gia-han")
    assert work["extended"].directive.notice.number in extension
    assert "Xét đề nghị gia hạn" in extension
    assert f"đề nghị gia hạn đến {today + datetime.timedelta(days=40):%d/%m/%Y}" in extension
    verification = section(page, "tham-dinh")
    assert "Thẩm định kết quả" in verification and "Ban Tuyên giáo Tỉnh ủy" in verification
    overdue = section(page, "qua-han-theo-co-quan")
    assert "Ban Tổ chức Tỉnh ủy 1" in overdue and "Ban Tuyên giáo Tỉnh ủy 1" in overdue
    assert "BTCTU" not in overdue  # names, never codes
    week = section(page, "trong-tuan")
    assert work["verify"].directive.notice.number in week
    assert work["reported"].directive.notice.number not in week  # already late: listed above


@pytest.mark.django_db
def test_a_head_sees_approvals_coordination_queue_and_what_is_due(client, staff, work, today):
    client.force_login(staff.head("BTCTU"))
    page = client.get(HOME)

    approvals = section(page, "cho-duyet")
    reported = work["reported"]
    assert f"{reported.directive.notice.number} · mục {reported.directive.ref}" in approvals
    assert "Rà soát quy hoạch cán bộ nữ." in approvals  # the directive in one line
    assert "Duyệt báo cáo" in approvals and "Quá hạn 4 ngày" in approvals
    coordination = section(page, "phoi-hop")
    assert "Phân công phối hợp" in coordination and "Ban Tuyên giáo Tỉnh ủy" in coordination
    queue = section(page, "hang-doi")
    assert "Tiếp nhận, phân công" in queue and "Còn 2 ngày làm việc" in queue
    due = section(page, "sap-den-han")
    assert work["reported"].directive.notice.number in due
    assert work["queued"].directive.notice.number in due
    # nothing of other agencies' own work
    assert work["extended"].directive.notice.number not in text(page)


@pytest.mark.django_db
def test_an_officer_sees_their_tasks_soonest_first(client, staff, office, work, today):
    [later] = staff.publish(leads=["BTCTU"], by=office, due_date=today + datetime.timedelta(30))
    staff.accept(later)
    client.force_login(staff.officer("BTCTU"))
    page = client.get(HOME)

    mine = section(page, "viec-cua-toi")
    assert "Báo cáo kết quả" in mine
    # the coordination step is not the officer's yet (the head has not chosen anyone)
    html = page.content.decode()
    order = [int(pk) for pk in re.findall(r'data-process="(\d+)" data-task=', html)]
    assert order == [later.pk]
    assert "Còn" in mine and f"{today + datetime.timedelta(30):%d/%m/%Y}" in mine


@pytest.mark.django_db
def test_an_auditor_sees_overdue_work_by_agency_with_its_history(client, registry, work):
    auditor = UserFactory(username="auditor")
    Membership.objects.create(
        user=auditor, agency=Agency.objects.get(code="UBKTTU"), role=Role.AUDITOR
    )
    client.force_login(auditor)
    page = client.get(HOME)

    assert "Ban Tổ chức Tỉnh ủy 1" in section(page, "qua-han-theo-co-quan")
    assert work["reported"].directive.notice.number in section(page, "qua-han")
    assert 'href="/reports/history/"' in page.content.decode()
    assert "Báo cáo chờ duyệt" not in text(page)  # nothing to act on


@pytest.mark.django_db
def test_a_published_notice_links_to_the_processes_of_its_leads(client, staff, office):
    processes = staff.publish(leads=["BTCTU", "BTGTU"], by=office, due_date=None)
    notice = processes[0].directive.notice
    client.force_login(office)
    page = client.get(f"/home/notices/{notice.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    for process in processes:
        assert f'href="/workflow/flows/directive/{process.pk}/"' in html
    assert "Không có hạn" in text(page)
    listing = client.get("/home/notices/")
    assert f'href="/home/notices/{notice.pk}/"' in listing.content.decode()

    # the process page links back to the notice
    process_page = client.get(f"/workflow/flows/directive/{processes[0].pk}/").content.decode()
    assert f'href="/home/notices/{notice.pk}/#muc-{processes[0].directive.ref}"' in process_page

    # a head sees the notice with only their own agency's process; an outsider does not see it
    client.force_login(staff.head("BTCTU"))
    html = client.get(f"/home/notices/{notice.pk}/").content.decode()
    assert f"/workflow/flows/directive/{processes[0].pk}/" in html
    assert f"/workflow/flows/directive/{processes[1].pk}/" not in html
    client.force_login(staff.head("DUK"))
    assert client.get(f"/home/notices/{notice.pk}/").status_code == 404
    assert client.get("/home/notices/999999/").status_code == 404
