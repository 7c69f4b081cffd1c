"""Who may publish, see a process, and take its side paths (extension, reassign, cancel)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from project.exceptions import NotFound, PermissionRefused, StateConflict
from tasks_app.models import (
    Agency,
)
from tasks_app.selectors import (
    UserLike,
    is_signed_in,
    user_is_head,
    user_is_office,
    user_sees_everything,
)

from .. import selectors
from ..links import process_path
from ..models import DirectiveProcess, ExtensionProcess
from .tasks import NOT_FOUND_MESSAGE

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


def _headed_agency(*, user: UserLike, process: DirectiveProcess) -> Agency | None:
    if user_is_head(user=user, agency=process.lead):
        return process.lead
    for agency in process.assignment.coordinators.all():
        if user_is_head(user=user, agency=agency):
            return agency
    return None


def reassign_refusal(*, process: DirectiveProcess, agency: Agency) -> str:
    """Why ``agency``'s officer cannot be changed yet ("" when it can): a coordinating agency
    has nobody to replace until its head assigned a coordinating officer."""
    if agency.pk == process.lead_id:
        return ""
    contribution = selectors.contribution_for(process=process, agency=agency)
    if contribution is None or contribution.officer_id is None:
        return _(
            "%(agency)s chưa phân công chuyên viên phối hợp nên chưa có ai để đổi; "
            "việc phân công làm ở bước “Phân công phối hợp”."
        ) % {"agency": agency}
    return ""


def reassign_agency(*, user: UserLike, process: DirectiveProcess) -> Agency | None:
    """Whose officer the user may change on ``process``: the lead's if the user heads it, else a
    coordinating agency the user heads, else ``None``.

    A coordinating head whose agency has not assigned its coordinating officer yet is refused
    (409, with a link back to the process): there is nobody to replace.
    """
    agency = _headed_agency(user=user, process=process)
    if agency is not None:
        refusal = reassign_refusal(process=process, agency=agency)
        if refusal:
            conflict = StateConflict(refusal)
            conflict.link = process_path(process.pk)
            raise conflict
    return agency


def reassign_is_coordination(*, user: UserLike, process: DirectiveProcess) -> bool:
    """Whether the officer the user may change is a coordinating agency's (its contribution
    officer), not the lead's responsible officer."""
    agency = _headed_agency(user=user, process=process)
    return agency is not None and agency.pk != process.lead_id


def user_can_reassign(*, user: UserLike, process: DirectiveProcess) -> bool:
    """The lead's head, or a coordinating head once the agency has a coordinating officer."""
    if not process.is_open:
        return False
    agency = _headed_agency(user=user, process=process)
    return agency is not None and not reassign_refusal(process=process, agency=agency)


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
