"""The importer on real documents, scored against what a careful clerk reads out of them.

``corpus/`` holds four public administrative documents (see its README) and their hand labels;
the sample notice and its labels are in ``tasks_app/data/seeds`` and ``fixtures``. The scoring
rules are in ``scoring.py``. ``pytest -s`` prints the per-document table.
"""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path

import pytest

from tasks_app.importing import NoticeImportError, Registry, parse_notice_text, read_notice
from tasks_app.importing.registry import DATA_DIR

from .conftest import FIXTURES, SEED_PATH
from .scoring import Score, fraction, score_draft, table

CORPUS = Path(__file__).parent / "corpus"
LABELS = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
DOCUMENTS = sorted(name for name in LABELS if not name.startswith("_"))


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def extended_registry() -> Registry:
    """The shipped registry (with its aliases) plus the corpus's extra state bodies."""
    rows = _rows(DATA_DIR / "agencies.csv")
    known = {row["code"] for row in rows}
    rows += [row for row in _rows(CORPUS / "agencies-extended.csv") if row["code"] not in known]
    return Registry.from_rows(rows, _rows(DATA_DIR / "groups.csv"))


@pytest.fixture(scope="module")
def scores(extended_registry) -> list[Score]:
    results = []
    sample = json.loads((FIXTURES / "142-TB-TU.expected.json").read_text(encoding="utf-8"))
    cases = [(name, CORPUS / name, LABELS[name]) for name in DOCUMENTS]
    cases.append(("142-TB-TU.txt (sample)", SEED_PATH, sample))
    for name, path, labels in cases:
        text = read_notice(path)
        try:
            draft = parse_notice_text(text, extended_registry)
        except NoticeImportError as exc:
            refused = Score(name, refused=str(exc))
            refused.leads[1] = len(labels.get("assignments", []))
            results.append(refused)
            continue
        results.append(score_draft(name, draft, labels))
    total = Score("total")
    for score in results:
        total.add(score)
    print()
    print(table(results, total))
    for score in results:
        for miss in score.misses:
            print(f"  {score.name}: {miss}")
    return [*results, total]


def test_no_document_is_refused(scores):
    assert [s.name for s in scores if s.refused] == []


def test_leads_coordinators_and_deadlines_are_at_least_nine_in_ten(scores):
    total = scores[-1]
    assert fraction(total.leads) >= 0.9, total.leads
    assert fraction(total.coordinators) >= 0.9, total.coordinators
    assert fraction(total.deadlines) >= 0.9, total.deadlines


def test_no_deadline_is_invented(scores):
    assert scores[-1].invented == 0


def test_metadata_is_right_where_the_text_has_it(scores):
    total = scores[-1]
    assert total.metadata[0] == total.metadata[1], [m for s in scores for m in s.misses]


def test_directive_counts_are_within_the_labelled_range(scores):
    assert [s.name for s in scores[:-1] if not s.count_ok] == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_refs_are_unique_and_every_flag_says_why(name, extended_registry):
    draft = parse_notice_text(read_notice(CORPUS / name), extended_registry)
    refs = [d.ref for d in draft.directives]
    assert len(refs) == len(set(refs)), refs
    assert all(len(ref) <= 16 for ref in refs), refs
    for directive in draft.directives:
        if not directive.assignments:
            assert directive.review_reasons, directive.ref


@pytest.mark.parametrize("name", DOCUMENTS)
def test_each_document_parses_well_under_a_second(name, extended_registry):
    text = read_notice(CORPUS / name)
    parse_notice_text(text, extended_registry)  # warm: builds the agency table once
    start = time.perf_counter()
    parse_notice_text(text, extended_registry)
    assert time.perf_counter() - start < 0.5
