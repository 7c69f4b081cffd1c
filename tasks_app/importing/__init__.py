"""Notice import: read a "thông báo kết luận", draft its directives and assignments.

    draft = parse_notice_file("142-TB-TU.txt")
    draft.to_json_dict()  # the design §5 document

Pure Python (no ORM); the registry of agencies comes from the CSVs in ``tasks_app/data`` or,
via ``Registry.from_rows``, from the database.
"""

from __future__ import annotations

import os

from .draft import AssignmentDraft, DirectiveDraft, NoticeDraft, NoticeMeta
from .errors import NoticeFormatError, NoticeImportError
from .parser import parse_notice_text
from .reader import read_notice
from .registry import Agency, Group, Registry, default_registry


def parse_notice_file(
    path: str | os.PathLike | bytes,
    registry: Registry | None = None,
    *,
    filename: str | None = None,
) -> NoticeDraft:
    """Read and parse a .txt/.docx notice (``path`` may be bytes when ``filename`` is given)."""
    text = read_notice(path, filename=filename)
    return parse_notice_text(text, registry or default_registry())


__all__ = [
    "Agency",
    "AssignmentDraft",
    "DirectiveDraft",
    "Group",
    "NoticeDraft",
    "NoticeFormatError",
    "NoticeImportError",
    "NoticeMeta",
    "Registry",
    "default_registry",
    "parse_notice_file",
    "parse_notice_text",
    "read_notice",
]
