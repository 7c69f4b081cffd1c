"""Step pages name their action on the button, and say what was done without raw ids."""

import datetime
import re

import pytest

from workflows.flows import DirectiveFlow

DUE = datetime.date(2030, 9, 30)
BASE = "/workflow/flows/directive"


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def step_url(task, action="execute"):
    return f"{BASE}/{task.process_id}/{task.flow_task.name}/{task.pk}/{action}/"


@pytest.fixture
def process(staff, office):
    [process] = staff.publish(leads=["DUK"], by=office, due_date=DUE)
    return process


@pytest.mark.django_db
def test_claiming_and_accepting_say_what_was_done(client, staff, process):
    head = staff.head("DUK")
    officer = staff.officer("DUK")
    task = staff.open_task(process, DirectiveFlow.accept)
    client.force_login(head)
    label = f"{process.directive.notice.number} mục {process.directive.ref}"

    claimed = client.post(step_url(task, "assign"), follow=True)
    assert messages_of(claimed) == [f"Bạn đã nhận việc “Tiếp nhận, phân công” — {label}."]
    page = client.get(step_url(task)).content.decode()
    assert re.search(r'<span class="mdc-button__label">Tiếp nhận và giao việc</span>', page)
    done = client.post(
        step_url(task),
        {"officer": officer.pk, "plan": "Triển khai ngay.", "meeting_required": ""},
        follow=True,
    )
    name = officer.get_full_name()
    assert messages_of(done) == [f"Đã tiếp nhận nhiệm vụ {label} và giao cho {name}."]
    assert not any(re.search(r"#\d+", m) for m in messages_of(done))


@pytest.mark.django_db
def test_a_head_approves_or_returns_with_one_button_each(client, staff, process):
    staff.accept(process)
    staff.report(process)
    task = staff.open_task(process, DirectiveFlow.approve)
    head = staff.head("DUK")
    client.force_login(head)
    client.post(step_url(task, "assign"))

    page = client.get(step_url(task)).content.decode()
    buttons = re.findall(r'<button[^>]*name="decision" value="(\w+)"[^>]*>.*?</button>', page, re.S)
    assert buttons == ["approve", "return"]
    assert "Duyệt, trình Văn phòng Tỉnh ủy" in page and "Trả lại chuyên viên" in page

    refused = client.post(step_url(task), {"decision": "return", "reason": ""})
    assert refused.status_code == 200 and "Cần nêu lý do trả lại." in refused.content.decode()
    returned = client.post(
        step_url(task), {"decision": "return", "reason": "Bổ sung số liệu."}, follow=True
    )
    label = f"{process.directive.notice.number} mục {process.directive.ref}"
    assert messages_of(returned) == [
        f"Đã trả lại báo cáo nhiệm vụ {label} để chuyên viên hoàn chỉnh."
    ]
    assert staff.open_task(process, DirectiveFlow.report).owner == staff.officer("DUK")


@pytest.mark.django_db
def test_the_workflow_menu_names_each_thing_once(client, staff, process):
    client.force_login(staff.head("DUK"))
    html = client.get("/workflow/inbox/").content.decode()
    menu = html[html.index("vf-page__menu") : html.index("vf-page__body")]
    menu = re.sub(r'<h3 class="[^"]*cd-sr[^"]*">.*?</h3>', "", menu, flags=re.S)  # not shown
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", menu))
    assert words.count("Quy trình xử lý") == 1


@pytest.mark.django_db
def test_the_workflow_application_opens_on_the_users_own_tasks(client, staff, process):
    client.force_login(staff.head("DUK"))
    response = client.get("/workflow/", follow=True)
    assert response.request["PATH_INFO"] == "/workflow/inbox/"
    assert "Việc được giao" in response.content.decode()
