"""Day-to-day work in a real browser: each role lands on its home page, sees what is late, acts
with buttons that name the action; the dashboard's exports download; extensions."""

import datetime
import io
import re

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from tasks_app.models import Agency, Membership, Role
from tests.browser.daily import lived_in
from tests.browser_support import login
from tests.factories import UserFactory
from workflows.models import DirectiveProcess, ExtensionDecision

pytestmark = pytest.mark.browser


def pick(page, name: str, label: str) -> None:
    """Choose ``label`` in the Material select ``name`` (a list that opens on click)."""
    field = page.locator(f"vf-field-select[name={name}]")
    field.locator(".mdc-select__anchor").click()
    field.get_by_role("option", name=label).click()
    expect(field.locator(f"input[name={name}]")).not_to_have_value("")


@pytest.fixture
def work(staff):
    return lived_in(staff)


def test_the_office_exports_the_dashboard_as_xlsx_and_pdf(page, staff, work):
    login(page, staff.office())
    expect(page.locator("h1")).to_contain_text("Chào Chuyên viên Văn phòng Tỉnh ủy")
    page.get_by_role("link", name="Báo cáo, kiểm tra").click()
    expect(page.locator("h1")).to_have_text("Thống kê tiến độ thực hiện nhiệm vụ")

    # filtering goes by GET and carries no token in the address
    page.locator("select[name=agency]").select_option(label="Ban Tổ chức Tỉnh ủy")
    page.get_by_role("button", name="Lọc").click()
    expect(page).to_have_url(re.compile(r"agency=\d+"))
    assert "csrfmiddlewaretoken" not in page.url
    overdue = page.locator("#qua-han tbody tr")
    expect(overdue).to_have_count(1)
    expect(overdue.get_by_role("link", name="Quy trình")).to_have_attribute(
        "href", f"/workflow/flows/directive/{work['late'].pk}/"
    )

    with page.expect_download() as xlsx_download:
        page.get_by_role("button", name="Xuất báo cáo Excel (XLSX)").click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    with open(xlsx_download.value.path(), "rb") as xlsx:
        sheet = openpyxl.load_workbook(io.BytesIO(xlsx.read())).active
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "Ban Tổ chức Tỉnh ủy" in cells
    assert work["late"].directive.notice.number in cells
    assert "Đảng ủy Khối" not in cells  # the filter applies to the export

    with page.expect_download() as pdf_download:
        page.get_by_role("button", name="Xuất báo cáo PDF").click()
    assert pdf_download.value.suggested_filename.endswith(".pdf")
    with open(pdf_download.value.path(), "rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Phạm vi: Ban Tổ chức Tỉnh ủy" in text
    assert "Rà soát, bổ sung quy hoạch cán bộ nữ, cán bộ trẻ" in text
    assert "Đang thực hiện, quá hạn" in text
    expect(page.locator("h1")).to_have_text("Thống kê tiến độ thực hiện nhiệm vụ")  # still here


def test_a_head_sees_the_overdue_badge_and_takes_work_from_the_queue(page, staff, work):
    login(page, staff.head("BTCTU"))
    expect(page.locator("#cho-duyet, #phoi-hop").first).to_be_visible()  # the home page
    expect(page.locator("#phoi-hop")).to_contain_text("Phân công phối hợp")
    expect(page.locator("#sap-den-han")).to_contain_text("Quá hạn 3 ngày")

    page.get_by_role("link", name="Quy trình xử lý").click()
    page.get_by_role("link", name=re.compile("^Việc chờ nhận")).click()
    expect(page.locator(".vf-card__title")).to_have_text("Việc chờ nhận")
    rows = page.locator("table.cd-worklist tbody tr")
    expect(rows).to_have_count(2)
    soon = rows.first  # soonest deadline first
    expect(soon).to_contain_text("Tiếp nhận, phân công")
    expect(soon.locator("[data-deadline]")).to_have_text(re.compile("Còn 2 ngày làm việc"))

    page.get_by_label("Hạn xử lý").select_option(label="Sắp đến hạn (trong 3 ngày làm việc)")
    page.get_by_role("button", name="Lọc").click()
    expect(rows).to_have_count(1)
    rows.first.get_by_role("link", name="Tiếp nhận, phân công").click()
    page.get_by_role("button", name="Nhận việc và xử lý ngay").click()
    expect(page.get_by_role("button", name="Tiếp nhận và giao việc")).to_be_visible()
    officer = staff.officer("BTCTU")
    pick(page, "officer", f"{officer.get_full_name()} ({officer.username})")
    page.locator("textarea[name=plan]").fill("Tổng hợp số liệu từ các huyện ủy.")
    page.get_by_role("button", name="Tiếp nhận và giao việc").click()
    label = f"{work['soon'].directive.notice.number} mục {work['soon'].directive.ref}"
    expect(page.locator("vf-snackbar, .cd-messages").first).to_contain_text(
        f"Đã tiếp nhận nhiệm vụ {label}"
    )


def test_the_overdue_badge_in_the_officers_work(page, staff, work):
    login(page, staff.officer("BTCTU"))
    mine = page.locator("#viec-cua-toi")
    expect(mine).to_contain_text("Báo cáo kết quả")
    badge = mine.locator('[data-deadline="overdue"]')
    expect(badge).to_have_text("errorQuá hạn 3 ngày")  # an icon and words, not a colour alone
    expect(badge.locator("i.material-icons")).to_have_text("error")
    due = work["late"].due_date
    expect(mine).to_contain_text(f"{due:%d/%m/%Y}")


def test_an_officer_on_a_phone_reads_cards_and_reports(browser, live_server, staff, work):
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    try:
        login(page, staff.officer("BTCTU"))
        page.goto("/workflow/inbox/")
        row = page.locator("table.cd-worklist tbody tr").first
        expect(row).to_contain_text("Quá hạn 3 ngày")
        assert row.evaluate("r => getComputedStyle(r).display") == "block"  # a card
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing cut off
        box = row.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        expect(row.locator("td[data-label='Nhiệm vụ']")).to_contain_text(
            work["late"].directive.notice.number
        )

        row.get_by_role("link", name="Báo cáo kết quả").click()
        submit = page.get_by_role("button", name="Gửi báo cáo")
        expect(submit).to_be_visible()
        button = submit.bounding_box()
        assert button["x"] >= 0 and button["x"] + button["width"] <= 390
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.locator("textarea[name=text]").fill("Đã rà soát 120 hồ sơ quy hoạch.")
        submit.click()
        expect(page.locator("vf-snackbar, .cd-messages").first).to_contain_text(
            "Đã gửi báo cáo kết quả nhiệm vụ"
        )
    finally:
        context.close()


def wider_than_the_screen(page) -> list[str]:
    """What sticks out past the right edge of the screen (empty when the page fits)."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const out = [];
          if (document.documentElement.scrollWidth > width) {
            const sticksOut = (el) => {
              const box = el.getBoundingClientRect();
              const inner = el.closest(".cd-scroll, .cd-process-chart");
              return box.width && box.right > width + 1 && !inner;
            };
            for (const el of document.querySelectorAll("body *")) {
              // the innermost culprits: sticking out, with no child that does
              if (sticksOut(el) && ![...el.children].some(sticksOut)) {
                const right = Math.round(el.getBoundingClientRect().right);
                out.push(`${el.tagName}.${el.className} ${right}`);
              }
            }
            out.unshift(`scrollWidth ${document.documentElement.scrollWidth}`);
          }
          return out.slice(0, 40);
        }"""
    )


