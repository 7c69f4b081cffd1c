"""Read-side queries: who a user is (memberships, roles) and what the registry holds."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from tasks_app.models import HEAD_ROLES, OFFICE_AGENCY_CODE, Agency, Membership, Role

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
