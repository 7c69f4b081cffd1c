"""Who the generated history is about: the agency registry, its groups and one head and one
officer per agency (the demo users), read once into plain dictionaries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType

from tasks_app.models import OFFICE_AGENCY_CODE, Agency, AgencyGroup, Membership, Role
from workflows.models import WorkflowTask


@dataclass
class People:
    agencies: dict[int, tuple[str, str]]  # id → (code, name)
    office: int
    leads: list[int]  # agencies that may lead or coordinate (active, with a head and officer)
    groups: dict[int, tuple[str, list[int]]]  # id → (code, members that may lead)
    heads: dict[int, list[int]]
    officers: dict[int, list[int]]
    office_users: list[int]
    usernames: dict[int, str]
    user_agency: dict[int, str]  # user → code of their first agency (their audit chain)
    agency_type: int = 0
    task_type: int = 0
    emails: dict[int, str] = field(default_factory=dict)


def people_load() -> People:
    agencies = {a.pk: (a.code, a.name) for a in Agency.objects.filter(is_active=True)}
    office = next(pk for pk, (code, _name) in agencies.items() if code == OFFICE_AGENCY_CODE)
    heads: dict[int, list[int]] = defaultdict(list)
    officers: dict[int, list[int]] = defaultdict(list)
    office_users: list[int] = []
    usernames: dict[int, str] = {}
    user_agency: dict[int, str] = {}
    memberships = Membership.objects.select_related("user", "agency").order_by("pk")
    for m in memberships:
        if not m.user.is_active:
            continue
        usernames[m.user_id] = m.user.get_username()
        user_agency.setdefault(m.user_id, m.agency.code)
        if m.role in (Role.HEAD, Role.DEPUTY):
            heads[m.agency_id].append(m.user_id)
        elif m.role == Role.OFFICER:
            officers[m.agency_id].append(m.user_id)
        elif m.role == Role.OFFICE and m.agency_id == office:
            office_users.append(m.user_id)
    leads = sorted(pk for pk in agencies if pk != office and heads.get(pk) and officers.get(pk))
    allowed = set(leads)
    groups = {}
    for group in AgencyGroup.objects.prefetch_related("members").order_by("code"):
        members = sorted(a.pk for a in group.members.all() if a.pk in allowed)
        if len(members) >= 2:
            groups[group.pk] = (group.code, members)
    return People(
        agencies=agencies,
        office=office,
        leads=leads,
        groups=groups,
        heads=dict(heads),
        officers=dict(officers),
        office_users=office_users,
        usernames=usernames,
        user_agency=user_agency,
        agency_type=ContentType.objects.get_for_model(Agency).pk,
        task_type=ContentType.objects.get_for_model(WorkflowTask).pk,
        emails=dict(
            memberships.exclude(user__email="").values_list("user_id", "user__email").distinct()
        ),
    )
