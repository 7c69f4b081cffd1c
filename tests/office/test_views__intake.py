"""Notices in through the pages: entry by hand, and a scan's progress page."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tasks_app.models import ImportJob, Notice

from .conftest import BASE

pytestmark = pytest.mark.django_db


def _blank_pdf(pages: int = 1) -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_an_instruction_is_entered_by_hand_and_gets_directives_on_the_review_page(office):
    today = timezone.localdate()
    response = office.post(
        f"{BASE}new/",
        {
            "kind": "instruction",
            "number": "",
            "date": today.isoformat(),
            "issuer": "Thường trực Tỉnh ủy",
            "title": "Ý kiến chỉ đạo tại buổi làm việc với Sở Y tế",
        },
    )
    notice = Notice.objects.get()
    assert notice.number == f"YKCĐ-{today.year}-001"
    assert response.status_code == 302
    assert response.url.endswith(f"{BASE}{notice.pk}/#them-nhiem-vu")
    add = office.post(
        f"{BASE}{notice.pk}/directives/add/",
        {
            "new-ref": "",
            "new-text": "Sở Y tế rà soát hệ thống cấp cứu ngoại viện.",
            "new-a-TOTAL_FORMS": "1",
            "new-a-INITIAL_FORMS": "0",
            "new-a-0-lead": "SYT",
            "new-a-0-coordinators": ["STC"],
            "new-a-0-due_working_days": "15",
        },
    )
    assert add.status_code == 302 and add.url.endswith("#muc-1")
    directive = notice.directives.get()
    assignment = directive.assignments.get()
    assert (assignment.lead.code, assignment.due_working_days) == ("SYT", 15)
    page = office.get(f"{BASE}{notice.pk}/").content.decode()
    assert f"Ý kiến chỉ đạo ngày {today:%d/%m/%Y} (YKCĐ-{today.year}-001)" in page
    assert "Nhập tay, không có văn bản gốc." in page


def test_a_bad_manual_entry_shows_the_reason_and_stores_nothing(office):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = office.post(
        f"{BASE}new/",
        {"kind": "conclusion", "number": "", "date": tomorrow, "issuer": "Tỉnh ủy", "title": "X"},
    )
    assert response.status_code == 400
    assert "Cần nhập số hiệu thông báo" in response.content.decode()
    assert not Notice.objects.exists()


def test_a_scan_upload_goes_to_its_progress_page_without_reading_it(office, monkeypatch):
    queued = []
    monkeypatch.setattr("tasks_app.receivers.import_job_run.delay", queued.append)
    monkeypatch.setattr(
        "tasks_app.importing.scan.ocr_document",
        lambda *a, **k: pytest.fail("OCR must not run in the request"),
    )
    response = office.post(
        f"{BASE}import/", {"file": SimpleUploadedFile("quet.pdf", _blank_pdf(2))}
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"import/job/{job.pk}/")
    page = office.get(response.url).content.decode()
    assert "Nhận dạng chữ bản quét" in page and 'data-job-status-url="' in page
    state = json.loads(office.get(f"{BASE}import/job/{job.pk}/status/").content)
    assert state == {
        "status": "queued",
        "label": "Đang chờ",
        "pages_done": 0,
        "pages_total": 2,
        "percent": 0,
        "finished": False,
        "error": "",
        "review_url": "",
    }
    assert not Notice.objects.exists()


def test_a_failed_job_page_shows_its_one_line_reason(office, office_user):
    job = ImportJob.objects.create(
        filename="trang.png",
        status=ImportJob.Status.FAILED,
        error="Không đọc được chữ nào trong tệp.",
        created_by=office_user,
    )
    page = office.get(f"{BASE}import/job/{job.pk}/").content.decode()
    assert "Không đọc được chữ nào trong tệp." in page
    assert "data-job-status-url" not in page  # nothing left to wait for
    listing = office.get(BASE).content.decode()
    assert "trang.png" in listing and "Không đọc được" in listing


def test_a_scan_over_the_page_limit_is_refused_on_the_upload_page(office):
    response = office.post(
        f"{BASE}import/", {"file": SimpleUploadedFile("dai.pdf", _blank_pdf(200))}
    )
    assert response.status_code == 400
    assert "vượt giới hạn 50 trang" in response.content.decode()
    assert not ImportJob.objects.exists()
