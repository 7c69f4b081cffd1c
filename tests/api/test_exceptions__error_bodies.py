"""Every refusal has one body: a stable code, a Vietnamese message, field errors per field."""

import pytest
from rest_framework.test import APIClient

from workflows.flows import DirectiveFlow

pytestmark = pytest.mark.django_db


def test_missing_fields_are_named_one_by_one_in_vietnamese(staff, clients):
    process = staff.publish(leads=["BTCTU"], by=staff.office())[0]
    task = staff.open_task(process, DirectiveFlow.accept)
    answer = clients.of("BTCTU", "head").post(f"/api/v1/tasks/{task.pk}/accept/", {}, format="json")
    assert answer.status_code == 400
    body = answer.json()
    assert body["code"] == "invalid" and body["message"] == "Dữ liệu không hợp lệ."
    assert body["fields"] == {
        "officer": ["Trường này là bắt buộc."],
        "plan": ["Trường này là bắt buộc."],
    }


def test_a_service_refusal_keeps_its_kind_and_message(staff, clients):
    process = staff.publish(leads=["BTCTU"], coordinators=["TCT"], by=staff.office())[0]
    task = staff.open_task(process, DirectiveFlow.accept)
    partner = clients.of("TCT", "head")
    # TCT's head sees the process (TCT coordinates it) but may not do BTCTU's step
    answer = partner.post(
        f"/api/v1/tasks/{task.pk}/accept/",
        {"officer": clients.of("BTCTU", "officer").user.pk, "plan": "Kế hoạch."},
        format="json",
    )
    assert answer.status_code == 403
    assert answer.json()["code"] == "permission_denied"
    assert "Bạn không thuộc" in answer.json()["message"]
    wrong_officer = clients.of("BTCTU", "head").post(
        f"/api/v1/tasks/{task.pk}/accept/",
        {"officer": clients.of("TCT", "officer").user.pk, "plan": "Kế hoạch."},
        format="json",
    )
    assert wrong_officer.status_code == 400
    assert "không phải chuyên viên" in wrong_officer.json()["message"]


def test_unreadable_json_and_unknown_addresses_answer_in_the_same_shape(clients):
    office = clients.office()
    broken = office.generic(
        "POST", "/api/v1/notices/", "{không phải json", content_type="application/json"
    )
    assert broken.status_code == 400 and broken.json()["code"] == "parse_error"
    assert "không đọc được" in broken.json()["message"]
    missing = office.get("/api/v1/khong-co/")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    huge = office.get(f"/api/v1/tasks/{10**30}/")
    assert huge.status_code == 404 and huge.json()["code"] == "not_found"


def test_the_browser_session_works_too(client, staff):
    client.force_login(staff.head("BTCTU"))
    assert client.get("/api/v1/me/").json()["username"] == "btctu_head"
    # a change through the session needs the CSRF token, like any form of the site
    answer = APIClient(enforce_csrf_checks=True)
    answer.force_login(staff.head("BTCTU"))
    refused = answer.post("/api/v1/notifications/read-all/")
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
