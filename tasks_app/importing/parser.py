"""Turn notice text into a NoticeDraft: directives, their leads, coordinators and deadlines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .agencies import get_matcher
from .dates import DateHit, find_deadlines, find_recurrence, has_vague_recurrence
from .draft import AssignmentDraft, DirectiveDraft, NoticeDraft
from .errors import NoticeFormatError, _, gettext_noop
from .meta import parse_meta
from .registry import Registry
from .roles import ClauseRoles, analyse_clause, split_clauses
from .structure import Block, Para, split_layout, strip_marker
from .text import fold, normalize_text

NO_DIRECTIVES = gettext_noop(
    "Không tìm thấy nhiệm vụ nào trong văn bản: cần có các mục đánh số “1.”, “2.”… "
    "giao việc cho cơ quan thực hiện."
)
_UNKNOWN_LEAD = "?"
_PERIOD_ORDER = ("monthly", "quarterly", "semiannual", "annual")


@dataclass
class _Facts:
    """What one clause says: roles of its mentions, deadlines, recurrence."""

    text: str
    roles: ClauseRoles
    deadlines: list[DateHit]
    recurrence: str | None
    vague_recurrence: bool

    @property
    def lead_codes(self) -> list[str]:
        return _unique(m.code for m in self.roles.lead_mentions)


@dataclass
class _Lead:
    coordinators: list[str] = field(default_factory=list)
    deadlines: list[DateHit] = field(default_factory=list)
    recurrences: set[str] = field(default_factory=set)
    inherited: bool = False


def parse_notice_text(text: str, registry: Registry) -> NoticeDraft:
    """Parse a notice; raise NoticeFormatError when it holds no directive."""
    source = normalize_text(text)
    layout = split_layout(source)
    meta, notice_reasons = parse_meta(layout, registry)
    parser = _DirectiveParser(registry, meta.date)
    addressees = parser.addressees(layout.addressee_paras)
    directives = [parser.directive(block, addressees, source) for block in layout.blocks]
    if not directives:
        raise NoticeFormatError(_(NO_DIRECTIVES))
    return NoticeDraft(meta, directives, source, addressees, notice_reasons)


def _unique(codes) -> list[str]:
    return list(dict.fromkeys(c for c in codes if c))


class _DirectiveParser:
    def __init__(self, registry: Registry, notice_date: date | None):
        self.registry = registry
        self.matcher = get_matcher(registry)
        self.notice_date = notice_date

    def facts(self, para: Para) -> list[_Facts]:
        text = para.text
        folded = fold(text)
        mentions = self.matcher.find(text)
        out = []
        for clause in split_clauses(text):
            inside = [m for m in mentions if clause.start <= m.start and m.end <= clause.end]
            piece = text[clause.start : clause.end]
            folded_piece = folded[clause.start : clause.end]
            out.append(
                _Facts(
                    text=piece,
                    roles=analyse_clause(folded, clause, inside),
                    deadlines=find_deadlines(piece, self.notice_date, folded_piece),
                    recurrence=find_recurrence(piece, folded_piece),
                    vague_recurrence=has_vague_recurrence(piece, folded_piece),
                )
            )
        return out

    def addressees(self, paras: list[Para]) -> list[str]:
        """Who the notice addresses as a whole: the subject of the paragraph before item 1."""
        ordered = sorted(reversed(paras), key=lambda p: not p.text.rstrip().endswith(":"))
        for para in ordered:
            codes = _unique(c for facts in self.facts(para) for c in facts.lead_codes)
            if codes:
                return codes
        return []

    def directive(self, block: Block, addressees: list[str], source: str) -> DirectiveDraft:
        state = _DirectiveState(self, block.ref, addressees)
        for para in block.context:
            state.read_context(self.facts(para))
        for para in block.paras:
            state.read_paragraph(self.facts(para))
        texts = [strip_marker(block.paras[0].text, block.marker)]
        texts += [p.text for p in block.paras[1:]]
        return DirectiveDraft(
            ref=block.ref,
            text="\n".join(texts),
            assignments=state.assignments(),
            review_reasons=state.reasons,
            source=source[block.start : block.end],
            span=(block.start, block.end),
            context="\n".join(p.text for p in block.context),
        )


class _DirectiveState:
    """Follows the current lead through the clauses of one directive."""

    def __init__(self, parser: _DirectiveParser, ref: str, addressees: list[str]):
        self.parser = parser
        self.ref = ref
        self.addressees = addressees
        self.current: list[str] = []
        self.held: list[_Facts] = []  # lead-in facts waiting for the sub-item that uses them
        self.leads: dict[str, _Lead] = {}
        self.reasons: list[str] = []
        self.orphans: list[str] = []  # first words of passages that name no subject

    # -- reading -----------------------------------------------------------------------------
    def read_context(self, clauses: list[_Facts]) -> None:
        for facts in clauses:
            if facts.lead_codes:
                self.current, self.held = facts.lead_codes, [facts]
            elif self.current:
                self.held.append(facts)

    def read_paragraph(self, clauses: list[_Facts]) -> None:
        orphans: list[_Facts] = []
        for facts in clauses:
            self._note_unknown(facts.roles)
            if facts.lead_codes:
                self.current, self.held = facts.lead_codes, []
                for orphan in orphans:  # the item's heading sentence belongs to its subject
                    self._apply(orphan, self.current)
                orphans = []
            elif facts.roles.unknown_subjects:
                self.current, self.held = [_UNKNOWN_LEAD], []
            elif not self.current:
                orphans.append(facts)
                continue
            for held in self.held:
                self._apply(held, self.current)
            self.held = []
            self._apply(facts, self.current)
        if orphans:
            self._inherit(orphans)

    def _inherit(self, orphans: list[_Facts]) -> None:
        """Passages without a subject go to the notice's addressees, flagged for review."""
        self.orphans.append(_snippet(strip_marker(orphans[0].text, None)))
        for facts in orphans:
            self._apply(facts, self.addressees, inherited=True)

    def _apply(self, facts: _Facts, leads: list[str], inherited: bool = False) -> None:
        for hit in facts.deadlines:
            if hit.error:
                self._reason(_("Mục %(ref)s: %(error)s") % {"ref": self.ref, "error": hit.error})
        if facts.vague_recurrence and not facts.recurrence:
            self._reason(
                _(
                    "Mục %(ref)s: có yêu cầu thực hiện định kỳ nhưng không nêu chu kỳ "
                    "(hằng tháng, hằng quý, 6 tháng, hằng năm); cần chọn chu kỳ."
                )
                % {"ref": self.ref}
            )
        coordinators = _unique(m.code for m in facts.roles.coordinators)
        for code in leads:
            if code == _UNKNOWN_LEAD:
                continue
            lead = self.leads.setdefault(code, _Lead(inherited=inherited))
            lead.inherited = lead.inherited and inherited
            lead.coordinators += [
                c for c in coordinators if c != code and c not in lead.coordinators
            ]
            lead.deadlines += [hit for hit in facts.deadlines if hit.due]
            if facts.recurrence:
                lead.recurrences.add(facts.recurrence)

    def _note_unknown(self, roles: ClauseRoles) -> None:
        for mention in roles.unknown_subjects + roles.unknown_roles:
            self._reason(
                _(
                    "Mục %(ref)s: “%(name)s” không có trong danh mục cơ quan; cần chọn cơ "
                    "quan tương ứng hoặc bổ sung danh mục."
                )
                % {"ref": self.ref, "name": mention.text}
            )

    def _orphan_reason(self) -> None:
        if not self.orphans:
            return
        whole = all(lead.inherited for lead in self.leads.values())
        names = ", ".join(self._name(c) for c in self.addressees)
        self.reasons.insert(0, _orphan_reason_text(self.ref, self.orphans, whole, names))

    def _name(self, code: str) -> str:
        name = self.parser.registry.name_of(code)
        first, _sep, rest = name.partition(" ")
        return f"{first.lower()} {rest}" if first in ("Các", "Cấp") else name

    def _reason(self, text: str) -> None:
        if text not in self.reasons:
            self.reasons.append(text)

    # -- result ------------------------------------------------------------------------------
    def assignments(self) -> list[AssignmentDraft]:
        self._orphan_reason()
        result = []
        for code, lead in self.leads.items():
            dues = sorted({hit.due for hit in lead.deadlines})
            if len(dues) > 1:
                shown = ", ".join(d.strftime("%d/%m/%Y") for d in dues)
                self._reason(
                    _(
                        "Mục %(ref)s: có nhiều thời hạn khác nhau cho %(agency)s (%(dates)s); "
                        "tạm lấy ngày sớm nhất, cần kiểm tra lại."
                    )
                    % {"ref": self.ref, "agency": self._name(code), "dates": shown}
                )
            recurrence = next((p for p in _PERIOD_ORDER if p in lead.recurrences), None)
            result.append(
                AssignmentDraft(
                    lead=code,
                    coordinators=list(lead.coordinators),
                    due=dues[0] if dues else None,
                    recurrence=recurrence,
                    inherited=lead.inherited,
                )
            )
        if not result and not self.reasons:
            self._reason(_("Mục %(ref)s: không xác định được cơ quan chủ trì.") % {"ref": self.ref})
        return result


def _orphan_reason_text(ref: str, orphans: list[str], whole: bool, names: str) -> str:
    if whole:
        where = _("Mục %(ref)s") % {"ref": ref}
    else:
        where = _("Mục %(ref)s: đoạn “%(passage)s”") % {"ref": ref, "passage": orphans[0]}
    if not names:
        return _(
            "%(where)s không nêu cơ quan chủ trì và văn bản không nêu đối tượng thực hiện chung; "
            "cần chỉ định cơ quan chủ trì."
        ) % {"where": where}
    return _(
        "%(where)s không nêu cơ quan chủ trì; tạm giao cho các cơ quan được thông báo ở phần mở "
        "đầu (%(agencies)s), cần kiểm tra lại."
    ) % {"where": where, "agencies": names}


def _snippet(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