def test_reports_and_office_pages_fit_a_phone(browser, live_server, staff, work):
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    try:
        login(page, staff.office())
        late = work["late"]
        for path in (
            "/reports/dashboard/",
            f"/reports/history/{late.directive_id}/",
            "/office/notice/",
            f"/workflow/flows/directive/{late.pk}/",
        ):
            page.goto(path)
            wide = wider_than_the_screen(page)
            assert wide == [], f"{path}: {wide}"
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        # the history's tables scroll inside their own box, columns not squeezed to a word
        page.goto(f"/reports/history/{late.directive_id}/")
        table = page.locator("#co-quan .cd-scroll")
        assert table.evaluate("el => getComputedStyle(el).overflowX") == "auto"
        # the process diagram stays within its box
        page.goto(f"/workflow/flows/directive/{late.pk}/")
        chart = page.locator(".cd-process-chart").first
        if chart.count():
            box = chart.bounding_box()
            assert box["x"] + box["width"] <= 390
    finally:
        context.close()


def test_a_pending_extension_is_shown_and_the_office_grants_another_date(page, staff, work):
    process = work["late"]
    today = timezone.localdate()
    proposed = today + datetime.timedelta(days=30)
    granted = today + datetime.timedelta(days=20)
    login(page, staff.head("BTCTU"))
    page.goto(f"/workflow/flows/directive/{process.pk}/")
    page.get_by_role("link", name="Đề nghị gia hạn").click()
    page.locator("input[name=due_date]").fill(f"{proposed:%Y-%m-%d}")
    page.locator("textarea[name=reason]").fill("Chờ kết quả rà soát của các huyện ủy.")
    page.get_by_role("button", name="Gửi đề nghị gia hạn").click()
    pending = page.locator("#gia-han-dang-cho")
    expect(pending).to_contain_text("Đề nghị gia hạn đang chờ Văn phòng Tỉnh ủy xem xét")
    expect(pending).to_contain_text(f"Hạn đề nghị: {proposed:%d/%m/%Y}")
    expect(page.get_by_role("link", name="Đề nghị gia hạn")).to_have_count(0)

    page.context.clear_cookies()
    login(page, staff.office())
    request = page.locator("#gia-han tbody tr")
    expect(request).to_contain_text(f"đề nghị gia hạn đến {proposed:%d/%m/%Y}")
    request.get_by_role("link", name="Xét đề nghị gia hạn").click()
    page.get_by_role("button", name="Nhận việc và xử lý ngay").click()
    date_input = page.locator("input[name=due_date]")
    expect(date_input).to_have_value(f"{proposed:%Y-%m-%d}")
    date_input.fill(f"{granted:%Y-%m-%d}")
    page.locator("textarea[name=reason]").fill("Đủ thời gian tổng hợp; cần báo cáo trước kỳ họp.")
    page.get_by_role("button", name="Đồng ý gia hạn").click()
    expect(page.locator("vf-snackbar, .cd-messages").first).to_contain_text(
        f"đến {granted:%d/%m/%Y}"
    )
    process = DirectiveProcess.objects.get(pk=process.pk)
    assert process.due_date == granted
    assert process.extensions.get().decision == ExtensionDecision.APPROVED

    page.goto(f"/workflow/flows/directive/{process.pk}/")
    expect(page.locator("#gia-han")).to_contain_text(f"(đến {granted:%d/%m/%Y})")


def test_an_auditor_reads_but_is_never_offered_a_form(page, registry, staff, work):
    auditor = UserFactory(username="ubkttu_kiemtra", first_name="Cán bộ", last_name="Kiểm tra")
    Membership.objects.create(
        user=auditor, agency=Agency.objects.get(code="UBKTTU"), role=Role.AUDITOR
    )
    login(page, auditor)
    overdue = page.locator("#qua-han-theo-co-quan")
    expect(overdue).to_contain_text("Ban Tổ chức Tỉnh ủy")
    expect(page.get_by_role("link", name="Lịch sử hoàn thành")).to_be_visible()
    page.locator("#qua-han").get_by_role("link").first.click()
    expect(page.locator(".vf-card__title").first).to_contain_text("Ban Tổ chức Tỉnh ủy")
    expect(page.get_by_role("link", name="Đề nghị gia hạn")).to_have_count(0)

    response = page.goto(f"/workflow/flows/directive/{work['late'].pk}/extension/")
    assert response.status == 403
    expect(page.locator("textarea")).to_have_count(0)
    expect(page.locator("body")).to_contain_text("đề nghị gia hạn")
