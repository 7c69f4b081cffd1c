"""A notice, or an instruction given at a meeting, entered by hand: numbered, reviewed and
published through the same services as an imported one, and audited the same way."""

import datetime

import pytest

from audit.models import AuditEvent, EventType
from project.exceptions import InvalidInput, PermissionRefused
from tasks_app import services
from tasks_app.models import AgencyGroup, Notice, NoticeKind
from workflows import services as workflow_services
from workflows.models import DirectiveProcess

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 3, 14)


def _instruction(**overrides) -> services.NoticeInput:
    values = {
        "kind": NoticeKind.INSTRUCTION,
        "number": "",
        "date": datetime.date(2025, 3, 12),
        "issuer": "Thường trực Tỉnh ủy Tiền Giang",
        "title": "Ý kiến chỉ đạo của đồng chí Bí thư Tỉnh ủy tại buổi làm việc ngày 12/3/2025",
        "signer": "Nguyễn Văn A",
        "signer_title": "Bí thư Tỉnh ủy",
    }
    return services.NoticeInput(**{**values, **overrides})


def test_an_instruction_without_a_number_gets_the_next_number_of_its_year(office):
    first = services.notice_create(data=_instruction(), by=office, today=TODAY)
    second = services.notice_create(data=_instruction(), by=office, today=TODAY)
    older = services.notice_create(
        data=_instruction(date=datetime.date(2024, 12, 30)), by=office, today=TODAY
    )
    assert [first.number, second.number, older.number] == [
        "YKCĐ-2025-001",
        "YKCĐ-2025-002",
        "YKCĐ-2024-001",
    ]
    assert first.heading == "Ý kiến chỉ đạo ngày 12/03/2025 (YKCĐ-2025-001)"
    assert first.origin == Notice.Origin.MANUAL and first.is_draft
    event = AuditEvent.objects.filter(event_type=EventType.NOTICE_IMPORTED).first()
    assert event.after["source"] == "manual" and event.after["number"] == "YKCĐ-2025-001"
    assert event.actor == office and event.notice_id == first.pk


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind": NoticeKind.CONCLUSION}, "Cần nhập số hiệu thông báo"),
        ({"date": datetime.date(2025, 3, 20)}, "chưa đến"),
        ({"title": "  \r\n "}, "Cần nhập trích yếu"),
        ({"number": "YKCĐ-2025-009"}, "do hệ thống tự cấp"),
        ({"issuer": ""}, "Cần nhập cơ quan ban hành"),
    ],
    ids=["conclusion-without-number", "future-date", "no-title", "reserved-number", "no-issuer"],
)
def test_bad_entries_are_refused_with_one_line_and_store_nothing(office, overrides, message):
    with pytest.raises(InvalidInput, match=message) as refused:
        services.notice_create(data=_instruction(**overrides), by=office, today=TODAY)
    assert "\n" not in refused.value.message
    assert Notice.objects.count() == 0
    assert not AuditEvent.objects.filter(event_type=EventType.NOTICE_IMPORTED).exists()


def test_a_number_already_used_is_refused(office):
    services.notice_create(
        data=_instruction(kind=NoticeKind.CONCLUSION, number="15-TB/TU"), by=office, today=TODAY
    )
    with pytest.raises(InvalidInput, match="Số hiệu 15-TB/TU đã có"):
        services.notice_create(
            data=_instruction(kind=NoticeKind.CONCLUSION, number="15-TB/TU"), by=office, today=TODAY
        )
    assert Notice.objects.count() == 1


def test_only_the_office_enters_notices_and_the_refusal_is_logged(staff):
    head = staff.head("BTCTU")
    with pytest.raises(PermissionRefused):
        services.notice_create(data=_instruction(), by=head, today=TODAY)
    assert Notice.objects.count() == 0
    refusal = AuditEvent.objects.get(event_type=EventType.REFUSED)
    assert refusal.actor == head and refusal.after["action"] == "notice.create"


