"""The administrator issues a token and registers a webhook endpoint in the admin pages."""

import pytest

from api.models import ApiToken, WebhookEndpoint
from audit.models import AuditEvent, EventType
from tasks_app.models import Agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model, registry):
    client.force_login(django_user_model.objects.create_superuser("quantri", "q@example.org", "x"))
    return client


def test_issuing_a_token_shows_the_key_once(admin_client):
    agency = Agency.objects.get(code="BTCTU")
    assert admin_client.get("/admin/api/apitoken/add/").status_code == 200
    answer = admin_client.post(
        "/admin/api/apitoken/add/",
        {"name": "Cổng thông tin BTCTU", "agency": agency.pk, "roles": ["head"]},
        follow=True,
    )
    assert answer.status_code == 200
    token = ApiToken.objects.get()
    shown = [str(m) for m in answer.context["messages"]]
    assert any(f"chd_{token.prefix}_" in m for m in shown), shown
    assert token.user.username == "api.btctu.head"
    assert AuditEvent.objects.filter(event_type=EventType.API_TOKEN_ISSUED).count() == 1
    page = admin_client.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()
    assert token.prefix in page and "chd_" not in page


def test_registering_a_webhook_gives_it_a_secret_and_the_agency_view(admin_client):
    agency = Agency.objects.get(code="BTCTU")
    answer = admin_client.post(
        "/admin/api/webhookendpoint/add/",
        {
            "name": "E-office BTCTU",
            "url": "https://eoffice.example.org/hook",
            "agency": agency.pk,
            "events": ["process.started", "step.done"],
            "is_active": "on",
            "deliveries-TOTAL_FORMS": "0",
            "deliveries-INITIAL_FORMS": "0",
        },
        follow=True,
    )
    assert answer.status_code == 200
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["process.started", "step.done"]
    assert len(endpoint.secret) >= 32 and endpoint.viewer.username == "api.btctu.head"
    assert AuditEvent.objects.filter(event_type=EventType.WEBHOOK_SAVED).count() == 1
    page = admin_client.get(f"/admin/api/webhookendpoint/{endpoint.pk}/change/")
    assert endpoint.secret in page.content.decode()
