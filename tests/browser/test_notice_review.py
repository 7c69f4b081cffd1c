"""The Office imports a conclusion notice and reviews its draft, in a real browser: one form per
directive, the coordinators picked with the keyboard, deletions confirmed."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tasks_app import services
from tasks_app.models import Assignment, Directive, ImportJob, Notice
from tests.browser_support import SEED, login, menu

pytestmark = pytest.mark.browser


def _card(page, ref):
    return page.locator(f"#muc-{ref}")


def _assignment(card, n):
    """The n-th assignment (1-based) of a directive's form."""
    return card.locator("fieldset.cd-assignment").nth(n - 1)


def _chosen(picker) -> list[str]:
    return sorted(picker.locator("input[type=checkbox]:checked + span").all_inner_texts())


def _picker(block):
    return block.get_by_role("group", name="Cơ quan phối hợp")


def _open_review(page, office_user, notice):
    login(page, office_user)
    page.goto(f"/office/notice/{notice.pk}/")
    expect(page.locator("h1")).to_have_text(notice.heading)
    page.evaluate("document.fonts.ready")


def test_office_uploads_the_seed_and_reviews_each_directive_beside_its_source(page, office_user):
    login(page, office_user)
    menu(page).get_by_role("link", name="Văn phòng Tỉnh ủy").click()
    expect(page.locator("h1")).to_have_text("Thông báo kết luận")
    expect(page.get_by_text("Chưa có thông báo nào.")).to_be_visible()

    page.get_by_role("link", name="Nhập thông báo mới").click()
    expect(page.locator("h1")).to_have_text("Nhập thông báo kết luận")
    page.get_by_label("Tệp thông báo").set_input_files(SEED)
    page.get_by_role("button", name="Đọc và dựng bản nháp").click()

    expect(page.locator("h1")).to_have_text("Thông báo số 142-TB/TU — 30/05/2023")
    notice = Notice.objects.get(number="142-TB/TU")
    assert page.url.endswith(f"/office/notice/{notice.pk}/")
    expect(page.locator(".cd-messages")).to_contain_text(
        "Đã nhập thông báo 142-TB/TU: 7 nhiệm vụ. Hãy rà soát trước khi ban hành."
    )
    expect(page.get_by_text("Người ký: Phạm Thị Mai Tiên (Chánh Văn phòng)")).to_be_visible()

    # Seven directive cards, the flagged ones exactly those the importer was unsure of, each
    # saying why.
    cards = page.locator(".cd-card[id^=muc-]")
    expect(cards).to_have_count(7)
    flagged = {
        card.get_attribute("id").removeprefix("muc-")
        for card in cards.all()
        if card.locator("h2 .cd-flag", has_text="Cần rà soát").count()
    }
    pending = set(notice.directives.filter(needs_review=True).values_list("ref", flat=True))
    assert "1" in flagged
    assert flagged == pending
    reasons = _card(page, "1").locator(".cd-reasons")
    expect(reasons).to_contain_text("Cần người quyết định vì:")
    expect(reasons).to_contain_text("Mục 1 không nêu cơ quan chủ trì")

    # The source passage sits to the left of the editable draft, side by side.
    item4 = _card(page, "4")
    source = item4.locator(".cd-source")
    draft_text = item4.get_by_label("Nội dung nhiệm vụ")
    expect(source).to_contain_text("4. Ban Tổ chức Tỉnh ủy tiếp tục theo dõi")
    expect(draft_text).to_have_value(re.compile(r"^Ban Tổ chức Tỉnh ủy tiếp tục theo dõi"))
    left, right = source.bounding_box(), draft_text.bounding_box()
    assert left["x"] + left["width"] <= right["x"]
    assert left["y"] < right["y"] + right["height"] and right["y"] < left["y"] + left["height"]

    # Nothing can be published while items still need review.
    expect(page.get_by_text("Còn mục cần rà soát:")).to_contain_text(
        ", ".join(sorted(pending, key=int))
    )
    expect(page.get_by_role("button", name="Ban hành và giao nhiệm vụ")).to_be_disabled()


