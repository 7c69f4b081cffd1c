"""Layout of a document: the main text (header, title, body, closing block) and the texts
attached after its signature (a plan "KẾ HOẠCH … (Kèm theo Quyết định …)", an appendix
"PHỤ LỤC"), each with its own title, body and, possibly, closing block."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from .text import fold, is_upper_line

# Types of documents (upper-case heading line) the main text or an attachment may start with.
DOC_TYPES = (
    "thông báo", "kết luận", "thông báo kết luận", "kết luận chỉ đạo", "quyết định",
    "nghị quyết", "chỉ thị", "kế hoạch", "chương trình", "phụ lục", "quy chế", "quy định",
    "đề án", "danh mục", "danh sách", "hướng dẫn", "báo cáo", "công văn", "biểu",
)  # fmt: skip
_DOC_TYPE_RE = re.compile(
    r"^(?:" + "|".join(sorted(DOC_TYPES, key=len, reverse=True)) + r")(?:\s+(?:số\s*)?[\divx]+)?$"
)
_ATTACHED_RE = re.compile(r"\(\s*(?:ban hành\s+)?kèm theo\b", re.IGNORECASE)
_SEPARATOR_RE = re.compile(r"^[-_=*~.·\s]{1,}$")
BODY_START_RE = re.compile(
    r"^(?:Ngày\s+\d|Chiều\s+ngày|Sáng\s+ngày|Tối\s+ngày|Căn cứ|Tại\s|Vừa qua|Thực hiện|"
    r"Trong\s+(?:2|hai)\s+ngày|Kính gửi|Xét\s)"
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
    r"GIÁM ĐỐC|TỔNG HỢP|CHỦ NHIỆM|BỘ TRƯỞNG)\b"
)
# Lines that can only belong to a numbered list: they never continue the previous line.
ITEM_START_RE = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})*(?:\.[a-zđ])?\s*[.)]|[a-zđ]\s*[.)]\s|[-+•*–]\s*\S|"
    r"[IVX]{1,5}\s*[.)\-–]\s*[A-ZĐÀ-Ỹ]|Điều\s+\d+\s*[.:]|(?:PHẦN|Phần|CHƯƠNG|Chương|MỤC|Mục)\s+[IVX\d]+)"
)
_SENTENCE_END = (".", ":", ";", "!", "?", "…")


@dataclass(frozen=True)
class Para:
    """A body paragraph: its text (wrapped lines joined) and offsets in the source text."""

    text: str
    start: int
    end: int


@dataclass
class Part:
    """The main text (``index`` 0) or an attachment of the document."""

    index: int
    heading: str  # document type line: "THÔNG BÁO", "KẾ HOẠCH", "PHỤ LỤC I"
    title: str
    body: list[Para]
    header: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)


@dataclass
class Document:
    parts: list[Part]

    @property
    def main(self) -> Part:
        return self.parts[0]


def split_document(text: str) -> Document:
    """Cut the normalised ``text`` into its main part and the parts attached to it."""
    lines = _lines(text)
    heading = _doc_heading(lines, 0, 80)
    if heading is None:
        header_end = _fallback_header_end(lines)
        title, body_start, heading_text = "", header_end, ""
    else:
        header_end = heading
        heading_text = lines[heading][0].strip()
        title, body_start = _title(lines, heading + 1)
    header = [line for line, _ in lines[:header_end]]
    parts: list[Part] = []
    part_start, index = body_start, 0
    while True:
        stop = _closing_start(lines, part_start)
        body = _paragraphs(lines[part_start:stop])
        closing_end = _closing_end(lines, stop)
        parts.append(
            Part(
                index,
                heading_text,
                title,
                body,
                header if index == 0 else [],
                [line for line, _ in lines[stop:closing_end]],
            )
        )
        attachment = _doc_heading(lines, closing_end, len(lines), attached=True)
        if attachment is None:
            break
        index += 1
        heading_text = lines[attachment][0].strip()
        title, part_start = _title(lines, attachment + 1)
    return Document(parts)


def _lines(text: str) -> list[tuple[str, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((line, pos))
        pos += len(line) + 1
    return out


def is_doc_heading(line: str) -> bool:
    stripped = line.strip()
    return is_upper_line(stripped) and bool(_DOC_TYPE_RE.match(" ".join(fold(stripped).split())))


def _doc_heading(lines, start: int, stop: int, attached: bool = False) -> int | None:
    """Index of the document-type heading line in lines[start:stop]; for an attachment, the
    heading must be followed (within a few lines) by a "(Kèm theo …)" note, or be the
    first non-empty line after the closing block."""
    first = True
    for i in range(start, min(stop, len(lines))):
        line = lines[i][0].strip()
        if not line:
            continue
        if is_doc_heading(line):
            if not attached or first:
                return i
            following = " ".join(text for text, _ in lines[i + 1 : i + 6])
            if _ATTACHED_RE.search(following):
                return i
        first = False
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
        if is_row(line) or (parts and (_starts_body(line) or is_authority_line(line))):
            break
        if not parts and (BODY_START_RE.match(line) or len(line) > 400):
            break
        parts.append(line)
        i += 1
        if sum(len(p) for p in parts) > 600 or (_ATTACHED_RE.search(line) and line.endswith(")")):
            break
    title = " ".join(" ".join(parts).split())
    return title[:1].upper() + title[1:], i


_AUTHORITY_RE = re.compile(
    r"^(?:CHỦ TỊCH|HỘI ĐỒNG NHÂN DÂN|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|BỘ TRƯỞNG|THỦ TƯỚNG|"
    r"BAN THƯỜNG VỤ|BAN CHẤP HÀNH|THƯỜNG TRỰC)\b"
)


def is_authority_line(line: str) -> bool:
    """ "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" between the title and "Căn cứ …" of a decision."""
    return is_upper_line(line) and bool(_AUTHORITY_RE.match(line))


def _starts_body(line: str) -> bool:
    """A line after the title that already belongs to the body."""
    if BODY_START_RE.match(line) or ITEM_START_RE.match(line) or len(line) > 250:
        return True
    return line[0].isupper() and not is_upper_line(line) and line.endswith((".", ":"))


def _closing_start(lines, i: int) -> int:
    for k in range(i, len(lines)):
        line = lines[k][0].strip()
        if line and (_CLOSING_RE.match(line) or _is_signature_line(line)):
            return k
    return len(lines)


def _closing_end(lines, i: int) -> int:
    """End of the closing block that starts at ``i``: the next attachment heading."""
    found = _doc_heading(lines, i, len(lines), attached=False)
    while found is not None:
        if _ends_closing(lines, i, found):
            return found
        found = _doc_heading(lines, found + 1, len(lines), attached=False)
    return len(lines)


def _ends_closing(lines, start: int, k: int) -> bool:
    """A document heading after the signature, or one announced as attached."""
    following = " ".join(text for text, _ in lines[k + 1 : k + 6])
    if _ATTACHED_RE.search(following):
        return True
    before = [text.strip() for text, _ in lines[start:k] if text.strip()]
    return any(is_signature_title(line) for line in before) and not is_signature_title(
        lines[k][0].strip()
    )


def _is_signature_line(line: str) -> bool:
    return len(line) < 60 and bool(PROXY_RE.match(line)) and is_upper_line(line)


def is_signature_title(line: str) -> bool:
    """An upper-case line of the signature block ("T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG")."""
    squeezed = " ".join(line.split())
    return is_upper_line(squeezed) and bool(
        PROXY_RE.match(squeezed) or _SIGNATURE_WORDS_RE.search(squeezed)
    )


# --- paragraphs ----------------------------------------------------------------------------


def _paragraphs(lines: list[tuple[str, int]]) -> list[Para]:
    """Body paragraphs; hard-wrapped lines are joined."""
    stripped = [line.strip() for line, _ in lines]
    width = _wrap_width(stripped)
    hard = _hard_wrapped(stripped)
    paras: list[Para] = []
    previous = ""  # the last physical line of the current paragraph
    for raw, offset in lines:
        line = raw.strip(" \r") if raw.count("\t") >= 2 else raw.strip()  # keep empty cells
        if not line.strip() or _SEPARATOR_RE.match(line):
            if previous and not previous.endswith(_SENTENCE_END) and not is_row(previous):
                previous = "\0" + previous  # a blank line inside a sentence (page break, OCR)
            else:
                previous = ""
            continue
        start = offset + raw.index(line[0])
        if previous.startswith("\0"):  # after a blank line: only what cannot start a paragraph
            text = paras[-1].text
            cut = previous.endswith(",") or text.count("(") > text.count(")")
            goes_on = (line[0].islower() or cut) and not ITEM_START_RE.match(line)
            previous = previous[1:] if goes_on else ""
        if previous and _continues(previous, line, width, hard):
            paras[-1] = Para(paras[-1].text + " " + line, paras[-1].start, start + len(line))
        else:
            paras.append(Para(line, start, start + len(line)))
        previous = line
    return paras


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
        if len(line) >= width - 10 and nxt and not ITEM_START_RE.match(nxt)
    )
    return width if wrapped >= 3 and wrapped * 4 >= sum(1 for n in lengths if n) else None


def _hard_wrapped(lines: list[str]) -> bool:
    """Lines broken mid-sentence at no fixed width: many lines end without punctuation and
    go on, on the very next line, with something that is not an item."""
    broken = sum(
        1
        for line, nxt in pairwise(lines)
        if line and nxt and not line.endswith(_SENTENCE_END) and not is_upper_line(line)
        and not ITEM_START_RE.match(nxt)
    )  # fmt: skip
    return broken >= 5 and broken * 4 >= sum(1 for line in lines if line)


def is_row(line: str) -> bool:
    """A line of a text table: cells between "|" or tabs."""
    return line.count("|") >= 3 or line.count("\t") >= 2


def _continues(previous: str, line: str, width: int | None, hard: bool) -> bool:
    """Whether ``line`` continues the paragraph whose last physical line is ``previous``."""
    if ITEM_START_RE.match(line) or is_row(line) or is_row(previous):
        return False
    if line[0].islower():
        return True
    if is_upper_line(previous) or is_upper_line(line):
        return False
    if hard and not previous.endswith(_SENTENCE_END):
        return True
    if width is None:
        return False
    return len(previous) + 1 + len(line.split()[0]) > width
