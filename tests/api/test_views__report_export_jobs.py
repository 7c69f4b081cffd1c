"""Large exports through the API: 202 with the job and its address, the job's progress for its
owner only, the file once done (its owner's current scope checked again), small ones at once."""

import hashlib
import io

import pytest
from openpyxl import load_workbook

from audit.models import AuditEvent, EventType
from notifications_app.models import ReportExport
from tasks_app.models import Agency, Membership
from tests.reports.bulk import bulk_processes

pytestmark = pytest.mark.django_db

ROWS = 40
URL = "/api/v1/reports/export/"


@pytest.fixture
def big(registry, settings):
    settings.EXPORT_INLINE_MAX_ROWS = 10
    bulk_processes(ROWS)


def data_rows(content: bytes) -> list[tuple]:
    values = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(values) if row[0] == "STT") + 1
    return [row for row in values[start:] if isinstance(row[0], int)]


def test_a_large_export_answers_202_then_its_file_when_done(
    clients, big, django_capture_on_commit_callbacks
):
    office = clients.office()
    with django_capture_on_commit_callbacks(execute=True):
        answer = office.post(URL, {"format": "xlsx"}, format="json")
    job = ReportExport.objects.get()
    assert answer.status_code == 202
    assert answer["Location"] == f"{URL}{job.pk}/"
    body = answer.json()
    assert (body["id"], body["status"], body["rows_total"]) == (job.pk, "queued", ROWS)
    assert body["download_url"] is None

    state = office.get(answer["Location"]).json()  # the worker ran (eager) after the commit
    assert state["status"] == "done" and state["percent"] == 100
    assert (state["rows_done"], state["rows_total"]) == (ROWS, ROWS)
    assert state["download_url"] == f"{URL}{job.pk}/download/"

    file = office.get(state["download_url"])
    assert file.status_code == 200
    assert file["Content-Type"].startswith("application/vnd.openxmlformats")
    content = b"".join(file.streaming_content)
    assert hashlib.sha256(content).hexdigest() == file["X-Content-SHA256"] == state["sha256"]
    rows = data_rows(content)
    assert [row[0] for row in rows] == list(range(1, ROWS + 1))
    names = set(Agency.objects.values_list("name", flat=True))
    assert all(row[3] in names and row[2] for row in rows)
    exported = AuditEvent.objects.get(event_type=EventType.EXPORTED)
    assert exported.after["rows"] == ROWS and exported.after["job"] == job.pk


def test_a_small_export_is_still_the_answer_itself(clients, big, settings):
    settings.EXPORT_INLINE_MAX_ROWS = 1000
    answer = clients.office().post(URL, {"format": "pdf"}, format="json")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF") and not ReportExport.objects.exists()


def test_a_job_is_its_owner_only_and_not_ready_is_a_conflict(clients, big):
    owner = clients.office()
    answer = owner.post(URL, {"format": "pdf"}, format="json")  # not committed: stays queued
    job_url = answer["Location"]
    assert owner.get(job_url).json()["status"] == "queued"
    early = owner.get(f"{job_url}download/")
    assert (early.status_code, early.json()["code"]) == (409, "export_not_ready")

    for other in (clients.of("VPTU", "office", "officer"), clients.of("BDVTU", "head")):
        for url in (job_url, f"{job_url}download/"):
            hidden = other.get(url)
            missing = other.get(url.replace(f"/{answer.json()['id']}/", "/987654/"))
            assert hidden.status_code == 404 and hidden.json() == missing.json()


def test_the_download_checks_the_owners_current_scope(
    clients, big, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_INLINE_MAX_ROWS = 0
    lead = Agency.objects.filter(led_processes__isnull=False).order_by("code").first()
    head = clients.of(lead.code, "head")
    with django_capture_on_commit_callbacks(execute=True):
        job_url = head.post(URL, {"format": "xlsx"}, format="json")["Location"]
    state = head.get(job_url).json()
    assert state["rows_total"] == lead.led_processes.count()
    assert head.get(state["download_url"]).status_code == 200

    Membership.objects.filter(user=head.user).delete()  # no longer the agency's head
    refused = head.get(state["download_url"])
    assert (refused.status_code, refused.json()["code"]) == (403, "report_refused")
    assert AuditEvent.objects.filter(
        event_type=EventType.REFUSED, after__action="report.export.xlsx.download"
    ).exists()
