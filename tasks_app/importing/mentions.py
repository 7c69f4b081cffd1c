"""A mention of an agency, group or body in a text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mention:
    """A named agency (kind "agency"), group ("group"), non-assignable body ("body") or an
    agency-like phrase missing from the registry ("unknown"); offsets into the analysed text."""

    start: int
    end: int
    code: str | None
    kind: str
    text: str

    @property
    def assignable(self) -> bool:
        return self.kind in ("agency", "group")
