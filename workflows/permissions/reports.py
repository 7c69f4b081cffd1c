"""Who may read the dashboard, the exports and the completion history, and how much of it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from project.exceptions import PermissionRefused
from tasks_app.models import (
    HEAD_ROLES,
    Agency,
    Directive,
    Notice,
    Role,
)
from tasks_app.selectors import (
    UserLike,
    is_signed_in,
    user_agencies,
    user_has_role,
    user_sees_everything,
)

from .. import selectors
from ..models import DirectiveProcess

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
