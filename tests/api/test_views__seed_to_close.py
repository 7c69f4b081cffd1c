"""One directive of notice 142-TB/TU from import to closure through the API alone, with the
tokens of the Office, the lead agency's head and officer, and a coordinating agency."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tasks_app.models import Agency
from tests.helpers import SEED_NOTICE

pytestmark = pytest.mark.django_db


def _only(items, **match):
    found = [i for i in items if all(i.get(k) == v for k, v in match.items())]
    assert len(found) == 1, (match, items)
    return found[0]


def _task(client, *, queue: bool, assignment_id: int, step: str) -> dict:
    answer = client.get("/api/v1/tasks/queue/" if queue else "/api/v1/tasks/")
    assert answer.status_code == 200, answer.content
    return _only(answer.json()["results"], assignment_id=assignment_id, step=step)


def _post(client, url, data=None, **kwargs):
    answer = client.post(url, data or {}, **kwargs)
    assert answer.status_code in (200, 201), (url, answer.status_code, answer.json())
    return answer.json()


def test_directive_4_from_import_to_closure_through_the_api(clients):
    office = clients.office()
    head = clients.of("BTCTU", "head")
    officer = clients.of("BTCTU", "officer")
    partner = clients.of("TCT", "head", "officer")

    # The Office imports the notice file; a draft comes back, to review.
    upload = SimpleUploadedFile("142-TB-TU.txt", SEED_NOTICE.read_bytes(), "text/plain")
    notice = _post(office, "/api/v1/notices/import/", {"file": upload}, format="multipart")
    assert notice["number"] == "142-TB/TU" and notice["status"] == "draft"
    directives = {d["ref"]: d for d in notice["directives"]}
    assert len(directives) == 7

    # Review: every flagged directive is confirmed (with the version read), every directive
    # without a lead gets one.
    for directive in directives.values():
        if not directive["assignments"]:
            _post(
                office,
                f"/api/v1/directives/{directive['id']}/assignments/",
                {"lead": "BTGTU", "coordinators": ["BTCTU"], "due_date": "2030-12-31"},
                format="json",
            )
        if directive["needs_review"]:
            fresh = office.get(f"/api/v1/directives/{directive['id']}/")
            answer = office.patch(
                f"/api/v1/directives/{directive['id']}/",
                {"reviewed": True},
                format="json",
                HTTP_IF_MATCH=fresh["ETag"],
            )
            assert answer.status_code == 200, answer.json()
            assert answer.json()["needs_review"] is False

    # Directive 4: BTCTU leads, TCT coordinates; the Office sets its deadline.
    item4 = _only(
        directives["4"]["assignments"],
        lead={
            "id": Agency.objects.get(code="BTCTU").pk,
            "code": "BTCTU",
            "name": Agency.objects.get(code="BTCTU").name,
        },
    )
    assert [a["code"] for a in item4["coordinators"]] == ["TCT"]
    answer = office.patch(
        f"/api/v1/assignments/{item4['id']}/",
        {"due_date": "2030-09-30"},
        format="json",
        HTTP_IF_MATCH=item4["version"],
    )
    assert answer.status_code == 200, answer.json()

    published = _post(office, f"/api/v1/notices/{notice['id']}/publish/")
    assert published["status"] == "published"
    assignment_id = item4["id"]

    # The lead head accepts and picks the officer (whom the API lists).
    btctu = Agency.objects.get(code="BTCTU")
    officers = head.get(f"/api/v1/agencies/{btctu.pk}/officers/").json()["results"]
    officer_id = _only(officers, username=officer.user.username)["id"]
    accept = _task(head, queue=True, assignment_id=assignment_id, step="accept")
    assert "accept" in accept["actions"]
    _post(
        head,
        f"/api/v1/tasks/{accept['id']}/accept/",
        {"officer": officer_id, "plan": "Xây dựng kế hoạch, họp với LĐLĐ tỉnh."},
        format="json",
    )

    # The coordinating agency assigns its officer (its own account), who contributes a file.
    assign = _task(partner, queue=True, assignment_id=assignment_id, step="coordinate_assign")
    _post(
        partner,
        f"/api/v1/tasks/{assign['id']}/coordination-assign/",
        {"officer": partner.user.pk},
        format="json",
    )
    contribute = _task(partner, queue=False, assignment_id=assignment_id, step="coordinate")
    _post(
        partner,
        f"/api/v1/tasks/{contribute['id']}/contribution/",
        {
            "text": "Liên đoàn Lao động tỉnh thống nhất, cử cán bộ tham gia.",
            "files": [SimpleUploadedFile("y-kien.pdf", b"%PDF-1.4 y kien", "application/pdf")],
        },
        format="multipart",
    )

    # The lead officer reports; the head approves; the Office verifies and closes.
    report = _task(officer, queue=False, assignment_id=assignment_id, step="report")
    _post(
        officer,
        f"/api/v1/tasks/{report['id']}/report/",
        {"text": "Đã tổ chức hội nghị đối thoại với chủ doanh nghiệp."},
        format="json",
    )
    approve = _task(head, queue=True, assignment_id=assignment_id, step="approve")
    _post(head, f"/api/v1/tasks/{approve['id']}/approve/", {"decision": "approve"}, format="json")
    verify = _task(office, queue=True, assignment_id=assignment_id, step="verify")
    done = _post(
        office, f"/api/v1/tasks/{verify['id']}/verify/", {"decision": "close"}, format="json"
    )
    assert done["status"] == "DONE"

    closed = head.get(f"/api/v1/assignments/{assignment_id}/").json()
    assert closed["process"]["outcome"] == "completed"
    assert closed["process"]["status"] == "done_on_time"
    assert closed["process"]["open_tasks"] == []
    contribution = _only(
        closed["process"]["contributions"],
        text="Liên đoàn Lao động tỉnh thống nhất, cử cán bộ tham gia.",
    )
    attachment = contribution["attachments"][0]
    assert attachment["name"] == "y-kien.pdf"
    assert b"".join(head.get(attachment["url"]).streaming_content) == b"%PDF-1.4 y kien"
    assert head.get(f"/api/v1/directives/{directives['4']['id']}/").json()["state"] == "closed"

    timeline = head.get(f"/api/v1/directives/{directives['4']['id']}/timeline/").json()
    labels = [entry["label"] for entry in timeline["entries"]]
    assert "Hoàn thành nhiệm vụ" in labels and "Nhập thông báo" in labels
