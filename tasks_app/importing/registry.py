"""Registry of agencies and agency groups that notices can address."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Agency:
    code: str
    name: str
    kind: str = ""
    parent: str = ""
    groups: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other names and abbreviations the Office recorded


@dataclass(frozen=True)
class Group:
    code: str
    name: str


def _split_list(value) -> tuple[str, ...]:
    """A list of strings, or one string of items separated by ";"."""
    if not value:
        return ()
    if isinstance(value, str):
        value = value.split(";")
    return tuple(" ".join(str(item).split()) for item in value if item and str(item).strip())


class Registry:
    """Agencies and groups by code, in registry order."""

    def __init__(self, agencies: Iterable[Agency], groups: Iterable[Group]):
        self.agencies: dict[str, Agency] = {a.code: a for a in agencies}
        self.groups: dict[str, Group] = {g.code: g for g in groups}
        self.cache: dict[str, object] = {}  # derived data (the agency matcher) built on demand

    @classmethod
    def from_rows(cls, agencies: Iterable[Mapping], groups: Iterable[Mapping] = ()) -> Registry:
        """Rows with keys code, name, kind, parent, groups and aliases (each a list or "A;B").

        A row with a ``successor`` code is a retired agency: it is not an agency of the
        registry, but its name and aliases are read as names of its successor (followed to the
        last one), so that old notices still resolve to who carries the work today."""
        rows = [dict(row) for row in agencies]
        successor = {
            str(row["code"]).strip(): str(row["successor"]).strip()
            for row in rows
            if str(row.get("successor") or "").strip()
        }
        inherited: dict[str, list[str]] = {}
        for row in rows:
            code = str(row["code"]).strip()
            if code in successor:
                heir = _last(code, successor)
                names = [str(row["name"]), *_split_list(row.get("aliases"))]
                inherited.setdefault(heir, []).extend(names)
        return cls(
            [
                Agency(
                    code=str(row["code"]).strip(),
                    name=" ".join(str(row["name"]).split()),
                    kind=(row.get("kind") or "").strip(),
                    parent=(row.get("parent") or "").strip(),
                    groups=_split_list(row.get("groups")),
                    aliases=_split_list(row.get("aliases"))
                    + _split_list(inherited.get(str(row["code"]).strip(), [])),
                )
                for row in rows
                if str(row["code"]).strip() not in successor
            ],
            [
                Group(code=str(row["code"]).strip(), name=" ".join(str(row["name"]).split()))
                for row in groups
            ],
        )

    @classmethod
    def from_csv(cls, agencies_path: str | Path, groups_path: str | Path) -> Registry:
        return cls.from_rows(_read_csv(agencies_path), _read_csv(groups_path))

    def members(self, group_code: str) -> list[str]:
        """Codes of the agencies belonging to ``group_code``."""
        return [a.code for a in self.agencies.values() if group_code in a.groups]

    def is_group(self, code: str) -> bool:
        return code in self.groups

    def name_of(self, code: str) -> str:
        entry = self.agencies.get(code) or self.groups.get(code)
        return entry.name if entry else code

    def __contains__(self, code: object) -> bool:
        return code in self.agencies or code in self.groups

    def __repr__(self) -> str:
        return f"<Registry {len(self.agencies)} agencies, {len(self.groups)} groups>"


def _last(code: str, successor: dict[str, str]) -> str:
    """The agency that carries ``code``'s work today (a chain of successions is followed)."""
    seen = {code}
    while code in successor and successor[code] not in seen:
        code = successor[code]
        seen.add(code)
    return code


def _read_csv(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The registry shipped in ``tasks_app/data/``."""
    return Registry.from_csv(DATA_DIR / "agencies.csv", DATA_DIR / "groups.csv")
