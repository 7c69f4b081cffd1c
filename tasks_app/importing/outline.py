"""The numbered outline of a document's parts, and the items that may be directives.

Each paragraph with a marker opens a node: "PHẦN I"/"Chương I", a section "II." (or "A."),
an article "Điều 2.", an item "3.", a decimal item "2.1." / "2.1.a.", a lettered item "a)",
a bullet "-"/"+". Markers are ranked in that order; a paragraph without a marker continues
the node before it. Items (numbered, decimal, lettered) without sub-items are the candidate
directives ("units"); the paragraphs of the sections and items above a unit are its context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .layout import Para, Part
from .text import fold, is_upper_line

ROMAN_RE = re.compile(r"^(?P<num>[IVX]{1,5}|[A-Z])\s*[.)\-–]\s*(?P<title>\S.*)$")
ARTICLE_RE = re.compile(r"^Điều\s+(?P<num>\d{1,3})\s*[.:]\s*(?P<rest>.*)$")
CHAPTER_RE = re.compile(
    r"^(?:PHẦN|Phần|CHƯƠNG|Chương|MỤC|Mục)\s+(?P<num>[IVX]+|\d+)\b[.:]?\s*(?P<rest>.*)$"
)
ITEM_RE = re.compile(r"^(?P<num>\d{1,2})\s*[.)](?!\d)\s*(?P<rest>\S.*)$")
DEC_RE = re.compile(
    r"^(?P<num>\d{1,2}(?:\.\d{1,2}){1,3})(?:\.(?P<letter>[a-zđ]))?(?!\d)\s*[.)]?\s+(?P<rest>\S.*)$"
)
LETTER_RE = re.compile(r"^(?P<letter>[a-zđ])\s*[.)]\s+(?P<rest>\S.*)$")
BULLET_RE = re.compile(r"^(?P<mark>[-+•*–])\s*(?P<rest>\S.*)$")
NGOAI_RA_RE = re.compile(r"^Ngoài ra\b", re.IGNORECASE)
LETTERS = "abcdđefghijklmnopqrstuvwxyz"

_REVIEW_HEADING_RE = re.compile(
    r"đánh giá|kết quả|tình hình|ưu điểm|hạn chế|khuyết điểm|bối cảnh|mục đích|yêu cầu chung"
)
_TASK_HEADING_RE = re.compile(
    r"nhiệm vụ|giải pháp|đề nghị|kết luận|chỉ đạo|tổ chức thực hiện|phân công|thời gian tới|"
    r"phương hướng"
)
# Formal articles of a decision or resolution: promulgation, entry into force, execution.
_DOC = r"(?:quyết định|nghị quyết|chỉ thị|kế hoạch|thông báo|kết luận|quy chế|quy định)"
_FORMAL_RE = re.compile(
    rf"(?:chịu|có) trách nhiệm (?:tổ chức |triển khai )*(?:thi hành|thực hiện|giám sát"
    rf"(?: việc thực hiện)?) {_DOC}|có hiệu lực (?:thi hành )?(?:kể )?từ|"
    rf"ban hành kèm theo {_DOC} này|{_DOC} này (?:đã )?được .{{0,120}}thông qua"
)

SECTION, ARTICLE, CHAPTER, ITEM, LETTER, BULLET, ROOT = (
    "section", "article", "chapter", "item", "letter", "bullet", "root",
)  # fmt: skip
CONTAINERS = (ROOT, CHAPTER, SECTION, ARTICLE)


@dataclass
class Node:
    kind: str
    label: str  # "II", "2" (article), "3", "2.1", "2.1.a", "a", bullet mark
    rank: float
    paras: list[Para] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    marker: re.Pattern | None = None  # the marker of paras[0] (None: no marker to strip)
    title: str = ""  # heading text of a section
    duplicate: bool = False  # same number as an earlier sibling
    synthetic: bool = False  # the closing "Ngoài ra, …" paragraph

    @property
    def is_unit_kind(self) -> bool:
        return self.kind in (ITEM, LETTER)

    def text_paras(self) -> list[str]:
        """Own paragraphs, the first without its marker."""
        if not self.paras:
            return []
        return [strip_marker(self.paras[0].text, self.marker)] + [p.text for p in self.paras[1:]]


@dataclass
class Unit:
    """A candidate directive: an item and the nodes above it."""

    node: Node
    part: int
    path: list[Node]  # ancestors, outermost first (without the node)
    paras: list[Para]  # the item's paragraphs, sub-bullets included

    @property
    def parent(self) -> Node:
        return self.path[-1]

    @property
    def context(self) -> list[Para]:
        """Lead-in paragraphs of the enclosing items ("2. Ban X chủ trì thực hiện:")."""
        return [p for node in self.path if node.is_unit_kind for p in node.paras]

    @property
    def containers(self) -> list[Node]:
        return [node for node in self.path if node.kind in CONTAINERS]


def strip_marker(text: str, marker: re.Pattern | None) -> str:
    if marker is None:
        return text
    match = marker.match(text)
    if not match:
        return text
    return match.group("rest") if "rest" in marker.groupindex else match.group("title")


def _marker(text: str) -> tuple[str, float, str, re.Pattern] | None:
    """(kind, rank, label, pattern) of the marker that opens ``text``."""
    match = CHAPTER_RE.match(text)
    if match and (text[:1].isupper() and (is_upper_line(text[:20]) or len(text) < 120)):
        return CHAPTER, 1, match["num"], CHAPTER_RE
    match = ARTICLE_RE.match(text)
    if match:
        return ARTICLE, 2, match["num"], ARTICLE_RE
    match = _section_heading(text)
    if match:
        return SECTION, 2, match["num"], ROMAN_RE
    match = DEC_RE.match(text)
    if match:
        depth = match["num"].count(".")
        label = match["num"] + (f".{match['letter']}" if match["letter"] else "")
        return ITEM, 4 + depth + (0.5 if match["letter"] else 0), label, DEC_RE
    match = ITEM_RE.match(text)
    if match:
        return ITEM, 4, match["num"], ITEM_RE
    match = LETTER_RE.match(text)
    if match:
        return LETTER, 8, match["letter"], LETTER_RE
    match = BULLET_RE.match(text)
    if match:
        return BULLET, 9 if match["mark"] != "+" else 9.5, match["mark"], BULLET_RE
    return None


def _section_heading(line: str) -> re.Match | None:
    """A section heading: "II. NHIỆM VỤ …", "II. Nhiệm vụ …", or upper case "B. NHIỆM VỤ"."""
    match = ROMAN_RE.match(line)
    if not match or not match["title"][0].isupper():
        return None
    if is_upper_line(match["title"]):
        return match
    return match if len(line) < 120 and re.fullmatch(r"[IVX]+", match["num"]) else None


def build_outline(part: Part) -> Node:
    """The tree of ``part``'s body."""
    root = Node(ROOT, "", 0)
    stack = [root]
    for para in part.body:
        found = _marker(para.text)
        if found is None:
            stack[-1].paras.append(para)
            continue
        kind, rank, label, pattern = found
        while stack[-1].rank >= rank:
            stack.pop()
        node = Node(kind, label, rank, [para], marker=pattern)
        if kind == SECTION:
            node.title = ROMAN_RE.match(para.text)["title"]
        stack[-1].children.append(node)
        stack.append(node)
        if kind == ITEM and pattern is ITEM_RE:
            _inline_letter(node, stack)
    _mark_duplicates(root)
    _split_closing_paragraphs(root)
    return root


