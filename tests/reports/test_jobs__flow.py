"""Large exports go to a worker: the user follows the progress page, finds the file in the bell,
and only they download it, while their current scope still covers it. Celery runs eagerly here
(on PostgreSQL + Redis in CI the same tests run against the real database)."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from audit.models import AuditEvent, EventType
from notifications_app.models import ReportExport
from reports import exports, jobs
from tasks_app.models import Agency, Membership
from tests.reports.bulk import bulk_processes

pytestmark = pytest.mark.django_db

ROWS = 40


@pytest.fixture
def big(registry, settings):
    settings.EXPORT_INLINE_MAX_ROWS = 10
    bulk_processes(ROWS)
    storage = ReportExport._meta.get_field("file").storage
    for name in list(jobs._stored_files(storage, jobs.EXPORTS_DIR)):
        storage.delete(name)  # left by earlier tests (the test storage is kept in memory)


def export(client, fmt, query="", *, commit):
    with commit(execute=True):
        return client.post(reverse(f"reports:dashboard:export_{fmt}") + query)


def data_rows(content: bytes) -> list[tuple]:
    values = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(values) if row[0] == "STT") + 1
    rows = []
    for row in values[start:]:
        if row[0] is None:
            break
        rows.append(row)
    return rows


def test_a_large_xlsx_is_built_by_a_worker_and_delivered_in_the_bell(
    client, staff, big, django_capture_on_commit_callbacks
):
    office = staff.office()
    client.force_login(office)
    response = export(client, "xlsx", commit=django_capture_on_commit_callbacks)
    job = ReportExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:dashboard:export_job", args=[job.pk])
    assert (job.user, job.status, job.rows_done, job.rows_total) == (office, "done", ROWS, ROWS)

    page = client.get(response["Location"]).content.decode()
    assert "Đã lập xong" in page and "Tải về" in page and job.filename in page

    note = office.notifications.get()
    assert note.verb == "Báo cáo Excel (XLSX) đã lập xong, sẵn sàng tải về"
    assert f"({ROWS} dòng)" in note.description
    link = reverse("reports:dashboard:export_job_download", args=[job.pk])
    assert note.data["link"] == link

    # the bell's "Mở" button leads to the file
    opened = client.post(reverse("personal:alerts:read", args=[note.pk]), {"open": "1"})
    assert opened["Location"] == link
    download = client.get(link)
    assert download.status_code == 200
    assert download["Content-Type"] == exports.XLSX_CONTENT_TYPE
    content = b"".join(download.streaming_content)
    rows = data_rows(content)
    assert len(rows) == ROWS and [r[0] for r in rows] == list(range(1, ROWS + 1))

    event = AuditEvent.objects.get(event_type=EventType.EXPORTED)
    assert event.after["job"] == job.pk and event.after["rows"] == ROWS
    assert event.after["sha256"] == job.sha256 == download["X-Content-SHA256"]


def test_a_large_pdf_too_and_small_reports_stay_immediate(
    client, staff, big, settings, django_capture_on_commit_callbacks
):
    client.force_login(staff.office())
    response = export(client, "pdf", commit=django_capture_on_commit_callbacks)
    job = ReportExport.objects.get()
    download = client.get(reverse("reports:dashboard:export_job_download", args=[job.pk]))
    reader = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Báo cáo tiến độ thực hiện các thông báo kết luận" in text
    assert "Tổng số nhiệm vụ (không tính đã hủy): " in text
    assert response.status_code == 302

    settings.EXPORT_INLINE_MAX_ROWS = ROWS  # exactly at the threshold: the file at once
    immediate = export(client, "pdf", commit=django_capture_on_commit_callbacks)
    assert immediate.status_code == 200 and immediate["Content-Type"] == "application/pdf"
    assert ReportExport.objects.count() == 1


def test_only_the_owner_downloads_and_only_while_their_scope_covers_it(
    client, staff, big, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_INLINE_MAX_ROWS = 0  # the head's agency leads only a few of them
    lead = Agency.objects.filter(led_processes__isnull=False).order_by("code").first()
    head = staff.head(lead.code)
    client.force_login(head)
    export(client, "xlsx", commit=django_capture_on_commit_callbacks)
    job = ReportExport.objects.get(user=head)
    assert job.status == "done" and job.rows_total == lead.led_processes.count()
    urls = [
        reverse(f"reports:dashboard:{name}", args=[job.pk])
        for name in ("export_job", "export_job_status", "export_job_download")
    ]

    client.force_login(staff.office())  # sees everything, but it is not theirs
    assert [client.get(url).status_code for url in urls] == [404, 404, 404]

    client.force_login(head)
    assert client.get(urls[2]).status_code == 200
    Membership.objects.filter(user=head).delete()  # the head left the agency
    refused = client.get(urls[2])
    assert refused.status_code == 403
    assert "không còn được xem báo cáo này" in refused.content.decode()
    assert AuditEvent.objects.filter(
        event_type=EventType.REFUSED, after__action="report.export.xlsx.download"
    ).exists()


def test_a_failure_is_told_on_the_page_and_in_the_bell_and_offers_no_file(
    client, staff, big, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(report, out, *, progress=None):
        out.write(b"PK half a file")
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "xlsx_write", broken)
    office = staff.office()
    client.force_login(office)
    export(client, "xlsx", commit=django_capture_on_commit_callbacks)
    job = ReportExport.objects.get()
    assert job.status == "failed" and not job.file and not job.sha256
    message = "Lỗi hệ thống khi lập báo cáo; hãy thử lại sau hoặc báo quản trị viên."
    assert job.error == message
    page = client.get(reverse("reports:dashboard:export_job", args=[job.pk])).content.decode()
    assert "Không lập được" in page and message in page and "Tải về" not in page
    note = office.notifications.get()
    assert note.verb == "Không lập được báo cáo Excel (XLSX)" and note.description == message
    download = client.get(reverse("reports:dashboard:export_job_download", args=[job.pk]))
    assert download.status_code == 409
    assert not AuditEvent.objects.filter(event_type=EventType.EXPORTED).exists()


def test_files_past_their_retention_are_deleted(
    client, staff, big, django_capture_on_commit_callbacks
):
    client.force_login(staff.office())
    export(client, "xlsx", commit=django_capture_on_commit_callbacks)
    job = ReportExport.objects.get()
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name) and name.startswith("private/exports/")

    assert jobs.export_jobs_purge(now=timezone.now()) == 0  # kept for a day
    later = job.expires_at + datetime.timedelta(seconds=1)
    assert jobs.export_jobs_purge(now=later) == 1
    job.refresh_from_db()
    assert job.status == "expired" and not job.file and not storage.exists(name)
    gone = client.get(reverse("reports:dashboard:export_job_download", args=[job.pk]))
    assert gone.status_code == 409
    assert "đã hết hạn tải về" in gone.content.decode()


def test_a_file_no_job_refers_to_is_deleted_once_past_the_retention(
    client, staff, big, settings, django_capture_on_commit_callbacks
):
    """A worker that died between storing the file and saving its job left the file behind."""
    from django.core.files.base import ContentFile

    client.force_login(staff.office())
    export(client, "xlsx", commit=django_capture_on_commit_callbacks)
    job = ReportExport.objects.get()
    storage = job.file.storage
    orphan = storage.save("private/exports/2026/12/bao-cao-tien-do.xlsx", ContentFile(b"PK.."))
    elsewhere = storage.save("private/other/giu-lai.xlsx", ContentFile(b"PK.."))

    assert jobs.export_jobs_purge(now=timezone.now()) == 0  # too recent: may be a job's
    assert storage.exists(orphan)
    later = timezone.now() + datetime.timedelta(hours=settings.EXPORT_RETENTION_HOURS, minutes=1)
    ReportExport.objects.filter(pk=job.pk).update(expires_at=later + datetime.timedelta(days=1))
    assert jobs.export_jobs_purge(now=later) == 1
    assert not storage.exists(orphan)
    assert storage.exists(job.file.name) and storage.exists(elsewhere)  # a job's; not exports
    job.refresh_from_db()
    assert job.status == "done"