def test_text_and_assignment_are_saved_together_and_coordinators_are_picked_by_keyboard(
    page, office_user, draft
):
    assignment = Assignment.objects.get(directive__notice=draft, directive__ref="4")
    _open_review(page, office_user, draft)
    card = _card(page, "4")
    block = _assignment(card, 1)
    expect(block.locator("> legend")).to_contain_text("Chủ trì: Ban Tổ chức Tỉnh ủy")
    picker = _picker(block)
    assert _chosen(picker) == ["Trường Chính trị tỉnh"]

    # Edit the text, then the assignment: add a coordinator with the keyboard only.
    text = card.get_by_label("Nội dung nhiệm vụ")
    text.press("Control+End")
    text.type("\nBáo cáo kết quả về Thường trực Tỉnh ủy.")
    picker.get_by_label("Lọc danh sách").focus()
    page.keyboard.type("tuyen giao")  # no diacritics needed
    expect(picker.locator("[data-picker-count]")).to_contain_text("1 cơ quan khớp")
    page.keyboard.press("ArrowDown")
    expect(picker.get_by_role("checkbox", name="Ban Tuyên giáo Tỉnh ủy")).to_be_focused()
    page.keyboard.press("Space")
    expect(picker.locator("[data-picker-count]")).to_contain_text("Đã chọn 2 cơ quan")
    expect(picker.get_by_role("button", name="Bỏ chọn Ban Tuyên giáo Tỉnh ủy")).to_be_visible()
    block.get_by_label("số ngày làm việc").fill("10")
    block.get_by_label("Định kỳ báo cáo").select_option(label="Hằng quý")
    card.get_by_role("button", name="Lưu mục 4").click()

    # One save kept both: the text and the assignment.
    snackbar = page.locator("vf-snackbar")
    expect(snackbar).to_have_text("Đã lưu mục 4.")
    expect(snackbar).to_have_class(re.compile(r"\bmdc-snackbar--open\b"))
    card = _card(page, "4")
    expect(card.get_by_label("Nội dung nhiệm vụ")).to_have_value(
        re.compile(r"\nBáo cáo kết quả về Thường trực Tỉnh ủy\.$")
    )
    block = _assignment(card, 1)
    assert _chosen(_picker(block)) == ["Ban Tuyên giáo Tỉnh ủy", "Trường Chính trị tỉnh"]
    expect(block.get_by_label("số ngày làm việc")).to_have_value("10")
    expect(block.get_by_label("Định kỳ báo cáo")).to_have_value("quarterly")
    directive = Directive.objects.get(pk=assignment.directive_id)
    assert directive.text.endswith("\nBáo cáo kết quả về Thường trực Tỉnh ủy.")
    assignment.refresh_from_db()
    assert set(assignment.coordinators.values_list("code", flat=True)) == {"TCT", "BTGTU"}
    assert (assignment.due_working_days, assignment.recurrence) == (10, "quarterly")

    # The lead may not also coordinate (found by its abbreviation): refused in Vietnamese,
    # nothing stored, and what was typed is still on screen to correct.
    picker = _picker(block)
    picker.get_by_label("Lọc danh sách").fill("BTC Tỉnh ủy")
    picker.get_by_label("Lọc danh sách").press("Enter")  # picks the first match, no submit
    expect(picker.get_by_role("checkbox", name="Ban Tổ chức Tỉnh ủy")).to_be_checked()
    block.get_by_label("số ngày làm việc").fill("15")
    card.get_by_role("button", name="Lưu mục 4").click()
    refusal = "Cơ quan chủ trì không thể đồng thời là cơ quan phối hợp."
    expect(page.locator(".cd-message--error")).to_have_text(refusal)
    expect(_card(page, "4").locator(".cd-error")).to_have_text(refusal)
    block = _assignment(_card(page, "4"), 1)
    expect(block.get_by_label("số ngày làm việc")).to_have_value("15")
    assignment.refresh_from_db()
    assert assignment.due_working_days == 10
    assert set(assignment.coordinators.values_list("code", flat=True)) == {"TCT", "BTGTU"}


