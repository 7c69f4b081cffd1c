"""A lived-in demo: the seed notice published a month ago and worked on since.

Run after ``manage.py seed_demo`` (which drafts the seed notice) inside a configured Django::

    from docs.demo_activity import demo_activity_build
    demo_activity_build()

Every step goes through the real services as the person whose step it is. Deadlines are set
relative to today so that the pages always show work that is late, due today, due soon and
on time.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from project.calendar import add_working_days
from tasks_app import services as notices
from tasks_app.models import Assignment, Notice
from workflows import services
from workflows.flows import DirectiveFlow
from workflows.models import DirectiveProcess, WorkflowTask
from workflows.selectors import OPEN_TASK_STATUSES


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _task(process: DirectiveProcess, node, agency: str | None = None) -> WorkflowTask:
    tasks = WorkflowTask.objects.filter(
        process_id=process.pk, flow_task=node, status__in=OPEN_TASK_STATUSES
    )
    if agency:
        tasks = tasks.filter(agency__code=agency)
    return tasks.get()


def _process(notice: Notice, ref: str, lead: str) -> DirectiveProcess:
    return DirectiveProcess.objects.get(
        directive__notice=notice, directive__ref=ref, lead__code=lead
    )


def _accept(process: DirectiveProcess, plan: str) -> None:
    code = process.lead.code.lower()
    services.task_accept(
        task=_task(process, DirectiveFlow.accept),
        by=_user(f"{code}_head"),
        officer=_user(f"{code}_officer"),
        plan=plan,
        meeting_required=False,
    )


def _coordinate(process: DirectiveProcess, code: str, text: str) -> None:
    services.task_coordination_assign(
        task=_task(process, DirectiveFlow.coordinate_assign, code),
        by=_user(f"{code.lower()}_head"),
        officer=_user(f"{code.lower()}_officer"),
    )
    services.task_contribution_submit(
        task=_task(process, DirectiveFlow.coordinate, code),
        by=_user(f"{code.lower()}_officer"),
        text=text,
    )


def _report_and_approve(process: DirectiveProcess, text: str) -> None:
    process.refresh_from_db()
    services.task_report_submit(
        task=_task(process, DirectiveFlow.report), by=process.officer, text=text, files=[]
    )
    services.task_approve(
        task=_task(process, DirectiveFlow.approve),
        by=_user(f"{process.lead.code.lower()}_head"),
        approved=True,
        reason="",
    )


def _deadline(assignment: Assignment, due: datetime.date | None, office) -> None:
    notices.assignment_save(
        directive=assignment.directive,
        by=office,
        lead_code=assignment.lead.code if assignment.lead_id else assignment.lead_group.code,
        coordinator_codes=list(assignment.coordinators.values_list("code", flat=True)),
        due_date=due,
        recurrence=assignment.recurrence,
        assignment=assignment,
    )


def demo_activity_build(*, today: datetime.date | None = None) -> Notice:
    """Publish the drafted seed notice (as of 30 days ago) and move some of its processes on."""
    today = today or timezone.localdate()
    office = _user("vptu_office")
    notice = Notice.objects.get(number="142-TB/TU", status=Notice.Status.DRAFT)
    dues = {
        "1": add_working_days(today, 12),
        "2": today - datetime.timedelta(days=5),
        "3": add_working_days(today, 2),
        "4": today - datetime.timedelta(days=3),
        "5": add_working_days(today, 1),
        "6": today,
        "7": None,
    }
    for directive in notice.directives.order_by("position"):
        notices.directive_update(directive=directive, by=office, text=directive.text, reviewed=True)
        for assignment in directive.assignments.all():
            _deadline(assignment, dues.get(directive.ref), office)
    services.notice_publish(notice=notice, by=office, today=today - datetime.timedelta(days=30))

    # Item 4 (Ban Tổ chức, with the provincial trade-union federation): accepted, the
    # federation has contributed, the officer's report is now late.
    item4 = _process(notice, "4", "BTCTU")
    _accept(item4, "Rà soát nguồn cán bộ công đoàn, đề xuất danh sách trước khi báo cáo.")
    for code in item4.assignment.coordinators.values_list("code", flat=True):
        _coordinate(item4, code, "Liên đoàn Lao động tỉnh đã gửi danh sách cán bộ công đoàn.")
    # Item 1 for Ban Tổ chức: reported and waiting for its head's approval.
    item1 = _process(notice, "1", "BTCTU")
    _accept(item1, "Quán triệt Đề án 03-ĐA/TU trong toàn ngành tổ chức.")
    item1.refresh_from_db()
    services.task_report_submit(
        task=_task(item1, DirectiveFlow.report),
        by=item1.officer,
        text="Đã tổ chức quán triệt Đề án 03-ĐA/TU đến 100% chi bộ trực thuộc.",
        files=[],
    )
    # Item 6 (Ban Cán sự đảng UBND tỉnh): approved, waiting for the Office to verify.
    item6 = _process(notice, "6", "BCSUBND")
    _accept(item6, "Giao các sở chuyên môn phối hợp hỗ trợ Đảng ủy Khối.")
    for code in item6.assignment.coordinators.values_list("code", flat=True):
        _coordinate(item6, code, "Đã phối hợp rà soát doanh nghiệp chưa có tổ chức đảng.")
    _report_and_approve(item6, "Đã hỗ trợ thành lập 3 tổ chức cơ sở đảng trong doanh nghiệp.")
    # Item 5 (Đảng ủy Khối): accepted; its head asks the Office for more time.
    item5 = _process(notice, "5", "DUK")
    _accept(item5, "Chỉ đạo Đảng ủy các khu công nghiệp xây dựng kế hoạch gặp gỡ chủ doanh nghiệp.")
    services.extension_request(
        process=item5,
        by=_user("duk_head"),
        due_date=add_working_days(today, 20),
        reason="Chờ lịch làm việc với các chủ doanh nghiệp khu công nghiệp.",
    )
    # Item 2 for Đảng ủy Khối: done and closed.
    item2 = _process(notice, "2", "DUK")
    _accept(item2, "Kiện toàn tổ chức đảng trong các doanh nghiệp ngoài khu vực nhà nước.")
    _report_and_approve(item2, "Đã kiện toàn 12 chi bộ doanh nghiệp.")
    services.task_verify(
        task=_task(item2, DirectiveFlow.verify), by=office, accepted=True, reason="", close=True
    )
    return notice
