"""Read a notice file into normalised text; refuse unusable input with one Vietnamese line.

Accepted, by content (not by name): text in UTF-8 (or UTF-16 with a BOM), Word .docx, PDF with
a text layer, and scans — PDF without a text layer, PNG, JPEG, TIFF — read through OCR
(``scan.ocr_document``)."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

from .errors import NoticeFormatError, NoticeImportError, _, gettext_noop
from .scan import MSG_OCR_REQUIRED, OcrRequired, Progress, ocr_document, pdf_text
from .sniff import (
    check_mojibake,
    sniff,
)
from .tables import is_task_header
from .text import normalize_text

ACCEPTED_EXTENSIONS = (".txt", ".docx", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")
MAX_BYTES = 20 * 1024 * 1024
MAX_SCAN_BYTES = 60 * 1024 * 1024  # PDF and images

# Messages are marked here and translated when raised (``_``), in the active language.
MSG_SCAN_TOO_BIG = gettext_noop("Tệp quá lớn (trên 60 MB); hãy quét ở 300 dpi đen trắng.")
MSG_EMPTY = gettext_noop("Tệp rỗng, không có nội dung để nhập.")
MSG_BLANK = gettext_noop("Tệp chỉ có khoảng trắng, không có nội dung để nhập.")
MSG_TOO_BIG = gettext_noop("Tệp quá lớn (trên 20 MB), không phải một thông báo kết luận.")
MSG_BINARY = gettext_noop(
    "Tệp chứa dữ liệu nhị phân không nhận ra được (không phải văn bản, Word .docx, PDF hay ảnh "
    "quét); hãy nhập tệp .txt, .docx, .pdf hoặc ảnh PNG, JPEG, TIFF."
)
MSG_LEGACY = gettext_noop(
    "Tệp không được mã hóa Unicode UTF-8: có vẻ dùng bảng mã tiếng Việt cũ (TCVN3, VNI hoặc "
    "Windows-1258); hãy chuyển sang Unicode UTF-8 (ví dụ bằng Unikey Toolkit) rồi nhập lại."
)
MSG_BAD_DOCX = gettext_noop("Không mở được tệp .docx: tệp bị hỏng hoặc không phải tài liệu Word.")

_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\xd0\xcf\x11\xe0", b"PK\x03\x04")
_CONTROL = frozenset(range(0, 32)) - {9, 10, 12, 13} | {127}


def read_notice(
    source: str | os.PathLike | bytes,
    filename: str | None = None,
    *,
    ocr: bool = True,
    progress: Progress | None = None,
) -> str:
    """Text of a notice file, NFC with LF line ends; NoticeFormatError when unusable.

    A scan is read through OCR, which takes seconds a page; with ``ocr=False`` it raises
    ``OcrRequired`` instead, so that a web request can hand the file to a background task."""
    if isinstance(source, bytes | bytearray):
        data, name = bytes(source), filename or ""
    else:
        path = Path(source)
        name = filename or path.name
        data = _read_bytes(path)
    if not data:
        raise NoticeFormatError(_(MSG_EMPTY))
    kind = sniff(data, name)
    limit = MAX_SCAN_BYTES if kind in ("pdf", "image") else MAX_BYTES
    if len(data) > limit:
        raise NoticeFormatError(_(MSG_SCAN_TOO_BIG if limit == MAX_SCAN_BYTES else MSG_TOO_BIG))
    if kind == "docx":
        text = _read_docx(data)
    elif kind in ("pdf", "image"):
        text = pdf_text(data) if kind == "pdf" else None
        if text is None:
            if not ocr:
                raise OcrRequired(_(MSG_OCR_REQUIRED))
            text = ocr_document(data, name, kind=kind, progress=progress)
    else:
        text = _decode(data)
    text = normalize_text(text)
    if not text.strip():
        raise NoticeFormatError(_(MSG_BLANK))
    check_mojibake(text)
    return text


def needs_ocr(content: bytes, filename: str | None = None) -> bool:
    """Whether reading ``content`` means OCR (a scan, or a PDF page without text)."""
    kind = sniff(content, filename)
    return kind == "image" or (kind == "pdf" and pdf_text(content) is None)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise NoticeImportError(_("Không tìm thấy tệp “%(path)s”.") % {"path": path}) from None
    except OSError as exc:
        raise NoticeImportError(
            _("Không đọc được tệp “%(path)s”: %(error)s.") % {"path": path, "error": exc.strerror}
        ) from None


def _decode(data: bytes) -> str:
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                raise NoticeFormatError(_(MSG_BINARY)) from None
    if looks_binary(data):
        raise NoticeFormatError(_(MSG_BINARY))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NoticeFormatError(_(MSG_LEGACY)) from None


def looks_binary(data: bytes) -> bool:
    """NUL bytes, a known binary signature, or many control characters."""
    head = data[:8192]
    if b"\x00" in head or head.startswith(_MAGIC):
        return True
    controls = sum(byte in _CONTROL for byte in head)
    return controls > max(2, len(head) // 20)


# --- .docx -------------------------------------------------------------------------------------


def _read_docx(data: bytes) -> str:
    if not data.startswith(b"PK\x03\x04"):
        raise NoticeFormatError(_(MSG_BAD_DOCX))
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds for a broken package
        raise NoticeFormatError(_(MSG_BAD_DOCX)) from None
    numbering = _Numbering(document)
    return "\n".join(_block_lines(document.element.body, document, numbering))


def _block_lines(container, parent, numbering: _Numbering) -> list[str]:
    """Paragraphs in order; tables row by row, each cell (left, then right) in turn."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, parent)
            label = numbering.label(paragraph)
            text = paragraph.text
            lines.append(f"{label} {text}" if label and text.strip() else text)
        elif child.tag == qn("w:tbl"):
            rows = list(child.iterchildren(qn("w:tr")))
            grid = [
                [
                    " ".join(_block_lines(cell, parent, numbering))
                    for cell in row.iterchildren(qn("w:tc"))
                ]
                for row in rows
            ]
            if grid and is_task_header([" ".join(text.split()) for text in grid[0]]):
                lines += [
                    "| " + " | ".join(" ".join(c.split()) for c in row) + " |" for row in grid
                ]
                lines.append("")
                continue
            for row in rows:
                for cell in row.iterchildren(qn("w:tc")):
                    lines += _block_lines(cell, parent, numbering)
                    lines.append("")
    return lines


