"""The review page: one form per directive (text, reviewed flag, assignments) saved together,
deletions confirmed first, refusals that change nothing and keep what was typed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent, EventType
from project.exceptions import PermissionRefused
from tasks_app.models import Assignment, Directive, Notice
from workflows import services as workflow_services

from .conftest import BASE, directive_post

pytestmark = pytest.mark.django_db


def _upload(client, content: bytes, name="142-TB-TU.txt"):
    return client.post(f"{BASE}import/", {"file": SimpleUploadedFile(name, content)})


def _save(client, directive, **changes):
    return client.post(f"{BASE}directive/{directive.pk}/", directive_post(directive, **changes))


def _events(event_type) -> int:
    return AuditEvent.objects.filter(event_type=event_type).count()


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
    assert page.count("data-review-form") == 7 + 1  # one form per directive, one to add


def test_each_flagged_directive_says_why(office, draft):
    page = office.get(f"{BASE}{draft.pk}/").content.decode()
    item1 = page.split('id="muc-1"')[1].split('id="muc-2"')[0]
    assert "Cần người quyết định vì:" in item1
    assert "Mục 1 không nêu cơ quan chủ trì" in item1


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
        ("get", f"{BASE}new/"),
        ("get", f"{BASE}{draft.pk}/"),
        ("get", f"{BASE}{draft.pk}/edit/"),
        ("get", f"{BASE}{draft.pk}/publish/"),
        ("post", f"{BASE}{draft.pk}/publish/"),
        ("post", f"{BASE}{draft.pk}/directives/add/"),
        ("post", f"{BASE}directive/{directive.pk}/"),
        ("get", f"{BASE}directive/{directive.pk}/delete/"),
        ("post", f"{BASE}directive/{directive.pk}/delete/"),
        ("get", "/office/registry/"),
        ("get", "/office/registry/new/"),
    ]
    for method, url in urls:
        response = getattr(client, method)(url, {})
        assert response.status_code == 403, url
    assert _upload(client, seed_bytes).status_code == 403
    draft.refresh_from_db()
    assert draft.status == Notice.Status.DRAFT
    assert Directive.objects.filter(pk=directive.pk).exists()
    assert Assignment.objects.filter(pk=assignment.pk).exists()
    with pytest.raises(PermissionRefused):
        workflow_services.notice_publish(notice=draft, by=head_user)


def test_text_and_assignment_are_saved_together_in_one_post(office, draft):
    directive = draft.directives.get(ref="4")
    assignment = directive.assignments.get()
    text = directive.text + "\r\nBáo cáo kết quả về Ban Thường vụ Tỉnh ủy.  "
    response = _save(
        office,
        directive,
        text=text,
        **{"a0-coordinators": ["TCT", "BTGTU"], "a0-due_working_days": "10"},
        **{"a0-recurrence": "quarterly"},
    )
    assert response.status_code == 302
    assert response.url.endswith(f"{BASE}{draft.pk}/#muc-4")
    directive.refresh_from_db()
    assignment.refresh_from_db()
    assert directive.text.startswith("Ban Tổ chức Tỉnh ủy tiếp tục theo dõi")
    assert directive.text.endswith(
        "\nBáo cáo kết quả về Ban Thường vụ Tỉnh ủy."
    )  # no CR, no spaces
    assert set(assignment.coordinators.values_list("code", flat=True)) == {"TCT", "BTGTU"}
    assert (assignment.due_working_days, assignment.recurrence) == (10, "quarterly")
    page = office.get(f"{BASE}{draft.pk}/").content.decode()
    assert "Đã lưu mục 4." in page


def test_saving_without_change_changes_nothing_and_logs_nothing(office, draft):
    directive = draft.directives.get(ref="5")
    before = (directive.text, _events(EventType.DIRECTIVE_UPDATED), _events("assignment.saved"))
    response = _save(office, directive)  # the text comes back with CRLF, as browsers send it
    assert response.status_code == 302
    directive.refresh_from_db()
    after = (directive.text, _events(EventType.DIRECTIVE_UPDATED), _events("assignment.saved"))
    assert after == before


def test_ticking_reviewed_records_only_the_flag(office, draft):
    directive = draft.directives.get(ref="1")
    assert directive.needs_review
    _save(office, directive, reviewed=True)
    directive.refresh_from_db()
    assert not directive.needs_review
    event = AuditEvent.objects.filter(event_type=EventType.DIRECTIVE_UPDATED).last()
    assert event.before == {"needs_review": True}
    assert event.after == {"needs_review": False}


def test_a_refused_save_changes_nothing_and_keeps_what_was_typed(office, draft):
    directive = draft.directives.get(ref="4")
    assignment = directive.assignments.get()
    text_before = directive.text
    response = _save(
        office,
        directive,
        text="Nội dung đã sửa nhưng chưa lưu được.",
        **{"a0-coordinators": ["BTCTU"]},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Cơ quan chủ trì không thể đồng thời là cơ quan phối hợp." in page
    assert "Nội dung đã sửa nhưng chưa lưu được." in page  # still on screen
    directive.refresh_from_db()
    assert directive.text == text_before
    assert list(assignment.coordinators.values_list("code", flat=True)) == ["TCT"]


def test_both_kinds_of_deadline_are_refused(office, draft):
    directive = draft.directives.get(ref="4")
    assignment = directive.assignments.get()
    response = _save(office, directive, **{"a0-due_date": "2023-09-30", "a0-due_working_days": "5"})
    assert response.status_code == 400
    assert "không chọn cả hai" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.due_date is None and assignment.due_working_days is None


def test_a_new_assignment_is_added_from_the_blank_row(office, draft):
    directive = draft.directives.get(ref="4")
    _save(office, directive, **{"a1-lead": "BTGTU", "a1-due_date": "2030-06-30"})
    leads = dict(directive.assignments.values_list("lead__code", "due_date"))
    assert set(leads) == {"BTCTU", "BTGTU"}
    assert str(leads["BTGTU"]) == "2030-06-30"


def test_deleting_an_assignment_asks_first_and_keeps_the_edits_on_screen(office, draft):
    directive = draft.directives.get(ref="3")
    count = directive.assignments.count()
    ask = _save(office, directive, text="Đoạn sửa kèm theo.", **{"a3-DELETE": "on"})
    assert ask.status_code == 200
    page = ask.content.decode()
    assert "Xóa 1 phân công của mục 3?" in page
    assert "Ban Tuyên giáo Tỉnh ủy" in page.split("cd-confirm")[1].split("</div>")[0]
    assert "Đoạn sửa kèm theo." in page
    assert directive.assignments.count() == count  # nothing deleted yet

    keep = _save(office, directive, **{"a3-DELETE": "on", "keep": "1"})
    assert keep.status_code == 200
    assert directive.assignments.count() == count

    done = _save(office, directive, text="Đoạn sửa kèm theo.", **{"a3-DELETE": "on"}, confirm="1")
    assert done.status_code == 302
    directive.refresh_from_db()
    assert directive.assignments.count() == count - 1
    assert not directive.assignments.filter(lead__code="BTGTU").exists()
    assert directive.text == "Đoạn sửa kèm theo."
    deleted = AuditEvent.objects.get(event_type=EventType.ASSIGNMENT_DELETED)
    assert deleted.before["lead"] == "BTGTU"


def test_a_directive_is_deleted_after_a_confirmation_page(office, draft):
    directive = draft.directives.get(ref="7")
    page = office.get(f"{BASE}directive/{directive.pk}/delete/").content.decode()
    assert "Xóa nhiệm vụ mục 7?" in page
    assert Directive.objects.filter(pk=directive.pk).exists()
    response = office.post(f"{BASE}directive/{directive.pk}/delete/")
    assert response.status_code == 302
    assert not Directive.objects.filter(pk=directive.pk).exists()
    event = AuditEvent.objects.get(event_type=EventType.DIRECTIVE_DELETED)
    assert event.before["ref"] == "7" and event.directive_id == directive.pk


def test_an_edit_after_publication_is_refused(office, office_user, draft):
    directive = draft.directives.get(ref="4")
    Notice.objects.filter(pk=draft.pk).update(status="published", published_at="2023-06-01T08:00Z")
    response = _save(office, directive, text="Sửa sau khi ban hành.")
    assert response.status_code == 400
    assert "đã ban hành; không sửa được nữa" in response.content.decode()
    directive.refresh_from_db()
    assert directive.text != "Sửa sau khi ban hành."


def test_a_deadline_before_the_notice_date_is_refused_and_nothing_is_saved(office, draft):
    directive = draft.directives.get(ref="4")  # the notice is dated 30/05/2023
    assignment = directive.assignments.get()
    response = _save(office, directive, **{"a0-due_date": "2023-01-01"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Hạn xử lý 01/01/2023 trước ngày ban hành thông báo (30/05/2023)" in page
    assert "Đã lưu mục 4." not in page
    assignment.refresh_from_db()
    assert assignment.due_date is None


def test_a_past_deadline_is_saved_with_a_warning_that_publishing_will_refuse_it(office, draft):
    directive = draft.directives.get(ref="4")
    assignment = directive.assignments.get()
    response = _save(office, directive, **{"a0-due_date": "2023-09-30"})
    assert response.status_code == 302
    page = office.get(response.url).content.decode()
    assert "Đã lưu mục 4." in page
    assert "Hạn xử lý 30/09/2023 đã qua" in page
    assert "khi ban hành sẽ bị từ chối" in page
    assignment.refresh_from_db()
    assert str(assignment.due_date) == "2023-09-30"
    # a deadline still ahead: no warning
    response = _save(office, directive, **{"a0-due_date": "2030-09-30"})
    page = office.get(response.url).content.decode()
    assert "Đã lưu mục 4." in page and "đã qua" not in page
