"""Uploads are checked by what they contain: a program named ``hoa-don.pdf`` and a zip bomb named
``.docx`` are refused with a clear message and nothing is stored; the request body is capped."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from project.exceptions import InvalidInput
from project.uploads import MAX_UNPACKED_BYTES, UploadValidator, upload_validate
from tests.files import EXE_BYTES, docx_bytes, upload, zip_bomb_docx
from workflows import services
from workflows.attachments import attachment_validate
from workflows.flows import DirectiveFlow
from workflows.models import Attachment, Report

pytestmark = pytest.mark.django_db

DUE = datetime.date(2030, 9, 30)


@pytest.fixture
def report_task(staff, office):
    [process] = staff.publish(leads=["DUK"], by=office, due_date=DUE)
    staff.accept(process)
    return staff.open_task(process, DirectiveFlow.report)


@pytest.mark.parametrize(
    "name", ["bao-cao.pdf", "y-kien.docx", "so-lieu.xlsx", "bien-ban.odt", "anh.png", "anh.jpg"]
)
def test_real_files_of_each_kind_are_accepted(name):
    attachment_validate(upload(name))


def test_a_program_named_pdf_is_refused_and_nothing_is_stored(staff, report_task):
    with pytest.raises(InvalidInput, match="không phải là tệp PDF thật"):
        services.task_report_submit(
            task=report_task,
            by=staff.officer("DUK"),
            text="Kết quả.",
            files=[upload("hoa-don.pdf", EXE_BYTES)],
        )
    assert not Report.objects.exists() and not Attachment.objects.exists()


def test_the_report_page_says_why_a_disguised_file_is_refused(client, staff, report_task):
    client.force_login(staff.officer("DUK"))
    url = f"/workflow/flows/directive/{report_task.process_id}/report/{report_task.pk}/execute/"
    response = client.post(url, {"text": "Kết quả", "files": upload("hoa-don.pdf", EXE_BYTES)})
    assert response.status_code == 200
    assert "không phải là tệp PDF thật" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_zip_bomb_named_docx_is_refused_before_unpacking(staff, report_task):
    bomb = zip_bomb_docx(unpacked_mb=200)
    assert len(bomb) < 1024 * 1024  # small on the wire
    with pytest.raises(InvalidInput, match="giải nén vượt quá"):
        services.task_report_submit(
            task=report_task,
            by=staff.officer("DUK"),
            text="Kết quả.",
            files=[upload("bao-cao.docx", bomb)],
        )
    assert not Attachment.objects.exists()


def _lying_archive() -> bytes:
    """A docx whose headers declare 1 KB for a member that unpacks to more than the limit."""
    unpacked_mb = MAX_UNPACKED_BYTES // (1024 * 1024) + 5
    bomb = zip_bomb_docx(unpacked_mb=unpacked_mb)
    true_size = (unpacked_mb * 1024 * 1024).to_bytes(8, "little")  # zip64 size fields
    assert bomb.count(true_size) >= 1  # the central directory
    return bomb.replace(true_size, (1024).to_bytes(8, "little"))


def test_an_archive_lying_about_its_sizes_is_refused():
    with pytest.raises(ValidationError):
        attachment_validate(upload("bao-cao.docx", _lying_archive()))


def test_a_zip_that_is_not_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", EXE_BYTES)
    with pytest.raises(ValidationError, match="không phải là tệp DOCX thật"):
        attachment_validate(upload("bao-cao.docx", buffer.getvalue()))


def test_the_notice_upload_validator_checks_text_and_word_files():
    validator = UploadValidator(extensions=("txt", "docx"), max_size=5 * 1024 * 1024)

    class NoticeForm(forms.Form):
        file = forms.FileField(validators=[validator])

    ok = NoticeForm(files={"file": SimpleUploadedFile("tb.txt", "Số 142-TB/TU".encode())})
    assert ok.is_valid()
    assert NoticeForm(files={"file": upload("tb.docx", docx_bytes())}).is_valid()
    disguised = NoticeForm(files={"file": SimpleUploadedFile("tb.txt", EXE_BYTES)})
    assert not disguised.is_valid()
    assert "không phải là tệp TXT thật" in str(disguised.errors["file"])
    with pytest.raises(ValidationError, match="không đúng định dạng"):
        upload_validate(upload("tb.pdf"), extensions=("txt", "docx"), max_size=1024)


def test_a_request_body_over_the_cap_is_413(client, staff, report_task, settings):
    settings.REQUEST_MAX_BYTES = 10_000
    client.force_login(staff.officer("DUK"))
    url = f"/workflow/flows/directive/{report_task.process_id}/report/{report_task.pk}/execute/"
    big = upload("bao-cao.pdf", b"%PDF-1.4\n" + b"0" * 20_000)
    response = client.post(url, {"text": "Kết quả", "files": big})
    assert response.status_code == 413
    assert "vượt quá giới hạn" in response.content.decode()
    assert not Attachment.objects.exists()


def test_too_much_form_data_is_a_400_not_a_500(client, staff, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(staff.head("DUK"))
    response = client.post("/workflow/queue/assign/", {"note": "x" * 5000})
    assert response.status_code == 400