def _number_text(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while value > 0:
            value, rest = divmod(value - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    return str(value)


def _roman(value: int) -> str:
    out = ""
    for number, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while value >= number:
            out, value = out + letters, value - number
    return out


class _Numbering:
    """Rebuilds the "1.", "a)" labels of Word's automatic numbering (not stored in the text)."""

    def __init__(self, document):
        from docx.oxml.ns import qn

        self._qn = qn
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract = {
            node.get(qn("w:abstractNumId")): self._read_levels(node)
            for node in root.findall(qn("w:abstractNum"))
        }
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                self.levels[num.get(qn("w:numId"))] = abstract.get(ref.get(qn("w:val")), {})

    def _read_levels(self, node) -> dict[int, tuple[str, str, int]]:
        qn = self._qn
        levels = {}
        for lvl in node.findall(qn("w:lvl")):
            levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                self._val(lvl, "w:numFmt") or "decimal",
                self._val(lvl, "w:lvlText") or "",
                int(self._val(lvl, "w:start") or 1),
            )
        return levels

    def _val(self, node, tag: str) -> str | None:
        child = node.find(self._qn(tag))
        return None if child is None else child.get(self._qn("w:val"))

    def _num_pr(self, paragraph) -> tuple[str | None, int]:
        num_id, level = None, None
        sources = [paragraph._p.pPr]
        style = paragraph.style
        while style is not None:
            sources.append(style.element.pPr)
            style = style.base_style
        for ppr in sources:
            num_pr = None if ppr is None else ppr.numPr
            if num_pr is None:
                continue
            if num_id is None and num_pr.numId is not None:
                num_id = str(num_pr.numId.val)
            if level is None and num_pr.ilvl is not None:
                level = int(num_pr.ilvl.val)
        return num_id, level or 0

    def label(self, paragraph) -> str:
        if not self.levels:
            return ""
        num_id, level = self._num_pr(paragraph)
        levels = self.levels.get(num_id or "0")
        if not levels or level not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[level] = counters.get(level, levels[level][2] - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        fmt, text, _start = levels[level]
        if fmt in ("bullet", "none"):
            return "-" if fmt == "bullet" else ""

        def value(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            start = levels.get(k, ("decimal", "", 1))[2]
            return _number_text(counters.get(k, start), levels.get(k, ("decimal",))[0])

        return re.sub(r"%(\d)", value, text)
