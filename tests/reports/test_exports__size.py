"""Exports at size: a few thousand rows, every one in the file as the dashboard's rows say, with
Vietnamese text intact and the totals of the database; in the PDF a row taller than a page
continues on the next one under the repeated heading."""

import datetime
import io
import tempfile
import unicodedata

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from reports import services
from reports.exports import summary_lines
from reports.selectors.dashboard import report_queryset, status_counts
from reports.selectors.filters import ReportFilters
from reports.selectors.rows import REPORT_COLUMNS, report_rows
from tests.reports.bulk import TODAY, bulk_processes
from workflows import permissions
from workflows.models import DirectiveProcess, Outcome

pytestmark = pytest.mark.django_db

ROWS = 2000
#: A cancellation reason far longer than a page in the PDF's note column.
LONG_REASON = " ".join(f"lý-do-{i}" for i in range(250))


@pytest.fixture
def many(registry):
    bulk_processes(ROWS)


def build(user, fmt, *, filters=None):
    seen = []
    with tempfile.TemporaryFile() as out:
        built = services.export_build(
            user=user,
            filters=filters or ReportFilters(),
            fmt=fmt,
            out=out,
            today=TODAY,
            progress=lambda done, total: seen.append((done, total)),
        )
        out.seek(0)
        return built, out.read(), seen


def expected_rows(user, filters=None):
    scope = permissions.report_scope(user=user)
    qs = report_queryset(scope=scope, filters=filters or ReportFilters(), today=TODAY)
    return report_rows(qs, today=TODAY), status_counts(qs)


def cell_text(value) -> str:
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


def test_every_row_of_a_large_xlsx_is_the_dashboards_row(many, staff):
    office = staff.office()
    built, content, seen = build(office, "xlsx")
    rows, counts = expected_rows(office)
    assert built.rows == len(rows) == ROWS
    assert seen == [(n, ROWS) for n in range(500, ROWS + 1, 500)]  # told while read and written

    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    values = [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    heading = values.index([str(title) for title in REPORT_COLUMNS])
    data = values[heading + 1 : heading + 1 + ROWS]
    assert data == [row.texts(with_notice=True) for row in rows]
    assert values[heading + 1 + ROWS] == [""] * 10  # then a gap and the totals
    totals = [row[2] for row in values[heading + ROWS + 3 :]]
    report = built.report
    assert dict(report.counts) == dict(counts)
    assert totals == summary_lines(report)
    assert f"Tổng số nhiệm vụ (không tính đã hủy): {counts.counted}" in totals
    text = " ".join(" ".join(row) for row in data)
    for vietnamese in (
        "Đang thực hiện, quá hạn",
        "Hoàn thành đúng hạn",
        "Không có hạn",
        "Hủy ngày",
    ):
        assert vietnamese in text


def pdf_page(reader: PdfReader, index: int) -> str:
    text = reader.pages[index].extract_text()
    return unicodedata.normalize("NFC", " ".join(text.split()))


def test_a_large_pdf_holds_every_row_and_a_very_long_row_goes_on_overleaf(many, staff):
    office = staff.office()
    first = report_queryset(
        scope=permissions.report_scope(user=office), filters=ReportFilters(), today=TODAY
    )
    rows, counts = expected_rows(office)
    DirectiveProcess.objects.filter(pk=rows[0].process_id).update(
        outcome=Outcome.CANCELLED, outcome_reason=LONG_REASON, closed_at=first[0].created
    )
    rows, counts = expected_rows(office)
    assert rows[0].status == "cancelled"

    built, content, _seen = build(office, "pdf")
    reader = PdfReader(io.BytesIO(content))
    assert built.rows == ROWS and len(reader.pages) > 100

    pages = [pdf_page(reader, i) for i in range(4)]
    assert "BÁO CÁO TIẾN ĐỘ" in pages[0].upper() and "Tất cả cơ quan chủ trì" in pages[0]
    assert "lý-do-0 " in pages[0] and "lý-do-249" not in pages[0]
    end = next(i for i, page in enumerate(pages) if "lý-do-249" in page)
    assert end >= 1, "the row continues on the following page(s)"
    for page in pages[1 : end + 1]:
        assert "Nội dung tóm tắt" in page and "Cơ quan chủ trì" in page  # heading repeated
    words = [int(w.rsplit("-", 1)[1]) for p in pages for w in p.split() if w.startswith("lý-do-")]
    assert words == list(range(250)), "every line of the long row, once, in order"
    after = pages[end][pages[end].index("lý-do-249") :]
    assert after.startswith(f"lý-do-249 {rows[1].number} {rows[1].ref} (")  # the next row

    last = " ".join(pdf_page(reader, i) for i in range(len(reader.pages) - 2, len(reader.pages)))
    assert f"{ROWS} {rows[-1].ref} ({rows[-1].notice_number[:4]}" in last  # on one line
    assert f"Tổng số nhiệm vụ (không tính đã hủy): {counts.counted}" in last
    assert f"Đã hủy: {counts.cancelled}" in last
    assert f"Trang {len(reader.pages)}/{len(reader.pages)}" in last
