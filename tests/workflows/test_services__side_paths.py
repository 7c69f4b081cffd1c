"""Extension requests, officer reassignment, cancellation, recurring cycles, group roll-ups."""

import datetime

import pytest
from viewflow.workflow.status import STATUS

from project.exceptions import (
    InvalidInput,
    PermissionRefused,
    StateConflict,
)
from tasks_app.models import Directive, DirectiveState, Recurrence
from workflows import selectors, services
from workflows.deadlines import next_period_due, period_end
from workflows.flows import DirectiveFlow, ExtensionFlow
from workflows.models import ExtensionDecision, Outcome, Period, WorkflowTask

DUE = datetime.date(2030, 9, 30)


@pytest.fixture
def process(staff, office):
    [process] = staff.publish(leads=["BTCTU"], coordinators=["TCT"], by=office, due_date=DUE)
    return process


# --- extension ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_extension_rejected_keeps_the_deadline(staff, office, process):
    staff.accept(process)
    extension = services.extension_request(
        process=process, by=staff.head("BTCTU"), due_date=datetime.date(2030, 12, 31), reason="x"
    )
    with pytest.raises(StateConflict, match="đang chờ"):
        services.extension_request(
            process=process, by=staff.head("BTCTU"), due_date=DUE.replace(day=29), reason="y"
        )
    with pytest.raises(InvalidInput, match="lý do"):
        services.task_extension_decide(
            task=staff.open_task(extension, ExtensionFlow.decide), by=office, approved=False
        )

    services.task_extension_decide(
        task=staff.open_task(extension, ExtensionFlow.decide),
        by=office,
        approved=False,
        reason="Đã đủ thời gian.",
    )

    extension.refresh_from_db()
    process.refresh_from_db()
    assert extension.decision == ExtensionDecision.REJECTED
    assert process.due_date == DUE
    assert {
        t.due_date
        for t in WorkflowTask.objects.filter(process_id=process.pk).exclude(due_date=None)
    } == {DUE}


@pytest.mark.django_db
def test_extension_is_asked_by_the_lead_head_only_and_for_a_later_date(staff, office, process):
    for who in (staff.officer("BTCTU"), staff.head("TCT"), office):
        with pytest.raises(PermissionRefused):
            services.extension_request(
                process=process, by=who, due_date=datetime.date(2030, 12, 31), reason="x"
            )
    with pytest.raises(InvalidInput, match="sau hạn xử lý hiện nay"):
        services.extension_request(
            process=process, by=staff.head("BTCTU"), due_date=DUE, reason="x"
        )
    [no_deadline] = staff.publish(leads=["BTGTU"], by=office, due_date=None)
    with pytest.raises(InvalidInput, match="không có hạn"):
        services.extension_request(
            process=no_deadline,
            by=staff.head("BTGTU"),
            due_date=datetime.date(2030, 12, 31),
            reason="x",
        )


@pytest.mark.django_db
def test_a_pending_extension_is_withdrawn_when_the_process_ends(staff, office, process):
    extension = services.extension_request(
        process=process, by=staff.head("BTCTU"), due_date=datetime.date(2030, 12, 31), reason="x"
    )

    services.process_cancel(process=process, by=office, reason="Không còn phù hợp.")

    extension.refresh_from_db()
    assert extension.decision == ExtensionDecision.WITHDRAWN
    assert extension.status == "CANCELED"
    assert selectors.tasks_queue(user=office).count() == 0


