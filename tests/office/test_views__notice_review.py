import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from project.exceptions import InvalidInput, PermissionRefused
from tasks_app import services
from tasks_app.models import Agency, AgencyGroup, Assignment, Directive, Notice
from workflows import services as workflow_services

pytestmark = pytest.mark.django_db
BASE = "/office/notice/"


def _upload(client, content: bytes, name="142-TB-TU.txt"):
    return client.post(f"{BASE}import/", {"file": SimpleUploadedFile(name, content)})


@pytest.fixture
def office(client, office_user):
    client.force_login(office_user)
    return client


@pytest.fixture
def draft(office_user, seed_bytes):
    return services.notice_import(content=seed_bytes, filename="142-TB-TU.txt", by=office_user)


def test_office_uploads_a_notice_and_sees_each_directive_beside_its_source(office, seed_bytes):
    response = _upload(office, seed_bytes)
    notice = Notice.objects.get(number="142-TB/TU")
    assert response.status_code == 302
    assert response.url.endswith(f"{BASE}{notice.pk}/")
    page = office.get(response.url).content.decode()
    assert "Thông báo số 142-TB/TU — 30/05/2023" in page
    assert "Cần rà soát" in page
    assert "Ban Tổ chức Tỉnh ủy tiếp tục theo dõi" in page  # item 4's source passage
    assert page.count('class="cd-card" id="muc-') == 7


def test_upload_of_a_bad_file_shows_the_reason_and_stores_nothing(office):
    response = _upload(office, b"", name="rong.txt")
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert Notice.objects.count() == 0
    response = _upload(office, b"%PDF-1.4", name="tb.pdf")
    assert response.status_code == 400
    assert Notice.objects.count() == 0


def test_only_office_staff_may_import_review_or_publish(client, head_user, draft, seed_bytes):
    client.force_login(head_user)
    directive = draft.directives.get(ref="4")
    assignment = directive.assignments.get()
    urls = [
        ("get", BASE),
        ("get", f"{BASE}import/"),
        ("get", f"{BASE}{draft.pk}/"),
        ("post", f"{BASE}{draft.pk}/publish/"),
        ("post", f"{BASE}directive/{directive.pk}/"),
        ("post", f"{BASE}assignment/{assignment.pk}/"),
        ("post", f"{BASE}assignment/{assignment.pk}/delete/"),
    ]
    for method, url in urls:
        response = getattr(client, method)(url, {})
        assert response.status_code == 403, url
    assert _upload(client, seed_bytes).status_code == 403
    draft.refresh_from_db()
    assert draft.status == Notice.Status.DRAFT
    assert Assignment.objects.filter(pk=assignment.pk).exists()
    with pytest.raises(PermissionRefused):
        workflow_services.notice_publish(notice=draft, by=head_user)


