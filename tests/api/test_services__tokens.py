"""Tokens: issued by an administrator, scoped to an agency and/or read-only, rotated and
revoked, every change in the audit log; the docs and schema served from the installed package."""

import datetime
import re
from io import StringIO

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from api.services.tokens import api_token_issue, api_token_revoke, api_token_rotate
from audit.models import AuditEvent, EventType
from project.exceptions import PermissionRefused
from tasks_app.models import Agency, Membership

pytestmark = pytest.mark.django_db


def _client(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_an_agency_token_acts_as_the_agency_service_account_only(registry):
    issued = api_token_issue(
        by=None, name="Hệ thống BTCTU", agency=Agency.objects.get(code="BTCTU"), roles=["head"]
    )
    me = _client(issued.key).get("/api/v1/me/").json()
    assert me["username"] == "api.btctu.head"
    assert me["memberships"] == [
        {"agency": "BTCTU", "agency_name": Agency.objects.get(code="BTCTU").name, "role": "head"}
    ]
    assert me["token"]["agency"] == "BTCTU" and me["token"]["read_only"] is False
    assert not issued.token.user.has_usable_password()
    assert Membership.objects.filter(user=issued.token.user).count() == 1
    assert AuditEvent.objects.filter(event_type=EventType.API_TOKEN_ISSUED).count() == 1


def test_only_an_administrator_issues_tokens(staff, django_user_model):
    with pytest.raises(PermissionRefused):
        api_token_issue(
            by=staff.office(), name="x", agency=Agency.objects.get(code="VPTU"), roles=["office"]
        )
    assert AuditEvent.objects.filter(event_type=EventType.REFUSED).count() == 1
    admin = django_user_model.objects.create_superuser("quantri", "qt@example.org", "x")
    issued = api_token_issue(
        by=admin, name="Văn phòng", agency=Agency.objects.get(code="VPTU"), roles=["office"]
    )
    assert issued.token.created_by == admin


def test_a_read_only_token_reads_and_is_refused_any_change(staff, clients):
    reader = clients.of("VPTU", "office", read_only=True)
    assert reader.get("/api/v1/notices/").status_code == 200
    answer = reader.post("/api/v1/notices/", {}, format="json")
    assert answer.status_code == 403
    assert answer.json()["code"] == "read_only_token"
    assert "chỉ được đọc" in answer.json()["message"]


def test_rotation_and_revocation_stop_the_old_key_at_once(registry):
    issued = api_token_issue(
        by=None, name="Cổng dữ liệu", agency=Agency.objects.get(code="BTCTU"), roles=["officer"]
    )
    rotated = api_token_rotate(token=issued.token, by=None)
    old = _client(issued.key).get("/api/v1/me/")
    assert old.status_code == 401
    assert old.json()["code"] == "authentication_failed"
    assert "thu hồi" in old.json()["message"]
    assert old["WWW-Authenticate"].startswith("Bearer")
    assert _client(rotated.key).get("/api/v1/me/").status_code == 200
    api_token_revoke(token=rotated.token, by=None, reason="Hệ thống ngừng sử dụng.")
    assert _client(rotated.key).get("/api/v1/me/").status_code == 401
    events = list(
        AuditEvent.objects.filter(event_type__startswith="api_token.").values_list(
            "event_type", flat=True
        )
    )
    assert events == ["api_token.issued", "api_token.rotated", "api_token.revoked"]


def test_an_expired_token_or_a_forged_key_is_refused(registry):
    issued = api_token_issue(
        by=None,
        name="Tạm thời",
        agency=Agency.objects.get(code="BTCTU"),
        roles=["head"],
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    assert _client(issued.key).get("/api/v1/me/").status_code == 200
    forged = issued.key[:-4] + ("AAAA" if not issued.key.endswith("AAAA") else "BBBB")
    assert _client(forged).get("/api/v1/me/").status_code == 401
    type(issued.token).objects.filter(pk=issued.token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert _client(issued.key).get("/api/v1/me/").status_code == 401


def test_without_credentials_the_answer_says_how_to_authenticate(db):
    answer = APIClient().get("/api/v1/tasks/")
    assert answer.status_code == 401
    assert answer.json()["code"] == "not_authenticated"
    assert "Authorization: Bearer" in answer.json()["message"]


def test_the_command_issues_a_key_an_operator_can_use(registry):
    out = StringIO()
    call_command(
        "api_token",
        "issue",
        "--name",
        "E-office",
        "--agency",
        "VPTU",
        "--role",
        "office",
        stdout=out,
    )
    key = out.getvalue().strip()
    assert _client(key).get("/api/v1/audit-events/").status_code == 200


def test_schema_and_docs_are_served_from_the_installed_package(db):
    schema = APIClient().get("/api/schema/?format=json")
    assert schema.status_code == 200
    text = schema.content.decode()
    assert '"openapi": "3' in text or '"openapi":"3' in text
    assert "Tiếp nhận, phân công" in text and "Trả lại" in text
    docs = APIClient().get("/api/docs/")
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "swagger-ui" in page and "cdn" not in page.lower() and "https://" not in page
    scripts = re.findall(r'src="([^"]+\.js)"', page)
    assert scripts
    for src in scripts:
        assert src.startswith("/static/drf_spectacular_sidecar/"), src
        assert finders.find(src.removeprefix("/static/")), src
