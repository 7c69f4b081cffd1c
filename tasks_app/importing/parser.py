"""Turn notice text into a NoticeDraft: directives, their leads, coordinators and deadlines.

The whole document is read: the main text and the plans or appendices attached after its
signature. Every item of the outline (``outline``) is a candidate directive; a list of items
none of which assigns work (purposes, criteria) yields none, nor do assessments and the formal
articles of a decision. Leads come from each clause's roles (``roles``); an item without a
subject takes the lead its list names once ("HĐND tỉnh đề nghị UBND tỉnh …:").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .directive import DirectiveState, Facts, Reader
from .draft import DirectiveDraft, NoticeDraft
from .errors import NoticeFormatError, _, gettext_noop
from .layout import Para, split_document
from .meta import parse_meta
from .outline import ARTICLE, ROOT, SECTION, Node, Unit, build_outline, item_ref, units
from .registry import Registry
from .tables import TableRow, split_tables, table_units
from .text import fold, normalize_text

NO_DIRECTIVES = gettext_noop(
    "Không tìm thấy nhiệm vụ nào trong văn bản: cần có các mục đánh số “1.”, “2.”… "
    "giao việc cho cơ quan thực hiện."
)
_ASSIGNING_WORD_RE = re.compile(r"(?<!\w)(?:giao|đề nghị|yêu cầu|phân công|chủ trì)(?!\w)")
_PART_PREFIXES = {"phụ lục": "PL", "kế hoạch": "KH", "chương trình": "CT", "quy chế": "QC"}
MAX_REF = 16


@dataclass
class _Candidate:
    unit: Unit
    state: DirectiveState
    chapeau: Node | None
    chapeau_leads: list[str]


SCANNED = gettext_noop(
    "Văn bản được đọc từ bản quét bằng nhận dạng chữ (OCR): cần đối chiếu số hiệu, ngày tháng, "
    "tên cơ quan và thời hạn với bản quét."
)


def parse_notice_text(text: str, registry: Registry, *, scanned: bool = False) -> NoticeDraft:
    """Parse a notice; raise NoticeFormatError when it holds no directive. ``scanned``: the
    text comes from OCR, which the notice's review reasons then say."""
    source = normalize_text(text)
    document = split_document(source)
    meta, notice_reasons = parse_meta(document, registry)
    reader = Reader(registry, meta.date)
    candidates: list[_Candidate] = []
    tables: list[tuple[int, TableRow]] = []
    for part in document.parts:
        rows, body = split_tables(part.body)
        root = build_outline(replace(part, body=body))
        leads_of: dict[int, list[str]] = {}
        for unit in units(root, part.index):
            chapeau, leads = _chapeau(reader, unit, leads_of)
            state = DirectiveState(reader, leads)
            for para in unit.context:
                state.read_context(reader.facts(para))
            for k, para in enumerate(unit.paras):
                heading = k == 0 and len(unit.paras) > 1 and len(para.text.split()) <= 20
                state.read_paragraph(reader.facts(para), heading=heading)
            state.finish_reading()
            candidates.append(_Candidate(unit, state, chapeau, leads))
        tables += [(part.index, d) for d in table_units(rows, reader, source)]
    chosen = _select(candidates)
    directives = _finish(chosen, source, document, tables)
    if not directives:
        raise NoticeFormatError(_(NO_DIRECTIVES))
    addressees = next((c.chapeau_leads for c in chosen if c.chapeau_leads), [])
    if scanned:
        notice_reasons.insert(0, _(SCANNED))
    return NoticeDraft(meta, directives, source, addressees, notice_reasons)


def _lead_in(node: Node) -> list[Para]:
    """The paragraphs of a section or article before its first item (at most two)."""
    paras = node.paras if node.kind in (ROOT, ARTICLE) else node.paras[1:]
    return paras[-2:]


