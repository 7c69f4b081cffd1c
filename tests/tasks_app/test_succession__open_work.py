"""An agency retires in favour of its successor (Sở Kế hoạch và Đầu tư merged into Sở Tài
chính): its open processes, queue tasks, drafts and reminders move in one audited step; what
was closed stays as it was; old notices still name the successor."""

import datetime

import pytest

from audit.models import AuditEvent, EventType
from project.exceptions import InvalidInput, PermissionRefused, StateConflict
from tasks_app import services
from tasks_app.importing.agencies import find_mentions
from tasks_app.models import Agency, AgencyGroup, Assignment, Membership, Role
from tasks_app.registry import importer_registry
from tests.factories import DirectiveFactory, NoticeFactory
from tests.helpers import reminder_recipients
from workflows import selectors
from workflows import services as workflow_services
from workflows.flows import DirectiveFlow
from workflows.models import DirectiveProcess
from workflows.signals import task_reassigned

pytestmark = pytest.mark.django_db

DUE = datetime.date.today() + datetime.timedelta(days=60)


def _agency(code: str) -> Agency:
    return Agency.objects.get(code=code)


def _pending_reminders(task) -> set[str]:
    return reminder_recipients(task)


@pytest.fixture
def work(staff, office):
    """Open and closed work of SKHDT, as lead and as coordinator, and a draft naming it."""
    for code in ("SKHDT", "STC", "SNV", "STNMT"):
        staff.head(code), staff.officer(code)
    [accepted] = staff.publish(leads=["SKHDT"], by=office, due_date=DUE)
    staff.accept(accepted)  # the report task now belongs to skhdt_officer
    [waiting] = staff.publish(leads=["SKHDT"], by=office, due_date=DUE)  # in SKHDT's queue
    [coordinated] = staff.publish(
        leads=["SNV"], coordinators=["SKHDT", "STC"], by=office, due_date=DUE
    )
    staff.accept(coordinated)  # coordination tasks wait in SKHDT's and STC's queues
    [closed] = staff.publish(leads=["SKHDT"], by=office)
    staff.drive_to_close(closed)
    draft = DirectiveFactory(notice=NoticeFactory())
    drafted = Assignment.objects.create(directive=draft, lead=_agency("SKHDT"))
    drafted.coordinators.set([_agency("STNMT")])
    coordinating_draft = Assignment.objects.create(directive=draft, lead=_agency("SNV"))
    coordinating_draft.coordinators.set([_agency("SKHDT")])
    return {
        "accepted": accepted,
        "waiting": waiting,
        "coordinated": coordinated,
        "closed": closed,
        "drafted": drafted,
        "coordinating_draft": coordinating_draft,
    }


def test_open_work_moves_to_the_successor_in_one_audited_step(staff, office, work):
    report = staff.open_task(work["accepted"], DirectiveFlow.report)
    assert report.owner == staff.officer("SKHDT")
    assert _pending_reminders(report) == {"skhdt_officer", "skhdt_head", "vptu_office"}
    accept = staff.open_task(work["waiting"], DirectiveFlow.accept)

    result = workflow_services.agency_retire(
        agency=_agency("SKHDT"), successor=_agency("STC"), by=office
    )

    assert sorted(result.processes_led) == sorted([work["accepted"].pk, work["waiting"].pk])
    assert result.processes_coordinated == [work["coordinated"].pk]
    for key in ("accepted", "waiting"):
        work[key].refresh_from_db()
        assert work[key].lead.code == "STC"
    assert work["accepted"].officer is None  # STC's head chooses again
    # The officer's report goes back to the successor's officers, reminders with it.
    report.refresh_from_db()
    assert (report.agency.code, report.owner, report.status) == ("STC", None, "NEW")
    assert report in selectors.tasks_queue(user=staff.officer("STC"))
    assert report not in selectors.tasks_inbox(user=staff.officer("SKHDT"))
    assert _pending_reminders(report) == {"stc_officer", "stc_head", "vptu_office"}
    # The head task waiting in SKHDT's queue waits in STC's now.
    accept.refresh_from_db()
    assert accept.agency.code == "STC"
    assert accept in selectors.tasks_queue(user=staff.head("STC"))
    assert _pending_reminders(accept) == {"stc_head", "vptu_office"}
    # Coordination: STC is named instead of SKHDT, and takes SKHDT's open coordination task.
    coordinators = work["coordinated"].assignment.coordinators.values_list("code", flat=True)
    assert sorted(coordinators) == ["STC"]
    tasks = selectors.process_open_human_tasks(process=work["coordinated"])
    assert sorted(t.agency.code for t in tasks if t.flow_task.name == "coordinate_assign") == [
        "STC",
        "STC",
    ]
    # Closed work keeps its history.
    work["closed"].refresh_from_db()
    assert work["closed"].lead.code == "SKHDT"
    # Drafts name the successor.
    work["drafted"].refresh_from_db()
    assert work["drafted"].lead.code == "STC"
    assert list(work["coordinating_draft"].coordinators.values_list("code", flat=True)) == ["STC"]
    # The registry: retired, with its heir; its names are read as the heir's.
    skhdt = _agency("SKHDT")
    assert (skhdt.is_active, skhdt.successor.code) == (False, "STC")
    mentions = find_mentions(
        "Sở Kế hoạch và Đầu tư chủ trì, phối hợp với Sở KH&ĐT", importer_registry()
    )
    assert [m.code for m in mentions if m.kind == "agency"] == ["STC", "STC"]
    # One audited step: the retirement and each moved process.
    retired = AuditEvent.objects.get(event_type=EventType.AGENCY_RETIRED)
    assert retired.actor == office
    assert retired.after["successor"] == "Sở Tài chính"
    assert (retired.after["processes_led"], retired.after["processes_coordinated"]) == (2, 1)
    assert retired.after["tasks_back_to_queue"] == 1
    moved = AuditEvent.objects.filter(event_type=EventType.WORK_TRANSFERRED)
    assert {e.object_id for e in moved} == {
        str(work[k].pk) for k in ("accepted", "waiting", "coordinated")
    }
    lead_move = moved.get(object_id=str(work["accepted"].pk))
    assert lead_move.before["lead"] == "Sở Kế hoạch và Đầu tư"
    assert lead_move.after["lead"] == "Sở Tài chính"
    assert lead_move.directive_id == work["accepted"].directive_id