def test_directives_entered_by_hand_are_published_like_imported_ones(office, staff):
    notice = services.notice_create(data=_instruction(), by=office, today=TODAY)
    first = services.directive_create(
        notice=notice,
        by=office,
        text="Khảo sát mô hình “Dân vận khéo”\r\nở các xã ven biển.   ",
        assignments=[
            services.AssignmentInput(
                lead_code="BDVTU",
                coordinator_codes=["UBMTTQ", "HND"],
                due_date=datetime.date(2025, 6, 30),
            )
        ],
    )
    second = services.directive_create(
        notice=notice,
        by=office,
        text="Tổng hợp ý kiến của các huyện ủy.",
        assignments=[services.AssignmentInput(lead_code="CAP_UY_HUYEN", due_working_days=10)],
    )
    assert (first.ref, second.ref) == ("1", "2")
    assert first.text == "Khảo sát mô hình “Dân vận khéo”\nở các xã ven biển."
    assert not first.needs_review and first.source == ""
    created = AuditEvent.objects.filter(event_type=EventType.DIRECTIVE_CREATED)
    assert [e.after["ref"] for e in created] == ["1", "2"]

    published = workflow_services.notice_publish(notice=notice, by=office, today=TODAY)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.PUBLISHED
    members = group_members("CAP_UY_HUYEN")
    assert len(published) == 1 + len(members)
    processes = DirectiveProcess.objects.filter(directive__notice=notice)
    assert processes.count() == len(published)
    lead = processes.get(directive=first)
    assert lead.lead.code == "BDVTU" and lead.due_date == datetime.date(2025, 6, 30)
    assert sorted(lead.assignment.coordinators.values_list("code", flat=True)) == ["HND", "UBMTTQ"]
    assert {p.due_date for p in processes.filter(directive=second)} == {
        datetime.date(2025, 3, 28)
    }  # ten working days after 14/03/2025
    types = list(
        AuditEvent.objects.filter(notice_id=notice.pk).values_list("event_type", flat=True)
    )
    assert types.count(EventType.NOTICE_PUBLISHED) == 1
    assert types.count(EventType.PROCESS_STARTED) == len(published)


def group_members(code: str) -> list[str]:
    return list(AgencyGroup.objects.get(code=code).members.values_list("code", flat=True))


def test_a_directive_without_text_or_with_a_taken_item_number_is_refused(office):
    notice = services.notice_create(data=_instruction(), by=office, today=TODAY)
    services.directive_create(notice=notice, by=office, text="Việc thứ nhất.", ref="1")
    with pytest.raises(InvalidInput, match="đã có mục 1"):
        services.directive_create(notice=notice, by=office, text="Trùng số mục.", ref="1")
    with pytest.raises(InvalidInput, match="không được để trống"):
        services.directive_create(notice=notice, by=office, text=" \n ")
    with pytest.raises(InvalidInput, match="Cơ quan chủ trì không thể đồng thời"):
        services.directive_create(
            notice=notice,
            by=office,
            text="Lead và phối hợp trùng nhau.",
            assignments=[services.AssignmentInput(lead_code="BTCTU", coordinator_codes=["BTCTU"])],
        )
    assert list(notice.directives.values_list("ref", flat=True)) == ["1"]


def test_a_drafts_own_data_is_corrected_and_audited(office):
    notice = services.notice_create(data=_instruction(), by=office, today=TODAY)
    services.notice_update(
        notice=notice,
        data=_instruction(kind=NoticeKind.CONCLUSION, number="16-TB/TU"),
        by=office,
        today=TODAY,
    )
    notice.refresh_from_db()
    assert (notice.number, notice.kind) == ("16-TB/TU", NoticeKind.CONCLUSION)
    event = AuditEvent.objects.get(event_type=EventType.NOTICE_UPDATED)
    assert event.before == {"kind": "instruction", "number": "YKCĐ-2025-001"}
    assert event.after == {"kind": "conclusion", "number": "16-TB/TU"}
    # Saving the same data again changes and logs nothing.
    services.notice_update(
        notice=notice,
        data=_instruction(kind=NoticeKind.CONCLUSION, number="16-TB/TU"),
        by=office,
        today=TODAY,
    )
    assert AuditEvent.objects.filter(event_type=EventType.NOTICE_UPDATED).count() == 1
