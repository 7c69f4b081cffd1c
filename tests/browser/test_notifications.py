"""The bell in the top bar and the signed-in user's notification list."""

import contextlib
import datetime
import re

import pytest
from django.utils import timezone
from notifications.signals import notify
from playwright.sync_api import expect

from tasks_app.models import Agency, Role
from tests.browser_support import login
from tests.factories import member

pytestmark = pytest.mark.browser

VERBS = [
    "Nhiệm vụ mục 4 sắp đến hạn",
    "Nhiệm vụ mục 2 đã quá hạn",
    "Văn phòng Tỉnh ủy đề nghị báo cáo kết quả",
]
READ = "Thông báo cũ đã đọc"
SOMEONE_ELSES = "Không phải của cán bộ này"


@pytest.fixture
def officer(office_user, head_user):
    """A BTCTU officer with three unread notifications and one read; the head has one."""
    officer = member(agency=Agency.objects.get(code="BTCTU"), role=Role.OFFICER)
    for verb in [*VERBS, READ]:
        notify.send(office_user, recipient=officer, verb=verb)
    officer.notifications.filter(verb=READ).mark_all_as_read()
    notify.send(office_user, recipient=head_user, verb=SOMEONE_ELSES)
    return officer


def test_bell_shows_the_unread_count(page, officer, head_user):
    login(page, officer)
    bell = page.locator("a.cd-bell")
    expect(bell).to_have_attribute("title", "Thông báo của tôi")
    expect(bell.locator(".cd-badge")).to_have_text("3")

    officer.notifications.mark_all_as_read()
    page.reload()
    expect(page.locator("a.cd-bell")).to_be_visible()
    expect(page.locator("a.cd-bell .cd-badge")).to_have_count(0)


def test_list_shows_them_and_mark_all_read_clears_the_count(page, officer, head_user):
    login(page, officer)
    with page.expect_response(lambda r: r.url.endswith("/personal/alerts/")) as opened:
        page.locator("a.cd-bell").click()
    assert opened.value.status == 200
    expect(page.locator("h1")).to_have_text("Thông báo của tôi")
    rows = page.locator(".cd-table tbody tr")
    expect(rows).to_have_count(4)
    for verb in VERBS:
        expect(rows.filter(has_text=verb)).to_have_class("cd-unread")
    expect(rows.filter(has_text=READ)).not_to_have_class("cd-unread")
    expect(page.locator("main")).not_to_contain_text(SOMEONE_ELSES)
    expect(page.locator("a.cd-bell .cd-badge")).to_have_text("3")

    page.get_by_role("button", name="Đánh dấu tất cả đã đọc").click()
    expect(page.locator(".cd-message--success")).to_have_text("Đã đánh dấu tất cả là đã đọc.")
    expect(page.locator("a.cd-bell")).to_be_visible()
    expect(page.locator("a.cd-bell .cd-badge")).to_have_count(0)
    expect(page.locator(".cd-table tbody tr.cd-unread")).to_have_count(0)
    expect(page.locator(".cd-table tbody tr")).to_have_count(4)
    assert officer.notifications.unread().count() == 0
    assert head_user.notifications.unread().count() == 1


def test_an_officer_is_told_in_the_bell_of_the_task_his_head_gives_him(browser, live_server, staff):
    """The head accepts a directive on its page and gives it to an officer; the officer, who has
    never been told anything, finds it in the bell and opens it from there."""
    from tests.browser.test_daily_work import pick
    from workflows.flows import DirectiveFlow

    head, officer = staff.head("BTCTU"), staff.officer("BTCTU")
    due = timezone.localdate() + datetime.timedelta(days=30)
    [process] = staff.publish(leads=["BTCTU"], by=staff.office(), due_date=due)
    accept = staff.open_task(process, DirectiveFlow.accept)
    assert not officer.notifications.exists()

    with _signed_in(browser, live_server, head) as page:
        page.goto(f"/workflow/flows/directive/{process.pk}/accept/{accept.pk}/assign/")
        page.get_by_role("button", name="Nhận việc và xử lý ngay").click()
        pick(page, "officer", f"{officer.get_full_name()} ({officer.username})")
        page.locator("textarea[name=plan]").fill("Giao chuyên viên tổng hợp.")
        page.get_by_role("button", name="Tiếp nhận và giao việc").click()
        expect(page.locator("vf-snackbar, .cd-messages").first).to_contain_text("Đã tiếp nhận")

    with _signed_in(browser, live_server, officer) as page:
        expect(page.locator("a.cd-bell .cd-badge")).to_have_text("1")
        page.locator("a.cd-bell").click()
        row = page.locator(".cd-table tbody tr.cd-unread")
        expect(row).to_have_count(1)
        expect(row).to_contain_text("Việc mới giao cho bạn")
        expect(row).to_contain_text("Báo cáo kết quả")
        expect(row).to_contain_text(due.strftime("%d/%m/%Y"))
        row.get_by_role("button", name="Mở").click()
        expect(page).to_have_url(re.compile(f"/workflow/flows/directive/{process.pk}/$"))
        expect(page.locator("a.cd-bell .cd-badge")).to_have_count(0)


@contextlib.contextmanager
def _signed_in(browser, live_server, user):
    context = browser.new_context(base_url=live_server.url, locale="vi-VN")
    context.set_default_timeout(10_000)
    try:
        yield login(context.new_page(), user)
    finally:
        context.close()
