"""Every step refuses users of another agency and the wrong role, and leaves the task unchanged."""

import datetime

import pytest
from viewflow.workflow.status import STATUS

from project.exceptions import PermissionRefused, StateConflict
from workflows import services
from workflows.flows import DirectiveFlow, ExtensionFlow
from workflows.models import (
    Contribution,
    ExtensionProcess,
    Meeting,
    Report,
    Review,
    WorkflowTask,
)

LEAD, COORD = "DUK", "BCSUBND"
DUE = datetime.date(2030, 9, 30)


def _publish(staff):
    [process] = staff.publish(leads=[LEAD], coordinators=[COORD], by=staff.office(), due_date=DUE)
    return process


def at_accept(staff):
    process = _publish(staff)
    return process, staff.open_task(process, DirectiveFlow.accept)


def at_coordinate_assign(staff):
    process = _publish(staff)
    staff.accept(process, meeting=True)
    return process, staff.open_task(process, DirectiveFlow.coordinate_assign, COORD)


def at_coordinate(staff):
    process, task = at_coordinate_assign(staff)
    services.task_coordination_assign(task=task, by=staff.head(COORD), officer=staff.officer(COORD))
    return process, staff.open_task(process, DirectiveFlow.coordinate, COORD)


def at_meeting(staff):
    process, _task = at_coordinate_assign(staff)
    return process, staff.open_task(process, DirectiveFlow.meeting)


def at_report(staff):
    process = _publish(staff)
    staff.accept(process)
    staff.coordinate(process, COORD)
    return process, staff.open_task(process, DirectiveFlow.report)


def at_approve(staff):
    process, _task = at_report(staff)
    staff.report(process)
    return process, staff.open_task(process, DirectiveFlow.approve)


def at_verify(staff):
    process, _task = at_approve(staff)
    staff.approve(process)
    return process, staff.open_task(process, DirectiveFlow.verify)


def at_extension_decide(staff):
    process = _publish(staff)
    extension = services.extension_request(
        process=process,
        by=staff.head(LEAD),
        due_date=DUE + datetime.timedelta(days=30),
        reason="Chờ ý kiến doanh nghiệp.",
    )
    return extension, staff.open_task(extension, ExtensionFlow.decide)


STEPS = {
    # step: (setup, right user, do it, refused users [(who, why)])
    "accept": (
        at_accept,
        lambda s: s.head(LEAD),
        lambda task, by, s: services.task_accept(
            task=task, by=by, officer=s.officer(LEAD), plan="Kế hoạch."
        ),
        [
            (lambda s: s.head("BTCTU"), "head of another agency"),
            (lambda s: s.officer(LEAD), "officer where a head is required"),
            (lambda s: s.head(COORD), "head of a coordinating agency"),
            (lambda s: s.office(), "Office"),
        ],
    ),
    "coordinate_assign": (
        at_coordinate_assign,
        lambda s: s.head(COORD),
        lambda task, by, s: services.task_coordination_assign(
            task=task, by=by, officer=s.officer(COORD)
        ),
        [
            (lambda s: s.head(LEAD), "head of the lead agency"),
            (lambda s: s.officer(COORD), "officer where a head is required"),
            (lambda s: s.head("BTGTU"), "head of an unrelated agency"),
        ],
    ),
    "coordinate": (
        at_coordinate,
        lambda s: s.officer(COORD),
        lambda task, by, s: services.task_contribution_submit(task=task, by=by, text="Ý kiến."),
        [
            (lambda s: s.officer(LEAD), "officer of the lead agency"),
            (lambda s: s.officer(COORD, 2), "another officer of the same agency"),
            (lambda s: s.head(COORD), "head, not the assigned officer"),
        ],
    ),
    "meeting": (
        at_meeting,
        lambda s: s.officer(LEAD),
        lambda task, by, s: services.task_meeting_record(
            task=task,
            by=by,
            held_on=datetime.date(2030, 6, 1),
            place="Hội trường Đảng ủy Khối",
            minutes="Biên bản.",
        ),
        [
            (lambda s: s.officer(COORD), "officer of a coordinating agency"),
            (lambda s: s.officer(LEAD, 2), "another officer of the lead agency"),
            (lambda s: s.head(LEAD), "head, not the assigned officer"),
        ],
    ),
    "report": (
        at_report,
        lambda s: s.officer(LEAD),
        lambda task, by, s: services.task_report_submit(task=task, by=by, text="Kết quả."),
        [
            (lambda s: s.officer("BTCTU"), "officer of another agency"),
            (lambda s: s.officer(LEAD, 2), "another officer of the lead agency"),
            (lambda s: s.head(LEAD), "head, not the assigned officer"),
        ],
    ),
    "approve": (
        at_approve,
        lambda s: s.head(LEAD),
        lambda task, by, s: services.task_approve(task=task, by=by, approved=True),
        [
            (lambda s: s.officer(LEAD), "officer where a head is required"),
            (lambda s: s.head(COORD), "head of a coordinating agency"),
            (lambda s: s.office(), "Office"),
        ],
    ),
    "verify": (
        at_verify,
        lambda s: s.office(),
        lambda task, by, s: services.task_verify(task=task, by=by, accepted=True),
        [
            (lambda s: s.head(LEAD), "head of the lead agency"),
            (lambda s: s.officer("VPTU"), "an officer of VPTU without the office role"),
            (lambda s: s.head("VPTU"), "the head of VPTU without the office role"),
        ],
    ),
    "extension_decide": (
        at_extension_decide,
        lambda s: s.office(),
        lambda task, by, s: services.task_extension_decide(task=task, by=by, approved=True),
        [
            (lambda s: s.head(LEAD), "the head who asked"),
            (lambda s: s.officer(LEAD), "officer of the lead agency"),
        ],
    ),
}

