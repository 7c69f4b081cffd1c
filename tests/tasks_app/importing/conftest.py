"""Shared fixtures for the notice importer tests (pure Python: no database, no settings)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tasks_app.importing import default_registry
from tasks_app.importing.registry import DATA_DIR

FIXTURES = Path(__file__).parent / "fixtures"
SEED_PATH = DATA_DIR / "seeds" / "142-TB-TU.txt"


@pytest.fixture(scope="session")
def registry():
    return default_registry()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def expected() -> dict:
    return json.loads((FIXTURES / "142-TB-TU.expected.json").read_text(encoding="utf-8"))


def build_docx(
    header_left: list[str],
    header_right: list[str],
    body: list[str],
    recipients: list[str],
    signature: list[str],
    numbered: list[str] | None = None,
) -> bytes:
    """A Word notice laid out like the real ones: header and closing in two-column tables."""
    import docx

    document = docx.Document()
    header = document.add_table(rows=1, cols=2)
    header.cell(0, 0).text = "\n".join(header_left)
    header.cell(0, 1).text = "\n".join(header_right)
    for line in body:
        document.add_paragraph(line)
    for line in numbered or ():
        document.add_paragraph(line, style="List Number")
    closing = document.add_table(rows=1, cols=2)
    left, right = closing.cell(0, 0), closing.cell(0, 1)
    left.paragraphs[0].text = "Nơi nhận:"
    for line in recipients:
        left.add_paragraph(line)
    right.paragraphs[0].text = signature[0]
    for line in signature[1:]:
        right.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
