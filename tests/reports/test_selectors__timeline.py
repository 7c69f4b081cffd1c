"""A directive's completion history: who did what and when, deadlines before → after, reasons
for returns and cancellations, each process marked on time or late."""

import datetime
import re
from contextlib import contextmanager
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import EventType
from audit.services import audit_record, target_of
from tasks_app.models import Agency, Assignment, Directive
from tests.factories import NoticeFactory
from workflows import services
from workflows.flows import ExtensionFlow
from workflows.models import DirectiveProcess

pytestmark = pytest.mark.django_db


@contextmanager
def on(day: datetime.date, hour: int = 10, minute: int = 0):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
    with mock.patch("django.utils.timezone.now", return_value=moment.astimezone(datetime.UTC)):
        yield


def publish(office, *, leads, due, coordinators=()):
    """A draft notice with one directive, published by the Office (tasks_app.services)."""
    notice = NoticeFactory(number="142-TB/TU", date=datetime.date(2023, 5, 30))
    directive = Directive.objects.create(
        notice=notice,
        ref="4",
        position=4,
        text="Ban Tổ chức Tỉnh ủy tiếp tục theo dõi, hướng dẫn việc kết nạp đảng viên.",
    )
    for code in leads:
        assignment = Assignment.objects.create(
            directive=directive, lead=Agency.objects.get(code=code), due_date=due
        )
        assignment.coordinators.set(Agency.objects.filter(code__in=coordinators))
    with on(datetime.date(2023, 6, 1), hour=8):
        services.notice_publish(notice=notice, by=office, today=datetime.date(2023, 6, 1))
    return directive


def entries(html: str) -> list[str]:
    """The timeline as a user reads it: one line of text per entry."""
    section = html.split('id="dien-bien"')[1]
    items = re.findall(r"<li class=\"cd-kind--\w+\">(.*?)</li>", section, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]


