"""Fixtures every test suite shares.

- ``registry``: the agency registry as shipped with the project;
- ``staff``: the people of every agency, created on first use (``staff.head("BTCTU")``), and the
  workflow steps they take through the real services (``staff.accept(process)``,
  ``staff.report(process)`` …), for tests that need a process at a given step;
- ``office``: the Office's first member; ``office_user``, ``head_user``: one Office member and
  one head of BTCTU; ``seed_bytes``: the sample notice file.
"""

import datetime
import os

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from tasks_app.models import Agency, AgencyGroup, Assignment, Directive, Membership, Role
from tests.factories import DirectiveFactory, NoticeFactory, UserFactory, member
from tests.helpers import SEED_NOTICE
from workflows import services
from workflows.flows import DirectiveFlow
from workflows.models import DirectiveProcess, WorkflowTask
from workflows.selectors import OPEN_TASK_STATUSES

#: Real-browser fixtures (Chromium through Playwright), shared by tests/browser and tests/security.
pytest_plugins = ["tests.browser_support"]


def pytest_configure(config):
    # In CI the suite must run against PostgreSQL and Redis; refuse to silently fall back.
    if os.environ.get("CI") == "true":
        engine = settings.DATABASES["default"]["ENGINE"]
        if "postgresql" not in engine:
            raise pytest.UsageError("CI=true: DATABASE_URL must point to PostgreSQL.")
        if not settings.CELERY_BROKER_URL.startswith("redis"):
            raise pytest.UsageError("CI=true: CELERY_BROKER_URL must point to Redis.")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttling counters (refusal logging, feeds) start from zero in every test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def registry(db):
    """The agency registry as shipped with the project."""
    from tasks_app.registry import registry_load

    registry_load()


