"""Who sees what: heads their agency's work, officers their own and their queue, the Office all."""

import datetime

import pytest

from workflows import selectors, services
from workflows.flows import DirectiveFlow

DUE = datetime.date(2030, 9, 30)


@pytest.fixture
def processes(staff, office):
    [duk] = staff.publish(leads=["DUK"], coordinators=["BTGTU"], by=office, due_date=DUE)
    [btctu] = staff.publish(leads=["BTCTU"], by=office, due_date=DUE)
    return duk, btctu


def visible(user):
    return set(selectors.processes_visible_to(user=user))


@pytest.mark.django_db
def test_heads_see_what_their_agency_leads_or_coordinates(staff, processes):
    duk, btctu = processes
    assert visible(staff.head("DUK")) == {duk}
    assert visible(staff.deputy("BTCTU")) == {btctu}
    assert visible(staff.head("BTGTU")) == {duk}  # coordinating agency
    assert visible(staff.head("UBKTTU")) == set()


@pytest.mark.django_db
def test_officers_see_their_own_work(staff, processes):
    duk, _btctu = processes
    assert visible(staff.officer("DUK")) == set()
    staff.accept(duk, officer=staff.officer("DUK", 2))
    assert visible(staff.officer("DUK")) == set()
    assert visible(staff.officer("DUK", 2)) == {duk}
    assert not selectors.tasks_inbox(user=staff.officer("DUK", 2)).exists()  # BTGTU first
    services.task_coordination_assign(
        task=staff.open_task(duk, DirectiveFlow.coordinate_assign, "BTGTU"),
        by=staff.head("BTGTU"),
        officer=staff.officer("BTGTU"),
    )
    assert visible(staff.officer("BTGTU")) == {duk}
    assert [t.flow_task.name for t in selectors.tasks_inbox(user=staff.officer("BTGTU"))] == [
        "coordinate"
    ]


@pytest.mark.django_db
def test_the_office_sees_everything(client, office, processes):
    assert visible(office) == set(processes)
    client.force_login(office)
    for process in processes:
        page = client.get(f"/workflow/flows/directive/{process.pk}/")
        assert page.status_code == 200
        assert "Hủy nhiệm vụ" in page.content.decode()
    # but may not act in an agency's place
    assert not selectors.tasks_queue(user=office).exists()


@pytest.mark.django_db
def test_task_pages_of_another_agency_are_not_found(client, staff, processes):
    duk, _btctu = processes
    task = staff.open_task(duk, DirectiveFlow.accept)
    client.force_login(staff.officer("BTCTU"))
    base = f"/workflow/flows/directive/{duk.pk}/accept/{task.pk}"
    assert client.get(f"{base}/detail/").status_code == 404  # hidden looks missing
    assert client.get(f"{base}/").status_code == 404
    assert client.get(f"{base}/execute/").status_code == 404
