"""Who may do what in the workflow: every rule in one place.

``user_can_<action>`` answers whether a page shows an action (a link, a button, a form);
``require_<action>`` refuses a service call with an error of :mod:`project.exceptions`
(:class:`PermissionRefused`, or :class:`NotFound` where the user may not even know the object
exists). Pages, viewflow's node hooks (``can_assign``/``can_execute``), the services and the
API all call these, so they refuse the same people.

A human task carries its scope as real columns (``WorkflowTask.agency`` and ``actor_role``):

- ``head``: a head or deputy of the agency takes it from the agency queue;
- ``officer``: the officer it was given to (or, if nobody was chosen, an officer of the agency);
- ``office``: Office staff (members of VPTU with role ``office``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _
from viewflow.workflow.status import STATUS

from project.exceptions import NotFound, PermissionRefused, StateConflict
from tasks_app.models import (
    HEAD_ROLES,
    OFFICE_AGENCY_CODE,
    Agency,
    Directive,
    Membership,
    Notice,
    Role,
)
from tasks_app.selectors import (
    UserLike,
    is_signed_in,
    user_agencies,
    user_display_name,
    user_has_role,
    user_is_head,
    user_is_office,
    user_memberships,
    user_sees_everything,
)

from . import selectors
from .models import ActorRole, DirectiveProcess, ExtensionProcess, WorkflowTask

MEMBERSHIP_ROLES = {
    ActorRole.HEAD: list(HEAD_ROLES),
    ActorRole.OFFICER: [Role.OFFICER],
    ActorRole.OFFICE: [Role.OFFICE],
}

OWNER_PERMISSIONS = {
    ActorRole.HEAD: "workflows.act_as_head",
    ActorRole.OFFICER: "workflows.act_as_officer",
    ActorRole.OFFICE: "workflows.act_as_office",
}

FINISHED = (STATUS.DONE, STATUS.CANCELED, STATUS.REVIVED)

#: What a missing object and one the user may not see both answer (404).
NOT_FOUND_MESSAGE = NotFound.default_message


# --- roles on a task ----------------------------------------------------------------------


def user_holds_role(*, user: UserLike, agency: Agency | None, role: str) -> bool:
    """Whether ``user`` holds ``role`` (an ``ActorRole``) in ``agency``."""
    if not is_signed_in(user) or agency is None:
        return False
    if role == ActorRole.OFFICE:
        return agency.code == OFFICE_AGENCY_CODE and user_is_office(user=user)
    return user_has_role(user=user, agency=agency, roles=MEMBERSHIP_ROLES[role])


def user_holds_task_role(*, user: UserLike, task: WorkflowTask) -> bool:
    if not task.agency_id or not task.actor_role:
        return False
    return user_holds_role(user=user, agency=task.agency, role=task.actor_role)


def task_owner_gone(*, task: WorkflowTask) -> bool:
    """Whether ``task`` is taken by someone who no longer holds its role (left the agency,
    lost the role, or was deactivated): nobody can finish it until it is put back."""
    owner = task.owner
    return owner is not None and not (
        owner.is_active and user_holds_task_role(user=owner, task=task)
    )


def task_responsible_users(task: WorkflowTask) -> list:
    """Who must act on a task: its owner, or everyone who may take it from the queue."""
    return responsible_users_by_task([task])[task.pk]


def responsible_users_by_task(tasks: Iterable[WorkflowTask]) -> dict[int, list]:
    """:func:`task_responsible_users` of many tasks in two queries (memberships, users).

    The owner, if still active and holding the task's role in its agency; else the active
    users holding that role there (heads and deputies, officers, or the Office's staff), in
    the order they joined. Needs ``task.owner`` (``select_related``) and ``task.agency``.
    """
    tasks = list(tasks)
    agency_ids = {task.agency_id for task in tasks if task.agency_id and task.actor_role}
    holders: dict[tuple[int, str], list[int]] = {}
    for agency_id, agency_code, role, user_id in (
        Membership.objects.filter(agency_id__in=agency_ids, user__is_active=True)
        .order_by("pk")
        .values_list("agency_id", "agency__code", "role", "user_id")
    ):
        for actor_role, roles in MEMBERSHIP_ROLES.items():
            if role not in roles:
                continue
            if actor_role == ActorRole.OFFICE and agency_code != OFFICE_AGENCY_CODE:
                continue
            users = holders.setdefault((agency_id, actor_role), [])
            if user_id not in users:
                users.append(user_id)
    wanted = {user_id for users in holders.values() for user_id in users}
    people = get_user_model().objects.in_bulk(wanted) if wanted else {}
    result = {}
    for task in tasks:
        allowed = holders.get((task.agency_id, task.actor_role), [])
        owner = task.owner
        if owner is not None and owner.is_active and owner.pk in allowed:
            result[task.pk] = [owner]
        else:
            result[task.pk] = [people[user_id] for user_id in allowed]
    return result


def _supervisor_role(task: WorkflowTask) -> str:
    """Who looks after a task's queue: the Office for its own steps, else the agency heads."""
    return ActorRole.OFFICE if task.actor_role == ActorRole.OFFICE else ActorRole.HEAD


# --- claim, execute, release, reclaim -----------------------------------------------------


def user_can_claim(*, user: UserLike, task: WorkflowTask) -> bool:
    """Take an unassigned task from the agency queue."""
    return (
        task.status == STATUS.NEW
        and task.owner_id is None
        and user_holds_task_role(user=user, task=task)
    )


def user_can_execute(*, user: UserLike, task: WorkflowTask) -> bool:
    """Complete a task (any step): only its owner, while still holding the role in the agency."""
    return (
        is_signed_in(user)
        and task.owner_id == user.pk
        and task.status in (STATUS.ASSIGNED, STATUS.STARTED)
        and user_holds_task_role(user=user, task=task)
    )


def user_can_release(*, user: UserLike, task: WorkflowTask) -> bool:
    """Put a taken task back in the queue (heads and the Office; officers are reassigned)."""
    return (
        is_signed_in(user)
        and task.owner_id == user.pk
        and task.status == STATUS.ASSIGNED
        and task.actor_role in (ActorRole.HEAD, ActorRole.OFFICE)
        and user_holds_task_role(user=user, task=task)
    )


def user_can_reclaim(*, user: UserLike, task: WorkflowTask) -> bool:
    """Put back in the queue a head's or Office task whose owner no longer holds its role.

    A current head or deputy of the task's agency may (Office staff for the Office's steps).
    Officer tasks are not put back: a head gives them to another officer (reassign).
    """
    return (
        is_signed_in(user)
        and task.owner_id is not None
        and task.owner_id != user.pk
        and task.status == STATUS.ASSIGNED
        and task.actor_role in (ActorRole.HEAD, ActorRole.OFFICE)
        and user_holds_role(user=user, agency=task.agency, role=_supervisor_role(task))
        and task_owner_gone(task=task)
    )


def user_can_unassign(*, user: UserLike, task: WorkflowTask) -> bool:
    """viewflow's unassign page: the owner releases, or a supervisor reclaims (see above)."""
    return user_can_release(user=user, task=task) or user_can_reclaim(user=user, task=task)


def _step(task: WorkflowTask) -> str:
    return str(task.flow_task.task_title or task.flow_task.name)


def _require_scoped(*, user: UserLike, task: WorkflowTask) -> tuple[str, Agency]:
    """The step title and agency of a task a signed-in user may be checked against."""
    step = _step(task)
    if not is_signed_in(user):
        raise PermissionRefused(_("Bạn cần đăng nhập để thực hiện bước “%s”.") % step)
    if task.agency is None or not task.actor_role:
        raise PermissionRefused(
            _("Bước “%s” chưa được giao cho cơ quan nào; không ai được thực hiện.") % step
        )
    return step, task.agency


def require_task_actor(*, user: UserLike, task: WorkflowTask) -> None:
    """Refuse unless ``user`` may act on ``task`` (claim it, do its step) as its scope says.

    Checks agency and role first, then that the task is not someone else's. Does not look at the
    task state: :func:`require_task_open` does.
    """
    step, agency = _require_scoped(user=user, task=task)
    if not user_holds_task_role(user=user, task=task):
        if task.actor_role == ActorRole.OFFICE:
            raise PermissionRefused(_("Bước “%s” chỉ Văn phòng Tỉnh ủy được thực hiện.") % step)
        if not user_memberships(user=user).filter(agency=agency).exists():
            raise PermissionRefused(
                _("Bạn không thuộc %(agency)s nên không được thực hiện bước “%(step)s”.")
                % {"agency": agency.name, "step": step}
            )
        raise PermissionRefused(
            _("Bước “%(step)s” chỉ %(role)s của %(agency)s được thực hiện.")
            % {"step": step, "role": ActorRole(task.actor_role).label.lower(), "agency": agency}
        )
    if task.owner_id is not None and task.owner_id != user.pk and task.status not in FINISHED:
        raise PermissionRefused(
            _("Bước “%(step)s” đã được giao cho %(owner)s.")
            % {"step": step, "owner": user_display_name(task.owner)}
        )


def require_task_reclaimer(*, user: UserLike, task: WorkflowTask) -> None:
    """Refuse unless ``user`` may put back ``task``, taken by someone who no longer holds its
    role. Does not look at the task state."""
    step, agency = _require_scoped(user=user, task=task)
    if task.actor_role not in (ActorRole.HEAD, ActorRole.OFFICE):
        raise PermissionRefused(
            _(
                "Bước “%s” do chuyên viên thực hiện nên không trả về hàng đợi; lãnh đạo cơ quan "
                "đổi chuyên viên phụ trách."
            )
            % step
        )
    if not user_holds_role(user=user, agency=agency, role=_supervisor_role(task)):
        if task.actor_role == ActorRole.OFFICE:
            raise PermissionRefused(
                _("Chỉ Văn phòng Tỉnh ủy được trả bước “%s” về hàng đợi.") % step
            )
        raise PermissionRefused(
            _("Chỉ lãnh đạo %(agency)s được trả bước “%(step)s” về hàng đợi.")
            % {"agency": agency.name, "step": step}
        )
    if task.owner_id is not None and not task_owner_gone(task=task):
        raise PermissionRefused(
            _(
                "Bước “%(step)s” đang do %(owner)s xử lý; chỉ người đã nhận việc mới được trả "
                "về hàng đợi."
            )
            % {"step": step, "owner": user_display_name(task.owner)}
        )


def require_task_open(*, task: WorkflowTask) -> None:
    """Refuse (``StateConflict``) when the task already ended."""
    step = _step(task)
    if task.status == STATUS.DONE:
        raise StateConflict(
            _("Bước “%s” đã được hoàn thành trước đó; thao tác của bạn không được ghi nhận.") % step
        )
    if task.status in (STATUS.CANCELED, STATUS.REVIVED):
        raise StateConflict(_("Bước “%s” đã bị hủy.") % step)
    if task.status not in (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED):
        raise StateConflict(_("Bước “%s” đang ở trạng thái không xử lý được.") % step)


# --- publishing, viewing ------------------------------------------------------------------


def user_can_publish(*, user: UserLike) -> bool:
    """Publish a notice and so start its processes: Office staff only."""
    return user_is_office(user=user)


def require_publish(*, user: UserLike) -> None:
    """``user=None`` is the operator running a management command."""
    if user is not None and not user_can_publish(user=user):
        raise PermissionRefused(_("Chỉ Văn phòng Tỉnh ủy được ban hành nhiệm vụ."))


def user_can_view_workflow(*, user: UserLike) -> bool:
    """The workflow pages (inbox, queue, processes): any member of an agency, and auditors."""
    return is_signed_in(user) and (user_sees_everything(user=user) or user.memberships.exists())


def user_can_view_process(
    *, user: UserLike, process: DirectiveProcess | ExtensionProcess | None = None
) -> bool:
    """viewflow's view permission: the flow pages, and each process only if visible."""
    if process is None:
        return user_can_view_workflow(user=user)
    if not is_signed_in(user):
        return False
    if isinstance(process, ExtensionProcess):
        return selectors.extensions_visible_to(user=user).filter(pk=process.pk).exists()
    return selectors.processes_visible_to(user=user).filter(pk=process.pk).exists()


def hidden(reason: str = "") -> NotFound:
    """The refusal of an object the user may not see: the same answer as a missing one (404,
    same message), with why in the audit log only (``audit_reason``)."""
    error = NotFound(NOT_FOUND_MESSAGE)
    error.audit_reason = reason
    return error


def require_view_process(*, user: UserLike, process: DirectiveProcess | ExtensionProcess) -> None:
    """Hidden and missing look the same: a process the user may not see is "not found"."""
    if not user_can_view_process(user=user, process=process):
        raise hidden(
            _("Quy trình #%(pk)s không thuộc phạm vi được xem của người dùng.") % {"pk": process.pk}
        )


# --- side paths: extension, reassign, cancel ----------------------------------------------


def user_can_request_extension(*, user: UserLike, process: DirectiveProcess) -> bool:
    """A head of the lead agency, for an open process that has a deadline and no request
    waiting for the Office already."""
    return (
        process.is_open
        and process.due_date is not None
        and user_is_head(user=user, agency=process.lead)
        and selectors.process_pending_extension(process=process) is None
    )


def require_extension_request(*, user: UserLike, process: DirectiveProcess) -> None:
    if not user_is_head(user=user, agency=process.lead):
        raise PermissionRefused(
            _("Chỉ lãnh đạo %(agency)s được đề nghị gia hạn nhiệm vụ này.")
            % {"agency": process.lead}
        )


def reassign_agency(*, user: UserLike, process: DirectiveProcess) -> Agency | None:
    """Whose officer the user may change on ``process``: the lead's if the user heads it, else a
    coordinating agency the user heads, else ``None``."""
    if user_is_head(user=user, agency=process.lead):
        return process.lead
    for agency in process.assignment.coordinators.all():
        if user_is_head(user=user, agency=agency):
            return agency
    return None


def user_can_reassign(*, user: UserLike, process: DirectiveProcess) -> bool:
    return process.is_open and reassign_agency(user=user, process=process) is not None


def require_reassign(*, user: UserLike, agency: Agency) -> None:
    if not user_is_head(user=user, agency=agency):
        raise PermissionRefused(
            _("Chỉ lãnh đạo %(agency)s được đổi chuyên viên phụ trách.") % {"agency": agency}
        )


def user_can_cancel(*, user: UserLike, process: DirectiveProcess) -> bool:
    return process.is_open and user_is_office(user=user)


def require_cancel(*, user: UserLike) -> None:
    if not user_is_office(user=user):
        raise PermissionRefused(_("Chỉ Văn phòng Tỉnh ủy được hủy nhiệm vụ."))


# --- reports and the completion history ---------------------------------------------------


@dataclass(frozen=True)
class ReportScope:
    """What one user may see in the dashboard, the exports and the completion history.

    - the Office, auditors and superusers: everything;
    - heads and deputies: the dashboard and exports of the processes their agency *leads*
      (coordinating another agency's directive does not put it in their agency's report);
    - officers (without a head role): no dashboard, no official export.

    The completion history follows the one visibility rule of the process pages
    (:func:`workflows.selectors.processes_visible_to`): whoever may open a process, by the
    agency and role they hold *now*, may read its history, and nobody else.
    """

    user_id: int | None = None
    sees_all: bool = False
    lead_agency_ids: frozenset[int] = frozenset()
    officer: bool = False
    user: UserLike = field(default=None, compare=False, repr=False)

    @property
    def may_report(self) -> bool:
        """Dashboard and official exports: the Office, auditors, heads and deputies."""
        return self.sees_all or bool(self.lead_agency_ids)

    @property
    def may_see_history(self) -> bool:
        return self.may_report or self.officer

    def report_filter(self) -> Q:
        """Processes counted in this user's dashboard and exports."""
        if self.sees_all:
            return Q()
        if self.lead_agency_ids:
            return Q(lead_id__in=self.lead_agency_ids)
        return Q(pk__in=[])

    def history_filter(self) -> Q:
        """Processes whose history this user may read: those the user may open."""
        if self.sees_all:
            return Q()
        if self.user is None:
            return Q(pk__in=[])
        return Q(pk__in=selectors.processes_visible_to(user=self.user).values("pk"))


def report_scope(*, user: UserLike) -> ReportScope:
    if not is_signed_in(user):
        return ReportScope()
    if user_sees_everything(user=user):
        return ReportScope(user_id=user.pk, sees_all=True, user=user)
    heads = user_agencies(user=user, roles=HEAD_ROLES)
    return ReportScope(
        user_id=user.pk,
        lead_agency_ids=frozenset(heads.values_list("pk", flat=True)),
        officer=user_has_role(user=user, roles=[Role.OFFICER]),
        user=user,
    )


def user_can_report(*, user: UserLike) -> bool:
    """The dashboard and the official exports (XLSX, PDF)."""
    return report_scope(user=user).may_report


def user_can_read_history(*, user: UserLike) -> bool:
    """The completion history pages."""
    return report_scope(user=user).may_see_history


def report_refusal(
    *, scope: ReportScope, agency: Agency | None = None, notice: Notice | None = None
) -> str:
    """Why the user may not see (or export) the report of ``agency``/``notice`` ("" if they may)."""
    if not scope.may_report:
        return _("Chỉ Văn phòng Tỉnh ủy, lãnh đạo cơ quan và cán bộ kiểm tra được xem báo cáo.")
    if scope.sees_all:
        return ""
    if agency is not None and agency.pk not in scope.lead_agency_ids:
        return _("Không được xem báo cáo của %(agency)s.") % {"agency": agency}
    if (
        notice is not None
        and not DirectiveProcess.objects.filter(scope.report_filter())
        .filter(directive__notice=notice)
        .exists()
    ):
        return _("Cơ quan không chủ trì nhiệm vụ nào của thông báo %(number)s.") % {
            "number": notice.number
        }
    return ""


def require_report(
    *, scope: ReportScope, agency: Agency | None = None, notice: Notice | None = None
) -> None:
    """Refuse a report or an export the user may not see."""
    refusal = report_refusal(scope=scope, agency=agency, notice=notice)
    if refusal:
        raise PermissionRefused(refusal, code="report_refused")


def history_processes(*, scope: ReportScope, directive: Directive):
    """The processes of ``directive`` whose history the scope may read."""
    return DirectiveProcess.objects.filter(directive=directive).filter(scope.history_filter())


def history_refusal(*, scope: ReportScope, directive: Directive) -> str:
    """Why the user may not read the history of ``directive`` ("" if they may)."""
    if scope.sees_all:
        return ""
    if (
        not scope.may_see_history
        or not history_processes(scope=scope, directive=directive).exists()
    ):
        return _("Không được xem lịch sử nhiệm vụ %(directive)s.") % {"directive": directive}
    return ""