def _inline_letter(node: Node, stack: list[Node]) -> None:
    """ "1. a) …": the first lettered sub-item shares the item's line."""
    head = node.paras[0]
    rest = strip_marker(head.text, ITEM_RE)
    letter = LETTER_RE.match(rest)
    if not letter or letter["letter"] != "a":
        return
    offset = head.start + len(head.text) - len(rest)
    child = Node(LETTER, "a", 8, [Para(rest, offset, head.end)], marker=LETTER_RE)
    node.paras = []
    node.children.append(child)
    stack.append(child)


def _mark_duplicates(node: Node) -> None:
    seen: dict[str, int] = {}
    for child in node.children:
        if child.kind in (ITEM, ARTICLE, SECTION):
            count = seen[child.label] = seen.get(child.label, 0) + 1
            if count > 1:
                child.duplicate = True
                child.label = f"{child.label}({count})"
        _mark_duplicates(child)


def _split_closing_paragraphs(node: Node) -> None:
    """The unnumbered "Ngoài ra, …" paragraph after the last item of a list is an item."""
    for child in node.children:
        _split_closing_paragraphs(child)
    items = [c for c in node.children if c.kind == ITEM and "." not in c.label]
    if not items or items[-1] is not node.children[-1]:
        return
    last = items[-1]
    leaf = last
    while leaf.children:
        leaf = leaf.children[-1]
    cut = next((j for j, p in enumerate(leaf.paras) if j and NGOAI_RA_RE.match(p.text)), None)
    if cut is None:
        return
    number = re.match(r"\d+", last.label)
    label = str(int(number.group()) + 1) if number else last.label + "+"
    node.children.append(Node(ITEM, label, last.rank, leaf.paras[cut:], synthetic=True))
    leaf.paras = leaf.paras[:cut]


