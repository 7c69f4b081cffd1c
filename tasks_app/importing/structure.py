"""Layout of a notice: header, title, body paragraphs, numbered items and the closing block."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from .text import fold, is_upper_line

_DOC_TYPES = {"thông báo", "kết luận", "thông báo kết luận", "kết luận chỉ đạo"}
_SEPARATOR_RE = re.compile(r"^[-_=*~.·\s]{1,}$")
_BODY_START_RE = re.compile(
    r"^(?:Ngày\s+\d|Chiều\s+ngày|Sáng\s+ngày|Tối\s+ngày|Căn cứ|Tại\s|Vừa qua|Thực hiện|"
    r"Trong\s+(?:2|hai)\s+ngày)"
)
_CLOSING_RE = re.compile(
    r"^(?:Trên đây\b|Nơi nhận\b|Văn phòng [^.]{0,40}\b(?:xin thông báo|thông báo để))",
    re.IGNORECASE,
)
PROXY_RE = re.compile(
    r"^(?:T/L|TL\.|T\.L\.|TM\.|T/M|T\.M\.|K/T|KT\.|K\.T\.|Q\.|Q/|THỪA LỆNH|THAY MẶT|KÝ THAY)",
    re.IGNORECASE,
)
_SIGNATURE_WORDS_RE = re.compile(
    r"\b(?:BÍ THƯ|CHÁNH|VĂN PHÒNG|BAN THƯỜNG VỤ|PHÓ|TRƯỞNG|CHỦ TỊCH|ỦY VIÊN|UỶ VIÊN|THƯỜNG TRỰC|"
    r"GIÁM ĐỐC|TỔNG HỢP)\b"
)
ROMAN_RE = re.compile(r"^(?P<num>[IVX]{1,4}|[A-Z])\s*[.)\-–]\s*(?P<title>\S.*)$")
ITEM_RE = re.compile(r"^(?P<num>\d{1,2})\s*[.)](?!\d)\s*(?P<rest>\S.*)$")
SUBNUM_RE = re.compile(r"^(?P<num>\d{1,2})\.(?P<sub>\d{1,2})\.?(?!\d)\s*(?P<rest>\S.*)$")
LETTER_RE = re.compile(r"^(?P<letter>[a-zđ])\s*[.)]\s+(?P<rest>\S.*)$")
BULLET_RE = re.compile(r"^[-+•*–]\s*(?P<rest>\S.*)$")
_NGOAI_RA_RE = re.compile(r"^Ngoài ra\b", re.IGNORECASE)
_SENTENCE_END = (".", ":", ";", "!", "?", "…", "”", '"', ")")
_LETTERS = "abcdđefghijklmnopqrstuvwxyz"

_TASK_HEADING_RE = re.compile(
    r"nhiệm vụ|giải pháp|đề nghị|kết luận|chỉ đạo|tổ chức thực hiện|phân công|thời gian tới|"
    r"phương hướng"
)
_REVIEW_HEADING_RE = re.compile(r"đánh giá|kết quả|tình hình|ưu điểm|hạn chế|khuyết điểm|bối cảnh")


@dataclass(frozen=True)
class Para:
    """A body paragraph: its text (wrapped lines joined) and offsets in the source text."""

    text: str
    start: int
    end: int


@dataclass
class Block:
    """The paragraphs of one directive; ``context`` is the lead-in of its parent item."""

    ref: str
    paras: list[Para]
    context: list[Para] = field(default_factory=list)
    marker: re.Pattern | None = None

    @property
    def start(self) -> int:
        return self.paras[0].start

    @property
    def end(self) -> int:
        return self.paras[-1].end


@dataclass
class Layout:
    header: list[str]
    title: str
    body: list[Para]
    tail: list[str]
    blocks: list[Block]
    addressee_paras: list[Para]


def split_layout(text: str) -> Layout:
    """Cut the normalised ``text`` into header, title, body, tail and directive blocks."""
    lines = _lines(text)
    heading = _doc_heading(lines)
    if heading is None:
        header_end = _fallback_header_end(lines)
        title, body_start = "", header_end
    else:
        header_end = heading
        title, body_start = _title(lines, heading + 1)
    body, tail_start = _body(lines, body_start)
    tail = [line for line, _ in lines[tail_start:]]
    blocks, addressees = _blocks(body)
    return Layout([line for line, _ in lines[:header_end]], title, body, tail, blocks, addressees)


def _lines(text: str) -> list[tuple[str, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((line, pos))
        pos += len(line) + 1
    return out


def _doc_heading(lines: list[tuple[str, int]]) -> int | None:
    for i, (line, _) in enumerate(lines[:80]):
        stripped = line.strip()
        if is_upper_line(stripped) and " ".join(fold(stripped).split()) in _DOC_TYPES:
            return i
    return None


def _fallback_header_end(lines: list[tuple[str, int]]) -> int:
    end = 0
    for i, (line, _) in enumerate(lines[:30]):
        if re.match(r"^\s*Số\b", line) or re.search(r",\s*ngày\s+\d{1,2}\s+tháng", line):
            end = i + 1
    return end


def _title(lines: list[tuple[str, int]], i: int) -> tuple[str, int]:
    """Title lines after the document type heading, and the index where the body starts."""
    while i < len(lines) and not lines[i][0].strip():
        i += 1
    parts: list[str] = []
    while i < len(lines):
        line = lines[i][0].strip()
        if not line:
            if parts:
                break
            i += 1
            continue
        if _SEPARATOR_RE.match(line):
            i += 1
            break
        if parts and _starts_body(line):
            break
        if not parts and (_BODY_START_RE.match(line) or len(line) > 250):
            break
        parts.append(line)
        i += 1
        if sum(len(p) for p in parts) > 400:
            break
    title = " ".join(" ".join(parts).split())
    return title[:1].upper() + title[1:], i


def _starts_body(line: str) -> bool:
    """A line after the title that already belongs to the body."""
    if _BODY_START_RE.match(line) or ITEM_RE.match(line) or len(line) > 250:
        return True
    return line[0].isupper() and not is_upper_line(line) and line.endswith((".", ":"))


def _body(lines: list[tuple[str, int]], i: int) -> tuple[list[Para], int]:
    """Body paragraphs up to the closing block; hard-wrapped lines are joined."""
    stop = next((k for k in range(i, len(lines)) if _is_closing(lines[k][0].strip())), len(lines))
    width = _wrap_width([line.strip() for line, _ in lines[i:stop]])
    paras: list[Para] = []
    previous = ""  # the last physical line of the current paragraph
    for raw, offset in lines[i:stop]:
        line = raw.strip()
        if not line or _SEPARATOR_RE.match(line):
            previous = ""
            continue
        start = offset + raw.index(line[0])
        if previous and _continues(previous, line, width):
            paras[-1] = Para(paras[-1].text + " " + line, paras[-1].start, start + len(line))
        else:
            paras.append(Para(line, start, start + len(line)))
        previous = line
    return paras, stop


def _is_closing(line: str) -> bool:
    return bool(line) and bool(_CLOSING_RE.match(line) or _is_signature_line(line))


def _wrap_width(lines: list[str]) -> int | None:
    """The column at which a plain-text body was hard-wrapped, or None if it was not: no line
    is longer, and many lines reach it and go on on the next line."""
    lengths = [len(line) for line in lines]
    width = max(lengths, default=0)
    if not 20 <= width <= 120:
        return None
    wrapped = sum(
        1
        for line, nxt in pairwise(lines)
        if len(line) >= width - 10 and nxt and not _starts_item(nxt)
    )
    return width if wrapped >= 3 and wrapped * 4 >= sum(1 for n in lengths if n) else None


def _starts_item(line: str) -> bool:
    markers = (ITEM_RE, SUBNUM_RE, LETTER_RE, BULLET_RE)
    return any(p.match(line) for p in markers) or _section_heading(line) is not None


def _section_heading(line: str) -> re.Match | None:
    """A section heading: "II. NHIỆM VỤ …", "II. Nhiệm vụ …", or upper case "B. NHIỆM VỤ"."""
    match = ROMAN_RE.match(line)
    if not match or not match["title"][0].isupper():
        return None
    if is_upper_line(match["title"]):
        return match
    return match if len(line) < 120 and re.fullmatch(r"[IVX]+", match["num"]) else None


def _continues(previous: str, line: str, width: int | None) -> bool:
    """Whether ``line`` continues the paragraph whose last physical line is ``previous``.

    A line without an item marker continues when it starts in lower case, or, in a
    hard-wrapped body, when its first word would not have fitted on the previous line."""
    if _starts_item(line):
        return False
    if line[0].islower():
        return True
    if width is None or is_upper_line(previous):
        return False
    return len(previous) + 1 + len(line.split()[0]) > width


def _is_signature_line(line: str) -> bool:
    return len(line) < 60 and bool(PROXY_RE.match(line)) and is_upper_line(line)


def is_task_heading(title: str) -> bool:
    """A heading that assigns work (tasks, solutions), not one that assesses."""
    folded = fold(title)
    task = _TASK_HEADING_RE.search(folded)
    review = _REVIEW_HEADING_RE.search(folded)
    if task and review:
        return task.start() < review.start()
    return bool(task)


def is_review_heading(title: str) -> bool:
    """A heading of assessment ("ĐÁNH GIÁ CHUNG", "KẾT QUẢ ĐẠT ĐƯỢC", "HẠN CHẾ")."""
    return bool(_REVIEW_HEADING_RE.search(fold(title))) and not is_task_heading(title)


def _sections(body: list[Para]) -> list[tuple[int, int, str, str]]:
    """(first para, end para, numeral, heading) of each "I."/"II." (or "A."/"B.") section."""
    heads = []
    for i, para in enumerate(body):
        match = _section_heading(para.text)
        if match:
            heads.append((i, match["num"], match["title"]))
    return [
        (i + 1, heads[k + 1][0] if k + 1 < len(heads) else len(body), num, title)
        for k, (i, num, title) in enumerate(heads)
    ]


def _blocks(body: list[Para]) -> tuple[list[Block], list[Para]]:
    """Directive blocks and the paragraphs that introduce them (for the notice's addressees).

    With sections, only those that assign work count: the task sections if a heading names
    tasks, else every section that is not an assessment."""
    sections = _sections(body)
    if not sections:
        return _region_blocks(body, 0, len(body), "")
    chosen = [s for s in sections if is_task_heading(s[3])]
    chosen = chosen or [s for s in sections if not is_review_heading(s[3])] or sections[-1:]
    for prefixed in (False, True):
        blocks: list[Block] = []
        addressees: list[Para] = []
        for start, end, numeral, _ in chosen:
            found, lead_in = _region_blocks(body, start, end, f"{numeral}." if prefixed else "")
            blocks += found
            addressees = addressees or lead_in
        if len({b.ref for b in blocks}) == len(blocks):
            break
    return blocks, addressees


def _region_blocks(body: list[Para], start: int, end: int, prefix: str):
    """Directive blocks of body[start:end] and the paragraphs that introduce them."""
    marker = ITEM_RE
    items = _last_run(body, [i for i in range(start, end) if ITEM_RE.match(body[i].text)])
    if not items:
        marker = BULLET_RE
        items = [i for i in range(start, end) if BULLET_RE.match(body[i].text)]
    if not items:
        return [], []
    lead_in = body[max(start, items[0] - 2) : items[0]]
    blocks: list[Block] = []
    for k, first in enumerate(items):
        paras = body[first : items[k + 1] if k + 1 < len(items) else end]
        number = int(ITEM_RE.match(paras[0].text)["num"]) if marker is ITEM_RE else k + 1
        closing: list[Para] = []
        if k + 1 == len(items):
            paras, closing = _split_closing(paras)
        if not _is_review_heading(_strip_marker(paras[0].text, marker)):
            blocks += _item_blocks(f"{prefix}{number}", paras, marker)
        if closing:
            blocks.append(Block(f"{prefix}{number + 1}", closing))
    return blocks, lead_in


def _split_closing(paras: list[Para]) -> tuple[list[Para], list[Para]]:
    """The last item and the unnumbered closing paragraph ("Ngoài ra, …") after it."""
    cut = next((j for j, p in enumerate(paras) if j and _NGOAI_RA_RE.match(p.text)), None)
    return (paras, []) if cut is None else (paras[:cut], paras[cut:])


def _is_review_heading(text: str) -> bool:
    """An item that is only an upper-case heading of assessment ("1. ĐÁNH GIÁ CHUNG")."""
    return len(text) < 150 and is_upper_line(text) and is_review_heading(text)


def _last_run(body: list[Para], items: list[int]) -> list[int]:
    """When numbering restarts at 1, the last run of items is the one that assigns tasks."""
    runs: list[list[int]] = []
    for i in items:
        if not runs or (ITEM_RE.match(body[i].text)["num"] == "1" and runs[-1]):
            runs.append([])
        runs[-1].append(i)
    return runs[-1] if runs else []


def _item_blocks(ref: str, paras: list[Para], marker: re.Pattern) -> list[Block]:
    """One block per lettered ("a)") or numbered ("1.1.") sub-item, else one for the item."""
    first = LETTER_RE.match(_strip_marker(paras[0].text, marker))
    inline = bool(first and first.group("letter") == "a")
    subs: list[tuple[int, str]] = []
    last_letter = 0 if inline else -1
    for j, para in enumerate(paras[1:], start=1):
        letter = LETTER_RE.match(para.text)
        if letter and _LETTERS.index(letter.group("letter")) > last_letter:
            if last_letter == -1 and letter.group("letter") != "a":
                continue
            last_letter = _LETTERS.index(letter.group("letter"))
            subs.append((j, letter.group("letter")))
            continue
        number = SUBNUM_RE.match(para.text)
        if number and not letter and ref.endswith(number.group("num")):
            subs.append((j, number.group("sub")))
    if inline:
        return _inline_first_sub(ref, paras, subs, marker)
    if not subs:
        return [Block(ref, paras, marker=marker)]
    context = paras[: subs[0][0]]
    return [
        Block(
            f"{ref}.{label}",
            paras[j : subs[k + 1][0] if k + 1 < len(subs) else len(paras)],
            context,
            LETTER_RE,
        )
        for k, (j, label) in enumerate(subs)
    ]


def _inline_first_sub(ref: str, paras: list[Para], subs, marker) -> list[Block]:
    """Item written "1. a) …": the first sub-item shares the item's line."""
    head = paras[0]
    text = _strip_marker(head.text, marker)
    offset = head.start + (len(head.text) - len(text))
    first = Para(text, offset, head.end)
    ends = [j for j, _ in subs] + [len(paras)]
    blocks = [Block(f"{ref}.a", [first, *paras[1 : ends[0]]], marker=LETTER_RE)]
    for k, (j, label) in enumerate(subs):
        blocks.append(Block(f"{ref}.{label}", paras[j : ends[k + 1]], marker=LETTER_RE))
    return blocks


def _strip_marker(text: str, marker: re.Pattern | None) -> str:
    if marker is None:
        return text
    match = marker.match(text)
    return match.group("rest") if match else text


def strip_marker(text: str, marker: re.Pattern | None) -> str:
    """The paragraph text without its "1." / "a)" / "-" marker."""
    patterns = (marker, SUBNUM_RE) if marker else (SUBNUM_RE, ITEM_RE, LETTER_RE, BULLET_RE)
    for pattern in patterns:
        if pattern is not None and pattern.match(text):
            return _strip_marker(text, pattern)
    return text


def is_signature_title(line: str) -> bool:
    """An upper-case line of the signature block ("T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG")."""
    return is_upper_line(line) and bool(PROXY_RE.match(line) or _SIGNATURE_WORDS_RE.search(line))
