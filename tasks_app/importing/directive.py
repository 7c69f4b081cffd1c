"""Read one candidate directive clause by clause: who leads, who coordinates, by when.

``Reader`` turns a paragraph into the facts of its clauses; ``DirectiveState`` follows the
current lead through the paragraphs of one item and yields its assignments and the reasons a
person must look at it (``review_reasons``, in Vietnamese)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .agencies import get_matcher
from .dates import DateHit, find_deadlines, find_periods, find_recurrence, has_vague_recurrence
from .draft import AssignmentDraft, Milestone
from .errors import _
from .layout import Para
from .registry import Registry
from .roles import ClauseRoles, analyse_clause, split_clauses
from .text import fold

_UNKNOWN_LEAD = "?"
_PERIOD_ORDER = ("monthly", "quarterly", "semiannual", "annual")


@dataclass
class Facts:
    """What one clause says: roles of its mentions, deadlines, recurrence, periods."""

    text: str
    roles: ClauseRoles
    deadlines: list[DateHit]
    recurrence: str | None
    vague_recurrence: bool
    periods: list[str]
    first_in_sentence: bool

    @property
    def lead_codes(self) -> list[str]:
        return _unique(m.code for m in self.roles.lead_mentions)


@dataclass
class _Lead:
    coordinators: list[str] = field(default_factory=list)
    deadlines: list[tuple[DateHit, str]] = field(default_factory=list)
    recurrences: set[str] = field(default_factory=set)
    periods: list[str] = field(default_factory=list)
    inherited: bool = False


def _unique(codes) -> list[str]:
    return list(dict.fromkeys(c for c in codes if c))


_MARKER_RE = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\s*[.)]|[a-zđ]\s*[.)]|[-+•*])\s*")


def _snippet(text: str, words: int = 8) -> str:
    parts = _MARKER_RE.sub("", text).split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


class Reader:
    def __init__(self, registry: Registry, notice_date: date | None):
        self.registry = registry
        self.matcher = get_matcher(registry)
        self.notice_date = notice_date

    def facts(self, para: Para | str) -> list[Facts]:
        text = para if isinstance(para, str) else para.text
        folded = fold(text)
        mentions = self.matcher.find(text)
        out: list[Facts] = []
        previous: ClauseRoles | None = None
        for clause in split_clauses(text, folded):
            inside = [m for m in mentions if clause.start <= m.start and m.end <= clause.end]
            piece = text[clause.start : clause.end]
            folded_piece = folded[clause.start : clause.end]
            roles = analyse_clause(folded, clause, inside, previous)
            previous = roles
            deadlines = find_deadlines(piece, self.notice_date, folded_piece)
            periods = [
                p for p in find_periods(piece, folded_piece)
                if not any(p in hit.raw or hit.raw in p for hit in deadlines)
            ]  # fmt: skip
            out.append(
                Facts(
                    text=piece,
                    roles=roles,
                    deadlines=deadlines,
                    recurrence=find_recurrence(piece, folded_piece),
                    vague_recurrence=has_vague_recurrence(piece, folded_piece),
                    periods=periods,
                    first_in_sentence=clause.first_in_sentence,
                )
            )
        return out

    def addressees(self, paras: list[Para]) -> list[str]:
        """Who a list is addressed to: the leads of the last sentence, in the lead-in, that
        names some (the paragraph ending with ":" first)."""
        ordered = sorted(reversed(paras), key=lambda p: not p.text.rstrip().endswith(":"))
        for para in ordered:
            sentences: list[list[str]] = []
            for facts in self.facts(para):
                if facts.first_in_sentence or not sentences:
                    sentences.append([])
                sentences[-1] += facts.lead_codes
            for codes in reversed(sentences):
                if codes:
                    return _unique(codes)
        return []

    def name(self, code: str) -> str:
        name = self.registry.name_of(code)
        first, _sep, rest = name.partition(" ")
        return f"{first.lower()} {rest}" if first in ("Các", "Cấp") else name


class DirectiveState:
    """Follows the current lead through the clauses of one directive."""

    def __init__(self, reader: Reader, addressees: list[str]):
        self.reader = reader
        self.addressees = addressees
        self.ref = "?"
        self.current: list[str] = []
        self.held: list[Facts] = []  # lead-in facts waiting for the sub-item that uses them
        self.leads: dict[str, _Lead] = {}
        self.directed: set[str] = set()  # agencies the current lead directs ("chỉ đạo X")
        self.own_leads: list[str] = []  # leads named by the item or its parent items
        self.own_unknown = False  # a subject missing from the registry
        self.orphans: list[str] = []  # first words of passages that name no subject
        self.flag_orphans = True
        self.heading: list[Facts] = []  # a heading line waiting for the lead that follows
        self._pending: list[tuple[str, dict]] = []  # reasons, formatted once the ref is known

    # -- reading -----------------------------------------------------------------------------
    def read_context(self, clauses: list[Facts]) -> None:
        for facts in clauses:
            if facts.lead_codes:
                self._own(facts.lead_codes)
                self.current, self.held = facts.lead_codes, [facts]
            elif self.current:
                self.held.append(facts)

    def read_paragraph(self, clauses: list[Facts], heading: bool = False) -> None:
        """``heading``: the item's short first line ("Bước 4: Lập Đề án …"), which belongs to
        the lead the next paragraphs name."""
        orphans: list[Facts] = list(self.heading)
        self.heading = []
        for facts in clauses:
            self._note_unknown(facts.roles)
            codes = facts.lead_codes
            if codes and self.current and set(codes) <= self.directed:
                codes = []  # the agency the lead directs acts for it ("… chỉ đạo CA tỉnh: …")
            if codes:
                self._own(codes)
                self.current, self.held = codes, []
                for orphan in orphans:  # the item's heading sentence belongs to its subject
                    self._apply(orphan, self.current)
                orphans = []
            elif facts.roles.unknown_subjects and not (facts.roles.leads or codes):
                self.own_unknown = True
                self.current, self.held = [_UNKNOWN_LEAD], []
            elif not self.current:
                orphans.append(facts)
                continue
            for held in self.held:
                self._apply(held, self.current)
            self.held = []
            self._apply(facts, self.current)
        if orphans and heading:
            self.heading = orphans
        elif orphans:
            self._inherit(orphans)

    def finish_reading(self) -> None:
        if self.heading:
            self._inherit(self.heading)
            self.heading = []

    def _own(self, codes: list[str]) -> None:
        self.own_leads = _unique([*self.own_leads, *codes])
        self.directed = set()

    def _inherit(self, orphans: list[Facts]) -> None:
        """Passages without a subject go to the list's addressees."""
        self.orphans.append(_snippet(orphans[0].text))
        for facts in orphans:
            self._apply(facts, self.addressees, inherited=True)

    def _apply(self, facts: Facts, leads: list[str], inherited: bool = False) -> None:
        for hit in facts.deadlines:
            if hit.error:
                self._reason(_("Mục %(ref)s: %(error)s"), error=hit.error)
            if hit.note:
                self._reason(_("Mục %(ref)s: %(error)s"), error=hit.note)
        if facts.vague_recurrence and not facts.recurrence:
            self._reason(
                _(
                    "Mục %(ref)s: có yêu cầu thực hiện định kỳ nhưng không nêu chu kỳ "
                    "(hằng tháng, hằng quý, 6 tháng, hằng năm); cần chọn chu kỳ."
                )
            )
        if _UNKNOWN_LEAD not in leads:
            self.directed |= {m.code for m in facts.roles.directed if m.code}
        coordinators = _unique(m.code for m in facts.roles.coordinators)
        for code in leads:
            if code == _UNKNOWN_LEAD:
                continue
            lead = self.leads.setdefault(code, _Lead(inherited=inherited))
            lead.inherited = lead.inherited and inherited
            lead.coordinators += [
                c for c in coordinators if c != code and c not in lead.coordinators
            ]
            lead.deadlines += [(hit, facts.text) for hit in facts.deadlines if hit.due]
            lead.periods += facts.periods
            if facts.recurrence:
                lead.recurrences.add(facts.recurrence)

    def _note_unknown(self, roles: ClauseRoles) -> None:
        for mention in roles.unknown_subjects + roles.unknown_roles:
            self._reason(
                _(
                    "Mục %(ref)s: “%(name)s” không có trong danh mục cơ quan; cần chọn cơ "
                    "quan tương ứng hoặc bổ sung danh mục."
                ),
                name=mention.text,
            )

    def _reason(self, template: str, **params) -> None:
        entry = (template, params)
        if entry not in self._pending:
            self._pending.append(entry)

    def note(self, text: str) -> None:
        self.reasons.append(text)

    # -- result ------------------------------------------------------------------------------
    @property
    def reasons(self) -> list[str]:
        if not hasattr(self, "_reasons"):
            self._reasons: list[str] = []
        return self._reasons

    def assignments(self) -> list[AssignmentDraft]:
        result = []
        front = self._orphan_reason()
        for code, lead in self.leads.items():
            result.append(self._assignment(code, lead))
        if not result and not self._pending and not front:
            self._reason(_("Mục %(ref)s: không xác định được cơ quan chủ trì."))
        formatted = [template % {"ref": self.ref, **params} for template, params in self._pending]
        self.reasons[:0] = front + [r for r in formatted if r not in self.reasons]
        return result

    def _assignment(self, code: str, lead: _Lead) -> AssignmentDraft:
        steps: dict[tuple[date, str], None] = {}
        for hit, text in sorted(lead.deadlines, key=lambda pair: pair[0].due):
            steps[(hit.due, " ".join(text.split()).strip(" ;,.") or hit.raw)] = None
        milestones = [Milestone(day, text) for day, text in steps]
        dues = sorted({m.date for m in milestones})
        if len(dues) > 1:
            shown = ", ".join(d.strftime("%d/%m/%Y") for d in dues)
            self._reason(
                _(
                    "Mục %(ref)s: %(agency)s có %(count)s mốc thời hạn (%(dates)s); thời hạn "
                    "của phân công là mốc cuối, các mốc trước được giữ làm mốc trung gian; cần "
                    "kiểm tra lại."
                ),
                agency=self.reader.name(code),
                count=len(dues),
                dates=shown,
            )
        notice_date = self.reader.notice_date
        if dues and notice_date and dues[0] < notice_date:
            self._reason(
                _("Mục %(ref)s: thời hạn %(date)s trước ngày ban hành văn bản; cần kiểm tra."),
                date=dues[0].strftime("%d/%m/%Y"),
            )
        if not dues and lead.periods:
            self._reason(
                _(
                    "Mục %(ref)s: “%(period)s” là một khoảng thời gian, không phải thời hạn; "
                    "cần xác định thời hạn (nếu có)."
                ),
                period=lead.periods[0],
            )
        recurrence = next((p for p in _PERIOD_ORDER if p in lead.recurrences), None)
        return AssignmentDraft(
            lead=code,
            coordinators=list(lead.coordinators),
            due=dues[-1] if dues else None,
            recurrence=recurrence,
            inherited=lead.inherited,
            milestones=milestones,
        )

    def _orphan_reason(self) -> list[str]:
        if not self.orphans or (not self.flag_orphans and self.addressees):
            return []
        whole = all(lead.inherited for lead in self.leads.values())
        names = ", ".join(self.reader.name(c) for c in self.addressees)
        return [_orphan_reason_text(self.ref, self.orphans, whole, names)]


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