def _chapeau(reader: Reader, unit: Unit, cache: dict[int, list[str]]):
    """The nearest enclosing section (or the text itself) whose lead-in names who acts."""
    for node in reversed(unit.containers):
        if id(node) not in cache:
            cache[id(node)] = reader.addressees(_lead_in(node))
        if cache[id(node)]:
            return node, cache[id(node)]
    return None, []


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Drop the lists in which no item assigns work, and articles that assign none."""
    by_list: dict[int, list[_Candidate]] = {}
    for candidate in candidates:
        by_list.setdefault(id(candidate.unit.parent), []).append(candidate)
    chosen = []
    for candidate in candidates:
        unit, state = candidate.unit, candidate.state
        if unit.node.kind == ARTICLE:
            text = " ".join(fold(p.text) for p in unit.paras)
            if state.own_leads or (state.own_unknown and _ASSIGNING_WORD_RE.search(text)):
                chosen.append(candidate)
            continue
        siblings = by_list[id(unit.parent)]
        if any(c.state.own_leads or c.state.own_unknown or c.chapeau_leads for c in siblings):
            chosen.append(candidate)
    return chosen


def _finish(chosen, source: str, document, tables) -> list[DirectiveDraft]:
    parts_used = {c.unit.part for c in chosen} | {part for part, _d in tables}
    by_chapeau: dict[int, list[_Candidate]] = {}
    for candidate in chosen:
        if candidate.chapeau is not None:
            by_chapeau.setdefault(id(candidate.chapeau), []).append(candidate)
    drafts: list[DirectiveDraft] = []
    for candidate in chosen:
        unit, state = candidate.unit, candidate.state
        siblings = by_chapeau.get(id(candidate.chapeau), [])
        others = {code for c in siblings for code in c.state.own_leads}
        state.flag_orphans = bool(others - set(candidate.chapeau_leads)) or (
            not candidate.chapeau_leads
        )
        ref = _ref(unit, document, parts_used)
        state.ref = ref
        if unit.node.duplicate:
            state.note(
                _("Mục %(ref)s: số mục bị trùng với mục trước trong văn bản; cần kiểm tra.")
                % {"ref": ref}
            )
        assignments = state.assignments()
        texts = unit.node.text_paras() + [p.text for p in unit.paras[len(unit.node.paras) :]]
        start, end = unit.paras[0].start, unit.paras[-1].end
        drafts.append(
            DirectiveDraft(
                ref=ref,
                text="\n".join(texts),
                assignments=assignments,
                review_reasons=state.reasons,
                source=source[start:end],
                span=(start, end),
                context="\n".join(p.text for p in unit.context),
                part=unit.part,
            )
        )
    for part, row in tables:
        drafts.append(row.draft(_prefixed(row.ref, document.parts[part], parts_used)))
    return _unique_refs(drafts)


def _ref(unit: Unit, document, parts_used: set[int]) -> str:
    return _prefixed(item_ref(unit), document.parts[unit.part], parts_used)


def _prefixed(ref: str, part, parts_used: set[int]) -> str:
    """Items of an attachment carry its short name when the main text has items too
    ("KH.II.3"); those of an appendix always do ("PL.4", "PL2.4")."""
    if part.index == 0:
        return _fit(ref)
    heading = " ".join(fold(part.heading).split())
    kind = next((k for k in _PART_PREFIXES if heading.startswith(k)), "")
    number = heading[len(kind) :].replace("số", "").strip().upper() if kind else ""
    prefix = _PART_PREFIXES.get(kind) or "".join(w[0] for w in heading.split()[:2]).upper()
    if kind == "phụ lục" or len(parts_used) > 1:
        return _fit(f"{prefix}{_arabic(number)}.{ref}")
    return _fit(ref)


def _arabic(number: str) -> str:
    roman = {"I": 1, "V": 5, "X": 10}
    if number and all(c in roman for c in number):
        values = [roman[c] for c in number]
        total = sum(-v if v < w else v for v, w in zip(values, [*values[1:], 0], strict=True))
        return str(total)
    return number


def _fit(ref: str) -> str:
    if len(ref) > MAX_REF:
        ref = ref.replace("Điều ", "Đ")
    return ref[-MAX_REF:]


def _unique_refs(drafts: list[DirectiveDraft]) -> list[DirectiveDraft]:
    seen: dict[str, int] = {}
    for draft in drafts:
        count = seen[draft.ref] = seen.get(draft.ref, 0) + 1
        if count > 1:
            draft.ref = _fit(f"{draft.ref}({count})")
    return drafts


__all__ = ["NO_DIRECTIVES", "SECTION", "Facts", "parse_notice_text"]
