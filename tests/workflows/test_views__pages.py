"""The Material site's workflow pages: scoped to the user's agency, rendered in Vietnamese."""

import datetime
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from viewflow.workflow.status import STATUS

from workflows import services
from workflows.flows import DirectiveFlow, ExtensionFlow
from workflows.models import Outcome, WorkflowTask

DUE = datetime.date(2030, 9, 30)
BASE = "/workflow/flows/directive"
ENGLISH = re.compile(
    r">\s*(Inbox|Queue|Archive|Execute|Execute and continue|Assign|Unassign|Process list|"
    r"Created|Status|Owner|Task|Cancel|Dashboard|Select all|GO|Brief|Permission|"
    r"\d+-\d+ of \d+)\s*<"
)


def text_of(response) -> str:
    return response.content.decode()


def assert_vietnamese(response, *phrases):
    assert response.status_code == 200, response.status_code
    html = text_of(response)
    for phrase in phrases:
        # field widgets carry their choices as JSON (\\uXXXX escapes)
        assert str(phrase) in html or json.dumps(str(phrase))[1:-1] in html, phrase
    leftovers = ENGLISH.findall(html)
    assert not leftovers, f"untranslated: {leftovers}"


@pytest.fixture
def process(staff, office):
    [process] = staff.publish(leads=["DUK"], coordinators=["BTGTU"], by=office, due_date=DUE)
    return process


def button_labels(response) -> list[str]:
    """The labels of the page's submit buttons."""
    html = text_of(response)
    return [
        re.sub(r"<[^>]+>", "", label).strip()
        for label in re.findall(r"<button[^>]*>(.*?)</button>", html, flags=re.S)
    ]


def step_url(task, action="execute"):
    return f"{BASE}/{task.process_id}/{task.flow_task.name}/{task.pk}/{action}/"


@pytest.mark.django_db
def test_lists_and_charts_render_in_vietnamese(client, staff, process):
    client.force_login(staff.head("DUK"))

    assert_vietnamese(client.get("/workflow/inbox/"), "Việc được giao")
    queue = client.get("/workflow/queue/")
    assert_vietnamese(queue, "Việc chờ nhận", "Tiếp nhận, phân công", "30/09/2030")
    assert_vietnamese(client.get("/workflow/archive/"), "Việc đã xử lý")
    assert_vietnamese(client.get(f"{BASE}/flows/"), "Danh sách quy trình", "Đảng ủy Khối")
    assert_vietnamese(client.get(f"{BASE}/tasks/"), "Tiếp nhận, phân công")
    assert_vietnamese(client.get(f"{BASE}/"), "Thực hiện nhiệm vụ")
    assert_vietnamese(
        client.get(f"{BASE}/{process.pk}/"), "Tiếp nhận, phân công", "Cơ quan chủ trì"
    )
    assert_vietnamese(client.get("/workflow/groups/"), "Theo dõi theo nhóm")

    chart = client.get(f"{BASE}/chart/")
    assert chart["Content-Type"] == "image/svg+xml"
    svg = text_of(chart)
    for title in ("Tiếp nhận, phân công", "Báo cáo kết quả", "Thẩm định kết quả", "Họp liên ngành"):
        assert title in svg
    assert "Accept" not in svg and ">yes<" not in svg
    process_chart = client.get(f"{BASE}/{process.pk}/chart/")
    assert "Tiếp nhận, phân công" in text_of(process_chart)


@pytest.mark.django_db
def test_english_is_the_second_locale(client, staff, process):
    client.force_login(staff.head("DUK"))
    client.cookies["django_language"] = "en"

    assert "Accept and assign" in text_of(client.get(f"{BASE}/chart/"))
    assert "Queue" in text_of(client.get("/workflow/queue/"))


