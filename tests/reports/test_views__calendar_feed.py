"""The personal deadline calendar: a secret iCal address per user that the user can replace."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from audit.models import AuditEvent, EventType
from notifications_app.models import CalendarFeed
from reports.ical import calendar_render, escape_text, fold
from reports.selectors.calendar import CalendarItem
from reports.services import calendar_feed_reset

pytestmark = pytest.mark.django_db

DUE = datetime.date(2030, 9, 30)
PAGE = "reports:calendar:index"


def unfold(body: str) -> list[str]:
    return body.replace("\r\n ", "").split("\r\n")


def feed_path(page_html: str) -> str:
    return re.search(r"https?://[^\s<]+(/calendar/[A-Za-z0-9_-]+\.ics)", page_html).group(1)


@pytest.mark.django_db
def test_a_user_creates_subscribes_and_resets_the_address(client, staff):
    office = staff.office()
    [process] = staff.publish(
        leads=["BTCTU"],
        by=office,
        due_date=DUE,
        text="Rà soát, bổ sung quy hoạch cán bộ; báo cáo Ban Thường vụ, đúng hạn.",
    )
    head = staff.head("BTCTU")
    client.force_login(head)
    page = client.get(reverse(PAGE))
    assert page.status_code == 200
    assert "Bạn chưa có địa chỉ lịch." in page.content.decode()
    assert not CalendarFeed.objects.exists()  # looking does not create anything

    response = client.post(reverse(PAGE))
    assert response.status_code == 302
    page = client.get(reverse(PAGE)).content.decode()
    assert "Đã tạo địa chỉ lịch hạn xử lý." in page
    first = feed_path(page)
    assert client.get(reverse(PAGE)).content.decode().count(first) == 1  # stable on reload

    client.logout()  # calendar programs do not sign in
    ics = client.get(first)
    assert ics.status_code == 200
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    body = ics.content.decode("utf-8")
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    lines = unfold(body)
    assert lines.count("BEGIN:VEVENT") == 2  # the accept task and the process deadline
    assert lines.count("DTSTART;VALUE=DATE:20300930") == 2
    assert "DTEND;VALUE=DATE:20301001" in lines
    summaries = [line for line in lines if line.startswith("SUMMARY:")]
    assert f"SUMMARY:Hạn: Tiếp nhận\\, phân công — {process.directive.notice.number} mục " in (
        summaries[0] + summaries[1]
    )
    description = next(line for line in lines if line.startswith("DESCRIPTION:Tiếp nhận"))
    assert "quy hoạch cán bộ\\; báo cáo Ban Thường vụ\\, đúng hạn." in description
    assert any(line.startswith("UID:task-") for line in lines)
    assert any(line.startswith(f"UID:process-{process.pk}@") for line in lines)

    client.force_login(head)
    client.post(reverse(PAGE))
    page = client.get(reverse(PAGE)).content.decode()
    assert "Địa chỉ cũ không còn dùng được nữa." in page
    second = feed_path(page)
    assert second != first
    client.logout()
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200


@pytest.mark.django_db
def test_an_officer_calendar_follows_the_tasks_given_to_them(client, staff):
    office = staff.office()
    [process] = staff.publish(leads=["BTCTU"], by=office, due_date=DUE)
    officer = staff.officer("BTCTU")
    feed = calendar_feed_reset(user=officer)
    path = f"/calendar/{feed.token}.ics"
    assert "BEGIN:VEVENT" not in client.get(path).content.decode()
    staff.accept(process)
    lines = unfold(client.get(path).content.decode())
    assert lines.count("BEGIN:VEVENT") == 1
    assert any(line.startswith("SUMMARY:Hạn: Báo cáo kết quả") for line in lines)
    officer.is_active = False
    officer.save()
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_unknown_tokens_and_get_resets_are_refused(client, staff):
    cache.clear()
    assert client.get("/calendar/" + "x" * 43 + ".ics").status_code == 404
    assert client.get("/calendar/" + "y" * 43 + ".ics").status_code == 404
    # written to the audit log once per client address and ten minutes, not once per request
    [refusal] = AuditEvent.objects.filter(event_type=EventType.REFUSED)
    assert refusal.actor is None and refusal.after == {"action": "calendar.feed"}
    assert "127.0.0.1" in refusal.object_repr
    user = staff.head("BTCTU")
    feed = calendar_feed_reset(user=user)
    token = feed.token
    assert len(token) >= 43 and re.fullmatch(r"[A-Za-z0-9_-]+", token)
    client.force_login(user)
    client.get(reverse(PAGE))
    feed.refresh_from_db()
    assert feed.token == token
    client.logout()
    assert client.post(reverse(PAGE)).status_code in (302, 403)  # anonymous: nothing changes
    feed.refresh_from_db()
    assert feed.token == token


def test_folding_never_splits_a_character_and_unfolds_to_the_original():
    line = "SUMMARY:" + "Hạn: Báo cáo kết quả thực hiện nghị quyết, chỉ thị của Tỉnh ủy; " * 4
    folded = fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert folded.replace("\r\n ", "") == line


def test_text_values_are_escaped():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_render_is_utf8_with_crlf_lines():
    stamp = datetime.datetime(2024, 1, 20, 3, 0, tzinfo=datetime.UTC)
    body = calendar_render(
        name="Hạn xử lý — Nguyễn Văn A",
        items=[
            CalendarItem(
                uid="task-1", day=DUE, summary="Hạn: Duyệt báo cáo", description="Đủ, đúng"
            )
        ],
        stamp=stamp,
        domain="example.org",
    )
    text = body.decode("utf-8")
    assert "DTSTAMP:20240120T030000Z\r\n" in text
    assert "UID:task-1@example.org\r\n" in text
    assert "X-WR-CALNAME:Hạn xử lý — Nguyễn Văn A\r\n" in text
    assert "DESCRIPTION:Đủ\\, đúng\r\n" in text
