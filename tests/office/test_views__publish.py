"""Publishing from the review page: a summary first (processes per agency, assignments without
a deadline, what stops it), then the confirmation."""

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEvent, EventType
from tasks_app import services
from tasks_app.models import AgencyGroup, Notice
from workflows.models import DirectiveProcess

from .conftest import BASE

pytestmark = pytest.mark.django_db


def _review_all(office_user, notice):
    for directive in notice.directives.all():
        if not directive.assignments.exists():
            services.assignment_save(
                directive=directive, by=office_user, lead_code="BTCTU", coordinator_codes=[]
            )
        services.directive_update(
            directive=directive, by=office_user, text=directive.text, reviewed=True
        )


def test_the_summary_refuses_a_past_deadline_and_publishing_changes_nothing(
    office, office_user, draft
):
    _review_all(office_user, draft)
    item4 = draft.directives.get(ref="4").assignments.get()
    past = timezone.localdate() - datetime.timedelta(days=3)
    services.assignment_save(
        directive=item4.directive,
        assignment=item4,
        by=office_user,
        lead_code="BTCTU",
        coordinator_codes=["TCT"],
        due_date=past,
    )
    page = office.get(f"{BASE}{draft.pk}/publish/").content.decode()
    assert "Chưa ban hành được" in page
    assert f"mục 4 — Ban Tổ chức Tỉnh ủy — {past:%d/%m/%Y}" in page
    assert 'type="submit" disabled>Xác nhận ban hành' in page

    response = office.post(f"{BASE}{draft.pk}/publish/", {"confirm": "1"})
    assert response.status_code == 400
    assert "Hạn xử lý đã qua" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Notice.Status.DRAFT
    assert not DirectiveProcess.objects.exists()
    assert not AuditEvent.objects.filter(event_type=EventType.NOTICE_PUBLISHED).exists()


def test_the_summary_counts_processes_per_agency_then_the_confirmation_publishes(
    office, office_user, draft
):
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
    page = office.get(f"{BASE}{draft.pk}/publish/").content.decode()
    district = AgencyGroup.objects.get(code="CAP_UY_HUYEN").members.count()
    assert "Sẽ bắt đầu" in page and "quy trình xử lý" in page
    assert "phân công không có hạn xử lý" in page
    assert "Chưa ban hành được" not in page
    # Asking without the confirmation publishes nothing.
    office.post(f"{BASE}{draft.pk}/publish/")
    assert not DirectiveProcess.objects.exists()

    response = office.post(f"{BASE}{draft.pk}/publish/", {"confirm": "1"}, follow=True)
    assert "Đã ban hành thông báo 142-TB/TU" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Notice.Status.PUBLISHED
    processes = DirectiveProcess.objects.filter(directive__notice=draft)
    assert processes.filter(directive__ref="2").count() >= district
    assert processes.get(directive__ref="4").due_date is not None
    # The published page links each assignment to its process.
    review = office.get(f"{BASE}{draft.pk}/").content.decode()
    assert review.count("Xem quy trình") == processes.count()
