"""Refused POSTs on any page land in the audit log (project.middleware.AuditedSiteMiddleware)."""

import pytest

from audit.models import AuditEvent, EventType
from tests.workflows.test_views__pages import step_url
from workflows.flows import DirectiveFlow

pytestmark = pytest.mark.django_db


def test_a_refused_step_page_post_is_logged_and_changes_nothing(client, staff):
    [process] = staff.publish(leads=["BTCTU"], by=staff.office())
    task = staff.open_task(process, DirectiveFlow.accept)
    outsider = staff.head("BTGTU")
    client.force_login(outsider)
    for action in ("assign", "execute"):
        response = client.post(step_url(task, action), {"plan": "x"})
        assert response.status_code in (403, 404)
    refused = AuditEvent.objects.filter(event_type=EventType.REFUSED, actor=outsider)
    assert refused.count() == 2
    assert all(e.agency_code == "BTGTU" for e in refused)
    task.refresh_from_db()
    assert task.status == "NEW" and task.owner_id is None


def test_reading_a_hidden_step_is_logged_and_throttled(client, staff, settings):
    settings.REFUSAL_AUDIT_LIMIT = 3
    [process] = staff.publish(leads=["BTCTU"], by=staff.office())
    prober = staff.head("BTGTU")
    client.force_login(prober)
    url = step_url(staff.open_task(process, DirectiveFlow.accept), "execute")
    for _attempt in range(10):
        assert client.get(url).status_code == 404  # hidden: the same answer as missing
    refused = AuditEvent.objects.filter(event_type=EventType.REFUSED, actor=prober)
    assert refused.count() == 3  # at most the limit per person and window
    assert f"#{process.pk}" in refused.first().reason
    assert refused.first().after == {"action": f"GET {url}"}


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get("/workflow/inbox/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=/workflow/inbox/")
