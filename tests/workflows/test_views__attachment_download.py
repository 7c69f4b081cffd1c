"""Attached files are downloaded through the application, only by those who see the process."""

import datetime
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.files import docx_bytes
from workflows import services
from workflows.flows import DirectiveFlow
from workflows.models import Attachment

DUE = datetime.date(2030, 9, 30)
REPORT_BYTES = b"%PDF-1.4 bao cao ket qua\n" * 40
CONTRIBUTION_BYTES = docx_bytes("Ý kiến phối hợp")


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def files(staff, office):
    """DUK leads, BTGTU coordinates; BTGTU's contribution and DUK's report carry one file each."""
    [process] = staff.publish(leads=["DUK"], coordinators=["BTGTU"], by=office, due_date=DUE)
    staff.accept(process)
    services.task_coordination_assign(
        task=staff.open_task(process, DirectiveFlow.coordinate_assign, "BTGTU"),
        by=staff.head("BTGTU"),
        officer=staff.officer("BTGTU"),
    )
    services.task_contribution_submit(
        task=staff.open_task(process, DirectiveFlow.coordinate, "BTGTU"),
        by=staff.officer("BTGTU"),
        text="Ý kiến phối hợp.",
        files=[upload("y-kien.docx", CONTRIBUTION_BYTES, "application/octet-stream")],
    )
    staff.report(process, files=[upload("Báo cáo kết quả.pdf", REPORT_BYTES)])
    return {
        "process": process,
        "report": Attachment.objects.get(report__isnull=False),
        "contribution": Attachment.objects.get(contribution__isnull=False),
    }


def url(attachment):
    return reverse("workflow:attachment", args=[attachment.pk])


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.django_db
def test_the_process_page_links_each_file_to_its_download(client, staff, files):
    client.force_login(staff.head("DUK"))

    page = client.get(f"/workflow/flows/directive/{files['process'].pk}/").content.decode()

    assert f'href="{url(files["report"])}"' in page
    assert f'href="{url(files["contribution"])}"' in page
    assert "/media/" not in page  # nothing points at the (unserved) media URL


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["lead head", "office", "coordinating head", "lead officer"])
def test_those_who_see_the_process_download_the_file(client, staff, files, who):
    user = {
        "lead head": lambda: staff.head("DUK"),
        "office": staff.office,
        "coordinating head": lambda: staff.head("BTGTU"),
        "lead officer": lambda: staff.officer("DUK"),
    }[who]()
    client.force_login(user)

    response = client.get(url(files["report"]))

    assert response.status_code == 200
    assert downloaded(response) == REPORT_BYTES
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert quote("Báo cáo kết quả.pdf") in disposition  # the name it was uploaded with

    response = client.get(url(files["contribution"]))
    assert response.status_code == 200
    assert downloaded(response) == CONTRIBUTION_BYTES
    assert 'filename="y-kien.docx"' in response["Content-Disposition"]


@pytest.mark.django_db
def test_a_head_of_an_unrelated_agency_gets_not_found(client, staff, files):
    client.force_login(staff.head("BTCTU"))

    for attachment in (files["report"], files["contribution"]):
        response = client.get(url(attachment))
        assert response.status_code == 404  # the same answer as for a file that does not exist
        assert REPORT_BYTES not in response.content and CONTRIBUTION_BYTES not in response.content
    missing = reverse("workflow:attachment", args=[Attachment.objects.order_by("-pk")[0].pk + 1])
    assert client.get(missing).status_code == 404


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_sign_in(client, files):
    target = url(files["report"])

    response = client.get(target)

    assert not response.streaming and REPORT_BYTES not in response.content
    sign_in = f"{reverse('login')}?next={quote(target)}"
    if response.status_code == 302:
        assert response["Location"] == sign_in
    else:
        # viewflow's app check answers anonymous visitors before the view, with the site's
        # 403 page: it says they are not signed in and links to sign in, back to the file
        assert response.status_code == 403
        page = response.content.decode()
        assert "Bạn chưa đăng nhập." in page
        assert f'href="{sign_in}"' in page
