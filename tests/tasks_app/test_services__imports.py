"""Uploads: text becomes a draft at once; a scan becomes an import job that a worker reads
through OCR, reporting page by page; bad scans are refused with one line and create nothing.

The scans are drawn here from text (tests/tasks_app/importing/test_scan.py), OCR is the real
Tesseract with the Vietnamese model.
"""

import io
import shutil

import pytest
from django.core.management import call_command
from PIL import Image

from audit.models import AuditEvent, EventType
from project.exceptions import InvalidInput, PermissionRefused
from tasks_app import services
from tasks_app.models import ImportJob, Notice
from tasks_app.services import imports
from tests.tasks_app.importing.test_scan import LINES, TEXT, scanned_pdf

pytestmark = pytest.mark.django_db

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="Tesseract is not installed"
)


def _blank_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (2480, 3508), 255).save(buffer, "PNG", dpi=(300, 300))
    return buffer.getvalue()


def _image_pdf(pages: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _run(job: ImportJob, progress: list | None = None, monkeypatch=None) -> ImportJob:
    """Run the job as the worker does (the Celery task), recording the progress it reports."""
    from tasks_app.tasks import import_job_run

    if progress is not None:
        original = imports._progress

        def recording(job_id):
            report = original(job_id)

            def both(done, total):
                report(done, total)
                progress.append((done, total))

            return both

        monkeypatch.setattr(imports, "_progress", recording)
    import_job_run(job.pk)
    return ImportJob.objects.get(pk=job.pk)


def test_a_text_file_becomes_a_draft_at_once(office):
    result = services.notice_upload(content=TEXT.encode(), filename="88.txt", by=office)
    assert isinstance(result, Notice)
    assert result.origin == Notice.Origin.FILE and result.number == "88-TB/TU"
    assert not ImportJob.objects.exists()


@needs_tesseract
def test_a_scan_is_queued_then_read_by_the_worker_with_progress(
    office, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr("tasks_app.receivers.import_job_run.delay", queued.append)
    content = scanned_pdf(LINES)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.notice_upload(content=content, filename="88-quet.pdf", by=office)
    assert isinstance(job, ImportJob)
    assert queued == [job.pk]  # handed to the worker once committed, not read in the request
    assert (job.status, job.pages_total, job.pages_done) == ("queued", 1, 0)
    assert not Notice.objects.exists()

    progress = []
    job = _run(job, progress, monkeypatch)
    assert progress == [(0, 1), (1, 1)]
    assert job.status == ImportJob.Status.DONE and job.percent == 100
    notice = job.notice
    assert notice.number == "88-TB/TU" and notice.origin == Notice.Origin.SCAN
    assert notice.source_text == job.text and "Ban Dân vận Tỉnh ủy" in job.text
    assert notice.review_reasons  # read from a scan: numbers and dates are to be checked
    leads = {
        d.ref: sorted(a.lead.code for a in d.assignments.all()) for d in notice.directives.all()
    }
    assert leads == {"1": ["BDVTU"], "2": ["BTCTU"], "3": ["DDLDLD", "HND"], "4": ["VPTU"]}
    assert not job.upload  # the scan is not kept once read
    imported = AuditEvent.objects.get(event_type=EventType.NOTICE_IMPORTED)
    assert imported.actor == office and imported.after["source"] == "scan"

    # A message delivered twice runs the job once.
    again = _run(job)
    assert again.notice_id == notice.pk and Notice.objects.count() == 1


@needs_tesseract
@pytest.mark.parametrize(
    ("name", "make"),
    [("trang-trang.png", _blank_png), ("khong-chu.pdf", lambda: _image_pdf(1))],
    ids=["image of nothing", "pdf without text or ocr result"],
)
def test_a_scan_without_any_text_ends_with_one_line_and_creates_nothing(office, name, make):
    job = services.notice_upload(content=make(), filename=name, by=office)
    job = _run(job)
    assert job.status == ImportJob.Status.FAILED
    assert job.error.startswith("Không đọc được chữ nào trong tệp")
    assert "\n" not in job.error
    assert job.notice is None and not job.upload
    assert not Notice.objects.exists()


def test_a_scan_beyond_the_page_limit_is_refused_in_the_request(office):
    with pytest.raises(InvalidInput) as refused:
        services.notice_upload(content=_image_pdf(200), filename="200-trang.pdf", by=office)
    assert "200 trang, vượt giới hạn 50 trang" in refused.value.message
    assert "\n" not in refused.value.message
    assert not ImportJob.objects.exists() and not Notice.objects.exists()


def test_only_the_office_uploads(staff):
    with pytest.raises(PermissionRefused):
        services.notice_upload(
            content=_image_pdf(1), filename="quet.pdf", by=staff.officer("BTCTU")
        )
    assert not ImportJob.objects.exists()


def test_a_job_whose_file_is_gone_fails_with_a_clear_line(office):
    job = services.notice_upload(content=_image_pdf(1), filename="quet.pdf", by=office)
    job.upload.delete(save=False)
    job = _run(job)
    assert job.status == ImportJob.Status.FAILED
    assert "tải tệp lên lại" in job.error


@needs_tesseract
def test_the_command_reads_a_scan_inline_and_marks_the_draft(registry, tmp_path, capsys):
    path = tmp_path / "88-quet.pdf"
    path.write_bytes(scanned_pdf(LINES))
    call_command("import_notice", str(path))
    notice = Notice.objects.get(number="88-TB/TU")
    assert notice.origin == Notice.Origin.SCAN and notice.review_reasons
    assert "Đã lưu bản nháp" in capsys.readouterr().out


def test_a_word_file_that_unpacks_beyond_the_limit_is_refused_before_it_is_read(office):
    """A "zip bomb" named like a notice: its declared size is checked before anything unpacks."""
    import zipfile

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(150):  # 150 MB of zeros, a few hundred KB packed
                member.write(chunk)
    with pytest.raises(InvalidInput) as refused:
        services.notice_upload(content=bomb.getvalue(), filename="tb.docx", by=office)
    assert "khi giải nén vượt quá" in refused.value.message
    assert not Notice.objects.exists() and not ImportJob.objects.exists()
