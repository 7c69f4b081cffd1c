"""The rows one directive process leaves behind, as the real flow leaves them.

For a process at a given point of its life (open at a step, completed, cancelled) this writes
what publishing and each step would have written: viewflow's process and task rows (tokens,
gateways, the join, ``previous`` links, owners and the agency scope of every human task),
contributions, the report and its reviews, the task's alert row while it is open, the
deliveries and bell notifications the sweep sent, and the audit events of every step.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from workflows.links import process_path
from workflows.models import (
    Contribution,
    Outcome,
    Period,
    Report,
    Review,
    ReviewDecision,
    ReviewStage,
)
from workflows.permissions import OWNER_PERMISSIONS

from .bell import Bell
from .people import People
from .rows import FLOW, STEPS, TITLES, Spec, Tables
from .store import Chains, Ids

__all__ = ["STEPS", "History", "Spec", "Tables"]


class History(Bell):
    def __init__(self, *, people: People, rng, now, ids: Ids, chains: Chains, tables: Tables):
        self.p, self.rng, self.now, self.ids = people, rng, now, ids
        self.chains, self.t = chains, tables
        self.today = now.date()
        self.user_model = get_user_model()

    # --- one process ----------------------------------------------------------------------

    def write(self, spec: Spec) -> None:
        rng = self.rng
        pid = self.ids.take(Process)
        lead_name = self.p.agencies[spec.lead][1]
        self.spec, self.pid = spec, pid
        self.repr = f"{spec.notice_number} — mục {spec.ref} — {lead_name}"
        self.link = process_path(pid)
        office = self.office_user()
        steps = 6 + 2 * len(spec.coordinators)
        self.clock = spec.published
        self.unit = max((spec.end - spec.published) / steps, datetime.timedelta(minutes=5))

        start = self.task("start", "START", STATUS.DONE, at=spec.published, started=True)
        self.audit(
            "process.started",
            actor=office,
            at=spec.published,
            spec=spec,
            title=self.repr,
            obj="workflows.directiveprocess",
            obj_id=pid,
            after={
                "lead": self.p.agencies[spec.lead][0],
                "due_date": spec.due,
                "recurrence": spec.recurrence or None,
            },
        )
        if spec.recurrence and spec.due:
            self.t.period.add(
                id=self.ids.take(Period),
                process_id=pid,
                number=1,
                due_date=spec.due,
                opened_at=spec.published,
                closed_at=spec.end if spec.fate == "completed" else None,
            )
        officer = None
        stage = STEPS.index(spec.stage) if spec.fate != "completed" else len(STEPS)
        if stage in (1, 2) and not spec.coordinators:
            stage = 3  # without coordinating agencies the join passes at once: on to the report
        head = self.head(spec.lead)
        accept = self.human(
            "accept",
            spec.lead,
            "head",
            prev=[start],
            done=stage > 0,
            owner=head if stage > 0 or rng.random() < 0.3 else None,
        )
        last = accept
        if stage > 0:
            officer = self.officer(spec.lead)
            self.audit(
                "officer.assigned",
                actor=head,
                at=self.clock,
                spec=spec,
                title=self.repr,
                obj="workflows.directiveprocess",
                obj_id=pid,
                after={
                    "officer": self.p.usernames[officer],
                    "agency": self.p.agencies[spec.lead][0],
                },
            )
            self.step_done(accept, "accept", head, spec.lead)
            last = self.coordination(accept, stage)
        if stage >= 3:
            last = self.report_and_reviews(last, stage, officer, head)
        closed_by = None
        if spec.fate == "completed":
            last = self.finish(last, office)
            closed_by = office
        elif spec.fate == "cancelled":
            closed_by = office
            self.audit(
                "process.cancelled",
                actor=office,
                at=spec.end,
                spec=spec,
                title=self.repr,
                obj="workflows.directiveprocess",
                obj_id=pid,
                before={"outcome": str(Outcome.OPEN.label)},
                after={"outcome": str(Outcome.CANCELLED.label)},
                reason="Nhiệm vụ không còn phù hợp với tình hình thực tế.",
            )
        status = {"completed": STATUS.DONE, "cancelled": STATUS.CANCELED}.get(spec.fate, STATUS.NEW)
        closed = spec.end if spec.fate != "open" else None
        self.t.process.add(
            id=pid,
            flow_class=FLOW,
            status=status,
            created=spec.published,
            finished=closed,
            data={},
        )
        self.t.directive_process.add(
            process_ptr_id=pid,
            assignment_id=spec.assignment_id,
            directive_id=spec.directive_id,
            lead_id=spec.lead,
            via_group_id=spec.via_group,
            recurrence=spec.recurrence,
            due_date=spec.due,
            original_due_date=spec.due,
            officer_id=officer,
            plan="Xây dựng kế hoạch, phân công cán bộ theo dõi, báo cáo đúng hạn."
            if officer
            else "",
            meeting_required=False,
            outcome={"completed": Outcome.COMPLETED, "cancelled": Outcome.CANCELLED}.get(
                spec.fate, Outcome.OPEN
            ),
            outcome_reason="Nhiệm vụ không còn phù hợp với tình hình thực tế."
            if spec.fate == "cancelled"
            else "",
            started_by_id=office,
            closed_by_id=closed_by,
            closed_at=closed,
        )

    def coordination(self, accept: int, stage: int) -> int:
        spec = self.spec
        split = self.task(
            "split_work", "PARALLEL_GATEWAY", STATUS.DONE, at=self.tick(0.01), prev=[accept]
        )
        branches = []
        for n, agency in enumerate(spec.coordinators, start=1):
            token = f"start/{split}_{n}"
            data = {"agency_id": agency}
            head = self.head(agency)
            assigned = stage > 1 or (stage == 1 and self.rng.random() < 0.5)
            assign = self.human(
                "coordinate_assign",
                agency,
                "head",
                prev=[split],
                token=token,
                data=data,
                done=assigned,
                owner=head if assigned else None,
            )
            branches.append((agency, head, assign, assigned, token, data))
        join_at = self.tick(0.01)
        join = self.ids.take(Task)
        coordinates = []
        waiting = False
        for agency, head, assign, assigned, token, data in branches:
            if not assigned:
                continue
            officer = self.officer(agency)
            contribution = self.ids.take(Contribution)
            name = f"{self.p.agencies[agency][1]} — {self.repr}"
            self.audit(
                "officer.assigned",
                actor=head,
                at=self.clock,
                spec=spec,
                title=name,
                obj="workflows.contribution",
                obj_id=contribution,
                after={"officer": self.p.usernames[officer], "agency": self.p.agencies[agency][0]},
            )
            self.step_done(assign, "coordinate_assign", head, agency)
            last_branch = agency == branches[-1][0]
            done = stage > 2 or (
                stage == 2 and self.rng.random() < 0.4 and not (last_branch and not waiting)
            )  # at the coordination step, at least one contribution is still awaited
            waiting = waiting or not done
            task = self.human(
                "coordinate",
                agency,
                "officer",
                prev=[assign],
                token=token,
                data=data,
                done=done,
                owner=officer,
            )
            submitted = self.clock if done else None
            if done:
                self.step_done(task, "coordinate", officer, agency)
                coordinates.append(task)
            self.t.contribution.add(
                id=contribution,
                process_id=self.pid,
                agency_id=agency,
                officer_id=officer,
                assigned_by_id=head,
                text="Thống nhất nội dung; đề nghị bổ sung số liệu năm gần nhất." if done else "",
                submitted_by_id=officer if done else None,
                submitted_at=submitted,
            )
        joined = stage > 2
        self.write_task(
            join,
            "join_work",
            "JOIN",
            STATUS.DONE if joined else STATUS.STARTED,
            at=join_at,
            started=True,
            finished=self.clock if joined else None,
            prev=[*coordinates, split],
        )
        return join

    def report_and_reviews(self, join: int, stage: int, officer: int, head: int) -> int:
        spec = self.spec
        report = self.human(
            "report", spec.lead, "officer", prev=[join], done=stage > 3, owner=officer
        )
        if stage == 3:
            return report
        report_id = self.ids.take(Report)
        self.t.report.add(
            id=report_id,
            process_id=self.pid,
            period_id=None,
            text=(
                "Đã triển khai thực hiện; kết quả cụ thể như sau: hoàn thành các nội dung "
                "được giao."
            ),
            submitted_by_id=officer,
            submitted_at=self.clock,
        )
        self.step_done(report, "report", officer, spec.lead)
        approve = self.human(
            "approve",
            spec.lead,
            "head",
            prev=[report],
            done=stage > 4,
            owner=head if stage > 4 or self.rng.random() < 0.3 else None,
        )
        if stage == 4:
            return approve
        self.t.review.add(
            id=self.ids.take(Review),
            report_id=report_id,
            stage=ReviewStage.APPROVE,
            decision=ReviewDecision.ACCEPTED,
            reason="",
            closes_process=False,
            decided_by_id=head,
            decided_at=self.clock,
        )
        self.step_done(approve, "approve", head, spec.lead)
        check = self.task(
            "check_approve", "EXCLUSIVE_GATEWAY", STATUS.DONE, at=self.tick(0.01), prev=[approve]
        )
        done = stage > 5
        verify = self.human(
            "verify",
            self.p.office,
            "office",
            prev=[check],
            done=done,
            owner=self.office_user() if done else None,
            due=False,
        )
        self.report_id = report_id
        return verify

    def finish(self, verify: int, office: int) -> int:
        spec = self.spec
        self.t.review.add(
            id=self.ids.take(Review),
            report_id=self.report_id,
            stage=ReviewStage.VERIFY,
            decision=ReviewDecision.ACCEPTED,
            reason="",
            closes_process=True,
            decided_by_id=office,
            decided_at=self.clock,
        )
        self.audit(
            "process.completed",
            actor=office,
            at=self.clock,
            spec=spec,
            title=self.repr,
            obj="workflows.directiveprocess",
            obj_id=self.pid,
            before={"outcome": str(Outcome.OPEN.label)},
            after={"outcome": str(Outcome.COMPLETED.label)},
        )
        self.step_done(verify, "verify", office, self.p.office)
        last = verify
        for name, kind in (
            ("check_verify", "EXCLUSIVE_GATEWAY"),
            ("check_close", "EXCLUSIVE_GATEWAY"),
            ("complete", "FUNCTION"),
            ("end", "END"),
        ):
            last = self.task(
                name,
                kind,
                STATUS.DONE,
                at=self.tick(0.001),
                prev=[last],
                started=kind in ("FUNCTION", "END"),
            )
        return last

    # --- tasks ----------------------------------------------------------------------------

    def tick(self, share: float = 1.0) -> datetime.datetime:
        step = self.unit * self.rng.uniform(0.4, 1.0) * share
        self.clock = min(self.clock + step, self.spec.end)
        return self.clock

    def task(self, name, kind, status, *, at, prev=(), started=False) -> int:
        tid = self.ids.take(Task)
        self.write_task(
            tid,
            name,
            kind,
            status,
            at=at,
            started=started,
            finished=at if status == STATUS.DONE else None,
            prev=prev,
        )
        return tid

    def write_task(
        self,
        tid,
        name,
        kind,
        status,
        *,
        at,
        started,
        finished,
        prev,
        owner=None,
        assigned=None,
        agency=None,
        role="",
        token="start",
        data=None,
        due=None,
    ):
        perm = OWNER_PERMISSIONS[role] if role else None
        self.t.task.add(
            id=tid,
            flow_task=f"{FLOW}.{name}",
            flow_task_type=kind,
            status=status,
            created=at,
            assigned=assigned,
            started=at if started else None,
            finished=finished,
            token=token,
            owner_id=owner,
            owner_permission=perm,
            owner_permission_content_type_id=self.p.agency_type if role else None,
            owner_permission_obj_pk=str(agency) if role else None,
            process_id=self.pid,
            data=data or {},
        )
        self.t.workflow_task.add(task_ptr_id=tid, agency_id=agency, actor_role=role, due_date=due)
        for other in prev:
            self.t.previous.add(from_task_id=tid, to_task_id=other)

    def human(
        self, name, agency, role, *, prev, done, owner, token="start", data=None, due=True
    ) -> int:
        spec = self.spec
        tid = self.ids.take(Task)
        created = self.tick(0.2)
        due_date = spec.due if due else None
        cancelled = not done and spec.fate == "cancelled"
        assigned_at = self.tick(0.3) if owner else None
        finished = self.tick() if done else (spec.end if cancelled else None)
        status = (
            STATUS.DONE
            if done
            else STATUS.CANCELED
            if cancelled
            else (STATUS.ASSIGNED if owner else STATUS.NEW)
        )
        self.write_task(
            tid,
            name,
            "HUMAN",
            status,
            at=created,
            started=done,
            finished=finished,
            prev=prev,
            owner=owner,
            assigned=assigned_at,
            agency=agency,
            role=role,
            token=token,
            data=data,
            due=due_date,
        )
        # who was told: the owner it went to, else whoever may take it from the queue
        first = owner if owner and role == "officer" else None
        recipients = [first] if first else self.audience(agency, role)
        title = f"{TITLES[name]} — {self.repr}"
        for user in recipients:
            self.deliver(
                tid,
                "created",
                user,
                created + datetime.timedelta(minutes=1),
                title,
                agency,
                due_date,
                to_owner=bool(first),
                stamp=created,
            )
        if due_date:
            self.reminders(tid, agency, role, owner, created, finished, due_date, title)
        if not done and not cancelled:
            self.alert(tid, due_date)
        return tid

    def step_done(self, tid: int, name: str, actor: int, agency: int) -> None:
        code = self.p.agencies[agency][0]
        self.audit(
            "step.done",
            actor=actor,
            at=self.clock,
            spec=self.spec,
            title=f"{TITLES[name]} — {self.repr}",
            obj="workflows.workflowtask",
            obj_id=tid,
            after={"step": name, "agency": code},
            agency_code=code,
        )
