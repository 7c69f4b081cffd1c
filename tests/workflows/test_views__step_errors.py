"""A refused step form tells the mistake once: under the field it is about, not also in a
banner, a second wording or a pop-up message."""

import datetime
import html
import re

import pytest

from workflows import services
from workflows.flows import DirectiveFlow, ExtensionFlow

DUE = datetime.date(2030, 9, 30)
PROPOSED = datetime.date(2030, 12, 31)


@pytest.fixture
def decide(staff, office):
    [process] = staff.publish(leads=["DUK"], by=office, due_date=DUE)
    staff.accept(process)
    extension = services.extension_request(
        process=process, by=staff.head("DUK"), due_date=PROPOSED, reason="Chờ số liệu quý IV."
    )
    task = staff.open_task(extension, ExtensionFlow.decide)
    services.task_claim(task=task, by=office)
    return f"/workflow/flows/extension/{extension.pk}/decide/{task.pk}/execute/"


def field_element(page: str, name: str) -> str:
    return re.search(rf'<vf-field-[\w-]+[^>]*name="{name}"[^>]*>', page).group(0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message", "other"),
    [
        (
            {"decision": "approve", "due_date": "2030-11-30", "reason": ""},
            "reason",
            "Cần nêu lý do khi gia hạn đến ngày khác ngày đề nghị.",
            "Cần nêu lý do chọn ngày khác ngày đề nghị.",
        ),
        (
            {"decision": "approve", "due_date": "2030-09-01", "reason": "Sớm hơn."},
            "due_date",
            "Hạn gia hạn phải sau hạn xử lý hiện nay (30/09/2030).",
            "Chọn ngày sau 30/09/2030.",
        ),
    ],
)
def test_an_extension_decision_mistake_is_told_once(
    client, office, decide, data, field, message, other
):
    client.force_login(office)
    response = client.post(decide, data)
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert page.count(message) == 1
    assert other not in page
    assert f'error="{message}"' in field_element(page, field)


@pytest.mark.django_db
def test_a_step_error_about_the_whole_form_is_shown_once(client, staff, office):
    [process] = staff.publish(leads=["DUK"], by=office, due_date=DUE)
    staff.accept(process)
    staff.report(process)
    task = staff.open_task(process, DirectiveFlow.approve)
    client.force_login(staff.head("DUK"))
    client.post(f"/workflow/flows/directive/{process.pk}/approve/{task.pk}/assign/")
    url = f"/workflow/flows/directive/{process.pk}/approve/{task.pk}/execute/"
    page = html.unescape(client.post(url, {"reason": "x"}).content.decode())
    assert page.count("Chọn một quyết định bằng các nút bên dưới.") == 1


@pytest.mark.django_db
def test_an_extension_request_mistake_is_told_once_under_its_field(client, staff, office):
    [process] = staff.publish(leads=["DUK"], by=office, due_date=DUE)
    staff.accept(process)
    client.force_login(staff.head("DUK"))
    url = f"/workflow/flows/directive/{process.pk}/extension/"
    response = client.post(url, {"due_date": "2030-09-01", "reason": "Chờ số liệu."})
    page = html.unescape(response.content.decode())
    message = "Hạn đề nghị phải sau hạn xử lý hiện nay (30/09/2030)."
    assert response.status_code == 200
    assert page.count(message) == 1
    assert f'error="{message}"' in field_element(page, "due_date")
    assert not process.extensions.exists()
