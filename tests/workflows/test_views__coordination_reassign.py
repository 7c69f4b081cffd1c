"""A coordinating head changes the agency's coordinating officer ("Đổi chuyên viên phối hợp"),
and only once there is one to replace; before that the action is not offered."""

import datetime
import re

import pytest

from workflows import services
from workflows.flows import DirectiveFlow

DUE = datetime.date(2030, 9, 30)
BASE = "/workflow/flows/directive"


def visible(response) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def process(staff, office):
    [process] = staff.publish(leads=["DUK"], coordinators=["BTGTU"], by=office, due_date=DUE)
    staff.accept(process)
    return process


@pytest.mark.django_db
def test_no_reassign_button_before_the_agency_assigned_its_officer(client, staff, process):
    client.force_login(staff.head("BTGTU"))
    page = visible(client.get(f"{BASE}/{process.pk}/"))
    assert "Đổi chuyên viên" not in page


@pytest.mark.django_db
def test_an_old_link_says_once_that_nobody_is_assigned_yet(client, staff, process):
    client.force_login(staff.head("BTGTU"))
    response = client.post(f"{BASE}/{process.pk}/reassign/", {"officer": staff.officer("BTGTU").pk})
    text = visible(response)
    assert response.status_code == 409
    assert text.count("chưa phân công chuyên viên phối hợp") == 1
    assert f'href="{BASE}/{process.pk}/"' in response.content.decode()


@pytest.mark.django_db
def test_once_assigned_the_button_names_the_coordinating_officer(client, staff, process):
    services.task_coordination_assign(
        task=staff.open_task(process, DirectiveFlow.coordinate_assign, "BTGTU"),
        by=staff.head("BTGTU"),
        officer=staff.officer("BTGTU"),
    )
    client.force_login(staff.head("BTGTU"))
    page = visible(client.get(f"{BASE}/{process.pk}/"))
    assert "Đổi chuyên viên phối hợp" in page and "Đổi chuyên viên phụ trách" not in page
    form = visible(client.get(f"{BASE}/{process.pk}/reassign/"))
    assert "Đổi chuyên viên phối hợp" in form and "Đổi chuyên viên phụ trách" not in form

    response = client.post(
        f"{BASE}/{process.pk}/reassign/", {"officer": staff.officer("BTGTU", 2).pk}
    )
    assert response.status_code == 302
    task = staff.open_task(process, DirectiveFlow.coordinate, "BTGTU")
    assert task.owner == staff.officer("BTGTU", 2)


@pytest.mark.django_db
def test_the_lead_head_still_changes_the_responsible_officer(client, staff, process):
    client.force_login(staff.head("DUK"))
    page = visible(client.get(f"{BASE}/{process.pk}/"))
    assert "Đổi chuyên viên phụ trách" in page
