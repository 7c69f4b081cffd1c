"""Who may act on a workflow task: the agency and role checks every entry point relies on.

A human task carries its scope as real columns (``WorkflowTask.agency`` and ``actor_role``):

- ``head``: a head or deputy of the agency takes it from the agency queue;
- ``officer``: the officer it was given to (or, if nobody was chosen, an officer of the agency);
- ``office``: Office staff (members of VPTU with role ``office``).

viewflow's node hooks (``can_assign``/``can_execute``) and the service layer both call these
functions, so the viewflow pages and the services refuse the same people.
"""

from django.utils.translation import gettext as _
from viewflow.workflow.status import STATUS

from project.exceptions import PermissionRefused, StateConflict
from tasks_app.models import Role
from tasks_app.selectors import OFFICE_AGENCY_CODE, user_has_role, user_is_office, user_memberships

from .models import ActorRole

MEMBERSHIP_ROLES = {
    ActorRole.HEAD: [Role.HEAD, Role.DEPUTY],
    ActorRole.OFFICER: [Role.OFFICER],
    ActorRole.OFFICE: [Role.OFFICE],
}

OWNER_PERMISSIONS = {
    ActorRole.HEAD: "workflows.act_as_head",
    ActorRole.OFFICER: "workflows.act_as_officer",
    ActorRole.OFFICE: "workflows.act_as_office",
}

FINISHED = (STATUS.DONE, STATUS.CANCELED, STATUS.REVIVED)


def _authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def user_holds_role(*, user, agency, role: str) -> bool:
    """Whether ``user`` holds ``role`` (an ``ActorRole``) in ``agency``."""
    if not _authenticated(user) or agency is None or not getattr(user, "is_active", True):
        return False
    if role == ActorRole.OFFICE:
        return agency.code == OFFICE_AGENCY_CODE and user_is_office(user=user)
    return user_has_role(user=user, agency=agency, roles=MEMBERSHIP_ROLES[role])


def user_holds_task_role(*, user, task) -> bool:
    if not task.agency_id or not task.actor_role:
        return False
    return user_holds_role(user=user, agency=task.agency, role=task.actor_role)


def user_can_claim(*, user, task) -> bool:
    """Take an unassigned task from the agency queue."""
    return (
        task.status == STATUS.NEW
        and task.owner_id is None
        and user_holds_task_role(user=user, task=task)
    )


def user_can_execute(*, user, task) -> bool:
    """Complete a task: only its owner, while still holding the role in the agency."""
    return (
        _authenticated(user)
        and task.owner_id == user.pk
        and task.status in (STATUS.ASSIGNED, STATUS.STARTED)
        and user_holds_task_role(user=user, task=task)
    )


def user_can_release(*, user, task) -> bool:
    """Put a taken task back in the queue (heads and the Office; officers are reassigned)."""
    return (
        _authenticated(user)
        and task.owner_id == user.pk
        and task.status == STATUS.ASSIGNED
        and task.actor_role in (ActorRole.HEAD, ActorRole.OFFICE)
        and user_holds_task_role(user=user, task=task)
    )


def task_owner_gone(*, task) -> bool:
    """Whether ``task`` is taken by someone who no longer holds its role (left the agency,
    lost the role, or was deactivated): nobody can finish it until it is put back."""
    owner = task.owner
    return owner is not None and not (
        owner.is_active and user_holds_task_role(user=owner, task=task)
    )


def _supervisor_role(task) -> str:
    """Who looks after a task's queue: the Office for its own steps, else the agency heads."""
    return ActorRole.OFFICE if task.actor_role == ActorRole.OFFICE else ActorRole.HEAD


def user_can_reclaim(*, user, task) -> bool:
    """Put back in the queue a head's or Office task whose owner no longer holds its role.

    A current head or deputy of the task's agency may (Office staff for the Office's steps).
    Officer tasks are not put back: a head gives them to another officer (reassign).
    """
    return (
        _authenticated(user)
        and task.owner_id is not None
        and task.owner_id != user.pk
        and task.status == STATUS.ASSIGNED
        and task.actor_role in (ActorRole.HEAD, ActorRole.OFFICE)
        and user_holds_role(user=user, agency=task.agency, role=_supervisor_role(task))
        and task_owner_gone(task=task)
    )


def user_can_unassign(*, user, task) -> bool:
    """viewflow's unassign page: the owner releases, or a supervisor reclaims (see above)."""
    return user_can_release(user=user, task=task) or user_can_reclaim(user=user, task=task)


def _step(task) -> str:
    return str(task.flow_task.task_title or task.flow_task.name)


def _require_scoped(*, user, task):
    """The step title and agency of a task a signed-in user may be checked against."""
    step = _step(task)
    if not _authenticated(user):
        raise PermissionRefused(_("Bạn cần đăng nhập để thực hiện bước “%s”.") % step)
    if task.agency is None or not task.actor_role:
        raise PermissionRefused(
            _("Bước “%s” chưa được giao cho cơ quan nào; không ai được thực hiện.") % step
        )
    return step, task.agency


def require_task_actor(*, user, task) -> None:
    """Refuse (``PermissionRefused``) unless ``user`` may act on ``task`` as its scope says.

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
            % {"step": step, "owner": _user_label(task.owner)}
        )


def require_task_reclaimer(*, user, task) -> None:
    """Refuse (``PermissionRefused``) unless ``user`` may put back ``task``, taken by
    someone who no longer holds its role. Does not look at the task state."""
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
            % {"step": step, "owner": _user_label(task.owner)}
        )


def require_task_open(*, task) -> None:
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


def _user_label(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def user_label(user) -> str:
    return _user_label(user)
