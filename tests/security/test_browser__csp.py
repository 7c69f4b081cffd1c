"""With the Content-Security-Policy enforced, a real browser walks the main pages: no page
triggers a CSP violation, and the buttons (sign in, menus, language, claiming a step, the
error page's "back") still work."""

from __future__ import annotations

import contextlib
import datetime

import pytest
from playwright.sync_api import expect

from tests.browser_support import login, menu
from workflows.flows import DirectiveFlow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DUE = datetime.date(2030, 9, 30)

#: Collects every violation the browser reports, before any page script runs.
WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`);
});
"""


@pytest.fixture
def watched(page):
    """The page, with CSP violations collected from the console and from the DOM event."""
    page.add_init_script(WATCH)
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    page.csp_console = console
    return page


def violations(page) -> list[str]:
    found = list(page.csp_console)
    with contextlib.suppress(Exception):  # a page still navigating: the console has it too
        found += page.evaluate("window.__cspViolations || []")
    return found


def visit(page, path: str, expect_text: str = "", status: int = 200) -> None:
    response = page.goto(path)
    assert response is not None and response.status == status, (path, response and response.status)
    assert response.headers.get("content-security-policy"), path  # enforced, not report-only
    if expect_text:
        expect(page.locator("body")).to_contain_text(expect_text)
    page.wait_for_load_state("networkidle")
    assert violations(page) == [], path


def test_main_pages_raise_no_csp_violation_and_buttons_work(watched, staff, office, draft):
    page = watched
    [process] = staff.publish(leads=["DUK"], coordinators=["BTGTU"], by=office, due_date=DUE)
    accept = staff.open_task(process, DirectiveFlow.accept)

    visit(page, "/accounts/login/", "Đăng nhập")
    visit(page, "/admin/login/", "")
    login(page, staff.head("DUK"))  # the sign-in button
    assert violations(page) == []
    for path, text in (
        ("/workflow/inbox/", "Việc được giao"),
        ("/workflow/queue/", "Việc chờ nhận"),
        ("/workflow/archive/", "Việc đã xử lý"),
        ("/workflow/flows/directive/flows/", "Danh sách quy trình"),
        ("/workflow/flows/directive/", "Thực hiện nhiệm vụ"),
        (f"/workflow/flows/directive/{process.pk}/", "Tiếp nhận"),
        (f"/workflow/flows/directive/{process.pk}/accept/{accept.pk}/detail/", "Tiếp nhận"),
        (f"/workflow/flows/directive/{process.pk}/extension/", "Đề nghị gia hạn"),
        ("/workflow/groups/", ""),
        ("/reports/dashboard/", ""),
        ("/reports/history/", ""),
        (f"/reports/history/{process.directive_id}/", ""),
        ("/reports/calendar/", ""),
        ("/personal/alerts/", ""),
        ("/personal/alerts/preferences/", ""),
        ("/registry/agency/", "Cơ quan"),
    ):
        visit(page, path, text)

    # the menu drawer and the chart are drawn by the site's scripts
    expect(menu(page).locator("a.vf-page__menu-list-item").first).to_be_visible()
    page.goto(f"/workflow/flows/directive/{process.pk}/")
    chart = page.locator("img[alt^='Sơ đồ quy trình']")
    expect(chart).to_be_visible()
    assert page.evaluate("document.querySelector(\"img[alt^='Sơ đồ quy trình']\").naturalWidth") > 0

    # claiming a step: a form button handled by the page's scripts (Turbo)
    page.goto(f"/workflow/flows/directive/{process.pk}/accept/{accept.pk}/assign/")
    page.get_by_role("button", name="Nhận việc", exact=True).click()
    expect(page.locator("body")).to_contain_text("Bạn đã nhận việc")
    accept.refresh_from_db()
    assert accept.owner == staff.head("DUK")
    page.goto(f"/workflow/flows/directive/{process.pk}/accept/{accept.pk}/execute/")
    expect(page.locator("form.vf-form")).to_contain_text("Kế hoạch")
    assert violations(page) == []

    # hidden and error pages
    visit(page, f"/workflow/flows/directive/{process.pk + 1000}/", "Không tìm thấy", status=404)
    visit(page, "/office/notice/", "Không có quyền truy cập", status=403)

    # the Office's pages
    page.context.clear_cookies()
    login(page, office)
    for path, text in (
        ("/office/notice/", ""),
        (f"/office/notice/{draft.pk}/", "142-TB/TU"),
        ("/office/notice/import/", ""),
        ("/accounts/lockouts/", "Tài khoản bị tạm khóa"),
    ):
        visit(page, path, text)


SUBMIT = """([action, fields]) => {
  const form = document.createElement("form");
  form.method = "post";
  form.action = action;
  const token = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
  fields.push(["csrfmiddlewaretoken", token.split("=")[1]]);
  for (const [name, value] of fields) {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }
  document.body.appendChild(form);
  form.submit();
}"""


def test_back_buttons_and_the_language_switch_work_under_the_policy(watched, staff, office):
    page = watched
    [process] = staff.publish(leads=["DUK"], by=office, due_date=DUE)
    accept = staff.open_task(process, DirectiveFlow.accept)
    login(page, staff.head("DUK"))

    # the bulk confirmation page's Back goes back in history (its link alone would open the queue)
    page.goto("/workflow/archive/")
    page.evaluate(SUBMIT, ["/workflow/queue/assign/", [["pk", str(accept.pk)]]])
    expect(page.locator("body")).to_contain_text(f"#{process.pk}/{accept.pk}")
    page.locator(".vf-card__actions a.mdc-button").first.click()
    page.wait_for_url("**/workflow/archive/")

    # the error page's "Quay lại" too (its link alone would open the home page)
    page.evaluate(SUBMIT, ["/workflow/queue/assign/", [["pk", "abc"], ["_confirm", "1"]]])
    expect(page.locator("body")).to_contain_text("không hợp lệ")
    page.get_by_role("link", name="Quay lại").click()
    page.wait_for_url("**/workflow/archive/")

    # the language switch in the user menu (a form button)
    page.locator("button[name=language][value=en]").dispatch_event("click")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert violations(page) == []