def test_deleting_an_assignment_asks_for_confirmation(page, office_user, draft):
    directive = draft.directives.get(ref="3")
    count = directive.assignments.count()
    _open_review(page, office_user, draft)
    card = _card(page, "3")
    block = card.locator("fieldset.cd-assignment", has_text="Chủ trì: Ban Tuyên giáo Tỉnh ủy")
    block.get_by_label("Xóa phân công này").check()
    card.get_by_role("button", name="Lưu mục 3").click()

    confirm = _card(page, "3").get_by_role("alertdialog")
    expect(confirm).to_contain_text("Xóa 1 phân công của mục 3?")
    expect(confirm).to_contain_text("Ban Tuyên giáo Tỉnh ủy")
    assert directive.assignments.count() == count
    confirm.get_by_role("button", name="Không xóa").click()
    expect(_card(page, "3").get_by_role("alertdialog")).to_have_count(0)
    assert directive.assignments.count() == count

    card = _card(page, "3")
    block = card.locator("fieldset.cd-assignment", has_text="Chủ trì: Ban Tuyên giáo Tỉnh ủy")
    block.get_by_label("Xóa phân công này").check()
    card.get_by_role("button", name="Lưu mục 3").click()
    _card(page, "3").get_by_role("button", name="Xóa và lưu").click()
    expect(page.locator("vf-snackbar")).to_have_text("Đã lưu mục 3.")
    saved = _card(page, "3").locator("fieldset.cd-assignment:not(.cd-fieldset--new)")
    expect(saved).to_have_count(count - 1)
    assert not directive.assignments.filter(lead__code="BTGTU").exists()


def test_publish_shows_a_summary_refuses_a_past_deadline_then_confirms(page, office_user, draft):
    for directive in draft.directives.all():
        services.directive_update(
            directive=directive, by=office_user, text=directive.text, reviewed=True
        )
    item4 = draft.directives.get(ref="4")
    past = timezone.localdate() - datetime.timedelta(days=10)
    assignment = item4.assignments.get()
    services.assignment_save(
        directive=item4,
        assignment=assignment,
        by=office_user,
        lead_code="BTCTU",
        coordinator_codes=["TCT"],
        due_date=past,
    )
    _open_review(page, office_user, draft)
    page.get_by_role("link", name="Ban hành và giao nhiệm vụ").click()
    expect(page.locator("h1")).to_have_text("Ban hành: Thông báo số 142-TB/TU — 30/05/2023")
    refusal = page.get_by_role("alert")
    expect(refusal).to_contain_text("Hạn xử lý đã qua")
    expect(refusal).to_contain_text(f"mục 4 — Ban Tổ chức Tỉnh ủy — {past:%d/%m/%Y}")
    expect(page.get_by_role("button", name="Xác nhận ban hành")).to_be_disabled()

    # Back to the review page: set a deadline ahead, then publish.
    refusal.get_by_role("link", name="4", exact=True).click()
    card = _card(page, "4")
    ahead = timezone.localdate() + datetime.timedelta(days=30)
    _assignment(card, 1).get_by_label("Hạn xử lý (ngày)").fill(ahead.isoformat())
    card.get_by_role("button", name="Lưu mục 4").click()
    expect(page.locator("vf-snackbar")).to_have_text("Đã lưu mục 4.")
    page.get_by_role("link", name="Ban hành và giao nhiệm vụ").click()
    expect(
        page.get_by_text(re.compile(r"^Sẽ bắt đầu \d+ quy trình xử lý, giao cho"))
    ).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile("phân công không có hạn xử lý"))
    ).to_be_visible()
    table = page.get_by_role("table", name="Số quy trình theo cơ quan chủ trì")
    expect(table.get_by_role("row", name=re.compile(r"^Ban Tổ chức Tỉnh ủy"))).to_be_visible()
    assert Notice.objects.get(pk=draft.pk).status == Notice.Status.DRAFT
    page.get_by_role(
        "button", name=re.compile(r"^Xác nhận ban hành, bắt đầu \d+ quy trình$")
    ).click()
    expect(page.locator(".cd-messages")).to_contain_text("Đã ban hành thông báo 142-TB/TU")
    assert Notice.objects.get(pk=draft.pk).status == Notice.Status.PUBLISHED
    expect(page.get_by_role("link", name="Xem quy trình").first).to_be_visible()


