"""After the head returns a report, the officer edits the returned report instead of retyping
it: the text is filled in, the files are offered to keep, and the reason is shown first."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from workflows.flows import DirectiveFlow
from workflows.models import Report

DUE = datetime.date(2030, 9, 30)
BASE = "/workflow/flows/directive"
REASON = "Bổ sung số liệu quý III."


def step_url(task):
    return f"{BASE}/{task.process_id}/{task.flow_task.name}/{task.pk}/execute/"


def pdf(name):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%%%", content_type="application/pdf")


@pytest.fixture
def returned(staff, office):
    [process] = staff.publish(leads=["DUK"], by=office, due_date=DUE)
    staff.accept(process)
    staff.report(process, text="Đã rà soát 12 đơn vị.", files=[pdf("Danh sách.pdf")])
    staff.approve(process, approved=False, reason=REASON)
    return process


@pytest.mark.django_db
def test_the_returned_report_is_filled_in_with_the_reason_above_the_form(client, staff, returned):
    task = staff.open_task(returned, DirectiveFlow.report)
    client.force_login(staff.officer("DUK"))
    page = client.get(step_url(task)).content.decode()

    form = page[page.index('<form class="vf-form"') :]
    assert form.index("Báo cáo đã bị trả lại") < form.index("Kết quả thực hiện")
    assert REASON in form[: form.index("Kết quả thực hiện")]
    assert 'name="text" value="Đã rà soát 12 đơn vị."' in form
    old = Report.objects.get(process=returned).attachments.get()
    keep = re.search(rf'<vf-field-checkbox[^>]*name="keep_{old.pk}"[^>]*>', form).group(0)
    assert 'label="Giữ tệp đính kèm trước: Danh sách.pdf"' in keep and "checked" in keep


@pytest.mark.django_db
def test_resending_keeps_the_ticked_files_and_adds_new_ones(client, staff, returned):
    task = staff.open_task(returned, DirectiveFlow.report)
    old = Report.objects.get(process=returned).attachments.get()
    client.force_login(staff.officer("DUK"))
    client.post(
        step_url(task),
        {
            "text": "Đã rà soát 12 đơn vị; số liệu quý III kèm theo.",
            f"keep_{old.pk}": "on",
            "files": [pdf("Số liệu quý III.pdf")],
        },
    )
    latest = Report.objects.filter(process=returned).latest("pk")
    assert latest.text == "Đã rà soát 12 đơn vị; số liệu quý III kèm theo."
    names = [a.original_name for a in latest.attachments.all()]
    assert names == ["Danh sách.pdf", "Số liệu quý III.pdf"]
    assert latest.attachments.all()[0].file.read().startswith(b"%PDF")


@pytest.mark.django_db
def test_an_unticked_file_is_left_behind(client, staff, returned):
    task = staff.open_task(returned, DirectiveFlow.report)
    client.force_login(staff.officer("DUK"))
    client.post(step_url(task), {"text": "Bản sửa."})
    latest = Report.objects.filter(process=returned).latest("pk")
    assert list(latest.attachments.all()) == []


@pytest.mark.django_db
def test_a_first_report_starts_empty_without_a_return_note(client, staff, office):
    [process] = staff.publish(leads=["DUK"], by=office, due_date=DUE)
    staff.accept(process)
    task = staff.open_task(process, DirectiveFlow.report)
    client.force_login(staff.officer("DUK"))
    page = client.get(step_url(task)).content.decode()
    assert "Báo cáo đã bị trả lại" not in page and "Giữ tệp đính kèm trước" not in page
