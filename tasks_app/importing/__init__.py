"""Notice import: read a "thông báo kết luận", draft its directives and assignments.

    draft = parse_notice_file("142-TB-TU.txt")
    draft.to_json_dict()  # the JSON contract of `import_notice --json`

Files: .txt, .docx, PDF, and scans (PDF without text, PNG, JPEG, TIFF) through OCR; see
``read_notice``, ``needs_ocr`` and ``ocr_document``. The importer's limits are listed in
README.md beside this file.

Pure Python (no ORM); the registry of agencies comes from the CSVs in ``tasks_app/data`` or,
via ``Registry.from_rows``, from the database.
"""

from __future__ import annotations

import os

from .draft import AssignmentDraft, DirectiveDraft, NoticeDraft, NoticeMeta
from .errors import NoticeFormatError, NoticeImportError
from .parser import parse_notice_text
from .reader import needs_ocr, read_notice
from .registry import Agency, Group, Registry, default_registry
from .scan import MAX_OCR_PAGES, OcrRequired, ocr_document, ocr_page_count


def parse_notice_file(
    path: str | os.PathLike | bytes,
    registry: Registry | None = None,
    *,
    filename: str | None = None,
) -> NoticeDraft:
    """Read and parse a notice file (``path`` may be bytes when ``filename`` is given); a scan
    is read through OCR and its draft says so in the notice's review reasons."""
    data = path if isinstance(path, bytes | bytearray) else None
    if data is None:
        from pathlib import Path

        try:
            data = Path(path).read_bytes()
        except OSError:
            data = b""
    try:
        scanned = bool(data) and needs_ocr(bytes(data), filename or str(path))
    except NoticeImportError:
        scanned = False  # read_notice says what is wrong with the file
    text = read_notice(path, filename=filename)
    return parse_notice_text(text, registry or default_registry(), scanned=scanned)


__all__ = [
    "MAX_OCR_PAGES",
    "Agency",
    "AssignmentDraft",
    "DirectiveDraft",
    "Group",
    "NoticeDraft",
    "NoticeFormatError",
    "NoticeImportError",
    "NoticeMeta",
    "OcrRequired",
    "Registry",
    "default_registry",
    "needs_ocr",
    "ocr_document",
    "ocr_page_count",
    "parse_notice_file",
    "parse_notice_text",
    "read_notice",
]
