"""Reports at years of notices: the dashboard's table by notice a page at a time, the notice
filter a text box offering the latest notices (not a list of every notice), the calendar
reading only its month."""

import datetime
import re

import pytest
from django.utils import timezone

from reports.selectors import dashboard
from reports.selectors.calendar import calendar_items

DASHBOARD = "/reports/dashboard/"

pytestmark = pytest.mark.django_db


def notice_rows(html: str) -> list[str]:
    table = html[html.index('id="theo-thong-bao"') : html.index('id="theo-co-quan"')]
    return [n.strip() for n in re.findall(r'<tr data-group="[^"]+">\s*<td>([^<]+)', table)]


def test_the_table_by_notice_is_paged_latest_first_then_by_number(
    client, staff, office, monkeypatch
):
    monkeypatch.setattr(dashboard, "NOTICES_PER_PAGE", 2)
    processes = [staff.publish(leads=["BTCTU"], by=office, due_date=None)[0] for _ in range(3)]
    numbers = [p.directive.notice.number for p in processes]
    client.force_login(office)

    first = client.get(DASHBOARD).content.decode()
    assert notice_rows(first) == sorted(numbers)[:2]  # published the same day
    assert "Trang 1/2" in first
    assert 'href="?trang=2"' in first
    # the totals still count every notice
    assert re.search(r'data-status="no_deadline"><span class="cd-stat__n">3<', first)

    second = client.get(DASHBOARD, {"trang": "2"}).content.decode()
    assert len(notice_rows(second)) == 1
    # past the end: the last page; not a number: the first
    assert notice_rows(client.get(DASHBOARD, {"trang": "99"}).content.decode()) == notice_rows(
        second
    )
    assert notice_rows(client.get(DASHBOARD, {"trang": "abc"}).content.decode()) == notice_rows(
        first
    )


def test_the_notice_is_typed_by_its_number_with_the_latest_offered(client, staff, office):
    one = staff.publish(leads=["BTCTU"], by=office, due_date=None)[0].directive.notice
    two = staff.publish(leads=["BTGTU"], by=office, due_date=None)[0].directive.notice
    client.force_login(office)

    html = client.get(DASHBOARD).content.decode()
    assert '<select name="notice"' not in html
    assert re.search(r'<input type="text" name="notice"[^>]*list="id_notice-goi-y"', html)
    offered = re.search(r'<datalist id="id_notice-goi-y">(.*?)</datalist>', html, re.S).group(1)
    assert f'value="{one.number}"' in offered and f'value="{two.number}"' in offered

    by_number = client.get(DASHBOARD, {"notice": two.number}).content.decode()
    assert notice_rows(by_number) == [two.number]
    by_id = client.get(DASHBOARD, {"notice": two.pk}).content.decode()
    assert notice_rows(by_id) == [two.number]
    assert f'value="{two.number}"' in by_id  # the box shows the number, not the id

    unknown = client.get(DASHBOARD, {"notice": "999-TB/XX"})
    assert unknown.status_code == 400
    assert "Không có thông báo số 999-TB/XX." in unknown.content.decode()


def test_the_history_list_takes_a_notice_number_and_offers_the_latest(client, staff, office):
    one = staff.publish(leads=["BTCTU"], by=office, due_date=None)[0].directive
    two = staff.publish(leads=["BTGTU"], by=office, due_date=None)[0].directive
    client.force_login(office)

    html = client.get("/reports/history/").content.decode()
    assert '<select name="notice"' not in html
    offered = re.search(r'<datalist id="id_notice-goi-y">(.*?)</datalist>', html, re.S).group(1)
    assert f'value="{one.notice.number}"' in offered and f'value="{two.notice.number}"' in offered

    by_number = client.get("/reports/history/", {"notice": two.notice.number}).content.decode()
    assert f"/reports/history/{two.pk}/" in by_number
    assert f"/reports/history/{one.pk}/" not in by_number
    assert f'value="{two.notice.number}"' in by_number


def test_the_calendar_reads_its_month_and_still_counts_every_missed_deadline(client, staff, office):
    today = timezone.localdate()
    [late] = staff.publish(leads=["BTCTU"], by=office, due_date=today - datetime.timedelta(days=40))
    [later] = staff.publish(
        leads=["BTGTU"], by=office, due_date=today + datetime.timedelta(days=365)
    )
    client.force_login(office)

    html = client.get("/reports/calendar/").content.decode()
    assert f"/workflow/flows/directive/{later.pk}/" not in html
    assert f"/workflow/flows/directive/{late.pk}/" not in html  # another month
    missed = sum(1 for item in calendar_items(user=office) if item.day < today)
    assert missed >= 1
    assert f"{missed} hạn đã qua mà việc chưa xong" in html

    next_year = client.get("/reports/calendar/", {"month": f"{later.due_date:%Y-%m}"})
    assert f"/workflow/flows/directive/{later.pk}/" in next_year.content.decode()
