"""Notices that do not come as a clean text, in a real browser: a scan read by OCR in the
background with its progress on the page, and an instruction entered by hand."""

import io
import re
import shutil

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tasks_app.models import ImportJob, Notice
from tasks_app.services import imports
from tasks_app.tasks import import_job_run
from tests.browser_support import login, menu
from tests.tasks_app.importing.test_scan import BODY, DPI, HEADER, RECIPIENTS, SIGNATURE
from tests.tasks_app.importing.test_scan import _page_images as page_images

pytestmark = pytest.mark.browser


def _two_page_scan() -> bytes:
    """The notice 88-TB/TU drawn at 300 dpi on two pages, saved as a scanned PDF."""
    first = page_images(HEADER + BODY[:4])[0]
    second = page_images(BODY[4:] + RECIPIENTS + SIGNATURE)[0]
    buffer = io.BytesIO()
    first.save(buffer, "PDF", resolution=DPI, save_all=True, append_images=[second])
    return buffer.getvalue()


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed")
def test_a_scan_is_read_in_the_background_with_its_progress_to_the_draft(
    page, office_user, tmp_path, monkeypatch
):
    queued = []  # the worker's queue: the page only stores the scan and says where it stands
    monkeypatch.setattr("tasks_app.receivers.import_job_run.delay", queued.append)
    scan = tmp_path / "88-TB-TU-quet.pdf"
    scan.write_bytes(_two_page_scan())

    login(page, office_user)
    page.goto("/office/notice/import/")
    page.get_by_label("Tệp thông báo").set_input_files(scan)
    page.get_by_role("button", name="Đọc và dựng bản nháp").click()
    expect(page.locator("h1")).to_have_text("Nhận dạng chữ bản quét")
    expect(page.locator(".cd-messages")).to_contain_text(
        "là bản quét: đang nhận dạng chữ (2 trang)"
    )
    expect(page.locator("[data-job-label]")).to_have_text("Đang chờ")
    job = ImportJob.objects.get()
    assert queued == [job.pk] and not Notice.objects.exists()

    # The worker reads the scan; after its first page the page shows how far it got.
    report = imports._progress
    seen = []

    def watched(job_id):
        inner = report(job_id)

        def progress(done, total):
            inner(done, total)
            if done == 1:
                expect(page.locator("[data-job-pages]")).to_have_text("Đã đọc 1/2 trang")
                expect(page.locator("[data-job-label]")).to_have_text("Đang nhận dạng chữ")
                expect(page.locator("progress")).to_have_attribute("value", "50")
                seen.append(done)

        return progress

    monkeypatch.setattr(imports, "_progress", watched)
    import_job_run(job.pk)  # as the worker runs it
    assert seen == [1]

    # Done: the page moves on to the draft, with the text read beside it for checking.
    expect(page.locator("h1")).to_have_text("Thông báo số 88-TB/TU — 12/03/2024", timeout=15_000)
    notice = Notice.objects.get(number="88-TB/TU")
    assert notice.origin == Notice.Origin.SCAN
    ocr = page.locator("details.cd-fulltext")
    expect(ocr.locator("summary")).to_contain_text("Văn bản nhận dạng được từ bản quét (OCR)")
    expect(ocr.locator(".cd-source")).to_be_visible()
    expect(ocr.locator(".cd-source")).to_contain_text("Ban Dân vận Tỉnh ủy chủ trì")
    expect(page.get_by_role("note")).to_contain_text("Lưu ý khi rà soát cả văn bản")
    expect(page.locator("#muc-1 fieldset.cd-assignment > legend").first).to_contain_text(
        "Chủ trì: Ban Dân vận Tỉnh ủy"
    )


def test_an_instruction_without_a_number_is_entered_by_hand_and_published(page, office_user):
    today = timezone.localdate()
    login(page, office_user)
    menu(page).get_by_role("link", name="Văn phòng Tỉnh ủy").click()
    page.get_by_role("link", name=re.compile("^Nhập tay")).click()
    expect(page.locator("h1")).to_have_text("Nhập tay văn bản chỉ đạo")
    expect(page.get_by_label("Loại văn bản")).to_have_value("instruction")
    page.get_by_label("Cơ quan ban hành").fill("Thường trực Tỉnh ủy Tiền Giang")
    page.get_by_label("Trích yếu").fill(
        "Ý kiến chỉ đạo của đồng chí Phó Bí thư Thường trực tại buổi làm việc với Hội Nông dân"
    )
    page.get_by_role("button", name="Tạo và thêm nhiệm vụ").click()

    number = f"YKCĐ-{today.year}-001"
    expect(page.locator("h1")).to_have_text(f"Ý kiến chỉ đạo ngày {today:%d/%m/%Y} ({number})")
    add = page.locator("#them-nhiem-vu")
    add.get_by_label("Nội dung nhiệm vụ").fill(
        "Hội Nông dân tỉnh tổ chức đối thoại với nông dân về chuyển đổi cây trồng."
    )
    add.get_by_label("Cơ quan chủ trì").select_option(label="Hội Nông dân tỉnh")
    picker = add.get_by_role("group", name="Cơ quan phối hợp")
    picker.get_by_label("Lọc danh sách").fill("nong nghiep")
    picker.get_by_label("Lọc danh sách").press("Enter")
    expect(picker.get_by_role("checkbox", name=re.compile("^Sở Nông nghiệp"))).to_be_checked()
    add.get_by_label("số ngày làm việc").fill("20")
    add.get_by_role("button", name="Thêm nhiệm vụ").click()

    expect(page.locator("vf-snackbar")).to_have_text("Đã thêm mục 1.")
    card = page.locator("#muc-1")
    expect(card.locator(".cd-source")).to_have_text("Nhập tay, không có văn bản gốc.")
    expect(card.locator("fieldset.cd-assignment > legend").first).to_contain_text(
        "Chủ trì: Hội Nông dân tỉnh"
    )
    page.get_by_role("link", name="Ban hành và giao nhiệm vụ").click()
    expect(page.get_by_text(re.compile(r"^Sẽ bắt đầu 1 quy trình xử lý"))).to_be_visible()
    page.get_by_role("button", name="Xác nhận ban hành, bắt đầu 1 quy trình").click()
    expect(page.locator(".cd-messages")).to_contain_text(f"Đã ban hành thông báo {number}")
    notice = Notice.objects.get(number=number)
    assert notice.status == Notice.Status.PUBLISHED
    process = notice.directives.get().workflow_processes.get()
    assert process.lead.code == "HND" and process.due_date is not None
