"""Auditors (role ``auditor``, any agency) read every process but never act on one."""

import datetime

import pytest

from project.exceptions import PermissionRefused
from tasks_app.models import Agency, Membership, Role
from tests.factories import UserFactory
from tests.workflows.test_permissions__steps import STEPS, _snapshot
from workflows import selectors, services
from workflows.flows import DirectiveFlow
from workflows.models import DirectiveProcess, ExtensionProcess

DUE = datetime.date(2030, 9, 30)


@pytest.fixture
def auditor(registry):
    user = UserFactory(username="ubkttu_auditor", first_name="Kiểm tra", last_name="UBKTTU")
    Membership.objects.create(
        user=user, agency=Agency.objects.get(code="UBKTTU"), role=Role.AUDITOR
    )
    return user


@pytest.mark.django_db
def test_an_auditor_reads_every_process(client, staff, office, auditor):
    [duk] = staff.publish(leads=["DUK"], coordinators=["BTGTU"], by=office, due_date=DUE)
    [btctu] = staff.publish(leads=["BTCTU"], by=office, due_date=DUE)
    extension = services.extension_request(
        process=duk, by=staff.head("DUK"), due_date=DUE.replace(month=12), reason="Chờ số liệu."
    )
    client.force_login(auditor)

    assert set(selectors.processes_visible_to(user=auditor)) == {duk, btctu}
    for process in (duk, btctu):
        base = f"/workflow/flows/directive/{process.pk}/"
        page = client.get(base)
        assert page.status_code == 200
        html = page.content.decode()
        assert process.lead.name in html and "Tiếp nhận, phân công" in html
        for action in ("extension/", "reassign/", "cancel/"):
            assert f'href="{base}{action}"' not in html  # reading, not acting
    assert client.get(f"/workflow/flows/extension/{extension.pk}/").status_code == 200
    listing = client.get("/workflow/flows/directive/flows/").content.decode()
    assert "Đảng ủy Khối" in listing and "Ban Tổ chức Tỉnh ủy" in listing
    # nothing to take: no queue, no inbox
    assert not selectors.tasks_queue(user=auditor).exists()
    assert not selectors.tasks_inbox(user=auditor).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("step", list(STEPS))
def test_every_step_refuses_an_auditor(staff, auditor, step):
    setup, _right, do, _refused = STEPS[step]
    process, task = setup(staff)
    before = _snapshot(process, task)

    with pytest.raises(PermissionRefused):
        services.task_claim(task=task, by=auditor)
    with pytest.raises(PermissionRefused):
        do(task, auditor, staff)

    assert _snapshot(process, task) == before


@pytest.mark.django_db
def test_side_actions_refuse_an_auditor(staff, office, auditor):
    [process] = staff.publish(leads=["DUK"], by=office, due_date=DUE)
    task = staff.open_task(process, DirectiveFlow.accept)
    services.task_claim(task=task, by=staff.head("DUK"))
    staff.head("DUK").memberships.all().delete()  # even a task left behind stays out of reach

    refused = [
        lambda: services.task_release(task=task, by=auditor),
        lambda: services.task_reclaim(task=task, by=auditor),
        lambda: services.extension_request(
            process=process, by=auditor, due_date=DUE.replace(month=12), reason="x"
        ),
        lambda: services.process_officer_reassign(
            process=process, by=auditor, officer=staff.officer("DUK")
        ),
        lambda: services.process_cancel(process=process, by=auditor, reason="x"),
    ]
    for action in refused:
        with pytest.raises(PermissionRefused):
            action()

    process = DirectiveProcess.objects.get(pk=process.pk)
    assert process.is_open and process.due_date == DUE
    assert not ExtensionProcess.objects.exists()
    task.refresh_from_db()
    assert task.owner == staff.head("DUK")