# --- units ---------------------------------------------------------------------------------


def is_task_heading(title: str) -> bool:
    """A heading that assigns work (tasks, solutions), not one that assesses."""
    folded = fold(title)
    task = _TASK_HEADING_RE.search(folded)
    review = _REVIEW_HEADING_RE.search(folded)
    if task and review:
        return task.start() < review.start()
    return bool(task)


def is_review_heading(title: str) -> bool:
    """A heading of assessment or purpose ("ĐÁNH GIÁ CHUNG", "KẾT QUẢ ĐẠT ĐƯỢC", "MỤC ĐÍCH")."""
    return bool(_REVIEW_HEADING_RE.search(fold(title))) and not is_task_heading(title)


def is_formal_article(node: Node) -> bool:
    """An article that promulgates, brings into force or charges execution of the text."""
    return node.kind == ARTICLE and any(
        _FORMAL_RE.search(" ".join(fold(p.text).split())) for p in _all_paras(node)
    )


def _all_paras(node: Node) -> list[Para]:
    out = list(node.paras)
    for child in node.children:
        out += _all_paras(child)
    return out


def _item_heading_is_review(node: Node) -> bool:
    """An item that is only an upper-case heading of assessment ("1. ĐÁNH GIÁ CHUNG")."""
    texts = node.text_paras()
    return (
        bool(texts)
        and len(texts[0]) < 150
        and is_upper_line(texts[0])
        and (is_review_heading(texts[0]))
    )


def units(node: Node, part: int, path: list[Node] | None = None) -> list[Unit]:
    """Candidate directives below ``node`` (sections of assessment and formal articles skipped).

    An item without sub-items is a unit; an article without items is a unit; a container
    without items makes units of its bullets, or else of its paragraphs."""
    path = [*(path or []), node]
    if node.kind == SECTION and is_review_heading(node.title):
        return []
    if is_formal_article(node) or (node.kind == ITEM and _item_heading_is_review(node)):
        return []
    sub = [c for c in node.children if c.kind != BULLET]
    if node.kind in (ITEM, LETTER) and not sub:
        return [Unit(node, part, path[:-1], _all_paras(node))]
    found: list[Unit] = []
    for child in sub:
        found += units(child, part, path)
    if found or sub or node.kind in (ITEM, LETTER):
        return found
    if node.kind == ARTICLE:
        return [Unit(node, part, path[:-1], _all_paras(node))]
    bullets = [c for c in node.children if c.kind == BULLET]
    if bullets:
        for k, bullet in enumerate(bullets, start=1):
            bullet.label = str(k)
        return [Unit(b, part, path, _all_paras(b)) for b in bullets]
    own = node.paras[1:] if node.kind != ROOT else node.paras
    return [
        Unit(Node(ITEM, str(k), 4, [para], synthetic=True), part, path, [para])
        for k, para in enumerate(own, start=1)
    ]


def item_ref(unit: Unit) -> str:
    """The unit's ref inside its part: section, article and item numbers ("II.3", "Điều 2.1")."""
    parts: list[str] = []
    for node in [*unit.path, unit.node]:
        if node.kind == SECTION:
            parts.append(node.label)
        elif node.kind == ARTICLE:
            parts.append(f"Điều {node.label}")
        elif node.kind == ITEM and "." in node.label:
            while parts and node.label.startswith(parts[-1] + "."):
                parts.pop()  # "2.1" already says it is under item 2
            parts.append(node.label)
        elif node.kind in (ITEM, LETTER, BULLET):
            parts.append(node.label)
    return ".".join(parts)