def test_office_corrects_an_assignment(office, draft):
    directive = draft.directives.get(ref="4")
    assignment = directive.assignments.get()
    response = office.post(
        f"{BASE}assignment/{assignment.pk}/",
        {
            f"a{assignment.pk}-lead": "BTCTU",
            f"a{assignment.pk}-coordinators": ["TCT", "BTGTU"],
            f"a{assignment.pk}-due_working_days": "10",
            f"a{assignment.pk}-recurrence": "quarterly",
        },
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert set(assignment.coordinators.values_list("code", flat=True)) == {"TCT", "BTGTU"}
    assert assignment.due_working_days == 10
    assert assignment.recurrence == "quarterly"


def test_lead_cannot_also_coordinate_and_nothing_changes(office, draft):
    directive = draft.directives.get(ref="4")
    assignment = directive.assignments.get()
    before = set(assignment.coordinators.values_list("code", flat=True))
    response = office.post(
        f"{BASE}assignment/{assignment.pk}/",
        {f"a{assignment.pk}-lead": "BTCTU", f"a{assignment.pk}-coordinators": ["BTCTU"]},
        follow=True,
    )
    assert "không thể đồng thời là cơ quan phối hợp" in response.content.decode()
    assert set(assignment.coordinators.values_list("code", flat=True)) == before


def test_both_kinds_of_deadline_are_refused(office, draft):
    assignment = draft.directives.get(ref="4").assignments.get()
    response = office.post(
        f"{BASE}assignment/{assignment.pk}/",
        {
            f"a{assignment.pk}-lead": "BTCTU",
            f"a{assignment.pk}-due_date": "2023-09-30",
            f"a{assignment.pk}-due_working_days": "5",
        },
        follow=True,
    )
    assert "không chọn cả hai" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.due_date is None and assignment.due_working_days is None


def test_publish_is_refused_while_a_directive_needs_review(office, draft):
    response = office.post(f"{BASE}{draft.pk}/publish/", follow=True)
    assert "Còn nhiệm vụ cần rà soát" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Notice.Status.DRAFT


def _review_all(office_user, notice):
    for directive in notice.directives.all():
        if not directive.assignments.exists():
            services.assignment_save(
                directive=directive,
                by=office_user,
                lead_code="CO_QUAN_THAM_MUU",
                coordinator_codes=[],
            )
        services.directive_update(
            directive=directive, by=office_user, text=directive.text, reviewed=True
        )


def test_publish_expands_group_leads_and_fixes_working_day_deadlines(office, office_user, draft):
    _review_all(office_user, draft)
    item4 = draft.directives.get(ref="4").assignments.get()
    services.assignment_save(
        directive=item4.directive,
        assignment=item4,
        by=office_user,
        lead_code="BTCTU",
        coordinator_codes=["TCT"],
        due_working_days=10,
    )
    response = office.post(f"{BASE}{draft.pk}/publish/", follow=True)
    assert "Đã ban hành thông báo 142-TB/TU" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Notice.Status.PUBLISHED and draft.published_at
    item2 = Directive.objects.get(notice=draft, ref="2")
    members = set(
        AgencyGroup.objects.get(code="CAP_UY_HUYEN").members.values_list("code", flat=True)
    )
    leads = set(item2.assignments.values_list("lead__code", flat=True))
    assert members <= leads
    assert not Assignment.objects.filter(directive__notice=draft, lead__isnull=True).exists()
    assert item2.assignments.filter(via_group__code="CAP_UY_HUYEN").count() == len(
        members - {"DUK"}
    )
    item4.refresh_from_db()
    assert item4.due_date is not None
    assert Directive.objects.filter(notice=draft, state="published").count() == 7
    # A published notice can no longer be edited.
    with pytest.raises(InvalidInput, match="đã ban hành"):
        services.assignment_delete(assignment=item4, by=office_user)
    assert Agency.objects.filter(led_assignments__directive__notice=draft).exists()


def test_import_edits_and_refusals_are_in_the_audit_log(client, office_user, head_user, draft):
    from audit.models import AuditEvent, EventType

    imported = AuditEvent.objects.get(event_type=EventType.NOTICE_IMPORTED)
    assert imported.actor == office_user and imported.agency_code == "VPTU"
    assert imported.after["number"] == "142-TB/TU" and imported.after["directives"] == 7
    assignment = draft.directives.get(ref="4").assignments.get()
    services.assignment_save(
        directive=assignment.directive,
        assignment=assignment,
        by=office_user,
        lead_code="BTCTU",
        coordinator_codes=["TCT", "BTGTU"],
    )
    saved = AuditEvent.objects.filter(event_type=EventType.ASSIGNMENT_SAVED).last()
    assert saved.before["coordinators"] == ["TCT"]
    assert saved.after["coordinators"] == ["BTGTU", "TCT"]
    assert saved.directive_id == assignment.directive_id

    with pytest.raises(PermissionRefused):
        workflow_services.notice_publish(notice=draft, by=head_user)
    client.force_login(head_user)
    client.post(f"{BASE}{draft.pk}/publish/")
    refused = AuditEvent.objects.filter(event_type=EventType.REFUSED, actor=head_user)
    assert refused.count() == 2
    assert {e.agency_code for e in refused} == {"BTCTU"}
