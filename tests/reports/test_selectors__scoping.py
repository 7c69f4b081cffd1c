"""Who sees what: a head of the Organisation Department (BTCTU) sees its own rows, exports and
calendar, never those of the Propaganda Department (BTGTU), even where BTCTU coordinates
BTGTU's directive; each refusal is written to the audit log. Histories follow the process
pages: a coordinating head, who may open the process, may read its history."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent, EventType
from reports.services import calendar_feed_reset
from tasks_app.models import Agency, Membership, Role
from tests.factories import NoticeFactory, UserFactory
from tests.reports.pages import open_page

pytestmark = pytest.mark.django_db

DUE = datetime.date(2030, 9, 30)
DASHBOARD = "reports:dashboard:index"


@pytest.fixture
def world(staff):
    office = staff.office()
    notice = NoticeFactory(number="200-TB/TU")
    [btc] = staff.publish(
        leads=["BTCTU"],
        by=office,
        due_date=DUE,
        notice=notice,
        ref="1",
        position=1,
        text="Rà soát quy hoạch cán bộ diện Ban Thường vụ quản lý.",
    )
    [btg] = staff.publish(
        leads=["BTGTU"],
        coordinators=["BTCTU"],
        by=office,
        due_date=DUE,
        notice=notice,
        ref="2",
        position=2,
        text="Tuyên truyền kết quả Đại hội trên báo chí địa phương.",
    )
    other_notice = NoticeFactory(number="201-TB/TU")
    [btg_only] = staff.publish(
        leads=["BTGTU"],
        by=office,
        due_date=DUE,
        notice=other_notice,
        ref="1",
        position=1,
        text="Tổng kết công tác khoa giáo năm 2030.",
    )
    return {
        "office": office,
        "notice": notice,
        "other_notice": other_notice,
        "btc": btc,
        "btg": btg,
        "btg_only": btg_only,
    }


def refusals():
    return list(AuditEvent.objects.filter(event_type=EventType.REFUSED).order_by("seq"))


def timeline(process):
    return reverse("reports:history:directive", kwargs={"pk": process.directive_id})


def xlsx_leads(content: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(content)).active
    values = list(sheet.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(values) if row[0] == "STT") + 1
    return [row[3] for row in values[start:] if row[0] is not None and row[0] != "Tổng hợp"]


def test_a_head_sees_only_the_rows_of_the_agency_it_leads(client, staff, world):
    client.force_login(staff.head("BTCTU"))
    html = client.get(reverse(DASHBOARD)).content.decode()
    assert 'data-status="open_within"><span class="cd-stat__n">1<' in html
    assert '<tr data-group="BTCTU">' in html and 'data-group="BTGTU"' not in html
    assert "201-TB/TU" not in html  # a notice BTCTU has no part in is not even offered
    assert "Chỉ gồm nhiệm vụ do cơ quan của bạn chủ trì." in html

    client.force_login(world["office"])
    html = client.get(reverse(DASHBOARD)).content.decode()
    assert 'data-status="open_within"><span class="cd-stat__n">3<' in html
    assert 'data-group="BTGTU"' in html and "201-TB/TU" in html


def test_a_head_asking_for_another_agency_is_refused_and_logged(client, staff, world):
    head = staff.head("BTCTU")
    client.force_login(head)
    btg = Agency.objects.get(code="BTGTU")
    asks = [
        (reverse(DASHBOARD), {"agency": btg.pk}),
        (reverse("reports:dashboard:export_xlsx"), {"agency": btg.pk}),
        (reverse("reports:dashboard:export_pdf"), {"notice": world["other_notice"].pk}),
    ]
    for url, query in asks:
        assert open_page(client, url, query).status_code == 403, url
    logged = refusals()
    assert len(logged) == 3
    assert {e.actor_id for e in logged} == {head.pk}
    assert {e.agency_code for e in logged} == {"BTCTU"}
    assert "Ban Tuyên giáo Tỉnh ủy" in logged[0].reason
    assert logged[1].after == {"action": "report.export.xlsx"}
    assert logged[2].notice_id == world["other_notice"].pk
    assert not AuditEvent.objects.filter(event_type=EventType.EXPORTED).exists()


def test_exports_of_a_head_hold_only_its_rows(client, staff, world):
    client.force_login(staff.head("BTCTU"))
    query = {"notice": world["notice"].pk}
    response = open_page(client, reverse("reports:dashboard:export_xlsx"), query)
    assert response.status_code == 200
    assert xlsx_leads(response.content) == ["Ban Tổ chức Tỉnh ủy"]
    pdf = open_page(client, reverse("reports:dashboard:export_pdf"), query)
    assert pdf.status_code == 200
    pypdf = pytest.importorskip("pypdf", reason="pypdf (dev dependency) reads the PDF back")
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    text = " ".join(text.split())
    assert "Rà soát quy hoạch cán bộ" in text
    assert "Tuyên truyền kết quả Đại hội" not in text and "Ban Tuyên giáo" not in text
    assert "Phạm vi: Ban Tổ chức Tỉnh ủy" in text

    client.force_login(world["office"])
    office_rows = xlsx_leads(
        open_page(client, reverse("reports:dashboard:export_xlsx"), query).content
    )
    assert office_rows == ["Ban Tổ chức Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy"]


def test_timelines_open_to_those_who_may_open_the_process(client, staff, world):
    btc, btg = world["btc"], world["btg"]
    auditor = UserFactory(username="kiem_tra")
    Membership.objects.create(
        user=auditor, agency=Agency.objects.get(code="UBKTTU"), role=Role.AUDITOR
    )
    outsider = UserFactory(username="nguoi_ngoai")
    cases = [
        (staff.head("BTCTU"), btc, 200),
        (staff.head("BTCTU"), btg, 200),  # coordinating: sees the process, so its history
        (staff.head("BTGTU"), btg, 200),
        (staff.head("BTGTU"), btc, 404),  # hidden: answered like a missing directive
        (staff.deputy("BTCTU"), btc, 200),
        (staff.officer("BTCTU"), btc, 404),  # not (yet) responsible for it
        (world["office"], btg, 200),
        (auditor, btc, 200),
        (outsider, btc, 404),
    ]
    for user, process, status in cases:
        client.force_login(user)
        response = client.get(timeline(process))
        assert response.status_code == status, (user.username, process.lead.code)
    refused = refusals()
    assert len(refused) == 3
    assert refused[0].directive_id == btc.directive_id
    assert refused[0].after == {"action": f"GET {timeline(btc)}"}

    staff.accept(btc)  # BTCTU's officer becomes responsible for item 1
    client.force_login(staff.officer("BTCTU"))
    assert client.get(timeline(btc)).status_code == 200
    assert client.get(reverse(DASHBOARD)).status_code == 403  # reports are for heads


def test_a_timeline_shows_a_head_only_its_agency_part(client, staff, world):
    office = world["office"]
    notice = world["notice"]
    [btc2, _btg2] = staff.publish(
        leads=["BTCTU", "BTGTU"], by=office, due_date=DUE, notice=notice, ref="3", position=3
    )
    client.force_login(staff.head("BTCTU"))
    html = client.get(timeline(btc2)).content.decode()
    assert 'data-lead="BTCTU"' in html and 'data-lead="BTGTU"' not in html
    assert "Ban Tuyên giáo Tỉnh ủy" not in html
    client.force_login(office)
    html = client.get(timeline(btc2)).content.decode()
    assert 'data-lead="BTCTU"' in html and 'data-lead="BTGTU"' in html


def test_history_list_shows_only_directives_in_scope(client, staff, world):
    client.force_login(staff.head("BTCTU"))
    html = client.get(reverse("reports:history:index")).content.decode()
    assert "Rà soát quy hoạch cán bộ" in html
    assert "Tuyên truyền kết quả Đại hội" in html  # coordinated, so visible
    assert "201-TB/TU" not in html


def test_a_head_calendar_holds_its_own_deadlines_only(client, staff, world):
    btc_head, btg_head = staff.head("BTCTU"), staff.head("BTGTU")
    feeds = {user.username: calendar_feed_reset(user=user) for user in (btc_head, btg_head)}
    btc_feed = client.get(f"/calendar/{feeds[btc_head.username].token}.ics").content.decode()
    btg_feed = client.get(f"/calendar/{feeds[btg_head.username].token}.ics").content.decode()
    unfolded = btc_feed.replace("\r\n ", "")
    assert "200-TB/TU mục 1" in unfolded and "mục 2" not in unfolded
    assert "201-TB/TU" not in unfolded
    assert "200-TB/TU mục 2" in btg_feed.replace("\r\n ", "")
    assert "201-TB/TU mục 1" in btg_feed.replace("\r\n ", "")
