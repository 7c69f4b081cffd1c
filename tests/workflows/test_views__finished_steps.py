"""A step page opened again once the step is done (a second tab, Back, an old link): the
people who could have done it are told who handled it and when, with a link to the process;
everyone else still gets the ordinary refusal."""

import datetime

import pytest
from django.utils import timezone
from viewflow.workflow.status import STATUS

from workflows import services
from workflows.flows import DirectiveFlow
from workflows.models import WorkflowTask

DUE = datetime.date(2030, 9, 30)
BASE = "/workflow/flows/directive"


def step_url(task, action="execute"):
    return f"{BASE}/{task.process_id}/{task.flow_task.name}/{task.pk}/{action}/"


@pytest.fixture
def process(staff, office):
    [process] = staff.publish(leads=["DUK"], coordinators=["BTGTU"], by=office, due_date=DUE)
    return process


@pytest.mark.django_db
def test_a_finished_step_opened_again_says_who_handled_it_with_a_link(client, staff, process):
    accept = staff.open_task(process, DirectiveFlow.accept)
    staff.accept(process)
    accept.refresh_from_db()
    head = staff.head("DUK")
    client.force_login(head)

    for response in (
        client.get(step_url(accept)),
        client.post(step_url(accept), {"officer": staff.officer("DUK").pk, "plan": "Lần hai."}),
        client.post(step_url(accept, "assign")),
    ):
        html = response.content.decode()
        assert response.status_code == 409, html[:500]
        assert "Không có quyền truy cập" not in html
        assert "Việc “Tiếp nhận, phân công” đã được xử lý (bởi" in html
        assert f"lúc {timezone.localtime(accept.finished):%H:%M %d/%m/%Y})" in html
        assert f'href="{BASE}/{process.pk}/"' in html
        assert "Mở quy trình" in html
    process.refresh_from_db()
    assert process.plan != "Lần hai."

    # a deputy of the same agency (could have done it) is told the same
    client.force_login(staff.deputy("DUK"))
    assert client.get(step_url(accept)).status_code == 409


@pytest.mark.django_db
def test_people_who_could_not_have_acted_still_get_the_ordinary_refusal(client, staff, process):
    accept = staff.open_task(process, DirectiveFlow.accept)
    staff.accept(process)
    # another agency: the process is hidden
    client.force_login(staff.head("BTCTU"))
    assert client.get(step_url(accept)).status_code == 404
    # the coordinating agency's head sees the process but never had this step
    client.force_login(staff.head("BTGTU"))
    response = client.get(step_url(accept))
    assert response.status_code == 403
    assert "đã được xử lý" not in response.content.decode()


@pytest.mark.django_db
def test_a_cancelled_step_opened_again_says_it_was_cancelled(client, staff, office, process):
    accept = staff.open_task(process, DirectiveFlow.accept)
    services.process_cancel(process=process, by=office, reason="Không còn phù hợp.")
    accept.refresh_from_db()
    assert accept.status == STATUS.CANCELED
    client.force_login(staff.head("DUK"))
    response = client.get(step_url(accept))
    assert response.status_code == 409
    assert "Việc “Tiếp nhận, phân công” đã bị hủy" in response.content.decode()


@pytest.mark.django_db
def test_an_open_step_is_unchanged(client, staff, process):
    accept = staff.open_task(process, DirectiveFlow.accept)
    services.task_claim(task=accept, by=staff.head("DUK"))
    client.force_login(staff.head("DUK"))
    assert client.get(step_url(accept)).status_code == 200
    assert WorkflowTask.objects.get(pk=accept.pk).status == STATUS.ASSIGNED
