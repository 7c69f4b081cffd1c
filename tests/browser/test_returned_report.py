"""A returned report in a real browser: the reason above the form, the text to edit, the earlier
file ticked to keep; sending it again keeps that file."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from tests.browser_support import login
from workflows.flows import DirectiveFlow
from workflows.models import Report

pytestmark = pytest.mark.browser

REASON = "Bổ sung số liệu quý III."


def test_the_officer_edits_the_returned_report_and_keeps_its_file(page, staff, office):
    [process] = staff.publish(leads=["DUK"], by=office, due_date=datetime.date(2030, 9, 30))
    staff.accept(process)
    pdf = SimpleUploadedFile("Danh sach.pdf", b"%PDF-1.4\n%%%%", content_type="application/pdf")
    staff.report(process, text="Đã rà soát 12 đơn vị.", files=[pdf])
    staff.approve(process, approved=False, reason=REASON)
    task = staff.open_task(process, DirectiveFlow.report)

    login(page, staff.officer("DUK"))
    page.goto(f"/workflow/flows/directive/{process.pk}/report/{task.pk}/execute/")
    note = page.locator(".cd-returned")
    expect(note).to_be_visible()
    expect(note).to_contain_text(REASON)
    assert note.bounding_box()["y"] < page.locator("textarea[name=text]").bounding_box()["y"]
    expect(page.locator("textarea[name=text]")).to_have_value("Đã rà soát 12 đơn vị.")
    keep = page.get_by_label("Giữ tệp đính kèm trước: Danh sach.pdf")
    expect(keep).to_be_checked()

    page.locator("textarea[name=text]").fill("Đã rà soát 12 đơn vị; có số liệu quý III.")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("vf-snackbar, .cd-messages").first).to_contain_text("Đã gửi báo cáo")
    latest = Report.objects.filter(process=process).latest("pk")
    assert latest.text == "Đã rà soát 12 đơn vị; có số liệu quý III."
    assert [a.original_name for a in latest.attachments.all()] == ["Danh sach.pdf"]