# --- reassign -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_reassign_moves_open_officer_tasks(staff, process):
    staff.accept(process)
    services.task_coordination_assign(
        task=staff.open_task(process, DirectiveFlow.coordinate_assign, "TCT"),
        by=staff.head("TCT"),
        officer=staff.officer("TCT"),
    )

    services.process_officer_reassign(
        process=process,
        by=staff.head("TCT"),
        officer=staff.officer("TCT", 2),
        agency=process.assignment.coordinators.get(),
    )
    assert staff.open_task(process, DirectiveFlow.coordinate, "TCT").owner == staff.officer(
        "TCT", 2
    )
    with pytest.raises(PermissionRefused):
        services.process_officer_reassign(
            process=process, by=staff.head("TCT"), officer=staff.officer("BTCTU", 2)
        )
    with pytest.raises(PermissionRefused):
        services.process_officer_reassign(
            process=process, by=staff.officer("BTCTU"), officer=staff.officer("BTCTU", 2)
        )

    services.task_contribution_submit(
        task=staff.open_task(process, DirectiveFlow.coordinate, "TCT"),
        by=staff.officer("TCT", 2),
        text="Ý kiến.",
    )
    services.process_officer_reassign(
        process=process, by=staff.head("BTCTU"), officer=staff.officer("BTCTU", 2)
    )
    process.refresh_from_db()
    assert process.officer == staff.officer("BTCTU", 2)
    assert staff.open_task(process, DirectiveFlow.report).owner == staff.officer("BTCTU", 2)


# --- cancel -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_the_office_cancels_with_a_reason(staff, office, process):
    staff.accept(process)
    with pytest.raises(PermissionRefused):
        services.process_cancel(process=process, by=staff.head("BTCTU"), reason="x")
    with pytest.raises(InvalidInput):
        services.process_cancel(process=process, by=office, reason=" ")

    services.process_cancel(process=process, by=office, reason="Trùng với nhiệm vụ khác.")

    process.refresh_from_db()
    assert (process.outcome, process.outcome_reason, process.closed_by) == (
        Outcome.CANCELLED,
        "Trùng với nhiệm vụ khác.",
        office,
    )
    assert staff.open_step_names(process) == []
    assert Directive.objects.get(pk=process.directive_id).state == DirectiveState.CANCELLED
    with pytest.raises(StateConflict, match="đã kết thúc"):
        services.process_cancel(process=process, by=office, reason="Lần nữa.")
    with pytest.raises(StateConflict, match="đã bị hủy"):
        services.task_coordination_assign(
            task=WorkflowTask.objects.get(
                process_id=process.pk, flow_task=DirectiveFlow.coordinate_assign
            ),
            by=staff.head("TCT"),
            officer=staff.officer("TCT"),
        )


@pytest.mark.django_db
def test_directive_closes_when_every_lead_ended(staff, office):
    processes = staff.publish(leads=["BTCTU", "BTGTU"], by=office, due_date=DUE)
    directive = Directive.objects.get(pk=processes[0].directive_id)

    staff.drive_to_close(processes[0])
    directive.refresh_from_db()
    assert directive.state == DirectiveState.PUBLISHED
    services.process_cancel(process=processes[1], by=office, reason="Không thuộc thẩm quyền.")
    directive.refresh_from_db()
    assert directive.state == DirectiveState.CLOSED


# --- recurring ----------------------------------------------------------------------------


def test_period_arithmetic():
    day = datetime.date(2024, 5, 17)
    assert period_end(recurrence=Recurrence.MONTHLY, day=day) == datetime.date(2024, 5, 31)
    assert period_end(recurrence=Recurrence.QUARTERLY, day=day) == datetime.date(2024, 6, 30)
    assert period_end(recurrence=Recurrence.SEMIANNUAL, day=day) == datetime.date(2024, 6, 30)
    assert period_end(recurrence=Recurrence.ANNUAL, day=day) == datetime.date(2024, 12, 31)
    assert next_period_due(
        recurrence=Recurrence.QUARTERLY, previous_due=datetime.date(2024, 12, 31)
    ) == datetime.date(2025, 3, 31)
    assert next_period_due(
        recurrence=Recurrence.MONTHLY, previous_due=datetime.date(2024, 1, 31)
    ) == datetime.date(2024, 2, 29)


