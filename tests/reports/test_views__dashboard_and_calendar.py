"""The dashboard's buttons and links, and the month calendar of deadlines."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone

DASHBOARD = "/reports/dashboard/"
CALENDAR = "/reports/calendar/"


class Forms(HTMLParser):
    """Which form each button and field belongs to (a button inside a nested <form> belongs to
    the outer one in a browser, so nesting is what this catches)."""

    def __init__(self):
        super().__init__()
        self.stack: list[dict] = []
        self.forms: list[dict] = []
        self.nested = False
        self.in_icon = False  # material icons are ligatures ("download"), not words

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if self.stack:
                self.nested = True
            form = {"method": attrs.get("method", "get"), "action": attrs.get("action", "")}
            form["buttons"], form["fields"] = [], []
            self.stack.append(form)
            self.forms.append(form)
        elif tag == "i":
            self.in_icon = True
        elif self.stack and tag == "button":
            self.stack[-1]["buttons"].append("")
        elif self.stack and tag in ("input", "select"):
            self.stack[-1]["fields"].append(attrs.get("name"))

    def handle_data(self, data):
        if self.stack and self.stack[-1]["buttons"] and data.strip() and not self.in_icon:
            self.stack[-1]["buttons"][-1] += data.strip()

    def handle_endtag(self, tag):
        if tag == "i":
            self.in_icon = False
        if tag == "form" and self.stack:
            self.stack.pop()


def forms_of(html: str) -> Forms:
    parser = Forms()
    parser.feed(html)
    return parser


@pytest.mark.django_db
def test_the_export_buttons_are_forms_of_their_own_and_filters_go_by_get(client, staff, office):
    [process] = staff.publish(
        leads=["BTCTU"], by=office, due_date=timezone.localdate() - datetime.timedelta(days=2)
    )
    client.force_login(office)
    html = client.get(DASHBOARD).content.decode()
    parsed = forms_of(html)

    assert not parsed.nested
    [filters] = [f for f in parsed.forms if f["method"] == "get" and "agency" in f["fields"]]
    assert "csrfmiddlewaretoken" not in filters["fields"]
    exports = {f["buttons"][0]: f for f in parsed.forms if f["method"] == "post" and f["buttons"]}
    xlsx = exports["Xuất báo cáo Excel (XLSX)"]
    pdf = exports["Xuất báo cáo PDF"]
    assert xlsx["action"].startswith("/reports/dashboard/export/xlsx/")
    assert pdf["action"].startswith("/reports/dashboard/export/pdf/")
    assert "csrfmiddlewaretoken" in xlsx["fields"]

    # the overdue table leads to the process itself, and to its history
    row = re.search(rf'<tr data-process="{process.pk}">(.*?)</tr>', html, re.S).group(1)
    assert f'href="/workflow/flows/directive/{process.pk}/"' in row
    assert f'href="/reports/history/{process.directive_id}/"' in row


@pytest.mark.django_db
def test_agencies_are_named_not_coded_and_in_vietnamese_order(client, staff, office):
    for lead in ("HU_CAIBE", "HU_CHOGAO", "DUK", "VPTU"):
        staff.publish(leads=[lead], by=office, due_date=None)
    client.force_login(office)
    html = client.get(DASHBOARD).content.decode()
    table = html[html.index('id="theo-co-quan"') :]
    names = ["Đảng ủy Khối", "Huyện ủy Cái Bè", "Huyện ủy Chợ Gạo", "Văn phòng Tỉnh ủy"]
    positions = [table.index(name) for name in names]
    assert positions == sorted(positions)
    text = re.sub(r"<[^>]+>", " ", table)
    assert not re.search(r"\bHU_[A-Z]+\b|\bDUK\b", text)
    select = re.search(r'<select name="agency"[^>]*>(.*?)</select>', html, re.S).group(1)
    options = re.findall(r">([^<]+)</option>", select)[1:]
    assert options == [
        "Đảng ủy Khối cơ quan và doanh nghiệp tỉnh",
        "Huyện ủy Cái Bè",
        "Huyện ủy Chợ Gạo",
        "Văn phòng Tỉnh ủy",
    ]


@pytest.mark.django_db
def test_the_office_sees_every_open_deadline_in_a_month_calendar(client, staff, office, settings):
    settings.ALLOWED_HOSTS = ["chidao.example.vn"]
    today = timezone.localdate()
    late = today - datetime.timedelta(days=3)
    [process] = staff.publish(leads=["BTCTU"], by=office, due_date=late)
    client.force_login(office)

    page = client.get(CALENDAR, {"month": f"{late:%Y-%m}"}, HTTP_HOST="chidao.example.vn")
    html = page.content.decode()
    assert f"Tháng {late.month} năm {late.year}" in html
    for day in ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"):
        assert f'<th scope="col">{day}</th>' in html
    cell = re.search(rf'data-day="{late:%Y-%m-%d}">(.*?)</td>', html, re.S).group(1)
    assert f"/workflow/flows/directive/{process.pk}/" in cell
    assert "Quá hạn" in cell  # said in words, not only in red
    assert "Không có hạn xử lý nào trong tháng này." not in html
    previous = (late.replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")
    assert f'href="?month={previous}"' in html

    client.post(CALENDAR, HTTP_HOST="chidao.example.vn")
    page = client.get(CALENDAR, HTTP_HOST="chidao.example.vn").content.decode()
    assert re.search(r"http://chidao\.example\.vn/calendar/[A-Za-z0-9_-]+\.ics", page)


@pytest.mark.django_db
def test_a_month_out_of_range_shows_the_current_month(client, staff):
    client.force_login(staff.head("BTCTU"))
    today = timezone.localdate()
    for bad in ("2026-13", "abc", "-1", "99999-01"):
        page = client.get(CALENDAR, {"month": bad})
        assert page.status_code == 200, bad
        assert f"Tháng {today.month} năm {today.year}" in page.content.decode(), bad


@pytest.mark.django_db
def test_a_month_beyond_the_calendar_years_is_refused_in_words_and_never_offered(client, staff):
    client.force_login(staff.head("BTCTU"))
    today = timezone.localdate()
    for far in ("0001-01", "0001-02", "1900-01", "9999-12"):
        page = client.get(CALENDAR, {"month": far})
        assert page.status_code == 200, far
        html = page.content.decode()
        assert f"Tháng {today.month} năm {today.year}" in html, far
        assert "Chỉ xem được lịch từ tháng" in html, far

    earliest = today.replace(year=today.year - 21, day=1)
    latest = today.replace(year=today.year + 11, day=1)
    html = client.get(CALENDAR, {"month": f"{earliest:%Y-%m}"}).content.decode()
    assert f"Tháng {earliest.month} năm {earliest.year}" in html
    assert 'rel="prev"' not in html and 'rel="next"' in html
    html = client.get(CALENDAR, {"month": f"{latest:%Y-%m}"}).content.decode()
    assert f"Tháng {latest.month} năm {latest.year}" in html
    assert 'rel="next"' not in html and 'rel="prev"' in html
    assert "Chỉ xem được lịch" not in html
