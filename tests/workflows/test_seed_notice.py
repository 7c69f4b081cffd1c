"""The seven directives of notice 142-TB/TU, from publication to closure, with the right people.

The directives are built from the clerk's reading of the seed
(``tests/tasks_app/importing/fixtures/142-TB-TU.expected.json``), not from the importer, and
published by a small helper that mimics ``notice_publish`` (group leads expanded to their
member agencies, one process per assignment). The Office's review decisions that the fixture
leaves open are written out below: item 1 has no named subject (flagged for review) and is
given to the Propaganda Department with the Organisation Department coordinating; deadlines
are set on review.
"""

import datetime
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from viewflow.workflow.models import Task

from tasks_app.models import Directive, DirectiveState
from tests.factories import NoticeFactory
from tests.helpers import open_tasks_with_deadline
from workflows import selectors, services, signals
from workflows.flows import DirectiveFlow, ExtensionFlow
from workflows.models import (
    DirectiveProcess,
    ExtensionDecision,
    Outcome,
    Review,
    WorkflowTask,
)

FIXTURE = Path(settings.BASE_DIR) / "tests/tasks_app/importing/fixtures/142-TB-TU.expected.json"
SEED = Path(settings.BASE_DIR) / "tasks_app/data/seeds/142-TB-TU.txt"

# The Office's review: deadlines, and a lead for item 1 (no named subject in the text).
REVIEW = {
    "1": {"due": datetime.date(2023, 12, 31), "lead": "BTGTU", "coordinators": ["BTCTU"]},
    "2": {"due": datetime.date(2023, 12, 31)},
    "3": {"due": datetime.date(2023, 9, 30)},
    "4": {"due": datetime.date(2023, 9, 30)},
    "5": {"due": datetime.date(2023, 12, 31)},
    "6": {"due": datetime.date(2023, 12, 31)},
    "7": {"due": None},
}


def _seed_paragraphs() -> dict[str, str]:
    """First line of each numbered item (and of the closing "Ngoài ra" paragraph)."""
    texts = {}
    for line in SEED.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        match = re.match(r"^([1-6])\. (.+)$", line)
        if match:
            texts[match.group(1)] = match.group(2)
        elif line.startswith("Ngoài ra"):
            texts["7"] = line
    return texts


def seed_notice_publish(*, staff, office) -> dict[str, list[DirectiveProcess]]:
    expected = json.loads(FIXTURE.read_text(encoding="utf-8"))
    notice = NoticeFactory(
        number=expected["notice"]["number"],
        date=datetime.date.fromisoformat(expected["notice"]["date"]),
        issuer=expected["notice"]["issuer"],
        signer=expected["notice"]["signer"],
        signer_title=expected["notice"]["signer_title"],
        title="Kết luận của đồng chí Phó Bí thư Thường trực Tỉnh ủy tại Hội nghị sơ kết "
        "5 năm thực hiện Đề án 03-ĐA/TU",
    )
    texts = _seed_paragraphs()
    assert expected["directive_count"] == 7 and sorted(texts) == list("1234567")
    processes = {}
    for ref in "1234567":
        directive = Directive.objects.create(
            notice=notice, ref=ref, position=int(ref), text=texts[ref]
        )
        rows = [row for row in expected["assignments"] if row["item"] == ref]
        if not rows:  # item 1: reviewed by the Office
            rows = [
                {"lead": REVIEW[ref]["lead"], "coordinators_include": REVIEW[ref]["coordinators"]}
            ]
        coordinators = sorted({code for row in rows for code in row["coordinators_include"]})
        processes[ref] = staff.publish_assignments(
            directive=directive,
            leads=[row["lead"] for row in rows],
            coordinators=coordinators,
            due_date=REVIEW[ref]["due"],
            by=office,
        )
    return processes


def _ref(task) -> str:
    process = task.process.coerced
    return getattr(process, "directive_process", process).directive.ref


def queue_of(user) -> list[tuple[str, str]]:
    """(step, directive item) of the tasks the user may take."""
    return sorted((task.flow_task.name, _ref(task)) for task in selectors.tasks_queue(user=user))


def inbox_of(user) -> list[tuple[str, str]]:
    """(step, directive item) of the tasks given to the user."""
    return sorted((task.flow_task.name, _ref(task)) for task in selectors.tasks_inbox(user=user))


def pdf(name="bao-cao.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 bao cao", content_type="application/pdf")


@pytest.mark.django_db
def test_notice_142_from_publication_to_closure(staff, office, django_user_model):
    deadline_moves = []
    signals.task_deadline_changed.connect(
        lambda sender, task, due, **kw: deadline_moves.append((task.pk, due)),
        weak=False,
        dispatch_uid="test-seed-deadlines",
    )
    try:
        _walk_the_notice(staff, office, django_user_model, deadline_moves)
    finally:
        signals.task_deadline_changed.disconnect(dispatch_uid="test-seed-deadlines")


