"""One directive process seen by eight kinds of people, for the security suite.

DUK leads, BTGTU coordinates. Along the way:

- BTGTU's officer writes the contribution (with a Word file), then *moves* to TCT: the
  ``former`` member, who took part but no longer belongs to either agency;
- DUK's first officer writes a report (with a PDF), the head returns it, then the head gives
  the process to a second officer ("Đổi chuyên viên"): the first one is the ``replaced``
  officer, still an officer of DUK;
- the second officer (``officer``) reports again with a new PDF; the approve step waits for the
  DUK ``head``; the head has also asked the Office for an extension (pending).

``other`` heads an unrelated agency (BTCTU); ``auditor`` is an auditor (UBKTTU); ``office`` is
the Office. Everything goes through the real services.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest

from tasks_app.models import Agency, Membership, Role
from tests.factories import UserFactory
from tests.files import docx_bytes, pdf_bytes, upload
from workflows import services
from workflows.flows import DirectiveFlow, ExtensionFlow
from workflows.models import Attachment, DirectiveProcess, ExtensionProcess, WorkflowTask

DUE = datetime.date(2030, 9, 30)
PEOPLE = ("anonymous", "officer", "head", "other", "former", "replaced", "auditor", "office")
BASE = "/workflow/flows/directive"


@dataclass
class World:
    process: DirectiveProcess
    extension: ExtensionProcess
    unrelated: DirectiveProcess  # a BTCTU process (visible to the Office, not to DUK)
    people: dict = field(default_factory=dict)
    tasks: dict = field(default_factory=dict)
    files: dict = field(default_factory=dict)

    def task_url(self, key: str, action: str = "detail", process_pk: int | None = None) -> str:
        task = self.tasks[key]
        flow = "extension" if key == "decide" else "directive"
        pk = task.process_id if process_pk is None else process_pk
        return f"/workflow/flows/{flow}/{pk}/{task.flow_task.name}/{task.pk}/{action}/"


def _move(user, *, to: str, role: str = Role.OFFICER) -> None:
    """The user leaves every agency and joins ``to``."""
    user.memberships.all().delete()
    Membership.objects.create(user=user, agency=Agency.objects.get(code=to), role=role)


@pytest.fixture
def world(staff) -> World:
    office = staff.office()
    head, first_officer, officer = (
        staff.head("DUK"),
        staff.officer("DUK", 2),
        staff.officer("DUK"),
    )
    [process] = staff.publish(leads=["DUK"], coordinators=["BTGTU"], by=office, due_date=DUE)
    [unrelated] = staff.publish(leads=["BTCTU"], by=office, due_date=DUE)
    accept = staff.open_task(process, DirectiveFlow.accept)
    staff.accept(process, officer=first_officer)

    coordinator = staff.officer("BTGTU")
    services.task_coordination_assign(
        task=staff.open_task(process, DirectiveFlow.coordinate_assign, "BTGTU"),
        by=staff.head("BTGTU"),
        officer=coordinator,
    )
    contribution_task = staff.open_task(process, DirectiveFlow.coordinate, "BTGTU")
    services.task_contribution_submit(
        task=contribution_task,
        by=coordinator,
        text="Ý kiến phối hợp của Ban Tuyên giáo.",
        files=[upload("y-kien-phoi-hop.docx", docx_bytes("Ý kiến phối hợp"))],
    )
    services.task_report_submit(
        task=staff.open_task(process, DirectiveFlow.report),
        by=first_officer,
        text="Báo cáo lần 1.",
        files=[upload("bao-cao-lan-1.pdf", pdf_bytes("lan 1"))],
    )
    services.task_approve(
        task=staff.open_task(process, DirectiveFlow.approve),
        by=head,
        approved=False,
        reason="Bổ sung số liệu.",
    )
    process.refresh_from_db()
    services.process_officer_reassign(
        process=process, by=head, officer=officer, agency=process.lead
    )
    services.task_report_submit(
        task=staff.open_task(process, DirectiveFlow.report),
        by=officer,
        text="Báo cáo lần 2, đủ số liệu.",
        files=[upload("bao-cao-lan-2.pdf", pdf_bytes("lan 2"))],
    )
    extension = services.extension_request(
        process=process, by=head, due_date=DUE + datetime.timedelta(days=60), reason="Chờ số liệu."
    )
    _move(coordinator, to="TCT")

    auditor = UserFactory(username="kiem_tra_vien")
    Membership.objects.create(
        user=auditor, agency=Agency.objects.get(code="UBKTTU"), role=Role.AUDITOR
    )
    process.refresh_from_db()
    attachments = {a.original_name: a for a in Attachment.objects.all()}
    return World(
        process=process,
        extension=extension,
        unrelated=unrelated,
        people={
            "anonymous": None,
            "officer": officer,
            "head": head,
            "other": staff.head("BTCTU"),
            "former": coordinator,
            "replaced": first_officer,
            "auditor": auditor,
            "office": office,
        },
        tasks={
            "accept": WorkflowTask.objects.get(pk=accept.pk),
            "coordinate": WorkflowTask.objects.get(pk=contribution_task.pk),
            "approve": staff.open_task(process, DirectiveFlow.approve),
            "decide": staff.open_task(extension, ExtensionFlow.decide),
        },
        files={
            "contribution": attachments["y-kien-phoi-hop.docx"],
            "first_report": attachments["bao-cao-lan-1.pdf"],
            "later_report": attachments["bao-cao-lan-2.pdf"],
        },
    )


def as_person(client, world: World, who: str):
    client.logout()
    if world.people[who] is not None:
        client.force_login(world.people[who])
    return client


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives a real Chromium against the live server (tests/browser/)"
    )
