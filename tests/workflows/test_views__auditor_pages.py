"""An auditor reads everything but is never shown a form to act: opening an action's address
is refused up front, not after filling the form in."""

import datetime

import pytest
from django.urls import reverse

from tasks_app.models import Agency, Membership, Role
from tests.factories import UserFactory
from workflows import services
from workflows.flows import DirectiveFlow

DUE = datetime.date(2030, 9, 30)
BASE = "/workflow/flows/directive"


@pytest.fixture
def auditor(registry):
    user = UserFactory(username="ubkttu_auditor")
    Membership.objects.create(
        user=user, agency=Agency.objects.get(code="UBKTTU"), role=Role.AUDITOR
    )
    return user


@pytest.mark.django_db
def test_no_action_form_is_shown_to_an_auditor(client, staff, office, auditor):
    [process] = staff.publish(leads=["DUK"], coordinators=["BTGTU"], by=office, due_date=DUE)
    queued = staff.open_task(process, DirectiveFlow.accept)
    staff.accept(process)
    taken = staff.open_task(process, DirectiveFlow.coordinate_assign, "BTGTU")
    services.task_claim(task=taken, by=staff.head("BTGTU"))
    client.force_login(auditor)

    task_pages = [
        f"{BASE}/{process.pk}/accept/{queued.pk}/assign/",
        f"{BASE}/{process.pk}/coordinate_assign/{taken.pk}/execute/",
        f"{BASE}/{process.pk}/coordinate_assign/{taken.pk}/unassign/",
    ]
    side_pages = {
        f"{BASE}/{process.pk}/extension/": "đề nghị gia hạn",
        f"{BASE}/{process.pk}/reassign/": "đổi chuyên viên phụ trách",
        f"{BASE}/{process.pk}/cancel/": "hủy nhiệm vụ",
    }
    for url in [*task_pages, *side_pages]:
        response = client.get(url)
        assert response.status_code == 403, url
        page = response.content.decode()
        assert "<textarea" not in page and 'type="submit"' not in page, url
    for url, action in side_pages.items():
        assert action in client.get(url).content.decode().lower(), url  # says why

    # reading stays open: the process, its steps, its history
    assert client.get(f"{BASE}/{process.pk}/").status_code == 200
    detail = client.get(f"{BASE}/{process.pk}/coordinate_assign/{taken.pk}/detail/")
    assert detail.status_code == 200
    assert "/execute/" not in detail.content.decode()
    assert (
        client.get(reverse("reports:history:directive", args=[process.directive_id])).status_code
        == 200
    )