def _walk_the_notice(staff, office, django_user_model, deadline_moves):
    processes = seed_notice_publish(staff=staff, office=office)
    by_lead = {ref: {p.lead.code: p for p in ps} for ref, ps in processes.items()}

    # --- publication: one process per lead agency, groups fanned out --------------------
    assert {ref: len(ps) for ref, ps in processes.items()} == {
        "1": 1,
        "2": 14,  # DUK by name + the 13 other members of "cấp ủy huyện (tương đương)"
        "3": 1,
        "4": 1,
        "5": 1,
        "6": 1,
        "7": 15,  # "các cấp ủy": every party committee of the registry
    }
    assert by_lead["2"]["DUK"].via_group is None
    assert by_lead["2"]["HU_CAIBE"].via_group.code == "CAP_UY_HUYEN"
    assert by_lead["7"]["DUKCN"].via_group.code == "CAC_CAP_UY"
    assert Directive.objects.filter(state=DirectiveState.PUBLISHED).count() == 7

    # what each person finds in the morning
    assert queue_of(staff.head("DUK")) == [("accept", "2"), ("accept", "5"), ("accept", "7")]
    assert queue_of(staff.head("BTGTU")) == [("accept", "1"), ("accept", "3")]
    assert queue_of(staff.head("BCSUBND")) == [("accept", "6")]
    assert queue_of(staff.head("TCT")) == []  # coordinators wait for the lead to accept
    assert queue_of(staff.officer("DUK")) == [] and inbox_of(staff.officer("DUK")) == []
    assert queue_of(office) == []
    outsider = django_user_model.objects.create_user("nguoi_ngoai", password="x-secret-123")
    assert queue_of(outsider) == [] and queue_of(staff.head("UBKTTU")) == []
    # viewflow's own queue shows no task to everyone: every human task is scoped
    flows = [DirectiveFlow, ExtensionFlow]
    for user in (outsider, staff.head("DUK"), staff.officer("BTCTU"), office):
        assert not Task.objects.queue(flows, user).exists()
    assert not WorkflowTask.objects.filter(
        flow_task_type="HUMAN", owner_permission__isnull=True
    ).exists()

    # --- item 5: Đảng ủy Khối with four coordinators and a meeting with enterprise owners ---
    p5 = by_lead["5"]["DUK"]
    staff.accept(p5, meeting=True, plan="Tổ chức đối thoại với chủ doanh nghiệp các KCN.")
    for code in ("BCSUBND", "DDLDLD", "BQLKCN", "BTGTU"):
        assert ("coordinate_assign", "5") in queue_of(staff.head(code))
    assert queue_of(staff.head("DUK")) == [("accept", "2"), ("accept", "7")]
    assert inbox_of(staff.officer("DUK")) == [("meeting", "5")]
    for code in ("BCSUBND", "DDLDLD", "BQLKCN"):
        staff.coordinate(p5, code, text=f"Ý kiến của {code}.")
    assert "report" not in staff.open_step_names(p5)
    services.task_meeting_record(
        task=staff.open_task(p5, DirectiveFlow.meeting),
        by=staff.officer("DUK"),
        held_on=datetime.date(2023, 7, 14),
        place="Ban Quản lý các khu công nghiệp tỉnh",
        agencies=list(p5.assignment.coordinators.all()),
        other_participants="Chủ doanh nghiệp KCN Long Giang, KCN Tân Hương",
        minutes="Các doanh nghiệp đồng ý tạo điều kiện thành lập chi bộ.",
        files=[pdf("bien-ban-hop.pdf")],
    )
    assert staff.open_step_names(p5) == ["coordinate_assign"]  # BTGTU has not answered yet
    staff.coordinate(p5, "BTGTU", text="Phối hợp nội dung tuyên truyền.")
    assert staff.open_step_names(p5) == ["report"]
    assert inbox_of(staff.officer("DUK")) == [("report", "5")]
    staff.report(p5, text="Đã đối thoại với 42 doanh nghiệp.", files=[pdf()])
    assert queue_of(staff.head("DUK")) == [("accept", "2"), ("accept", "7"), ("approve", "5")]
    staff.approve(p5)
    assert queue_of(office) == [("verify", "5")]
    staff.verify(p5)
    p5.refresh_from_db()
    assert p5.outcome == Outcome.COMPLETED and p5.status == "DONE"
    assert p5.meeting.attachments.get().original_name == "bien-ban-hop.pdf"
    assert p5.contributions.filter(submitted_at__isnull=False).count() == 4
    assert Directive.objects.get(pk=p5.directive_id).state == DirectiveState.CLOSED

    # --- item 4: returned by the head, then by the Office -------------------------------
    p4 = by_lead["4"]["BTCTU"]
    staff.accept(p4)
    staff.coordinate(p4, "TCT", text="Trường Chính trị phối hợp tổ chức hội thảo.")
    staff.report(p4, text="Báo cáo lần 1.")
    staff.approve(p4, approved=False, reason="Bổ sung số liệu kết nạp đảng viên.")
    assert inbox_of(staff.officer("BTCTU")) == [("report", "4")]
    staff.report(p4, text="Báo cáo lần 2, đã bổ sung số liệu.")
    staff.approve(p4)
    staff.verify(p4, accepted=False, reason="Chưa nêu kết quả hội thảo khoa học.")
    assert queue_of(office) == [] and inbox_of(staff.officer("BTCTU")) == [("report", "4")]
    staff.report(p4, text="Báo cáo lần 3, có kết quả hội thảo.")
    staff.approve(p4)
    staff.verify(p4)
    reviews = list(
        Review.objects.filter(report__process=p4).values_list("stage", "decision", "reason")
    )
    assert reviews == [
        ("approve", "returned", "Bổ sung số liệu kết nạp đảng viên."),
        ("approve", "accepted", ""),
        ("verify", "returned", "Chưa nêu kết quả hội thảo khoa học."),
        ("approve", "accepted", ""),
        ("verify", "accepted", ""),
    ]

    # --- item 3: one extension, approved by the Office --------------------------------
    p3 = by_lead["3"]["BTGTU"]
    staff.accept(p3)
    report_task = staff.open_task(p3, DirectiveFlow.report)
    assert report_task.due_date == datetime.date(2023, 9, 30)
    extension = services.extension_request(
        process=p3,
        by=staff.head("BTGTU"),
        due_date=datetime.date(2023, 10, 31),
        reason="Chờ Ban Thường vụ cho ý kiến về chương trình bồi dưỡng.",
    )
    assert queue_of(office) == [("decide", "3")]
    services.task_extension_decide(
        task=staff.open_task(extension, ExtensionFlow.decide), by=office, approved=True
    )
    p3.refresh_from_db()
    extension.refresh_from_db()
    assert extension.decision == ExtensionDecision.APPROVED
    assert (p3.due_date, p3.original_due_date) == (
        datetime.date(2023, 10, 31),
        datetime.date(2023, 9, 30),
    )
    report_task.refresh_from_db()
    assert report_task.due_date == datetime.date(2023, 10, 31)
    assert (report_task.pk, datetime.date(2023, 10, 31)) in deadline_moves
    staff.report(p3)
    staff.approve(p3)
    staff.verify(p3)

    # --- items 1 and 6: coordination, then closure ------------------------------------
    staff.drive_to_close(by_lead["1"]["BTGTU"])
    staff.drive_to_close(by_lead["6"]["BCSUBND"])

    # --- item 2: a group of 13 + Đảng ủy Khối; one officer reassigned -----------------
    cai_be = by_lead["2"]["HU_CAIBE"]
    staff.accept(cai_be)
    services.process_officer_reassign(
        process=cai_be, by=staff.head("HU_CAIBE"), officer=staff.officer("HU_CAIBE", 2)
    )
    assert inbox_of(staff.officer("HU_CAIBE")) == []
    assert inbox_of(staff.officer("HU_CAIBE", 2)) == [("report", "2")]
    staff.report(cai_be)
    staff.approve(cai_be)
    staff.verify(cai_be)
    members = [p for code, p in sorted(by_lead["2"].items()) if code not in ("HU_CAIBE",)]
    for process in members[:5]:
        staff.drive_to_close(process)
    rollup = selectors.group_rollups(user=office).get(
        directive_id=cai_be.directive_id, via_group__name="Cấp ủy huyện (tương đương)"
    )
    done_in_group = sum(
        1 for p in [cai_be, *members[:5]] if p.via_group_id is not None
    )  # DUK (by name) is not part of the group roll-up
    assert (rollup["total"], rollup["completed"]) == (13, done_in_group)
    assert rollup["open"] == 13 - done_in_group
    for process in members[5:]:
        staff.drive_to_close(process)

    # --- item 7: every party committee; the Office cancels one process -----------------
    dukcn = by_lead["7"]["DUKCN"]
    assert ("accept", "7") in queue_of(staff.head("DUKCN"))
    services.process_cancel(
        process=dukcn,
        by=office,
        reason="Đảng ủy các khu công nghiệp thực hiện chung với Đảng ủy Khối.",
    )
    assert ("accept", "7") not in queue_of(staff.head("DUKCN"))
    assert staff.open_tasks(dukcn) == []
    for code, process in sorted(by_lead["7"].items()):
        if code != "DUKCN":
            staff.drive_to_close(process)

    # --- everything is closed ---------------------------------------------------------
    assert set(Directive.objects.values_list("state", flat=True)) == {DirectiveState.CLOSED}
    outcomes = {p.outcome for p in DirectiveProcess.objects.exclude(pk=dukcn.pk)}
    assert outcomes == {Outcome.COMPLETED}
    dukcn.refresh_from_db()
    assert (dukcn.outcome, dukcn.status) == (Outcome.CANCELLED, "CANCELED")
    assert DirectiveProcess.objects.filter(status="DONE").count() == 33
    assert not open_tasks_with_deadline().exists()
    assert not WorkflowTask.objects.filter(status__in=["NEW", "ASSIGNED", "STARTED"]).exists()
    # the Office's archive: 33 verifications + 1 returned + 1 extension decision
    assert selectors.tasks_archive(user=office).count() == 35
    for user in (office, staff.head("DUK"), staff.officer("DUK"), staff.head("BCSUBND")):
        assert queue_of(user) == [] and inbox_of(user) == []