def test_the_history_of_a_directive_returned_extended_and_closed_late(client, staff):
    office = staff.office()
    directive = publish(
        office, leads=["BTCTU"], due=datetime.date(2023, 9, 30), coordinators=["TCT"]
    )
    process = DirectiveProcess.objects.get(directive=directive)
    with on(datetime.date(2023, 6, 5)):
        staff.accept(process)
        staff.coordinate(process, "TCT", text="Trường Chính trị phối hợp.")
    with on(datetime.date(2023, 9, 20)):
        extension = services.extension_request(
            process=process,
            by=staff.head("BTCTU"),
            due_date=datetime.date(2023, 10, 5),
            reason="Chờ Ban Thường vụ cho ý kiến.",
        )
        services.task_extension_decide(
            task=staff.open_task(extension, ExtensionFlow.decide), by=office, approved=True
        )
    with on(datetime.date(2023, 10, 2)):
        staff.report(process, text="Báo cáo lần 1.")
        staff.approve(process, approved=False, reason="Bổ sung số liệu kết nạp đảng viên.")
    with on(datetime.date(2023, 10, 10), hour=15, minute=45):
        staff.report(process, text="Báo cáo lần 2.")
        staff.approve(process)
        staff.verify(process)

    client.force_login(office)
    with on(datetime.date(2024, 1, 20)):
        response = client.get(reverse("reports:history:directive", kwargs={"pk": directive.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thông báo số 142-TB/TU ngày 30/05/2023 — mục 4" in html

    row = re.search(r'<tr data-process="\d+" data-lead="BTCTU">(.*?)</tr>', html, re.S).group(1)
    cells = [
        " ".join(re.sub(r"<[^>]+>", " ", c).split())
        for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]
    assert cells[0] == "Ban Tổ chức Tỉnh ủy"
    assert cells[1] == "Trường Chính trị tỉnh"
    assert cells[3:8] == ["30/09/2023", "05/10/2023", "10/10/2023", "Hoàn thành quá hạn", "5"]

    lines = entries(html)
    text = "\n".join(lines)
    # from the audit log (hash-chained; numbered), as tasks_app records them
    assert re.search(r"01/06/2023 08:00 Phân công — .*#\d+ Office VPTU · Văn phòng Tỉnh ủy", text)
    assert re.search(r"01/06/2023 08:00 Ban hành thông báo — 142-TB/TU .*#\d+", text)
    # every workflow step, from the same log
    assert re.search(
        r"05/06/2023 10:00 Hoàn thành bước — Tiếp nhận.* — mục 4 — Ban Tổ chức Tỉnh ủy #\d+ "
        r"\S+ BTCTU · Ban Tổ chức Tỉnh ủy",
        text,
    ), text
    assert re.search(
        r"20/09/2023 10:00 Xin gia hạn — .*#\d+ .*Hạn đề nghị: 30/09/2023 → 05/10/2023 "
        r"Lý do: Chờ Ban Thường vụ cho ý kiến\.",
        text,
    )
    assert not re.search(r"Xin gia hạn — .*Hạn: ", text)  # asking does not move the deadline
    assert re.search(r"Quyết định gia hạn — .*Hạn: 30/09/2023 → 05/10/2023", text)
    assert re.search(r"Quyết định gia hạn — .*Hạn đề nghị: — → 05/10/2023", text)
    assert "proposed_due_date" not in html
    assert re.search(r"Đổi hạn — .*Hạn: 30/09/2023 → 05/10/2023", text)
    assert re.search(r"Trả lại — .*Lý do: Bổ sung số liệu kết nạp đảng viên\.", text)
    assert re.search(r"Hoàn thành nhiệm vụ — .*Kết quả: Đang thực hiện → Đã hoàn thành", text)
    assert "<directive." not in html and "&lt;directive." not in html
    # the deadline, the closure, in order
    deadline = next(i for i, line in enumerate(lines) if line.startswith("05/10/2023 Hạn xử lý"))
    assert "(hạn ban đầu 30/09/2023)" in lines[deadline]
    closure = next(i for i, line in enumerate(lines) if "Kết thúc, hoàn thành" in line)
    assert deadline < closure
    assert lines[closure].startswith("10/10/2023 15:45 Kết thúc, hoàn thành — Ban Tổ chức Tỉnh ủy")
    assert "Hoàn thành quá hạn (quá hạn 5 ngày)" in lines[closure]
    assert "Office VPTU" in lines[closure]
    times = [line[:16] for line in lines]
    assert times[0].startswith("01/06/2023")


def test_events_in_the_log_take_over_from_records_and_cancellation_reasons_show(client, staff):
    office = staff.office()
    directive = publish(office, leads=["BTCTU", "BTGTU"], due=datetime.date(2023, 9, 30))
    btc = DirectiveProcess.objects.get(directive=directive, lead__code="BTCTU")
    btg = DirectiveProcess.objects.get(directive=directive, lead__code="BTGTU")
    with on(datetime.date(2023, 9, 1)):
        # what the workflow writes to the log when a deadline moves
        audit_record(
            event_type=EventType.DEADLINE_CHANGED,
            actor=office,
            target=target_of(btc, notice_id=directive.notice_id, directive_id=directive.pk),
            before={"due_date": "2023-09-30"},
            after={"due_date": "2023-10-31"},
            reason="Văn phòng đồng ý gia hạn.",
        )
    with on(datetime.date(2023, 9, 2)):
        services.process_cancel(process=btg, by=office, reason="Đã giao Ban Tổ chức chủ trì.")

    client.force_login(office)
    with on(datetime.date(2023, 9, 10)):
        html = client.get(reverse("reports:history:directive", kwargs={"pk": directive.pk}))
    text = "\n".join(entries(html.content.decode()))
    assert re.search(
        r"01/09/2023 10:00 Đổi hạn — .*#\d+ Office VPTU · Văn phòng Tỉnh ủy "
        r"Hạn: 30/09/2023 → 31/10/2023 Lý do: Văn phòng đồng ý gia hạn\.",
        text,
    )
    assert "Xin gia hạn" not in text  # the log has the deadline category: no duplicate record
    assert re.search(
        r"02/09/2023 10:00 Hủy nhiệm vụ — Ban Tuyên giáo Tỉnh ủy Đã hủy .*"
        r"Lý do: Đã giao Ban Tổ chức chủ trì\.",
        text,
    )

    # the BTCTU head sees neither BTGTU's cancellation nor its deadline
    client.force_login(staff.head("BTCTU"))
    with on(datetime.date(2023, 9, 10)):
        html = client.get(reverse("reports:history:directive", kwargs={"pk": directive.pk}))
    text = "\n".join(entries(html.content.decode()))
    assert "Đổi hạn" in text and "Hủy nhiệm vụ" not in text
    assert "Ban Tuyên giáo" not in text


def test_refused_views_appear_in_the_office_timeline(client, staff):
    office = staff.office()
    directive = publish(office, leads=["BTCTU"], due=datetime.date(2023, 9, 30))
    client.force_login(staff.head("BTGTU"))
    url = reverse("reports:history:directive", kwargs={"pk": directive.pk})
    assert client.get(url).status_code == 404  # hidden: answered like a missing one
    client.force_login(office)
    text = "\n".join(entries(client.get(url).content.decode()))
    assert "Từ chối thao tác" in text and "Head VPTU" not in text
    assert "Head BTGTU · Ban Tuyên giáo Tỉnh ủy" in text
    assert (
        client.get(reverse("reports:history:directive", kwargs={"pk": 999999})).status_code == 404
    )
