"""Load the agency registry (the project's copy of agencies.csv and groups.csv), and give the
importer the registry as the database holds it (names, abbreviations, aliases, groups, and the
names of retired agencies, read as their successor's).

The Office keeps the registry in the app; an agency or group it changed there (``edited_at``
set) is left as it is when the shipped files are loaded again, so ``load_agencies`` on every
start never undoes the Office's work."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Q

from tasks_app.importing.registry import Registry as ImporterRegistry
from tasks_app.importing.registry import default_registry
from tasks_app.models import Agency, AgencyGroup, AgencyKind

DATA_DIR = Path(__file__).resolve().parent / "data"


class RegistryError(ValueError):
    """The registry files are inconsistent; the message is for the operator."""


@dataclass(frozen=True)
class RegistryLoadResult:
    created: int
    updated: int
    unchanged: int
    kept: int = 0  # changed by the Office in the app: left as they are


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def _aliases(row: dict[str, str]) -> list[str]:
    """The ";"-separated aliases column (absent in older copies of the file)."""
    return [" ".join(a.split()) for a in (row.get("aliases") or "").split(";") if a.strip()]


def _validate(agencies: list[dict[str, str]], groups: list[dict[str, str]]) -> None:
    codes = [row["code"] for row in agencies]
    group_codes = {row["code"] for row in groups}
    names = {row["name"].casefold(): row["code"] for row in agencies}
    seen: set[str] = set()
    for line, row in enumerate(agencies, start=2):
        code = row["code"]
        if not code:
            raise RegistryError(f"Dòng {line}: thiếu mã cơ quan.")
        if code in seen:
            raise RegistryError(f"Dòng {line}: mã cơ quan {code} bị trùng.")
        seen.add(code)
        if row["kind"] not in AgencyKind.values:
            raise RegistryError(f"Dòng {line}: loại cơ quan không hợp lệ: {row['kind']!r}.")
        if row["parent"] and row["parent"] not in codes:
            raise RegistryError(f"Dòng {line}: cơ quan cấp trên {row['parent']} không có.")
        for group in filter(None, row["groups"].split(";")):
            if group not in group_codes:
                raise RegistryError(f"Dòng {line}: nhóm {group} không có trong groups.csv.")
        abbreviation = " ".join((row.get("abbreviation") or "").split())
        for alias in [*([abbreviation] if abbreviation else []), *_aliases(row)]:
            owner = names.setdefault(alias.casefold(), code)
            if owner != code:
                raise RegistryError(
                    f"Dòng {line}: tên gọi khác “{alias}” trùng với tên của cơ quan {owner}."
                )


@transaction.atomic
def registry_load(
    *, agencies_path: Path = DATA_DIR / "agencies.csv", groups_path: Path = DATA_DIR / "groups.csv"
) -> RegistryLoadResult:
    """Create or update agencies and groups from the CSV files; running it twice changes nothing."""
    agencies = _read_csv(agencies_path)
    groups = _read_csv(groups_path)
    _validate(agencies, groups)
    created = updated = unchanged = kept = 0
    new: set[object] = set()
    edited: set[object] = set()

    def upsert(model, code: str, values: dict) -> object:
        nonlocal created, updated, unchanged, kept
        obj = model.objects.filter(code=code).first()
        if obj is None:
            created += 1
            obj = model.objects.create(code=code, **values)
            new.add(obj)
            return obj
        if obj.edited_at is not None:
            kept += 1
            edited.add(obj)
            return obj
        if any(getattr(obj, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(obj, k, v)
            obj.save()
            updated += 1
        else:
            unchanged += 1
        return obj

    group_objs = {
        row["code"]: upsert(
            AgencyGroup, row["code"], {"name": row["name"], "meaning": row["meaning"]}
        )
        for row in groups
    }
    agency_objs = {
        row["code"]: upsert(
            Agency,
            row["code"],
            {
                "name": row["name"],
                "kind": row["kind"],
                "abbreviation": " ".join((row.get("abbreviation") or "").split()),
                "aliases": _aliases(row),
            },
        )
        for row in agencies
    }
    for row in agencies:
        agency = agency_objs[row["code"]]
        if agency in edited:
            continue
        parent = agency_objs.get(row["parent"]) if row["parent"] else None
        if agency.parent_id != (parent.pk if parent else None):
            agency.parent = parent
            agency.save(update_fields=["parent"])
            updated += agency not in new
    for code, group in group_objs.items():
        if group in edited:
            continue
        wanted = {
            agency_objs[row["code"]].pk for row in agencies if code in row["groups"].split(";")
        }
        current = set(group.members.values_list("pk", flat=True))
        if wanted != current:
            group.members.set(wanted)
            updated += group not in new
    return RegistryLoadResult(created=created, updated=updated, unchanged=unchanged, kept=kept)


def importer_registry() -> ImporterRegistry:
    """The registry as the importer sees it, read from the database: active agencies with
    their abbreviation and aliases, and groups; a retired agency's names are read as its
    successor's. Before the registry is loaded, the shipped copy is used."""
    if not Agency.objects.exists():
        return default_registry()
    groups = list(AgencyGroup.objects.prefetch_related("members"))
    membership: dict[int, list[str]] = {}
    for group in groups:
        for agency in group.members.all():
            membership.setdefault(agency.pk, []).append(group.code)
    agencies = [
        {
            "code": a.code,
            "name": a.name,
            "kind": a.kind,
            "parent": a.parent.code if a.parent_id else "",
            "groups": membership.get(a.pk, []),
            "aliases": [*([a.abbreviation] if a.abbreviation else []), *(a.aliases or [])],
            "successor": "" if a.is_active else a.successor.code,
        }
        for a in Agency.objects.filter(Q(is_active=True) | Q(successor__isnull=False))
        .select_related("parent", "successor")
        .order_by("code")
    ]
    return ImporterRegistry.from_rows(agencies, [{"code": g.code, "name": g.name} for g in groups])
