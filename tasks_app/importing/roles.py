"""Roles of agency mentions inside a clause: lead, coordinator, report recipient, directed.

A clause is a piece of a sentence between ";" or ":". The subject (lead) is the chain of
mentions that opens the clause, possibly after an introductory adverbial ("Ngoài ra, …") or,
for the first clause, after a subordinate clause ("Để …, X cần …"). Other mentions take the
role of the nearest cue word before them ("phối hợp với", "báo cáo về", "chỉ đạo", "của" …).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .agencies import Mention
from .text import canon_tones

COORD, ASSIGN, DIRECT, RECIPIENT, REFERENCE = "coord", "assign", "direct", "recipient", "ref"

_CUES: dict[str, tuple[str, ...]] = {
    COORD: (
        "phối hợp", "phối hợp với", "phối hợp chặt chẽ với", "phối hợp cùng", "phối hợp, hỗ trợ",
        "phối hợp và hỗ trợ", "hỗ trợ", "cùng với", "cùng", "có sự tham gia của",
        "với sự tham gia của", "sự tham gia của", "với sự phối hợp của", "sự phối hợp của",
    ),
    ASSIGN: (
        "giao", "giao cho", "giao nhiệm vụ cho", "đề nghị", "yêu cầu", "phân công",
        "phân công cho",
    ),
    DIRECT: (
        "lãnh đạo", "chỉ đạo", "lãnh đạo, chỉ đạo", "hướng dẫn", "đôn đốc", "kiểm tra",
        "giám sát", "quán triệt", "tạo điều kiện cho", "tạo điều kiện để",
    ),
    RECIPIENT: (
        "báo cáo", "báo cáo về", "gửi", "gửi về", "qua", "trình", "tham mưu", "tham mưu cho",
        "đề xuất", "đề xuất với", "kiến nghị", "kiến nghị với", "xin ý kiến", "thông qua",
    ),
    REFERENCE: (
        "của", "theo", "tại", "thuộc", "trực thuộc", "do", "đối với", "cho", "từ", "giữa", "về",
        "trong", "ngoài",
    ),
}  # fmt: skip
_CUE_KIND = {canon_tones(p): kind for kind, phrases in _CUES.items() for p in phrases}
CUE_RE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(
        re.escape(p).replace(r"\ ", r"\s+").replace(",", r"\s*,")
        for p in sorted(_CUE_KIND, key=len)[::-1]
    )
    + r")(?!\w)"
)
_CUE_WINDOW = 100

_ISSUER_ASSIGN_CUES = {"chỉ đạo", "lãnh đạo, chỉ đạo"}

_MARKER_RE = re.compile(r"^\s*(?:[-+•*]\s*|\d{1,2}(?:\.\d{1,2})?\s*[.)]\s*|[a-zđ]\s*[.)]\s+)?")
_INTRO_RE = re.compile(
    canon_tones(
        r"^(?:(?:ngoài ra|đồng thời|bên cạnh đó|trong đó|theo đó|mặt khác|trước mắt|tiếp theo|"
        r"sau đó|cùng với đó|đặc biệt|trong thời gian tới|thời gian tới|"
        r"từ nay đến cuối năm(?: \d{4})?|trong năm \d{4}|năm \d{4})\s*,?\s*)*"
        r"(?:riêng\s+(?:đối với\s+)?)?"
    )
)
_ASSIGN_PREFIX_RE = re.compile(
    canon_tones(
        r"(?:(?:thống nhất|đồng ý)(?:\s+chủ trương)?\s+)?"
        r"(?:giao(?:\s+nhiệm vụ)?(?:\s+cho)?|đề nghị|yêu cầu|phân công(?:\s+cho)?)"
    )
)
_SUBORDINATE_RE = re.compile(
    canon_tones(
        r"^(?:để|nhằm|trên cơ sở|căn cứ|qua|sau khi|khi|đối với|với mục tiêu|từ nay đến|"
        r"trong thời gian tới|thời gian tới|về|trước tình hình|trong bối cảnh|với tinh thần|"
        r"thực hiện|phát huy)(?!\w)"
    )
)
_LEAD_AFTER_RE = re.compile(
    canon_tones(r"^\s*(?:\([^)]{0,40}\)\s*)?(?:chủ trì|là cơ quan chủ trì|làm đầu mối|là đầu mối)")
)
_CHAIN_GAP_RE = re.compile(canon_tones(r"^[\s,&]*(?:(?:và|cùng|hoặc)(?!\w)[\s,]*)?$"))

_SENTENCE_END_RE = re.compile(r"[.!?…]+[\"”’)]*\s+")
_NO_BREAK_ABBREVIATIONS = {"tp", "tx", "ts", "ths", "pgs", "gs", "q", "v.v", "đ/c"}
_CLAUSE_CHARS_RE = re.compile(r"[;:()]")
_MARKER_WORD_RE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})?|[IVXivx]{1,4}|[a-zđ])$")


@dataclass(frozen=True)
class Clause:
    start: int
    end: int
    first_in_sentence: bool


@dataclass
class ClauseRoles:
    subjects: list[Mention] = field(default_factory=list)
    leads: list[Mention] = field(default_factory=list)
    coordinators: list[Mention] = field(default_factory=list)
    recipients: list[Mention] = field(default_factory=list)
    directed: list[Mention] = field(default_factory=list)
    unknown_subjects: list[Mention] = field(default_factory=list)
    unknown_roles: list[Mention] = field(default_factory=list)
    issuer_subject: bool = False

    @property
    def lead_mentions(self) -> list[Mention]:
        """Agencies that lead this clause: its subject, or those "giao"/"đề nghị" names."""
        return [m for m in self.subjects + self.leads if m.assignable]


def split_clauses(text: str) -> Iterator[Clause]:
    """Sentences split at ";" and ":" (outside parentheses); offsets into ``text``."""
    for s_start, s_end in _sentences(text):
        start, depth, first = s_start, 0, True
        for match in _CLAUSE_CHARS_RE.finditer(text, s_start, s_end):
            char, i = match.group(), match.start()
            if char == "(":
                depth += 1
            elif char == ")":
                depth = max(0, depth - 1)
            elif depth == 0:
                if text[start:i].strip():
                    yield Clause(start, i, first)
                    first = False
                start = i + 1
        if text[start:s_end].strip():
            yield Clause(start, s_end, first)


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _SENTENCE_END_RE.finditer(text):
        nxt = text[match.end() : match.end() + 2].lstrip('"“(')
        word = re.findall(r"[\w./]+$", text[start : match.start()])
        if not nxt or not (nxt[0].isupper() or nxt[0].isdigit()):
            continue
        if word and word[0].lower() in _NO_BREAK_ABBREVIATIONS:
            continue
        if _MARKER_WORD_RE.match(text[start : match.start()].strip()):
            continue
        yield start, match.end()
        start = match.end()
    if start < len(text):
        yield start, len(text)


def chains(mentions: list[Mention], folded: str) -> list[list[Mention]]:
    """Consecutive mentions separated only by ",", "và", "cùng" or "hoặc"."""
    result: list[list[Mention]] = []
    for mention in mentions:
        if result and _CHAIN_GAP_RE.match(folded[result[-1][-1].end : mention.start]):
            result[-1].append(mention)
        else:
            result.append([mention])
    return result


def analyse_clause(folded: str, clause: Clause, mentions: list[Mention]) -> ClauseRoles:
    """Roles of ``mentions`` (inside ``clause``) given the folded text of the paragraph."""
    roles = ClauseRoles()
    groups = chains(mentions, folded)
    if not groups:
        return roles
    start = 0
    subject_kind = _subject_kind(folded, clause, groups[0])
    if subject_kind:
        _take_subject(roles, groups[0], subject_kind)
        start = 1
    has_agency_subject = bool(roles.subjects) or bool(roles.unknown_subjects)
    for chain in groups[start:]:
        kind, cue = _cue_before(folded, clause.start, chain[0].start)
        if _LEAD_AFTER_RE.match(folded[chain[-1].end : clause.end]):
            kind = ASSIGN
        elif kind == ASSIGN and has_agency_subject:
            kind = DIRECT
        elif kind == DIRECT and roles.issuer_subject and cue in _ISSUER_ASSIGN_CUES:
            kind = ASSIGN
        _file(roles, chain, kind)
    return roles


def _subject_kind(folded: str, clause: Clause, chain: list[Mention]) -> str | None:
    """How ``chain`` leads: "subject" when it opens the clause, "lead" after "giao"/"đề nghị"."""
    prefix = folded[clause.start : chain[0].start]
    prefix = _MARKER_RE.sub("", prefix, count=1)
    prefix = _INTRO_RE.sub("", prefix.strip(), count=1).strip()
    if not prefix:
        return "subject"
    if _ASSIGN_PREFIX_RE.fullmatch(prefix):
        return "lead"
    if clause.first_in_sentence and prefix.endswith(",") and _SUBORDINATE_RE.match(prefix):
        return "subject"
    return None


def _take_subject(roles: ClauseRoles, chain: list[Mention], kind: str) -> None:
    for mention in chain:
        if mention.kind == "body":
            roles.issuer_subject = kind == "subject"
        elif mention.kind == "unknown":
            roles.unknown_subjects.append(mention)
        elif kind == "subject":
            roles.subjects.append(mention)
        else:
            roles.leads.append(mention)


def _cue_before(folded: str, clause_start: int, pos: int) -> tuple[str | None, str | None]:
    window_start = max(clause_start, pos - _CUE_WINDOW)
    last = None
    for match in CUE_RE.finditer(folded, window_start, pos):
        last = match
    if last is None:
        return None, None
    cue = " ".join(last.group(0).replace(",", ", ").split()).replace(" ,", ",")
    return _CUE_KIND.get(cue), cue


def _file(roles: ClauseRoles, chain: list[Mention], kind: str | None) -> None:
    target = {
        COORD: roles.coordinators,
        ASSIGN: roles.leads,
        DIRECT: roles.directed,
        RECIPIENT: roles.recipients,
    }.get(kind)
    for mention in chain:
        if mention.kind == "unknown":
            if kind in (COORD, ASSIGN, DIRECT, None):
                roles.unknown_roles.append(mention)
        elif mention.kind != "body" and target is not None:
            target.append(mention)