def _image_pdf(pages: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("rong.txt", b"", re.compile(r"rỗng")),
        ("tb.pdf", b"%PDF-1.4\n", re.compile(r"Không mở được tệp PDF")),
        ("tb.exe", b"MZ\x90\x00" + b"\x00" * 60, re.compile(r"Không hỗ trợ tệp")),
        ("quet-200-trang.pdf", None, re.compile(r"200 trang, vượt giới hạn 50 trang")),
    ],
    ids=["empty-txt", "broken-pdf", "executable", "scan-over-the-page-limit"],
)
def test_a_bad_upload_shows_a_one_line_reason_and_creates_nothing(
    page, office_user, tmp_path, name, content, reason
):
    upload = tmp_path / name
    upload.write_bytes(_image_pdf(200) if content is None else content)
    login(page, office_user)
    page.goto("/office/notice/import/")
    page.get_by_label("Tệp thông báo").set_input_files(upload)
    page.get_by_role("button", name="Đọc và dựng bản nháp").click()

    errors = page.locator(".cd-form .errorlist li")
    expect(errors).to_have_count(1)
    expect(errors).to_have_text(reason)
    assert "\n" not in errors.inner_text().strip()
    expect(page.locator("h1")).to_have_text("Nhập thông báo kết luận")
    assert Notice.objects.count() == 0
    assert Directive.objects.count() == 0
    assert ImportJob.objects.count() == 0


def _fonts(page, selector) -> list[str]:
    """The fonts Chromium really drew ``selector``'s text with (not the CSS wish list)."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        cdp.detach()
    return [f["familyName"] for f in fonts if f["glyphCount"]]


def test_review_page_screenshot(page, office_user, draft, tmp_path):
    _open_review(page, office_user, draft)
    # The bundled web font is served by the live server and draws Vietnamese on its own.
    assert _fonts(page, ".mdc-top-app-bar__title") == ["Roboto"]

    shot = tmp_path / "review.png"
    full = tmp_path / "review-full.png"
    page.screenshot(path=shot)
    page.screenshot(path=full, full_page=True)
    for path, min_bytes in ((shot, 40_000), (full, 150_000)):
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width = int.from_bytes(data[16:20], "big")
        height = int.from_bytes(data[20:24], "big")
        assert width == 1440 and height >= 900
        assert len(data) > min_bytes, (path, len(data))


def test_vietnamese_words_are_drawn_in_one_font(page, office_user, draft):
    _open_review(page, office_user, draft)
    selectors = ["h1", "#muc-1 h2 .cd-flag", "#muc-1 .cd-source", "label[for$=-text]"]
    mixed = {s: fonts for s in selectors if len(fonts := _fonts(page, s)) != 1}
    assert not mixed


def test_app_menus_list_their_pages(page, office_user):
    login(page, office_user)
    for app, items in [
        ("Văn phòng Tỉnh ủy", ["Thông báo kết luận", "Danh mục cơ quan"]),
        ("Cá nhân", ["Thông báo của tôi"]),
    ]:
        menu(page).get_by_role("link", name=app).click()
        expect(menu(page).locator(".mdc-list-group__subheader").first).to_have_text(app)
        assert "No viewsets found" not in menu(page).inner_text()
        for item in items:
            menu(page).get_by_role("link", name=item).click()
            expect(page.locator("h1")).to_have_text(item)


def test_saving_one_directive_warns_about_unsaved_edits_in_another(page, office_user, draft):
    _open_review(page, office_user, draft)
    _card(page, "4").get_by_label("Nội dung nhiệm vụ").fill("Sửa dở mục 4.")
    asked = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", answer)
    _card(page, "5").get_by_role("button", name="Lưu mục 5").click()
    expect(_card(page, "4").get_by_label("Nội dung nhiệm vụ")).to_have_value("Sửa dở mục 4.")
    assert asked == [
        "Một mục khác có thay đổi chưa lưu; lưu mục này sẽ bỏ các thay đổi đó. Tiếp tục?"
    ]
    assert "Sửa dở" not in Directive.objects.get(notice=draft, ref="4").text


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'self'"
)


def test_the_review_page_works_under_a_script_policy_without_inline_code(page, office_user, draft):
    """With only the site's own script files allowed, the picker still filters and counts."""
    violations = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )

    def strict(route):
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": CSP}
        route.fulfill(response=response, headers=headers)

    page.route(re.compile(r"/office/notice/\d+/$"), strict)
    _open_review(page, office_user, draft)
    picker = _picker(_assignment(_card(page, "4"), 1))
    picker.get_by_label("Lọc danh sách").fill("truong chinh tri")
    expect(picker.locator("[data-picker-count]")).to_contain_text("Đã chọn 1 cơ quan")
    expect(picker.locator("[data-picker-count]")).to_contain_text("1 cơ quan khớp")
    assert not violations
