"""Two clients on the same version: one wins, the other is told (412/409) with the current
state; a POST retried with the same Idempotency-Key acts once."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from audit.models import AuditEvent, EventType
from tasks_app.models import Notice
from tests.helpers import SEED_NOTICE, on_postgresql
from workflows.flows import DirectiveFlow
from workflows.models import Report


def _accept_body(clients, code="BTCTU"):
    officer = clients.of(code, "officer").user
    return {"officer": officer.pk, "plan": "Triển khai ngay trong quý."}


@pytest.mark.django_db
def test_two_heads_accepting_the_same_version_one_wins_the_other_gets_412(staff, clients):
    process = staff.publish(leads=["BTCTU"], by=staff.office())[0]
    task = staff.open_task(process, DirectiveFlow.accept)
    first, second = clients.of("BTCTU", "head"), clients.of("BTCTU", "deputy")
    body = _accept_body(clients)
    version = first.get(f"/api/v1/tasks/{task.pk}/").json()["version"]
    assert second.get(f"/api/v1/tasks/{task.pk}/")["ETag"] == version

    won = first.post(f"/api/v1/tasks/{task.pk}/accept/", body, format="json", HTTP_IF_MATCH=version)
    lost = second.post(
        f"/api/v1/tasks/{task.pk}/accept/", body, format="json", HTTP_IF_MATCH=version
    )

    assert won.status_code == 200
    assert lost.status_code == 412
    error = lost.json()
    assert error["code"] == "version_mismatch"
    assert "thay đổi" in error["message"]
    assert error["current"]["status"] == "DONE" and error["current"]["version"] != version
    assert lost["ETag"] == error["current"]["version"]
    done = AuditEvent.objects.filter(event_type=EventType.STEP_DONE, object_id=str(task.pk))
    assert done.count() == 1 and done.get().actor == first.user


@pytest.mark.django_db
def test_without_a_version_the_second_step_is_a_conflict_with_the_current_state(staff, clients):
    process = staff.publish(leads=["BTCTU"], by=staff.office())[0]
    task = staff.open_task(process, DirectiveFlow.accept)
    body = _accept_body(clients)
    assert (
        clients.of("BTCTU", "head")
        .post(f"/api/v1/tasks/{task.pk}/accept/", body, format="json")
        .status_code
        == 200
    )
    again = clients.of("BTCTU", "deputy").post(
        f"/api/v1/tasks/{task.pk}/accept/", body, format="json"
    )
    assert again.status_code == 409
    assert again.json()["code"] == "conflict"
    assert again.json()["current"]["status"] == "DONE"


@pytest.mark.django_db
def test_an_edit_needs_the_version_it_changes(clients):
    office = clients.office()
    upload = SimpleUploadedFile("tb.txt", SEED_NOTICE.read_bytes(), "text/plain")
    notice = office.post("/api/v1/notices/import/", {"file": upload}, format="multipart").json()
    directive = notice["directives"][0]
    url = f"/api/v1/directives/{directive['id']}/"

    missing = office.patch(url, {"text": "Nội dung mới."}, format="json")
    assert missing.status_code == 428 and missing.json()["code"] == "version_required"

    ok = office.patch(
        url, {"text": "Nội dung A."}, format="json", HTTP_IF_MATCH=directive["version"]
    )
    assert ok.status_code == 200 and ok.json()["text"] == "Nội dung A."
    stale = office.patch(
        url, {"text": "Nội dung B."}, format="json", HTTP_IF_MATCH=directive["version"]
    )
    assert stale.status_code == 412
    assert stale.json()["current"]["text"] == "Nội dung A."
    assert office.get(url).json()["text"] == "Nội dung A."


@pytest.mark.django_db
def test_a_retried_import_with_the_same_key_acts_once(clients):
    office = clients.office()

    def send(key, name="142-TB-TU.txt"):
        upload = SimpleUploadedFile(name, SEED_NOTICE.read_bytes(), "text/plain")
        return office.post(
            "/api/v1/notices/import/",
            {"file": upload},
            format="multipart",
            HTTP_IDEMPOTENCY_KEY=key,
        )

    first, retry = send("nhap-142-lan-1"), send("nhap-142-lan-1")
    assert first.status_code == retry.status_code == 201
    assert retry["Idempotent-Replayed"] == "true"
    assert retry.json()["id"] == first.json()["id"]
    assert Notice.objects.count() == 1
    assert AuditEvent.objects.filter(event_type=EventType.NOTICE_IMPORTED).count() == 1

    other = send("nhap-142-lan-1", name="khac.txt")
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    fresh = send("nhap-142-lan-2")
    assert fresh.status_code == 400 and "đã được nhập" in fresh.json()["message"]
    assert Notice.objects.count() == 1


@pytest.mark.django_db
def test_a_retried_report_with_the_same_key_is_one_report(staff, clients):
    process = staff.publish(leads=["BTCTU"], by=staff.office())[0]
    staff.accept(process, officer=clients.of("BTCTU", "officer").user)
    officer = clients.of("BTCTU", "officer")
    task = staff.open_task(process, DirectiveFlow.report)
    answers = [
        officer.post(
            f"/api/v1/tasks/{task.pk}/report/",
            {"text": "Đã hoàn thành."},
            format="json",
            HTTP_IDEMPOTENCY_KEY="bao-cao-1",
        )
        for _ in range(3)
    ]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert Report.objects.filter(process=process).count() == 1
    assert answers[2].json() == answers[0].json()


@pytest.mark.skipif(not on_postgresql(), reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_clients_at_the_same_instant_exactly_one_succeeds(staff, clients):
    process = staff.publish(leads=["BTCTU"], by=staff.office())[0]
    task = staff.open_task(process, DirectiveFlow.accept)
    body = _accept_body(clients)
    heads = [clients.of("BTCTU", "head"), clients.of("BTCTU", "deputy")]
    version = heads[0].get(f"/api/v1/tasks/{task.pk}/").json()["version"]
    barrier = threading.Barrier(2)
    codes = []

    def act(client):
        try:
            barrier.wait()
            answer = client.post(
                f"/api/v1/tasks/{task.pk}/accept/", body, format="json", HTTP_IF_MATCH=version
            )
            codes.append(answer.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(c,)) for c in heads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes)[0] == 200 and sorted(codes)[1] in (409, 412), codes
    assert AuditEvent.objects.filter(event_type=EventType.STEP_DONE).count() == 1
