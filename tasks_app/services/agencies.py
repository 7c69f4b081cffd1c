"""The registry the Office keeps: agencies (names, abbreviation, aliases, groups) and groups,
and the registry side of retiring an agency in favour of its successor."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import EventType
from audit.services import audit_record, refusals_audited, target_of
from project.exceptions import InvalidInput, PermissionRefused, StateConflict
from tasks_app.models import (
    OFFICE_AGENCY_CODE,
    Agency,
    AgencyGroup,
    AgencyKind,
    Assignment,
    Membership,
    Notice,
)
from tasks_app.permissions import require_registry_editor
from tasks_app.selectors import UserLike

from .common import assignment_snapshot, audit_assignment, normalize_line, normalize_text

CODE_RE = re.compile(r"^[A-Z][A-Z0-9_]{1,31}$")


@dataclass(frozen=True)
class AgencyInput:
    code: str
    name: str
    kind: str
    parent_code: str = ""
    abbreviation: str = ""
    aliases: Sequence[str] = field(default_factory=tuple)
    group_codes: Sequence[str] = field(default_factory=tuple)


@dataclass(frozen=True)
class GroupInput:
    code: str
    name: str
    meaning: str = ""
    member_codes: Sequence[str] = field(default_factory=tuple)


def agency_snapshot(agency: Agency) -> dict:
    return {
        "code": agency.code,
        "name": agency.name,
        "kind": agency.kind,
        "parent": agency.parent.code if agency.parent_id else None,
        "abbreviation": agency.abbreviation or None,
        "aliases": list(agency.aliases or []),
        "groups": sorted(agency.groups.values_list("code", flat=True)) if agency.pk else [],
        "is_active": agency.is_active,
        "successor": agency.successor.code if agency.successor_id else None,
    }


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _names_taken(exclude_pk: int | None) -> dict[str, Agency]:
    """Every name, abbreviation and alias of the other agencies, by comparison key."""
    taken: dict[str, Agency] = {}
    for agency in Agency.objects.exclude(pk=exclude_pk):
        for name in [agency.name, agency.abbreviation, *(agency.aliases or [])]:
            if name:
                taken.setdefault(_key(name), agency)
    return taken


def _code(value: str, *, field_name: str) -> str:
    code = (value or "").strip().upper()
    if not CODE_RE.match(code):
        raise InvalidInput(
            _(
                "Mã “%(code)s” không hợp lệ: 2–32 ký tự gồm chữ in hoa không dấu, chữ số và "
                "dấu gạch dưới, bắt đầu bằng chữ."
            )
            % {"code": value},
            fields={field_name: [_("Mã không hợp lệ.")]},
        )
    if Agency.objects.filter(code=code).exists() or AgencyGroup.objects.filter(code=code).exists():
        raise InvalidInput(
            _("Mã %(code)s đã có trong danh mục.") % {"code": code},
            fields={field_name: [_("Mã này đã có.")]},
        )
    return code


def _clean_agency(data: AgencyInput, agency: Agency | None) -> dict:
    name = normalize_line(data.name)
    if not name:
        raise InvalidInput(_("Cần nhập tên cơ quan."), fields={"name": [_("Cần nhập tên.")]})
    if data.kind not in AgencyKind.values:
        raise InvalidInput(_("Loại cơ quan không hợp lệ."), fields={"kind": [_("Chọn loại.")]})
    abbreviation = normalize_line(data.abbreviation)
    aliases = []
    for alias in data.aliases:
        alias = normalize_line(alias)
        if alias and _key(alias) not in {_key(a) for a in aliases} and _key(alias) != _key(name):
            aliases.append(alias)
    taken = _names_taken(agency.pk if agency else None)
    for label, value in [(name, "name"), (abbreviation, "abbreviation")] + [
        (a, "aliases") for a in aliases
    ]:
        owner = taken.get(_key(label)) if label else None
        if owner is not None:
            raise InvalidInput(
                _("“%(name)s” đã là tên, tên viết tắt hoặc tên gọi khác của %(owner)s.")
                % {"name": label, "owner": owner.name},
                fields={value: [_("Trùng với cơ quan khác.")]},
            )
    parent = None
    if data.parent_code:
        parent = Agency.objects.filter(code=data.parent_code).first()
        if parent is None:
            raise InvalidInput(_("Cơ quan cấp trên không có trong danh mục."))
        seen = set()
        node = parent
        while node is not None and node.pk not in seen:
            if agency is not None and node.pk == agency.pk:
                raise InvalidInput(
                    _("Cơ quan cấp trên không thể là chính nó hoặc một cơ quan cấp dưới của nó."),
                    fields={"parent": [_("Chọn cơ quan khác.")]},
                )
            seen.add(node.pk)
            node = node.parent
    groups = list(AgencyGroup.objects.filter(code__in=list(data.group_codes)))
    if len(groups) != len(set(data.group_codes)):
        raise InvalidInput(_("Có nhóm không có trong danh mục."))
    return {
        "name": name,
        "kind": data.kind,
        "parent": parent,
        "abbreviation": abbreviation,
        "aliases": aliases,
        "groups": groups,
    }


def _audit_registry(obj, by: UserLike, event_type: str, *, before=None, after=None, reason=""):
    audit_record(
        event_type=event_type,
        actor=by,
        target=target_of(obj),
        before=before,
        after=after,
        reason=reason,
    )


def _changes(before: dict | None, after: dict) -> tuple[dict | None, dict]:
    if before is None:
        return None, after
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


@refusals_audited("agency.save", PermissionRefused)
@transaction.atomic
def agency_save(*, data: AgencyInput, by: UserLike, agency: Agency | None = None) -> Agency:
    """Add an agency to the registry, or correct one (its code never changes). The Office's
    version is kept when the shipped registry is loaded again."""
    require_registry_editor(user=by)
    if agency is not None:
        agency = Agency.objects.select_for_update().get(pk=agency.pk)
    values = _clean_agency(data, agency)
    before = agency_snapshot(agency) if agency is not None else None
    if agency is None:
        agency = Agency(code=_code(data.code, field_name="code"))
    groups = values.pop("groups")
    for name, value in values.items():
        setattr(agency, name, value)
    agency.edited_at = timezone.now()
    agency.save()
    agency.groups.set(groups)
    AgencyGroup.objects.filter(pk__in=[g.pk for g in groups]).update(edited_at=agency.edited_at)
    old, new = _changes(before, agency_snapshot(agency))
    if new:
        _audit_registry(agency, by, EventType.REGISTRY_CHANGED, before=old, after=new)
    return agency


def group_snapshot(group: AgencyGroup) -> dict:
    return {
        "code": group.code,
        "name": group.name,
        "meaning": group.meaning,
        "members": sorted(group.members.values_list("code", flat=True)) if group.pk else [],
    }


@refusals_audited("group.save", PermissionRefused)
@transaction.atomic
def group_save(*, data: GroupInput, by: UserLike, group: AgencyGroup | None = None) -> AgencyGroup:
    """Add or correct a group of agencies a notice may address at once."""
    require_registry_editor(user=by)
    name = normalize_line(data.name)
    if not name:
        raise InvalidInput(_("Cần nhập tên nhóm."), fields={"name": [_("Cần nhập tên.")]})
    members = list(Agency.objects.filter(code__in=list(data.member_codes)))
    if len(members) != len(set(data.member_codes)):
        raise InvalidInput(_("Có cơ quan không có trong danh mục."))
    retired = [a.name for a in members if not a.is_active]
    if retired:
        raise InvalidInput(
            _("Cơ quan đã thôi hoạt động không vào nhóm được: %(names)s.")
            % {"names": ", ".join(retired)}
        )
    before = group_snapshot(group) if group is not None else None
    if group is None:
        group = AgencyGroup(code=_code(data.code, field_name="code"))
    group.name = name
    group.meaning = normalize_text(data.meaning)
    group.edited_at = timezone.now()
    group.save()
    group.members.set(members)
    old, new = _changes(before, group_snapshot(group))
    if new:
        _audit_registry(group, by, EventType.REGISTRY_CHANGED, before=old, after=new)
    return group


# --- retirement ---------------------------------------------------------------------------


@dataclass
class RetirementDrafts:
    """What retiring changed on the registry side."""

    draft_assignments: int = 0
    groups: list[str] = field(default_factory=list)
    members: int = 0


def _drafts_follow(*, agency: Agency, successor: Agency, by: UserLike) -> int:
    """Assignments of draft notices (no process yet) that name ``agency`` name ``successor``
    instead."""
    changed = 0
    drafts = Assignment.objects.filter(
        directive__notice__status=Notice.Status.DRAFT, workflow_process__isnull=True
    )
    for assignment in drafts.filter(lead=agency).select_related("directive"):
        before = assignment_snapshot(assignment)
        coordinators = [a for a in assignment.coordinators.all() if a not in (agency, successor)]
        existing = Assignment.objects.filter(directive=assignment.directive, lead=successor).first()
        if existing is not None:  # the successor already leads it: one assignment remains
            existing_before = assignment_snapshot(existing)
            existing.coordinators.add(*coordinators)
            audit_assignment(
                EventType.ASSIGNMENT_SAVED,
                existing,
                by,
                before=existing_before,
                after=assignment_snapshot(existing),
            )
            audit_assignment(EventType.ASSIGNMENT_DELETED, assignment, by, before=before)
            assignment.delete()
        else:
            assignment.lead = successor
            assignment.save(update_fields=["lead"])
            assignment.coordinators.set(coordinators)
            audit_assignment(
                EventType.ASSIGNMENT_SAVED,
                assignment,
                by,
                before=before,
                after=assignment_snapshot(assignment),
            )
        changed += 1
    for assignment in drafts.filter(coordinators=agency).select_related("directive"):
        before = assignment_snapshot(assignment)
        assignment.coordinators.remove(agency)
        if assignment.lead_id != successor.pk:
            assignment.coordinators.add(successor)
        audit_assignment(
            EventType.ASSIGNMENT_SAVED,
            assignment,
            by,
            before=before,
            after=assignment_snapshot(assignment),
        )
        changed += 1
    return changed


def agency_mark_retired(
    *,
    agency: Agency,
    successor: Agency,
    by: UserLike,
    on_date: datetime.date,
    move_members: bool = False,
) -> RetirementDrafts:
    """The registry side of retiring ``agency`` (in the caller's transaction): it becomes
    inactive with ``successor`` as heir, its groups and the drafts that name it pass to the
    successor, and (``move_members``) its people become members of the successor with the same
    roles. ``workflows.services.agency_retire`` calls this and moves the open work."""
    require_registry_editor(user=by)
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    successor = Agency.objects.select_for_update().get(pk=successor.pk)
    if agency.code == OFFICE_AGENCY_CODE:
        raise InvalidInput(_("Văn phòng Tỉnh ủy không thể thôi hoạt động trong hệ thống."))
    if not agency.is_active:
        raise StateConflict(_("%(agency)s đã thôi hoạt động từ trước.") % {"agency": agency.name})
    if successor.pk == agency.pk:
        raise InvalidInput(_("Cơ quan kế thừa phải là một cơ quan khác."))
    if not successor.is_active:
        raise InvalidInput(
            _("Cơ quan kế thừa %(agency)s cũng đã thôi hoạt động.") % {"agency": successor.name}
        )
    result = RetirementDrafts()
    result.draft_assignments = _drafts_follow(agency=agency, successor=successor, by=by)
    now = timezone.now()
    for group in agency.groups.all():
        group.members.remove(agency)
        group.members.add(successor)
        group.edited_at = now
        group.save(update_fields=["edited_at"])
        result.groups.append(group.code)
    if move_members:
        for membership in Membership.objects.filter(agency=agency):
            _obj, created = Membership.objects.get_or_create(
                user_id=membership.user_id, agency=successor, role=membership.role
            )
            result.members += created
    agency.is_active = False
    agency.successor = successor
    agency.retired_on = on_date
    agency.edited_at = now
    agency.save(update_fields=["is_active", "successor", "retired_on", "edited_at"])
    return result