@pytest.mark.django_db
def test_every_step_page_renders_in_vietnamese(client, staff, office, process):
    """GET each step's page as the person who does it (claiming queue tasks first)."""
    pages = []

    def visit(task, user, *phrases):
        client.force_login(user)
        if task.status == STATUS.NEW:
            claim = client.get(step_url(task, "assign"))
            assert_vietnamese(claim, "Nhận việc")
            services.task_claim(task=task, by=user)
        response = client.get(step_url(task))
        assert_vietnamese(response, task.flow_task.task_title, *phrases)
        assert "Thực hiện" not in button_labels(response)  # buttons name the action
        pages.append(task.flow_task.name)

    visit(
        staff.open_task(process, DirectiveFlow.accept),
        staff.head("DUK"),
        "Chuyên viên phụ trách",
        "Tiếp nhận và giao việc",
    )
    staff.accept(process, meeting=True)
    visit(
        staff.open_task(process, DirectiveFlow.coordinate_assign, "BTGTU"),
        staff.head("BTGTU"),
        "Chuyên viên phụ trách phối hợp",
        "Giao việc phối hợp",
    )
    services.task_coordination_assign(
        task=staff.open_task(process, DirectiveFlow.coordinate_assign, "BTGTU"),
        by=staff.head("BTGTU"),
        officer=staff.officer("BTGTU"),
    )
    visit(
        staff.open_task(process, DirectiveFlow.coordinate, "BTGTU"),
        staff.officer("BTGTU"),
        "Nội dung ý kiến phối hợp",
        "Gửi ý kiến",
    )
    visit(
        staff.open_task(process, DirectiveFlow.meeting),
        staff.officer("DUK"),
        "Biên bản họp",
        "Lưu biên bản họp",
    )
    services.task_contribution_submit(
        task=staff.open_task(process, DirectiveFlow.coordinate, "BTGTU"),
        by=staff.officer("BTGTU"),
        text="Ý kiến.",
    )
    services.task_meeting_record(
        task=staff.open_task(process, DirectiveFlow.meeting),
        by=staff.officer("DUK"),
        held_on=DUE,
        place="Hội trường",
        minutes="Biên bản.",
    )
    visit(
        staff.open_task(process, DirectiveFlow.report),
        staff.officer("DUK"),
        "Kết quả thực hiện",
        "Gửi báo cáo",
    )
    staff.report(process)
    visit(
        staff.open_task(process, DirectiveFlow.approve),
        staff.head("DUK"),
        "Duyệt, trình Văn phòng Tỉnh ủy",
        "Trả lại chuyên viên",
    )
    staff.approve(process)
    visit(
        staff.open_task(process, DirectiveFlow.verify),
        office,
        "Chấp nhận, kết thúc nhiệm vụ",
        "Trả lại cơ quan chủ trì",
    )
    extension = services.extension_request(
        process=process, by=staff.head("DUK"), due_date=DUE.replace(month=12), reason="x"
    )
    task = staff.open_task(extension, ExtensionFlow.decide)
    client.force_login(office)
    services.task_claim(task=task, by=office)
    url = f"/workflow/flows/extension/{extension.pk}/decide/{task.pk}/execute/"
    assert_vietnamese(client.get(url), "Xét đề nghị gia hạn", "Đồng ý gia hạn")
    pages.append("decide")
    assert_vietnamese(client.get(f"/workflow/flows/extension/{extension.pk}/"), "Đề nghị gia hạn")
    detail = client.get(
        f"{BASE}/{process.pk}/accept/{process.task_set.order_by('pk')[1].pk}/detail/"
    )
    assert_vietnamese(detail, "Cơ quan xử lý", "Người xử lý")

    human = [
        n.name
        for f in (DirectiveFlow, ExtensionFlow)
        for n in f.instance.nodes()
        if n.task_type == "HUMAN"
    ]
    assert sorted(pages) == sorted(human)


@pytest.mark.django_db
def test_a_head_takes_and_accepts_through_the_pages(client, staff, process):
    task = staff.open_task(process, DirectiveFlow.accept)
    client.force_login(staff.head("DUK"))

    response = client.get(f"{BASE}/{process.pk}/accept/{task.pk}/")
    assert response.status_code == 302 and response["Location"].endswith("/assign/")
    response = client.post(step_url(task, "assign"))
    assert response.status_code == 302
    response = client.post(
        step_url(task),
        {
            "officer": staff.officer("DUK").pk,
            "plan": "Kế hoạch triển khai.",
            "meeting_required": "",
        },
    )
    assert response.status_code == 302, text_of(response)[:2000]
    task.refresh_from_db()
    process.refresh_from_db()
    assert task.status == STATUS.DONE
    assert process.officer == staff.officer("DUK") and process.plan == "Kế hoạch triển khai."


@pytest.mark.django_db
def test_the_pages_refuse_other_agencies_and_change_nothing(client, staff, process):
    task = staff.open_task(process, DirectiveFlow.accept)
    client.force_login(staff.head("BTCTU"))

    # another agency's process is hidden: the same answer as a missing one
    assert client.get(step_url(task, "assign")).status_code == 404
    assert client.post(step_url(task, "assign")).status_code == 404
    assert client.post(step_url(task), {"plan": "x"}).status_code == 404
    assert client.get(f"{BASE}/{process.pk}/").status_code == 404
    assert client.get(f"{BASE}/{process.pk}/chart/").status_code == 404
    assert "Tiếp nhận" not in text_of(client.get("/workflow/queue/"))
    assert "Đảng ủy Khối" not in text_of(client.get(f"{BASE}/flows/"))
    task.refresh_from_db()
    assert (task.status, task.owner_id) == (STATUS.NEW, None)

    # an officer of the lead agency may not take a head's step either (nor see the process
    # before an officer's step waits for them)
    client.force_login(staff.officer("DUK"))
    assert client.post(step_url(task, "assign")).status_code == 404
    task.refresh_from_db()
    assert (task.status, task.owner_id) == (STATUS.NEW, None)


