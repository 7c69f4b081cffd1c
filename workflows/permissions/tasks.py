"""Who may act on a task: its agency and role, claim, execute, release, reclaim."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.status import STATUS

from project.exceptions import NotFound, PermissionRefused, StateConflict
from tasks_app.models import (
    HEAD_ROLES,
    OFFICE_AGENCY_CODE,
    Agency,
    Membership,
    Role,
)
from tasks_app.selectors import (
    UserLike,
    is_signed_in,
    user_display_name,
    user_has_role,
    user_is_office,
    user_memberships,
)

from ..models import ActorRole, WorkflowTask

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


def require_task_unfinished_for(*, user: UserLike, task: WorkflowTask) -> None:
    """Refuse (``StateConflict``, 409) someone who could have acted on ``task`` (its owner, or a
    holder of its role in its agency) opening it once it is done or cancelled: a second tab, the
    Back button, an old link. Others are left to the ordinary refusal (403/404)."""
    if task.status not in FINISHED or not is_signed_in(user):
        return
    if task.owner_id != user.pk and not user_holds_task_role(user=user, task=task):
        return
    finished = task.finished
    values = {
        "step": _step(task),
        "who": user_display_name(task.owner) if task.owner_id else "",
        "when": f"{timezone.localtime(finished):%H:%M %d/%m/%Y}" if finished else "",
    }
    if task.status != STATUS.DONE:
        message = _("Việc “%(step)s” đã bị hủy (lúc %(when)s).")
        if not values["when"]:
            message = _("Việc “%(step)s” đã bị hủy.")
    elif values["who"] and values["when"]:
        message = _("Việc “%(step)s” đã được xử lý (bởi %(who)s, lúc %(when)s).")
    elif values["who"]:
        message = _("Việc “%(step)s” đã được xử lý (bởi %(who)s).")
    else:
        message = _("Việc “%(step)s” đã được xử lý.")
    message = message % values
    raise StateConflict(message, code="task_finished")


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
