"""Notice 142-TB/TU driven through the workflow over seven months; on 20/01/2024 the Office's
dashboard, the XLSX report and the PDF report agree with each other and with the database.

The notice is published with the workflow tests' helper (``seed_notice_publish``) and each
process is moved with the workflow services, on the days written below:

=====================  ==================  ================================================
item (lead)            deadline            what happens                      → on 20/01/2024
=====================  ==================  ================================================
5 (DUK)                31/12/2023          closed 14/07/2023                 done on time
3 (BTGTU)              30/09 → 31/10/2023  extension; closed 31/10/2023      done on time
4 (BTCTU)              30/09/2023          closed 10/10/2023                 done late (10)
6 (BCSUBND)            31/12/2023          closed 31/12/2023 at 23:30        done on time
1 (BTGTU)              31/12/2023          open                              overdue (20)
2 (14 agencies)        31/12/2023          5 closed 20/12, 2 closed 05/01,   5 on time, 2 late,
                                           HU_CAIBE extended to 20/01/2024,  2 within,
                                           one extended to 31/03/2024,       5 overdue (20)
                                           5 open
7 (15 committees)      none                DUKCN cancelled, 3 closed         1 cancelled, 3 on
                                                                             time, 11 no deadline
=====================  ==================  ================================================
"""

import datetime
import hashlib
import io
import re
import unicodedata
from collections import Counter
from contextlib import contextmanager
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import AuditEvent, EventType
from audit.services import audit_verify
from reports.status import Status, closed_on, status_of
from tasks_app.models import Notice
from tests.reports.pages import open_page
from tests.workflows.test_seed_notice import seed_notice_publish
from workflows import services
from workflows.flows import ExtensionFlow
from workflows.models import DirectiveProcess

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 1, 20)
EXPECTED = {
    Status.DONE_ON_TIME: 11,
    Status.DONE_LATE: 3,
    Status.OPEN_WITHIN: 2,
    Status.OPEN_OVERDUE: 6,
    Status.NO_DEADLINE: 11,
    Status.CANCELLED: 1,
}
TITLE = "Báo cáo tiến độ thực hiện Thông báo số 142-TB/TU ngày 30/05/2023"


