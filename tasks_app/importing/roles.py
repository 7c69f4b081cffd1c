"""Roles of agency mentions inside a clause: lead, coordinator, report recipient, directed.

A clause is a piece of a sentence between ";" or ":"; a parenthesis that assigns work
("(Giao Công an tỉnh chủ trì, phối hợp với …)") is read as a sentence of its own. The subject
(lead) is the chain of mentions that opens the clause, possibly after an introductory adverbial
("Ngoài ra, …") or, in the first clause, after a subordinate clause ("Để …, X cần …",
"Trên cơ sở đề nghị của A và B, C thẩm định …"). A subject that only asks ("HĐND tỉnh đề
nghị UBND tỉnh …") or whose verb is in the past ("X đã trả lời") does not lead. Other mentions
take the role of the nearest cue word before them ("phối hợp với", "báo cáo về", "giúp",
"chỉ đạo", "của", "do" …).
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
        "giúp", "giúp cho", "giúp việc", "giúp việc cho", "tham mưu giúp", "trước",
    ),
    REFERENCE: (
        "của", "theo", "tại", "thuộc", "trực thuộc", "do", "đối với", "cho", "từ", "giữa", "về",
        "trong", "ngoài", "căn cứ",
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
_PAST_BEFORE_CUE_RE = re.compile(canon_tones(r"(?:đã|được|đang)\s+$"))

_MARKER_RE = re.compile(r"^\s*(?:[-+•*]\s*|\d{1,2}(?:\.\d{1,2})*\s*[.)]\s*|[a-zđ]\s*[.)]\s+)?")
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
# After a subject: it asks another body to act ("HĐND tỉnh đề nghị UBND tỉnh …").
_ASKS_RE = re.compile(
    canon_tones(
        r"^\s*(?:\([^)]{0,40}\)\s*)?(?:(?:cơ bản|thống nhất|tiếp tục|cũng)\s+){0,2}"
        r"(?:giao(?:\s+nhiệm vụ)?(?:\s+cho)?|đề nghị|yêu cầu|phân công(?:\s+cho)?)(?!\w)"
    )
)
# After a subject: a fact, not a task ("X đã trả lời và cam kết", "X đang triển khai").
_PAST_RE = re.compile(canon_tones(r"^\s*(?:\([^)]{0,40}\)\s*)?(?:cũng\s+)?(?:đã|đang|vừa)(?!\w)"))
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
# "…; Sở Tư pháp và các cơ quan, tổ chức có liên quan tham mưu": the list goes on.
_LIST_TAIL_RE = re.compile(canon_tones(r"^\s*(?:,\s*)?và\s+các\s+[^;:.]{0,40}liên quan"))
_LEFTOVER_RE = re.compile(r"[\s,.;:…&\-–()]+|(?<!\w)và(?!\w)")
_ASSIGNING_PAREN_RE = re.compile(
    canon_tones(r"^\s*(?:giao|đề nghị|yêu cầu|phân công)(?!\w)|(?<!\w)chủ trì(?!\w)")
)

_SENTENCE_END_RE = re.compile(r"[.!?…]+[\"”’)]*\s+")
_NO_BREAK_ABBREVIATIONS = {"tp", "tx", "ts", "ths", "pgs", "gs", "q", "v.v", "đ/c"}
_CLAUSE_CHARS_RE = re.compile(r"[;:()]")
_MARKER_WORD_RE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*|[IVXivx]{1,4}|[a-zđ])$")


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
    trailing: str | None = None  # role of the chain that ends the clause
    listing: bool = False  # the clause is an element of a list of names

    @property
    def lead_mentions(self) -> list[Mention]:
        """Agencies that lead this clause: its subject, or those "giao"/"đề nghị" names."""
        return [m for m in self.subjects + self.leads if m.assignable]


def split_clauses(text: str, folded: str | None = None) -> Iterator[Clause]:
    """Sentences split at ";" and ":" (outside parentheses); offsets into ``text``. A
    parenthesis that assigns work is a sentence of its own."""
    folded = text if folded is None else folded
    for s_start, s_end in _sentences(text):
        for start, end, first in _segments(text, folded, s_start, s_end):
            yield from _clauses(text, start, end, first)


def _segments(text: str, folded: str, start: int, end: int) -> Iterator[tuple[int, int, bool]]:
    first, pos, depth, open_at = True, start, 0, -1
    for match in re.finditer(r"[()]", text[start:end]):
        i = start + match.start()
        if match.group() == "(":
            depth += 1
            if depth == 1:
                open_at = i
        elif depth:
            depth -= 1
            if depth == 0 and _ASSIGNING_PAREN_RE.search(folded[open_at + 1 : i]):
                if text[pos:open_at].strip():
                    yield pos, open_at, first
                    first = False
                yield open_at + 1, i, True
                pos = i + 1
    if text[pos:end].strip():
        yield pos, end, first


def _clauses(text: str, start: int, end: int, first: bool) -> Iterator[Clause]:
    depth = 0
    for match in _CLAUSE_CHARS_RE.finditer(text, start, end):
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
    if text[start:end].strip():
        yield Clause(start, end, first)


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


def analyse_clause(
    folded: str, clause: Clause, mentions: list[Mention], previous: ClauseRoles | None = None
) -> ClauseRoles:
    """Roles of ``mentions`` (inside ``clause``) given the folded text of the paragraph;
    ``previous`` is the analysis of the clause before it in the same sentence."""
    roles = ClauseRoles()
    groups = chains(mentions, folded)
    if not groups:
        return roles
    trailing = previous.trailing if previous and not clause.first_in_sentence else None
    listing = bool(previous and previous.listing and not clause.first_in_sentence)
    if not clause.first_in_sentence and _only_chains(folded, clause, groups):
        for chain in groups:  # an element of a list cut by ";" ("…; Ban Dân tộc tỉnh; …")
            _file(roles, chain, trailing)
        roles.trailing, roles.listing = trailing, True
        return roles
    subject_at, subject_kind = _find_subject(folded, clause, groups)
    if listing and subject_at == 0 and subject_kind == "subject":
        subject_at = None  # the last element of the list: "…; Ban X; Bộ Y và Công an Z trong …"
    continues = subject_at is not None and trailing == COORD and subject_kind == "subject"
    if continues and _LIST_TAIL_RE.match(folded[groups[subject_at][-1].end : clause.end]):
        _file(roles, groups[subject_at], COORD)  # "…phối hợp với A; B và các cơ quan …"
        groups = groups[:subject_at] + groups[subject_at + 1 :]
        subject_at = None
    asks = False
    if subject_at is not None:
        chain = groups[subject_at]
        after = folded[chain[-1].end : clause.end]
        if _PAST_RE.match(after):
            pass  # a statement of fact: no role
        elif subject_kind == "subject" and _ASKS_RE.match(after):
            asks = True  # the subject asks: whom it names leads
        else:
            _take_subject(roles, chain, subject_kind)
    has_agency_subject = bool(roles.subjects) or bool(roles.unknown_subjects)
    for index, chain in enumerate(groups):
        if index == subject_at:
            continue
        kind, cue = _cue_before(folded, clause.start, chain[0].start)
        if _LEAD_AFTER_RE.match(folded[chain[-1].end : clause.end]):
            kind = ASSIGN
        elif kind == ASSIGN and has_agency_subject and not asks:
            kind = DIRECT
        elif kind == DIRECT and roles.issuer_subject and cue in _ISSUER_ASSIGN_CUES:
            kind = ASSIGN
        _file(roles, chain, kind)
        roles.trailing = kind if _ends_clause(folded, chain, clause) else None
    return roles


def _only_chains(folded: str, clause: Clause, groups: list[list[Mention]]) -> bool:
    """The clause is nothing but names: an element of a list, not a sentence."""
    pieces, pos = [], clause.start
    for chain in groups:
        pieces.append(folded[pos : chain[0].start])
        pos = chain[-1].end
    pieces.append(folded[pos : clause.end])
    return not _LEFTOVER_RE.sub("", _MARKER_RE.sub("", "".join(pieces), count=1))


def _ends_clause(folded: str, chain: list[Mention], clause: Clause) -> bool:
    return not folded[chain[-1].end : clause.end].strip(" \t,.)")


def _find_subject(folded: str, clause: Clause, groups: list[list[Mention]]):
    """(index of the subject chain, "subject" or "lead") — or (None, None). In a sentence
    that opens with a subordinate clause, the subject is the first name after a comma; a chain
    that spans that comma is cut there."""
    kind = _subject_kind(folded, clause, groups[0])
    if kind:
        return 0, kind
    prefix = _INTRO_RE.sub("", _MARKER_RE.sub("", folded[clause.start : groups[0][0].start], 1))
    if not (clause.first_in_sentence and _SUBORDINATE_RE.match(prefix.strip())):
        return None, None
    pos = groups[0][0].start
    for index, chain in enumerate(groups):
        for k, mention in enumerate(chain):
            if (index or k) and folded[pos : mention.start].rstrip().endswith(","):
                if k:
                    groups[index : index + 1] = [chain[:k], chain[k:]]
                    index += 1
                return index, "subject"
            pos = mention.end
    return None, None


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
    kind = _CUE_KIND.get(cue)
    if kind == ASSIGN and _PAST_BEFORE_CUE_RE.search(folded[window_start : last.start()]):
        return REFERENCE, cue  # "kinh phí đã giao cho X": X was given it, X is not asked
    return kind, cue


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