@pytest.mark.django_db
def test_a_refusal_from_the_service_is_shown_as_a_message(client, staff, process):
    staff.accept(process)
    task = staff.open_task(process, DirectiveFlow.coordinate_assign, "BTGTU")
    services.task_claim(task=task, by=staff.head("BTGTU"))
    client.force_login(staff.head("BTGTU"))
    # the officer leaves the agency between loading the form and submitting it
    officer = staff.officer("BTGTU")
    page = client.get(step_url(task))
    assert page.status_code == 200
    officer.memberships.all().delete()

    response = client.post(step_url(task), {"officer": officer.pk}, follow=True)

    assert response.status_code == 200
    task.refresh_from_db()
    assert task.status == STATUS.ASSIGNED  # nothing changed


@pytest.mark.django_db
def test_side_actions_through_the_pages(client, staff, office, process):
    staff.accept(process)
    staff.coordinate(process, "BTGTU")
    client.force_login(staff.head("DUK"))
    page = client.get(f"{BASE}/{process.pk}/")
    assert "Đề nghị gia hạn" in text_of(page) and "Hủy nhiệm vụ" not in text_of(page)

    response = client.post(
        f"{BASE}/{process.pk}/extension/",
        {"due_date": "2030-12-31", "reason": "Chờ số liệu."},
    )
    assert response.status_code == 302
    assert process.extensions.get().proposed_due_date == datetime.date(2030, 12, 31)
    response = client.post(
        f"{BASE}/{process.pk}/reassign/", {"officer": staff.officer("DUK", 2).pk}
    )
    assert response.status_code == 302
    assert staff.open_task(process, DirectiveFlow.report).owner == staff.officer("DUK", 2)

    # only the Office may cancel
    response = client.post(f"{BASE}/{process.pk}/cancel/", {"reason": "x"}, follow=True)
    process.refresh_from_db()
    assert process.outcome == Outcome.OPEN
    assert "Chỉ Văn phòng Tỉnh ủy được hủy nhiệm vụ." in text_of(response)
    client.force_login(office)
    assert_vietnamese(client.get(f"{BASE}/{process.pk}/cancel/"), "Lý do hủy")
    client.post(f"{BASE}/{process.pk}/cancel/", {"reason": "Không còn phù hợp."})
    process.refresh_from_db()
    assert process.outcome == Outcome.CANCELLED


@pytest.mark.django_db
def test_report_with_attachment_through_the_page(client, staff, process):
    staff.accept(process)
    staff.coordinate(process, "BTGTU")
    task = staff.open_task(process, DirectiveFlow.report)
    client.force_login(staff.officer("DUK"))

    bad = client.post(
        step_url(task),
        {"text": "Kết quả", "files": SimpleUploadedFile("a.exe", b"MZ")},
    )
    assert bad.status_code == 200 and "không đúng định dạng" in text_of(bad)
    good = client.post(
        step_url(task),
        {"text": "Kết quả", "files": SimpleUploadedFile("bao-cao.pdf", b"%PDF")},
    )
    assert good.status_code == 302
    assert process.reports.get().attachments.get().original_name == "bao-cao.pdf"
    assert WorkflowTask.objects.get(pk=task.pk).status == STATUS.DONE


@pytest.mark.django_db
def test_group_rollup_page(client, staff, office):
    processes = staff.publish(leads=["CAP_UY_HUYEN"], by=office, due_date=DUE)
    client.force_login(office)
    directive, group = processes[0].directive, processes[0].via_group

    page = client.get("/workflow/groups/")
    assert_vietnamese(page, "Cấp ủy huyện (tương đương)")
    detail = client.get(reverse("workflow:rollup_detail", args=[directive.pk, group.pk]))
    assert_vietnamese(detail, "Huyện ủy Cái Bè", "Tiếp nhận, phân công", "14 cơ quan")
    client.force_login(staff.head("BTCTU"))
    assert (
        client.get(reverse("workflow:rollup_detail", args=[directive.pk, group.pk])).status_code
        == 404
    )