def test_people_moved_with_the_agency_keep_their_tasks(staff, office, work):
    report = staff.open_task(work["accepted"], DirectiveFlow.report)
    workflow_services.agency_retire(
        agency=_agency("SKHDT"), successor=_agency("STC"), by=office, move_members=True
    )
    officer = staff.officer("SKHDT")
    assert Membership.objects.filter(user=officer, agency__code="STC", role=Role.OFFICER).exists()
    report.refresh_from_db()
    assert (report.agency.code, report.owner) == ("STC", officer)
    work["accepted"].refresh_from_db()
    assert work["accepted"].officer == officer
    # The moved officer finishes the report under the successor.
    workflow_services.task_report_submit(task=report, by=officer, text="Đã hoàn thành.")
    assert staff.open_step_names(work["accepted"]) == ["approve"]
    assert staff.open_task(work["accepted"], DirectiveFlow.approve).agency.code == "STC"


def test_groups_follow_the_successor(office, work):
    group = AgencyGroup.objects.create(code="KHOI_KT", name="Khối kinh tế")
    group.members.set([_agency("SKHDT")])
    workflow_services.agency_retire(agency=_agency("SKHDT"), successor=_agency("STC"), by=office)
    assert list(group.members.values_list("code", flat=True)) == ["STC"]
    group.refresh_from_db()
    assert group.edited_at is not None  # kept when the shipped registry is loaded again


def test_a_refused_retirement_changes_nothing(staff, office, work):
    with pytest.raises(PermissionRefused):
        workflow_services.agency_retire(
            agency=_agency("SKHDT"), successor=_agency("STC"), by=staff.head("STC")
        )
    with pytest.raises(InvalidInput, match="một cơ quan khác"):
        workflow_services.agency_retire(
            agency=_agency("SKHDT"), successor=_agency("SKHDT"), by=office
        )
    with pytest.raises(InvalidInput, match="Văn phòng Tỉnh ủy không thể"):
        workflow_services.agency_retire(agency=_agency("VPTU"), successor=_agency("STC"), by=office)
    assert _agency("SKHDT").is_active
    work["waiting"].refresh_from_db()
    assert work["waiting"].lead.code == "SKHDT"
    assert not AuditEvent.objects.filter(event_type=EventType.AGENCY_RETIRED).exists()
    assert AuditEvent.objects.filter(event_type=EventType.REFUSED, actor=staff.head("STC"))


def test_a_retired_agency_cannot_retire_again_nor_be_chosen(office, work):
    workflow_services.agency_retire(agency=_agency("SKHDT"), successor=_agency("STC"), by=office)
    with pytest.raises(StateConflict):
        workflow_services.agency_retire(
            agency=_agency("SKHDT"), successor=_agency("SNV"), by=office
        )
    with pytest.raises(InvalidInput, match="cũng đã thôi hoạt động"):
        workflow_services.agency_retire(
            agency=_agency("SNV"), successor=_agency("SKHDT"), by=office
        )
    directive = work["drafted"].directive
    with pytest.raises(InvalidInput, match="đã thôi hoạt động; hãy giao cho Sở Tài chính"):
        services.assignment_save(
            directive=directive, by=office, lead_code="SKHDT", coordinator_codes=[]
        )
    assert DirectiveProcess.objects.filter(lead__code="SKHDT", outcome="open").count() == 0


def test_the_workflow_announces_each_task_that_changed_hands(staff, office, work):
    announced = []

    def record(sender, task, previous_owner, **kwargs):
        announced.append((task.flow_task.name, getattr(previous_owner, "username", None)))

    task_reassigned.connect(record, weak=False, dispatch_uid="test-succession")
    try:
        workflow_services.agency_retire(
            agency=_agency("SKHDT"), successor=_agency("STC"), by=office
        )
    finally:
        task_reassigned.disconnect(dispatch_uid="test-succession")
    assert sorted(announced) == [
        ("accept", None),
        ("coordinate_assign", None),
        ("report", "skhdt_officer"),
    ]
