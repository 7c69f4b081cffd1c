"""A large report in a real browser: the Office asks for the XLSX on the dashboard, follows the
progress page while the worker builds it, and gets the file from the bell."""

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from notifications_app.models import ReportExport
from reports import jobs
from reports.selectors.dashboard import report_queryset
from reports.selectors.filters import ReportFilters
from reports.selectors.rows import REPORT_COLUMNS, report_rows
from reports.tasks import report_export_run
from tests.browser_support import login
from tests.reports.bulk import bulk_processes
from workflows import permissions

pytestmark = pytest.mark.browser

ROWS = 600  # more than one progress step (500 rows)


def cell_text(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


def test_a_large_xlsx_is_followed_on_its_page_and_taken_from_the_bell(
    page, staff, settings, monkeypatch
):
    settings.EXPORT_INLINE_MAX_ROWS = 100
    bulk_processes(ROWS)
    office = staff.office()
    queued = []  # the worker's queue: the request only records the job
    monkeypatch.setattr("reports.receivers.report_export_run.delay", queued.append)

    login(page, office)
    page.get_by_role("link", name="Báo cáo, kiểm tra").click()
    expect(page.locator("h1")).to_have_text("Thống kê tiến độ thực hiện nhiệm vụ")
    page.get_by_role("button", name="Xuất báo cáo Excel (XLSX)").click()
    expect(page.locator("h1")).to_have_text("Xuất báo cáo Excel (XLSX)")
    expect(page.locator("[data-job-label]")).to_have_text("Đang chờ")
    job = ReportExport.objects.get()
    assert queued == [job.pk] and job.user == office and job.rows_total == ROWS

    # The worker builds it; half-way the page shows how far it got.
    report = jobs._progress
    seen = []

    def watched(job_id):
        inner = report(job_id)

        def progress(done, total):
            inner(done, total)
            expect(page.locator("[data-job-pages]")).to_have_text(f"Đã lập {done}/{ROWS} dòng")
            expect(page.locator("[data-job-label]")).to_have_text("Đang lập báo cáo")
            expect(page.locator("progress")).to_have_attribute("value", "83")
            seen.append(done)

        return progress

    monkeypatch.setattr(jobs, "_progress", watched)
    report_export_run(job.pk)  # as the worker runs it
    assert seen == [500]

    # Done: the page draws itself again with the file offered; the bell says so too.
    expect(page.locator("[data-job-label]")).to_have_text("Đã lập xong", timeout=15_000)
    job.refresh_from_db()
    expect(page.get_by_role("link", name=f"Tải về {job.filename}")).to_be_visible()
    expect(page.locator("a.cd-bell .cd-badge")).to_have_text("1")
    page.locator("a.cd-bell").click()
    expect(page.locator("h1")).to_have_text("Thông báo của tôi")
    note = page.locator(".cd-table tbody tr.cd-unread")
    expect(note).to_contain_text("Báo cáo Excel (XLSX) đã lập xong, sẵn sàng tải về")
    expect(note).to_contain_text(f"({ROWS} dòng)")
    with page.expect_download() as download:
        note.get_by_role("button", name="Mở").click()
    assert download.value.suggested_filename == job.filename
    with open(download.value.path(), "rb") as file:
        sheet = openpyxl.load_workbook(io.BytesIO(file.read()), read_only=True).active
        values = [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]

    heading = values.index([str(title) for title in REPORT_COLUMNS])
    scope = permissions.report_scope(user=office)
    today = timezone.localdate()
    expected = report_rows(
        report_queryset(scope=scope, filters=ReportFilters(), today=today), today=today
    )
    assert values[heading + 1 : heading + 1 + ROWS] == [
        row.texts(with_notice=True) for row in expected
    ]
    assert not office.notifications.unread().exists()