class Staff:
    """Users by agency and role, created on first use, and the steps they take.

    Usernames follow the demo seed: ``<code>_head``, ``<code>_officer`` (``_officer2`` …),
    ``<code>_deputy``, and ``vptu_office`` for the Office. Every step goes through
    ``workflows.services`` as the person whose step it is.
    """

    # --- people -------------------------------------------------------------------------

    def _user(self, code: str, role: str, suffix: str = ""):
        username = f"{code.lower()}_{role}{suffix}"
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            user = UserFactory(
                username=username, first_name=f"{role.title()}{suffix}", last_name=code
            )
            agency = Agency.objects.get(code=code)
            Membership.objects.create(user=user, agency=agency, role=role)
        return user

    def head(self, code: str):
        return self._user(code, Role.HEAD)

    def deputy(self, code: str):
        return self._user(code, Role.DEPUTY)

    def officer(self, code: str, n: int = 1):
        return self._user(code, Role.OFFICER, "" if n == 1 else str(n))

    def office(self, n: int = 1):
        return self._user("VPTU", Role.OFFICE, "" if n == 1 else str(n))

    # --- publishing ---------------------------------------------------------------------

    def publish_assignments(
        self,
        *,
        directive: Directive,
        leads: list[str],
        by,
        coordinators: list[str] = (),
        due_date: datetime.date | None = None,
        recurrence: str = "",
    ) -> list[DirectiveProcess]:
        """Publish one directive as publishing does: expand group leads (an agency that already
        leads the directive is not added again), create the assignments, start the processes."""
        assignments = []
        taken = set(
            Assignment.objects.filter(directive=directive).values_list("lead__code", flat=True)
        )
        coordinator_objs = list(Agency.objects.filter(code__in=coordinators))
        explicit = [code for code in leads if Agency.objects.filter(code=code).exists()]
        for code in leads:
            group = AgencyGroup.objects.filter(code=code).first()
            if group is None:
                members = [(Agency.objects.get(code=code), None)]
            else:
                members = [
                    (agency, group)
                    for agency in group.members.filter(is_active=True).order_by("code")
                    if agency.code not in explicit
                ]
            for agency, via_group in members:
                if agency.code in taken:
                    continue
                taken.add(agency.code)
                assignment = Assignment.objects.create(
                    directive=directive,
                    lead=agency,
                    via_group=via_group,
                    due_date=due_date,
                    recurrence=recurrence,
                )
                assignment.coordinators.set([a for a in coordinator_objs if a != agency])
                assignments.append(assignment)
        directive.state = Directive.State.PUBLISHED
        directive.save(update_fields=["state"])
        return services.assignment_processes_start(assignments=assignments, by=by)

    def publish(
        self, *, leads, by, coordinators=(), due_date=None, recurrence="", **directive_fields
    ) -> list[DirectiveProcess]:
        """A new directive (of a new notice) published to ``leads``; returns its processes."""
        directive = (
            DirectiveFactory(**directive_fields)
            if directive_fields
            else DirectiveFactory(notice=NoticeFactory())
        )
        return self.publish_assignments(
            directive=directive,
            leads=leads,
            by=by,
            coordinators=coordinators,
            due_date=due_date,
            recurrence=recurrence,
        )

    # --- open tasks ---------------------------------------------------------------------

    @staticmethod
    def open_task(process, node, agency: str | None = None) -> WorkflowTask:
        """The one open task of ``node`` (a DirectiveFlow/ExtensionFlow node) in ``process``."""
        tasks = WorkflowTask.objects.filter(
            process_id=process.pk, flow_task=node, status__in=OPEN_TASK_STATUSES
        )
        if agency is not None:
            tasks = tasks.filter(agency__code=agency)
        return tasks.get()

    @staticmethod
    def open_tasks(process) -> list[WorkflowTask]:
        return list(
            WorkflowTask.objects.filter(
                process_id=process.pk, flow_task_type="HUMAN", status__in=OPEN_TASK_STATUSES
            ).order_by("pk")
        )

    def open_step_names(self, process) -> list[str]:
        return sorted(task.flow_task.name for task in self.open_tasks(process))

    # --- steps --------------------------------------------------------------------------

    def accept(self, process, *, officer=None, meeting=False, plan="Kế hoạch: triển khai ngay."):
        lead = process.lead.code
        return services.task_accept(
            task=self.open_task(process, DirectiveFlow.accept),
            by=self.head(lead),
            officer=officer or self.officer(lead),
            plan=plan,
            meeting_required=meeting,
        )

    def coordinate(self, process, code: str, text: str = "Ý kiến phối hợp."):
        services.task_coordination_assign(
            task=self.open_task(process, DirectiveFlow.coordinate_assign, code),
            by=self.head(code),
            officer=self.officer(code),
        )
        return services.task_contribution_submit(
            task=self.open_task(process, DirectiveFlow.coordinate, code),
            by=self.officer(code),
            text=text,
        )

    def report(self, process, text: str = "Đã hoàn thành.", files=()):
        process.refresh_from_db()
        return services.task_report_submit(
            task=self.open_task(process, DirectiveFlow.report),
            by=process.officer,
            text=text,
            files=files,
        )

    def approve(self, process, approved: bool = True, reason: str = ""):
        return services.task_approve(
            task=self.open_task(process, DirectiveFlow.approve),
            by=self.head(process.lead.code),
            approved=approved,
            reason=reason,
        )

    def verify(self, process, accepted: bool = True, reason: str = "", close: bool = True):
        return services.task_verify(
            task=self.open_task(process, DirectiveFlow.verify),
            by=self.office(),
            accepted=accepted,
            reason=reason,
            close=close,
        )

    def drive_to_close(self, process):
        """Accept (no coordination left open), report, approve, verify: the simplest closure."""
        self.accept(process)
        for code in process.assignment.coordinators.values_list("code", flat=True):
            self.coordinate(process, code)
        self.report(process)
        self.approve(process)
        self.verify(process)
        process.refresh_from_db()
        return process


@pytest.fixture
def staff(registry):
    """People of every agency of the shipped registry, created on first use."""
    return Staff()


@pytest.fixture
def office(staff):
    return staff.office()


@pytest.fixture
def office_user(registry):
    """An Office member named apart from ``staff`` (for pages that only need one person)."""
    return member(agency=Agency.objects.get(code="VPTU"), role=Role.OFFICE, username="vp_office")


@pytest.fixture
def head_user(registry):
    return member(agency=Agency.objects.get(code="BTCTU"), role=Role.HEAD, username="btc_head")


@pytest.fixture
def seed_bytes() -> bytes:
    """The sample notice (142-TB/TU) as uploaded."""
    return SEED_NOTICE.read_bytes()
