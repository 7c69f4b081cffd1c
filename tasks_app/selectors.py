"""Read-side queries: what a user is and may see."""

from django.db.models import QuerySet

from tasks_app.models import Agency, Membership, Role

OFFICE_AGENCY_CODE = "VPTU"


def user_memberships(*, user) -> QuerySet[Membership]:
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("agency")


def user_agencies(*, user, roles: list[str] | None = None) -> QuerySet[Agency]:
    qs = user_memberships(user=user)
    if roles:
        qs = qs.filter(role__in=roles)
    return Agency.objects.filter(pk__in=qs.values("agency_id"))


def user_has_role(*, user, agency: Agency | None = None, roles: list[str]) -> bool:
    qs = user_memberships(user=user).filter(role__in=roles)
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs.exists()


def user_is_office(*, user) -> bool:
    """Office staff of the Provincial Office (VPTU) see and verify everything."""
    return (
        user_memberships(user=user)
        .filter(role=Role.OFFICE, agency__code=OFFICE_AGENCY_CODE)
        .exists()
    )


def user_is_head(*, user, agency: Agency) -> bool:
    return user_has_role(user=user, agency=agency, roles=[Role.HEAD, Role.DEPUTY])


def user_is_auditor(*, user) -> bool:
    """Auditors (role ``auditor`` in any agency) read everything and act on nothing."""
    return user_has_role(user=user, roles=[Role.AUDITOR])