REFUSALS = [
    pytest.param(step, index, id=f"{step}-{why}")
    for step, (_setup, _right, _do, refused) in STEPS.items()
    for index, (_who, why) in enumerate(refused)
]


def _snapshot(process, task):
    task = WorkflowTask.objects.get(pk=task.pk)
    return {
        "task": (task.status, task.owner_id, task.finished, task.due_date),
        "tasks": sorted(WorkflowTask.objects.filter(process_id=process.pk).values_list("pk")),
        "records": (
            Report.objects.count(),
            Review.objects.count(),
            Contribution.objects.filter(submitted_at__isnull=False).count(),
            Contribution.objects.exclude(officer=None).count(),
            Meeting.objects.count(),
            list(ExtensionProcess.objects.values_list("decision", flat=True)),
        ),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("step,index", REFUSALS)
def test_step_refuses_the_wrong_people_and_changes_nothing(staff, step, index):
    setup, _right, do, refused = STEPS[step]
    who, _why = refused[index]
    process, task = setup(staff)
    before = _snapshot(process, task)

    with pytest.raises(PermissionRefused) as refusal:
        do(task, who(staff), staff)

    assert refusal.value.message  # a sentence for the user, in Vietnamese
    assert "“" in refusal.value.message or "Văn phòng" in refusal.value.message
    assert _snapshot(process, task) == before


@pytest.mark.django_db
@pytest.mark.parametrize("step", list(STEPS))
def test_step_done_by_the_right_person_then_refused_twice(staff, step):
    setup, right, do, _refused = STEPS[step]
    _process, task = setup(staff)

    do(task, right(staff), staff)

    task.refresh_from_db()
    assert task.status == STATUS.DONE
    assert task.owner == right(staff)
    with pytest.raises(StateConflict, match="đã được hoàn thành"):
        do(task, right(staff), staff)


@pytest.mark.django_db
def test_a_deputy_may_act_as_head(staff):
    _process, task = at_accept(staff)

    services.task_accept(
        task=task, by=staff.deputy(LEAD), officer=staff.officer(LEAD), plan="Kế hoạch."
    )

    assert WorkflowTask.objects.get(pk=task.pk).status == STATUS.DONE


@pytest.mark.django_db
def test_a_user_without_any_agency_is_refused(staff, django_user_model):
    _process, task = at_accept(staff)
    nobody = django_user_model.objects.create_user("khach", password="x-secret-123")

    with pytest.raises(PermissionRefused):
        services.task_accept(task=task, by=nobody, officer=staff.officer(LEAD), plan="Kế hoạch.")
    with pytest.raises(PermissionRefused):
        services.task_claim(task=task, by=nobody)


@pytest.mark.django_db
def test_a_head_cannot_take_a_task_another_head_took(staff):
    _process, task = at_accept(staff)
    services.task_claim(task=task, by=staff.head(LEAD))

    with pytest.raises(PermissionRefused, match="đã được giao cho"):
        services.task_accept(
            task=task, by=staff.deputy(LEAD), officer=staff.officer(LEAD), plan="Kế hoạch."
        )
    services.task_release(task=task, by=staff.head(LEAD))
    services.task_accept(
        task=task, by=staff.deputy(LEAD), officer=staff.officer(LEAD), plan="Kế hoạch."
    )


@pytest.mark.django_db
def test_the_officer_chosen_must_belong_to_the_agency(staff):
    _process, task = at_accept(staff)

    with pytest.raises(Exception, match="không phải chuyên viên của"):
        services.task_accept(
            task=task, by=staff.head(LEAD), officer=staff.officer("BTCTU"), plan="Kế hoạch."
        )

    task.refresh_from_db()
    assert (task.status, task.owner_id) == (STATUS.NEW, None)  # the claim was rolled back


@pytest.mark.django_db
def test_returning_needs_a_reason(staff):
    _process, task = at_approve(staff)

    with pytest.raises(Exception, match="lý do"):
        services.task_approve(task=task, by=staff.head(LEAD), approved=False, reason="  ")

    assert WorkflowTask.objects.get(pk=task.pk).status == STATUS.NEW
    assert not Review.objects.exists()


@pytest.mark.django_db
def test_a_step_service_refuses_a_task_of_another_step(staff):
    _process, task = at_accept(staff)

    with pytest.raises(StateConflict, match="không phải bước"):
        services.task_approve(task=task, by=staff.head(LEAD), approved=True)