@pytest.mark.django_db
def test_recurring_assignment_opens_a_cycle_per_period_until_the_office_closes(staff, office):
    [process] = staff.publish(
        leads=["BTCTU"],
        by=office,
        due_date=datetime.date(2030, 3, 31),
        recurrence=Recurrence.QUARTERLY,
    )
    staff.accept(process)
    assert staff.open_task(process, DirectiveFlow.report).due_date == datetime.date(2030, 3, 31)

    staff.report(process, text="Báo cáo quý I.")
    staff.approve(process)
    staff.verify(process, close=False)  # accept the quarter, keep the directive open
    process.refresh_from_db()
    assert process.outcome == Outcome.OPEN
    assert process.due_date == datetime.date(2030, 6, 30)
    assert staff.open_task(process, DirectiveFlow.report).due_date == datetime.date(2030, 6, 30)

    staff.report(process, text="Báo cáo quý II.")
    staff.approve(process)
    staff.verify(process, accepted=False, reason="Thiếu số liệu.")
    assert staff.open_task(process, DirectiveFlow.report).due_date == datetime.date(2030, 6, 30)
    staff.report(process, text="Báo cáo quý II, bổ sung.")
    staff.approve(process)
    staff.verify(process, close=True)

    process.refresh_from_db()
    assert process.outcome == Outcome.COMPLETED
    periods = list(Period.objects.filter(process=process).values_list("number", "due_date"))
    assert periods == [(1, datetime.date(2030, 3, 31)), (2, datetime.date(2030, 6, 30))]
    assert not Period.objects.filter(process=process, closed_at=None).exists()
    assert [r.period.number for r in process.reports.all()] == [1, 2, 2]


@pytest.mark.django_db
def test_working_day_deadline_counts_on_the_vietnamese_calendar(staff, office, monkeypatch):
    from workflows import deadlines

    monkeypatch.setattr(
        deadlines.timezone, "localdate", lambda: datetime.date(2025, 1, 24)
    )  # the Friday before Tết 2025
    directive = staff.publish(leads=["BTGTU"], by=office)[0].directive
    assignment = directive.assignments.get()
    assignment.due_working_days = 3
    # no calendar date: three working days after Friday skip the Tết holiday week
    assert deadlines.assignment_first_due(assignment=assignment) > datetime.date(2025, 2, 1)


# --- group roll-up ------------------------------------------------------------------------


@pytest.mark.django_db
def test_group_rollup_counts_member_processes(staff, office):
    processes = staff.publish(leads=["CAP_UY_HUYEN"], by=office, due_date=DUE)
    assert len(processes) == 14
    staff.drive_to_close(processes[0])
    services.process_cancel(process=processes[1], by=office, reason="Sáp nhập.")

    [row] = selectors.group_rollups(user=office)
    assert (row["total"], row["open"], row["completed"], row["cancelled"]) == (14, 12, 1, 1)
    members = selectors.group_rollup_processes(
        user=office, directive=processes[0].directive, group=processes[0].via_group
    )
    assert members.count() == 14
    # a member head sees only their own agency's process in the roll-up
    head = staff.head(processes[2].lead.code)
    [own] = selectors.group_rollups(user=head)
    assert own["total"] == 1


@pytest.mark.django_db
def test_coordination_with_no_coordinator_and_no_meeting_goes_straight_to_report(staff, office):
    [process] = staff.publish(leads=["BTGTU"], by=office, due_date=DUE)
    staff.accept(process)
    assert staff.open_step_names(process) == ["report"]
    join = WorkflowTask.objects.get(process_id=process.pk, flow_task=DirectiveFlow.join_work)
    assert join.status == STATUS.DONE


@pytest.mark.django_db
def test_coordinators_wait_for_each_other(staff, office):
    [process] = staff.publish(
        leads=["DUK"], coordinators=["BCSUBND", "DDLDLD", "BQLKCN"], by=office, due_date=DUE
    )
    staff.accept(process)
    staff.coordinate(process, "BCSUBND")
    staff.coordinate(process, "DDLDLD")
    assert "report" not in staff.open_step_names(process)
    staff.coordinate(process, "BQLKCN")
    assert staff.open_step_names(process) == ["report"]
