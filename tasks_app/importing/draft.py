"""Drafts produced by the importer; ``to_json_dict`` gives the ``import_notice --json`` shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Milestone:
    """A dated step of an assignment: the date and the passage that sets it."""

    date: date
    text: str

    def to_json_dict(self) -> dict:
        return {"date": self.date.isoformat(), "text": self.text}


@dataclass
class AssignmentDraft:
    """One lead agency (or group) of a directive."""

    lead: str
    coordinators: list[str] = field(default_factory=list)
    due: date | None = None  # the last milestone
    recurrence: str | None = None
    inherited: bool = False  # the lead comes from the notice's addressees, not the item
    milestones: list[Milestone] = field(default_factory=list)  # every dated step, in order

    def to_json_dict(self) -> dict:
        data = {
            "lead": self.lead,
            "coordinators": list(self.coordinators),
            "due": self.due.isoformat() if self.due else None,
            "recurrence": self.recurrence,
        }
        if len(self.milestones) > 1:  # an extra key, only where there are several steps
            data["milestones"] = [m.to_json_dict() for m in self.milestones]
        return data


@dataclass
class DirectiveDraft:
    """A numbered item (or sub-item, or the closing "Ngoài ra" paragraph) of the notice."""

    ref: str
    text: str
    assignments: list[AssignmentDraft] = field(default_factory=list)
    review_reasons: list[str] = field(default_factory=list)
    source: str = ""  # the raw passage, as in the normalised source text
    span: tuple[int, int] = (0, 0)  # offsets of ``source`` in NoticeDraft.source_text
    context: str = ""  # lead-in of the parent item for a sub-item ("2. Ban X thực hiện: …")
    part: int = 0  # 0: the main text; 1, 2 …: the plans and appendices attached to it

    @property
    def needs_review(self) -> bool:
        return bool(self.review_reasons)

    def to_json_dict(self) -> dict:
        return {
            "ref": self.ref,
            "text": self.text,
            "needs_review": self.needs_review,
            "assignments": [a.to_json_dict() for a in self.assignments],
        }


@dataclass
class NoticeMeta:
    number: str = ""
    date: date | None = None
    issuer: str = ""
    title: str = ""
    signer: str = ""
    signer_title: str = ""
    recipients: list[str] = field(default_factory=list)
    place: str = ""  # "Tiền Giang" from the date line

    def to_json_dict(self) -> dict:
        return {
            "number": self.number,
            "date": self.date.isoformat() if self.date else None,
            "issuer": self.issuer,
            "title": self.title,
            "signer": self.signer,
            "signer_title": self.signer_title,
            "recipients": list(self.recipients),
        }


@dataclass
class NoticeDraft:
    notice: NoticeMeta
    directives: list[DirectiveDraft]
    source_text: str = ""  # normalised text (NFC, LF) the offsets refer to
    addressees: list[str] = field(default_factory=list)  # codes the notice addresses as a whole
    review_reasons: list[str] = field(default_factory=list)  # notice-level (missing number …)

    @property
    def needs_review(self) -> bool:
        return bool(self.review_reasons) or any(d.needs_review for d in self.directives)

    def to_json_dict(self) -> dict:
        return {
            "notice": self.notice.to_json_dict(),
            "directives": [d.to_json_dict() for d in self.directives],
        }
