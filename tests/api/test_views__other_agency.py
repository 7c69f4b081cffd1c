"""Every endpoint of the OpenAPI schema, called with the token of an agency that has nothing to
do with a directive: objects of that directive are "not found" (404, exactly as for an id that
does not exist), lists show none of them, actions reserved to the Office are refused, and
nothing changes anywhere (row counts of every table, the audit log)."""

import datetime
import json

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from notifications.signals import notify
from rest_framework.test import APIClient

from audit.models import AuditEvent, EventType
from reports import jobs
from reports.selectors.filters import ReportFilters
from tasks_app.models import Agency
from workflows import services
from workflows.flows import DirectiveFlow
from workflows.selectors import attachments

pytestmark = pytest.mark.django_db

MARK = "Nhiệm vụ riêng của Ban Tổ chức"

#: Answers for an object of the directive that are not 404, and why.
NOT_HIDDEN = {
    ("get", "/api/v1/agencies/{id}/"): (200, "the agency registry is public to every user"),
    ("patch", "/api/v1/agencies/{id}/"): (403, "only the Office edits the registry"),
}
#: Collection endpoints (no object id): the answer expected from an outsider.
COLLECTIONS = {
    ("get", "/api/v1/me/"): 200,
    ("get", "/api/v1/agencies/"): 200,
    ("get", "/api/v1/notices/"): 200,
    ("post", "/api/v1/notices/"): 403,
    ("post", "/api/v1/notices/import/"): 403,
    ("get", "/api/v1/directives/"): 200,
    ("get", "/api/v1/assignments/"): 200,
    ("get", "/api/v1/tasks/"): 200,
    ("get", "/api/v1/tasks/queue/"): 200,
    ("get", "/api/v1/extensions/"): 200,
    ("get", "/api/v1/notifications/"): 200,
    ("get", "/api/v1/notifications/unread-count/"): 200,
    ("post", "/api/v1/notifications/read-all/"): 200,
    ("get", "/api/v1/statistics/"): 200,
    ("get", "/api/v1/audit-events/"): 403,
    # a head may export the report of the agency they lead: an empty one, and the export is
    # written to the audit log (the one row the walk adds)
    ("post", "/api/v1/reports/export/"): 200,
}


def _world(staff, clients):
    """BTCTU leads a directive (TCT coordinates): accepted, contributed with a file, reported,
    with an extension request waiting; BTCTU's head has a notification."""
    office = staff.office()
    process = staff.publish(
        leads=["BTCTU"],
        coordinators=["TCT"],
        by=office,
        due_date=datetime.date(2030, 6, 30),
        text=MARK,
    )[0]
    staff.accept(process)
    services.task_coordination_assign(
        task=staff.open_task(process, DirectiveFlow.coordinate_assign, "TCT"),
        by=staff.head("TCT"),
        officer=staff.officer("TCT"),
    )
    services.task_contribution_submit(
        task=staff.open_task(process, DirectiveFlow.coordinate, "TCT"),
        by=staff.officer("TCT"),
        text="Ý kiến.",
        files=[SimpleUploadedFile("y-kien.pdf", b"%PDF-1.4", "application/pdf")],
    )
    staff.report(process)
    extension = services.extension_request(
        process=process,
        by=staff.head("BTCTU"),
        due_date=datetime.date(2030, 12, 31),
        reason="Chờ số liệu.",
    )
    notify.send(office, recipient=staff.head("BTCTU"), verb="Nhắc việc", description=MARK)
    head = staff.head("BTCTU")
    # a large export BTCTU's head asked for (queued: the walk runs no worker)
    export = jobs.export_job_create(user=head, filters=ReportFilters(), fmt="xlsx", rows_total=1)
    return {
        "agencies": Agency.objects.get(code="BTCTU").pk,
        "notices": process.directive.notice_id,
        "directives": process.directive_id,
        "assignments": process.assignment_id,
        "tasks": staff.open_task(process, DirectiveFlow.approve).pk,
        "extensions": extension.pk,
        "attachments": attachments().get().pk,
        "notifications": head.notifications.get().pk,
        "reports": export.pk,
    }