@contextmanager
def on(day: datetime.date, hour: int = 10, minute: int = 0):
    """Run the block as if it were ``day`` at ``hour:minute`` in Vietnam."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
    # in UTC, as Django's own now() returns it (the audit hash is taken over the stored form)
    moment = moment.astimezone(datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def extend(process, staff, office, due: datetime.date):
    extension = services.extension_request(
        process=process,
        by=staff.head(process.lead.code),
        due_date=due,
        reason="Cần thêm thời gian.",
    )
    services.task_extension_decide(
        task=staff.open_task(extension, ExtensionFlow.decide), by=office, approved=True
    )


def drive_seed_notice(staff, office) -> dict[str, dict[str, DirectiveProcess]]:
    with on(datetime.date(2023, 6, 1)):
        processes = seed_notice_publish(staff=staff, office=office)
    by_lead = {ref: {p.lead.code: p for p in ps} for ref, ps in processes.items()}
    with on(datetime.date(2023, 7, 14)):
        staff.drive_to_close(by_lead["5"]["DUK"])
    with on(datetime.date(2023, 8, 1)):
        services.process_cancel(
            process=by_lead["7"]["DUKCN"], by=office, reason="Thực hiện chung với Đảng ủy Khối."
        )
    with on(datetime.date(2023, 9, 20)):
        extend(by_lead["3"]["BTGTU"], staff, office, datetime.date(2023, 10, 31))
    with on(datetime.date(2023, 10, 10)):
        staff.drive_to_close(by_lead["4"]["BTCTU"])
    with on(datetime.date(2023, 10, 31), hour=16):
        staff.drive_to_close(by_lead["3"]["BTGTU"])
    with on(datetime.date(2023, 11, 15)):
        for code in [c for c in sorted(by_lead["7"]) if c != "DUKCN"][:3]:
            staff.drive_to_close(by_lead["7"][code])
    item2 = sorted(code for code in by_lead["2"] if code != "HU_CAIBE")
    with on(datetime.date(2023, 12, 20)):
        for code in item2[:5]:
            staff.drive_to_close(by_lead["2"][code])
        extend(by_lead["2"]["HU_CAIBE"], staff, office, TODAY)
        extend(by_lead["2"][item2[7]], staff, office, datetime.date(2024, 3, 31))
    with on(datetime.date(2023, 12, 31), hour=23, minute=30):
        staff.drive_to_close(by_lead["6"]["BCSUBND"])
    with on(datetime.date(2024, 1, 5)):
        for code in item2[5:7]:
            staff.drive_to_close(by_lead["2"][code])
    return by_lead


def database_counts() -> Counter:
    return Counter(
        status_of(
            outcome=p.outcome,
            due_date=p.due_date,
            closed_date=closed_on(p.closed_at),
            today=TODAY,
        )
        for p in DirectiveProcess.objects.all()
    )


def dashboard_counts(html: str) -> dict[str, int]:
    return {
        status: int(n)
        for status, n in re.findall(
            r'<div class="cd-stat cd-status--\w+" data-status="(\w+)">'
            r'<span class="cd-stat__n">(\d+)</span>',
            html,
        )
    }


def xlsx_rows(content: bytes) -> tuple[list[str], list[list[str]]]:
    """(header block lines, data rows as printed texts) of an exported workbook."""
    sheet = load_workbook(io.BytesIO(content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    header_index = next(i for i, row in enumerate(values) if row[0] == "STT")
    header = [str(v) for row in values[:header_index] for v in row if v]
    rows = []
    for row in values[header_index + 1 :]:
        if row[0] is None:
            break
        rows.append(
            [
                v.strftime("%d/%m/%Y") if isinstance(v, datetime.datetime) else str(v or "")
                for v in row
            ]
        )
    return header, rows


def pdf_text(content: bytes) -> str:
    pypdf = pytest.importorskip("pypdf", reason="pypdf (dev dependency) reads the PDF report back")
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def assert_in_order(text: str, pieces: list[str]) -> None:
    position = 0
    for piece in pieces:
        piece = " ".join(piece.split())
        if not piece:
            continue
        found = text.find(piece, position)
        assert found >= 0, f"{piece!r} not found after position {position}"
        position = found + len(piece)


def test_dashboard_xlsx_and_pdf_agree_with_each_other_and_the_database(client, staff):
    office = staff.office()
    drive_seed_notice(staff, office)
    notice = Notice.objects.get(number="142-TB/TU")
    assert database_counts() == Counter(EXPECTED)

    client.force_login(office)
    query = {"notice": notice.pk}
    with on(TODAY, hour=9):
        page = client.get(reverse("reports:dashboard:index"), query)
        xlsx = open_page(client, reverse("reports:dashboard:export_xlsx"), query)
        pdf = open_page(client, reverse("reports:dashboard:export_pdf"), query)
    assert page.status_code == 200
    html = page.content.decode()
    assert dashboard_counts(html) == {status.value: n for status, n in EXPECTED.items()}
    # 14 done of 33 counted (the cancelled one is left out); 11 of the 14 on time
    assert 'data-rate="completion"><span class="cd-stat__n">42,4%' in html
    assert 'data-rate="on_time"><span class="cd-stat__n">78,6%' in html
    assert "142-TB/TU" in html and "Ban Tổ chức Tỉnh ủy" in html

    # XLSX: the header block and one row per assignment
    assert xlsx.status_code == 200, xlsx.content[:300]
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in xlsx["Content-Disposition"]
    header, rows = xlsx_rows(xlsx.content)
    assert TITLE in header
    assert "VĂN PHÒNG TỈNH ỦY" in header and "TỈNH ỦY TIỀN GIANG" in header
    assert "Lập lúc 20/01/2024 09:00 bởi Office VPTU" in header
    assert len(rows) == DirectiveProcess.objects.count() == 34
    assert Counter(row[7] for row in rows) == {str(s.label): n for s, n in EXPECTED.items()}
    in_report_order = DirectiveProcess.objects.select_related("directive", "lead").order_by(
        "directive__position", "lead__code"
    )
    assert [(r[1], r[3], r[7]) for r in rows] == [
        (
            p.directive.ref,
            p.lead.name,
            str(
                status_of(
                    outcome=p.outcome,
                    due_date=p.due_date,
                    closed_date=closed_on(p.closed_at),
                    today=TODAY,
                ).label
            ),
        )
        for p in in_report_order
    ]
    by_item = {(r[1], r[3]): r for r in rows}
    assert by_item[("4", "Ban Tổ chức Tỉnh ủy")][5:9] == [
        "30/09/2023",
        "10/10/2023",
        "Hoàn thành quá hạn",
        "10",
    ]
    item3 = by_item[("3", "Ban Tuyên giáo Tỉnh ủy")]
    assert item3[5:8] == ["31/10/2023", "31/10/2023", "Hoàn thành đúng hạn"]
    assert "Gia hạn từ 30/09/2023" in item3[9]
    assert by_item[("6", "Ban Cán sự đảng Ủy ban nhân dân tỉnh")][5:8] == [
        "31/12/2023",
        "31/12/2023",
        "Hoàn thành đúng hạn",
    ]
    assert by_item[("1", "Ban Tuyên giáo Tỉnh ủy")][7:9] == ["Đang thực hiện, quá hạn", "20"]
    cancelled = [r for r in rows if r[7] == "Đã hủy"]
    assert len(cancelled) == 1 and cancelled[0][9].startswith("Hủy ngày 01/08/2023")
    assert "Ban Tổ chức Tỉnh ủy" in by_item[("1", "Ban Tuyên giáo Tỉnh ủy")][4]  # coordinator

    # PDF: the same header, the same cells in the same order, the same totals
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert TITLE in text and "VĂN PHÒNG TỈNH ỦY" in text
    assert_in_order(text, [cell for row in rows for cell in row])
    for status, n in EXPECTED.items():
        assert f"{status.label}: {n}" in text
    assert "Tỷ lệ hoàn thành: 42,4%" in text

    # each export is an audit event that names the file's hash
    exports = list(AuditEvent.objects.filter(event_type=EventType.EXPORTED).order_by("seq"))
    assert [e.after["format"] for e in exports] == ["xlsx", "pdf"]
    assert exports[0].after["sha256"] == hashlib.sha256(xlsx.content).hexdigest()
    assert exports[1].after["sha256"] == hashlib.sha256(pdf.content).hexdigest()
    assert exports[0].after["counts"] == {s.value: n for s, n in EXPECTED.items()}
    assert exports[0].after["rows"] == 34
    assert (exports[0].actor, exports[0].notice_id, exports[0].agency_code) == (
        office,
        notice.pk,
        "VPTU",
    )
    assert all(result.ok for _chain, result in audit_verify())


def test_agency_table_and_overdue_list_match_the_rows(client, staff):
    office = staff.office()
    drive_seed_notice(staff, office)
    client.force_login(office)
    with on(TODAY):
        html = client.get(reverse("reports:dashboard:index")).content.decode()
        overdue_only = client.get(
            reverse("reports:dashboard:index"), {"status": Status.OPEN_OVERDUE}
        ).content.decode()
    # the Propaganda Department leads items 1 and 3: one overdue, one done on time
    btg = re.search(r'<tr data-group="BTGTU">(.*?)</tr>', html, re.S).group(1)
    cells = dict(re.findall(r'data-status="(\w+)">(\d+)<', btg))
    assert cells["open_overdue"] == "1" and cells["done_on_time"] == "1"
    assert cells["done_late"] == "0"
    overdue_section = html.split('id="qua-han"')[1]
    assert overdue_section.count("<tr data-process=") == EXPECTED[Status.OPEN_OVERDUE]
    assert 'data-ageing="8-30"><td>8–30 ngày</td><td class="cd-num">6<' in html
    assert dashboard_counts(overdue_only) == {
        s.value: (EXPECTED[s] if s == Status.OPEN_OVERDUE else 0) for s in Status
    }
    # trend: from the first completion (07/2023) to the last deadline (03/2024, extended)
    assert "07/2023" in html and "03/2024" in html
