"""The Office imports a conclusion notice and reviews its draft, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from tasks_app.models import Assignment, Directive, Notice
from tests.browser.conftest import SEED, login, menu

pytestmark = pytest.mark.browser


def _card(page, ref):
    return page.locator(f"#muc-{ref}")


def _selected_labels(select) -> list[str]:
    return select.evaluate("s => Array.from(s.selectedOptions, o => o.textContent.trim())")


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

    # Seven directive cards, the flagged ones exactly those the importer was unsure of.
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
    expect(_card(page, "1").locator("h2")).to_contain_text("Cần rà soát")

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


def test_office_corrects_an_assignment_and_a_lead_cannot_also_coordinate(page, office_user, draft):
    assignment = Assignment.objects.get(directive__notice=draft, directive__ref="4")
    login(page, office_user)
    menu(page).get_by_role("link", name="Văn phòng Tỉnh ủy").click()
    row = page.locator(".cd-table tbody tr", has_text="142-TB/TU")
    expect(row).to_contain_text("30/05/2023")
    expect(row).to_contain_text("Bản nháp")
    row.get_by_role("link", name="142-TB/TU").click()
    expect(page.locator("h1")).to_have_text("Thông báo số 142-TB/TU — 30/05/2023")

    block = _card(page, "4").locator("div.cd-assignment")
    expect(block).to_contain_text("Chủ trì: Ban Tổ chức Tỉnh ủy")
    coordinators = block.get_by_label("Cơ quan phối hợp")
    assert _selected_labels(coordinators) == ["Trường Chính trị tỉnh"]

    # Add a coordinator, a deadline of ten working days, a quarterly report.
    coordinators.select_option(["TCT", "BTGTU"])
    block.get_by_label("số ngày làm việc").fill("10")
    block.get_by_label("Định kỳ báo cáo").select_option(label="Hằng quý")
    block.get_by_role("button", name="Lưu phân công").click()

    expect(page.locator(".cd-message--success")).to_have_text("Đã lưu phân công của mục 4.")
    # The page comes back scrolled to item 4, far below the message list; what the user sees
    # there is the snackbar popping up with the same words.
    snackbar = page.locator("vf-snackbar")
    expect(snackbar).to_have_text("Đã lưu phân công của mục 4.")
    expect(snackbar).to_have_class(re.compile(r"\bmdc-snackbar--open\b"))
    block = _card(page, "4").locator("div.cd-assignment")
    coordinators = block.get_by_label("Cơ quan phối hợp")
    assert sorted(_selected_labels(coordinators)) == [
        "Ban Tuyên giáo Tỉnh ủy",
        "Trường Chính trị tỉnh",
    ]
    expect(block.get_by_label("số ngày làm việc")).to_have_value("10")
    expect(block.get_by_label("Định kỳ báo cáo")).to_have_value("quarterly")
    expect(block.get_by_label("Hạn hoàn thành (ngày)")).to_have_value("")

    # The lead may not also coordinate: refused in Vietnamese, and nothing of the form is kept.
    coordinators.select_option(["TCT", "BTGTU", "BTCTU"])
    block.get_by_label("số ngày làm việc").fill("15")
    block.get_by_role("button", name="Lưu phân công").click()

    refusal = "Cơ quan chủ trì không thể đồng thời là cơ quan phối hợp."
    expect(page.locator(".cd-message--error")).to_have_text(refusal)
    expect(snackbar).to_have_text(refusal)
    expect(snackbar).to_have_class(re.compile(r"\bmdc-snackbar--open\b"))
    block = _card(page, "4").locator("div.cd-assignment")
    assert sorted(_selected_labels(block.get_by_label("Cơ quan phối hợp"))) == [
        "Ban Tuyên giáo Tỉnh ủy",
        "Trường Chính trị tỉnh",
    ]
    expect(block.get_by_label("số ngày làm việc")).to_have_value("10")
    assignment.refresh_from_db()
    assert set(assignment.coordinators.values_list("code", flat=True)) == {"TCT", "BTGTU"}
    assert assignment.due_working_days == 10
    assert assignment.recurrence == "quarterly"
    assert assignment.lead.code == "BTCTU"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("rong.txt", b"", re.compile(r"rỗng")),
        ("tb.pdf", b"%PDF-1.4\n", re.compile(r"Không mở được tệp PDF")),
        ("tb.exe", b"MZ\x90\x00" + b"\x00" * 60, re.compile(r"Không hỗ trợ tệp")),
    ],
    ids=["empty-txt", "broken-pdf", "executable"],
)
def test_a_bad_upload_shows_a_one_line_reason_and_creates_nothing(
    page, office_user, tmp_path, name, content, reason
):
    upload = tmp_path / name
    upload.write_bytes(content)
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


def _open_review(page, office_user, draft):
    login(page, office_user)
    page.goto(f"/office/notice/{draft.pk}/")
    expect(page.locator("h1")).to_have_text("Thông báo số 142-TB/TU — 30/05/2023")
    page.evaluate("document.fonts.ready")


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
    for app, item in [
        ("Văn phòng Tỉnh ủy", "Thông báo kết luận"),
        ("Cá nhân", "Thông báo của tôi"),
    ]:
        menu(page).get_by_role("link", name=app).click()
        expect(menu(page).locator(".mdc-list-group__subheader").first).to_have_text(app)
        assert "No viewsets found" not in menu(page).inner_text()
        menu(page).get_by_role("link", name=item).click()
        expect(page.locator("h1")).to_have_text(item)
