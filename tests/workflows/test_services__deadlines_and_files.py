"""Per-task deadlines and their signals; attachment limits and storage."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from project.exceptions import InvalidInput
from tests.files import upload
from tests.helpers import open_tasks_with_deadline
from workflows import services, signals
from workflows.attachments import MAX_ATTACHMENT_SIZE
from workflows.flows import DirectiveFlow, ExtensionFlow
from workflows.forms import ReportForm
from workflows.models import Attachment, Report, WorkflowTask

DUE = datetime.date(2030, 9, 30)


@pytest.fixture
def events():
    """Every deadline/finish signal sent, as (kind, task pk, due)."""
    seen = []

    def on_deadline(sender, task, due, **kwargs):
        seen.append(("deadline", task.pk, due))

    def on_finished(sender, task, **kwargs):
        seen.append(("finished", task.pk, None))

    signals.task_deadline_changed.connect(on_deadline, dispatch_uid="t-deadline", weak=False)
    signals.task_finished.connect(on_finished, dispatch_uid="t-finished", weak=False)
    yield seen
    signals.task_deadline_changed.disconnect(dispatch_uid="t-deadline")
    signals.task_finished.disconnect(dispatch_uid="t-finished")


@pytest.mark.django_db
def test_each_human_task_carries_its_deadline_and_signals_it(staff, office, events):
    [process] = staff.publish(leads=["BTGTU"], by=office, due_date=DUE)
    accept_task = staff.open_task(process, DirectiveFlow.accept)
    assert accept_task.due_date == DUE
    assert events == [("deadline", accept_task.pk, DUE)]
    assert list(open_tasks_with_deadline()) == [accept_task]

    staff.accept(process)
    report_task = staff.open_task(process, DirectiveFlow.report)
    assert events[1:] == [("deadline", report_task.pk, DUE), ("finished", accept_task.pk, None)]

    extension = services.extension_request(
        process=process, by=staff.head("BTGTU"), due_date=DUE.replace(month=11), reason="x"
    )
    decide = staff.open_task(extension, ExtensionFlow.decide)
    assert decide.due_date is None  # the Office's steps carry no deadline
    assert list(open_tasks_with_deadline()) == [report_task]
    mark = len(events)
    services.task_extension_decide(task=decide, by=office, approved=True)
    assert events[mark:] == [
        ("deadline", report_task.pk, DUE.replace(month=11)),
        ("finished", decide.pk, None),
    ]
    report_task.refresh_from_db()
    assert report_task.due_date == DUE.replace(month=11)

    staff.report(process)
    staff.approve(process)
    verify_task = staff.open_task(process, DirectiveFlow.verify)
    assert verify_task.due_date is None
    staff.verify(process)
    assert not open_tasks_with_deadline().exists()
    finished = [pk for kind, pk, _due in events if kind == "finished"]
    human = WorkflowTask.objects.filter(process_id=process.pk, flow_task_type="HUMAN")
    assert set(finished) >= set(human.values_list("pk", flat=True))


@pytest.mark.django_db
def test_cancelling_signals_the_end_of_open_tasks(staff, office, events):
    [process] = staff.publish(leads=["BTGTU"], by=office, due_date=DUE)
    accept_task = staff.open_task(process, DirectiveFlow.accept)
    services.process_cancel(process=process, by=office, reason="Hủy.")
    assert events[-1] == ("finished", accept_task.pk, None)


@pytest.mark.django_db
def test_no_deadline_no_signal(staff, office, events):
    [process] = staff.publish(leads=["BTGTU"], by=office, due_date=None)
    assert staff.open_task(process, DirectiveFlow.accept).due_date is None
    assert events == []


def pdf(name="bao-cao.pdf", size=100):
    content = (b"%PDF-1.4\n" + b"%" * size)[:size]
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.mark.django_db
def test_attachments_are_stored_through_the_storage_api(staff, office):
    [process] = staff.publish(leads=["BTGTU"], by=office, due_date=DUE)
    staff.accept(process)

    sheet = upload("so-lieu.xlsx")
    staff.report(process, files=[pdf("Báo cáo kết quả.pdf"), sheet])

    stored = Report.objects.get().attachments.order_by("pk")
    assert [a.original_name for a in stored] == ["Báo cáo kết quả.pdf", "so-lieu.xlsx"]
    assert [a.size for a in stored] == [100, sheet.size]
    for attachment in stored:
        assert default_storage.exists(attachment.file.name)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "upload,message",
    [
        (pdf("virus.exe"), "không đúng định dạng"),
        (pdf("to.pdf", size=MAX_ATTACHMENT_SIZE + 1), "vượt quá giới hạn 20"),
        (pdf("rong.pdf", size=0), "rỗng"),
    ],
    ids=["type", "size", "empty"],
)
def test_attachment_limits_are_refused_with_a_clear_message(staff, office, upload, message):
    [process] = staff.publish(leads=["BTGTU"], by=office, due_date=DUE)
    staff.accept(process)
    task = staff.open_task(process, DirectiveFlow.report)

    with pytest.raises(InvalidInput, match=message):
        services.task_report_submit(task=task, by=staff.officer("BTGTU"), text="x", files=[upload])

    assert not Report.objects.exists() and not Attachment.objects.exists()
    task.refresh_from_db()
    assert task.status == "ASSIGNED"
    upload.seek(0)
    form = ReportForm(data={"text": "x"}, files={"files": [upload]}, task=task, process=process)
    assert not form.is_valid()
    assert message.split()[0] in str(form.errors["files"])