def _body(path: str, outsider) -> dict:
    action = path.rstrip("/").rsplit("/", 1)[-1]
    return {
        "accept": {"officer": outsider.pk, "plan": "Kế hoạch."},
        "coordination-assign": {"officer": outsider.pk},
        "contribution": {"text": "Ý kiến."},
        "report": {"text": "Báo cáo."},
        "meeting": {"held_on": "2024-01-01", "place": "Hội trường", "minutes": "Biên bản."},
        "approve": {"decision": "approve"},
        "verify": {"decision": "close"},
        "extension-decision": {"decision": "approve"},
        "decision": {"decision": "approve"},
        "extension-request": {"due_date": "2100-01-01", "reason": "Lý do."},
        "reassign": {"officer": outsider.pk},
        "cancel": {"reason": "Lý do."},
        "assignments": {"lead": "BDVTU"},
        "{id}": {"text": "Sửa.", "due_date": "2030-01-01", "name": "Tên mới"},
        "notices": {
            "number": "999-TB/TU",
            "date": "2024-01-01",
            "issuer": "Tỉnh ủy",
            "title": "Thử",
            "directives": [{"ref": "1", "text": "Thử.", "assignments": [{"lead": "BDVTU"}]}],
        },
        "export": {"format": "xlsx"},
    }.get(action, {})


def _snapshot() -> dict:
    counts = {model._meta.label: model._default_manager.count() for model in apps.get_models()}
    counts["audit"] = AuditEvent.objects.count()
    counts["last_seq"] = max(AuditEvent.objects.values_list("seq", flat=True), default=0)
    return counts


def _call(client, method: str, url: str, body: dict):
    if url.endswith("/notices/import/"):
        upload = SimpleUploadedFile("tb.txt", "Số 1-TB/TU".encode(), "text/plain")
        return client.post(url, {"file": upload}, format="multipart")
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, body, format="json", HTTP_IF_MATCH="*")


def test_another_agency_finds_nothing_and_changes_nothing(staff, clients):
    ids = _world(staff, clients)
    outsider_client = clients.of("BDVTU", "head", "officer")
    outsider = outsider_client.user
    schema = json.loads(APIClient().get("/api/schema/?format=json").content)
    before = _snapshot()
    walked = set()
    for path, item in schema["paths"].items():
        for method in ("get", "post", "patch", "put", "delete"):
            if method not in item:
                continue
            walked.add((method, path))
            body = _body(path, outsider)
            if "{id}" in path:
                group = path.split("/")[3]
                logged = AuditEvent.objects.count()
                answer = _call(outsider_client, method, path.replace("{id}", str(ids[group])), body)
                expected = NOT_HIDDEN.get((method, path), (404, ""))[0]
                assert answer.status_code == expected, (method, path, answer.content[:300])
                if expected == 404:
                    assert answer.json()["code"] == "not_found"
                    missing = _call(outsider_client, method, path.replace("{id}", "987654"), body)
                    assert (missing.status_code, missing.json()) == (404, answer.json())
                    assert AuditEvent.objects.count() == logged, (method, path)
            else:
                answer = _call(outsider_client, method, path, body)
                assert (method, path) in COLLECTIONS, f"endpoint not walked: {method} {path}"
                assert answer.status_code == COLLECTIONS[(method, path)], (
                    method,
                    path,
                    answer.content[:300],
                )
                if path.endswith("/export/"):
                    continue
                if answer.status_code == 200:
                    data = answer.json()
                    assert MARK not in answer.content.decode(), (method, path)
                    if "results" in data and not path.endswith("/agencies/"):
                        assert data["results"] == [], (method, path)
                    if path.endswith("/statistics/"):
                        assert data["counts"]["counted"] == 0 and data["by_agency"] == []
    # What the log gained: the refused Office-only attempts (as on the web pages) and the
    # outsider's own empty export; nothing else changed in any table.
    after = _snapshot()
    new = AuditEvent.objects.filter(seq__gt=before["last_seq"]).order_by("seq")
    refused = sorted(e.after["action"] for e in new if e.event_type == EventType.REFUSED)
    assert refused == ["agency.save", "notice.create", "notice.import"]
    assert [e.after["rows"] for e in new if e.event_type == EventType.EXPORTED] == [0]
    assert {e.actor for e in new} == {outsider} and new.count() == 4
    for counts in (before, after):
        del counts["audit"], counts[AuditEvent._meta.label], counts["last_seq"]
    assert after == before
    assert walked >= set(COLLECTIONS) | set(NOT_HIDDEN)
