"""Read-side queries: who a user is (memberships, roles) and what the registry holds."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.utils.translation import gettext

from project.calendar import add_working_days
from project.dates import date_refusal
from project.text import vietnamese_sort_key
from tasks_app.models import HEAD_ROLES, OFFICE_AGENCY_CODE, Agency, Membership, Notice, Role

UserLike = AbstractBaseUser | AnonymousUser | None


def is_signed_in(user: UserLike) -> bool:
    """A real, active, signed-in user (anonymous visitors and deactivated accounts are not)."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", True)
    )


def user_memberships(*, user: UserLike) -> QuerySet[Membership]:
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("agency")


def user_agencies(
    *, user: UserLike, roles: list[str] | tuple[str, ...] | None = None
) -> QuerySet[Agency]:
    qs = user_memberships(user=user)
    if roles:
        qs = qs.filter(role__in=roles)
    return Agency.objects.filter(pk__in=qs.values("agency_id"))


def user_has_role(
    *, user: UserLike, agency: Agency | None = None, roles: list[str] | tuple[str, ...]
) -> bool:
    qs = user_memberships(user=user).filter(role__in=roles)
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs.exists()


def user_is_office(*, user: UserLike) -> bool:
    """Office staff of the Provincial Office (VPTU) see and verify everything."""
    return (
        user_memberships(user=user)
        .filter(role=Role.OFFICE, agency__code=OFFICE_AGENCY_CODE)
        .exists()
    )


def user_is_head(*, user: UserLike, agency: Agency) -> bool:
    return user_has_role(user=user, agency=agency, roles=HEAD_ROLES)


def user_is_auditor(*, user: UserLike) -> bool:
    """Auditors (role ``auditor`` in any agency) read everything and act on nothing."""
    return user_has_role(user=user, roles=[Role.AUDITOR])


def user_sees_everything(*, user: UserLike) -> bool:
    """The Office, auditors (read only) and administrators see every process and report.

    Seeing is not acting: every step and side action checks its own agency and role.
    """
    return is_signed_in(user) and (
        user.is_superuser or user_is_office(user=user) or user_is_auditor(user=user)
    )


def user_display_name(user: UserLike) -> str:
    """How a person is named on pages, in messages and in the history: full name or username."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def office_agency() -> Agency:
    return Agency.objects.get(code=OFFICE_AGENCY_CODE)


def agencies_sorted(agencies) -> list[Agency]:
    return sorted(agencies, key=lambda agency: vietnamese_sort_key(agency.name))


# --- publishing: what it will do ----------------------------------------------------------


@dataclass(frozen=True)
class PublishLine:
    """One process publishing will start: the item, the lead agency, the deadline it gets."""

    ref: str
    lead: str
    due: datetime.date | None
    via_group: str = ""
    recurrence: str = ""


@dataclass
class PublishSummary:
    notice: Notice
    today: datetime.date
    lines: list[PublishLine] = field(default_factory=list)
    pending_review: list[str] = field(default_factory=list)
    without_lead: list[str] = field(default_factory=list)
    empty: bool = False

    @property
    def per_agency(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for line in self.lines:
            counts[line.lead] = counts.get(line.lead, 0) + 1
        return sorted(counts.items(), key=lambda item: vietnamese_sort_key(item[0]))

    @property
    def without_deadline(self) -> list[PublishLine]:
        return [line for line in self.lines if line.due is None and not line.recurrence]

    @property
    def past_deadline(self) -> list[PublishLine]:
        return [line for line in self.lines if line.due is not None and line.due < self.today]

    @property
    def out_of_range(self) -> list[str]:
        """Deadlines outside the dates a notice may set (its date − 1 year … + 10 years)."""
        return [
            f"{line.ref}: {refusal}"
            for line in self.lines
            if line.due is not None
            and (
                refusal := date_refusal(line.due, reference=self.notice.date, label=gettext("Hạn"))
            )
        ]

    @property
    def problems(self) -> list[str]:
        """Why publishing is refused, one line each (empty: it may go ahead)."""
        problems = []
        if self.out_of_range:
            problems.append(
                gettext("Sửa hạn xử lý trước khi ban hành — mục %(items)s")
                % {"items": "; ".join(self.out_of_range)}
            )
        if self.empty:
            problems.append(gettext("Thông báo không có nhiệm vụ nào để ban hành."))
        if self.pending_review:
            problems.append(
                gettext("Còn nhiệm vụ cần rà soát trước khi ban hành: mục %(refs)s.")
                % {"refs": ", ".join(self.pending_review)}
            )
        if self.without_lead:
            problems.append(
                gettext("Nhiệm vụ chưa có cơ quan chủ trì: mục %(refs)s.")
                % {"refs": ", ".join(self.without_lead)}
            )
        if self.past_deadline:
            problems.append(
                gettext(
                    "Hạn xử lý đã qua (trước hôm nay %(today)s): %(items)s; hãy sửa hạn trước "
                    "khi ban hành."
                )
                % {
                    "today": f"{self.today:%d/%m/%Y}",
                    "items": "; ".join(
                        gettext("mục %(ref)s — %(lead)s — %(due)s")
                        % {"ref": line.ref, "lead": line.lead, "due": f"{line.due:%d/%m/%Y}"}
                        for line in self.past_deadline
                    ),
                }
            )
        return problems

    @property
    def can_publish(self) -> bool:
        return not self.problems


def notice_publish_summary(*, notice: Notice, today: datetime.date) -> PublishSummary:
    """What publishing ``notice`` on ``today`` would start, and what stops it.

    Group leads are expanded as publishing expands them (active members that do not already
    lead the directive), working-day deadlines counted from ``today``.
    """
    summary = PublishSummary(notice=notice, today=today)
    directives = list(
        notice.directives.prefetch_related(
            "assignments__lead", "assignments__lead_group__members"
        ).order_by("position", "pk")
    )
    summary.empty = not directives
    for directive in directives:
        assignments = sorted(directive.assignments.all(), key=lambda a: a.pk)
        if directive.needs_review:
            summary.pending_review.append(directive.ref)
        if not assignments:
            summary.without_lead.append(directive.ref)
        taken = {a.lead_id for a in assignments if a.lead_id}
        for assignment in assignments:
            if assignment.due_date is not None:
                due = assignment.due_date
            elif assignment.due_working_days:
                due = add_working_days(today, assignment.due_working_days)
            else:
                due = None
            recurrence = assignment.get_recurrence_display() if assignment.recurrence else ""
            if assignment.lead_id:
                leads = [(assignment.lead, "")]
            else:
                group = assignment.lead_group
                members = [
                    a
                    for a in sorted(group.members.all(), key=lambda a: a.code)
                    if a.is_active and a.pk not in taken
                ]
                taken.update(a.pk for a in members)
                leads = [(agency, group.name) for agency in members]
            summary.lines.extend(
                PublishLine(
                    ref=directive.ref,
                    lead=agency.name,
                    due=due,
                    via_group=via,
                    recurrence=str(recurrence),
                )
                for agency, via in leads
            )
    return summary
