"""The official progress report as XLSX (XlsxWriter) and PDF (fpdf2), from one ``Report``.

Both files print the same header block, the same rows (``ReportRow.texts``) and the same
totals, so they cannot disagree with each other or with the dashboard. Both are written row
by row to a file (``xlsx_write``, ``pdf_write``) at a cost that grows linearly with the rows,
reading them as they are written when the report's rows are a stream
(:class:`reports.selectors.export_rows.RowStream`): the XLSX with XlsxWriter in its
constant-memory mode (each row goes straight to the sheet's XML; about 40 % less CPU than
openpyxl's write-only mode, which builds and styles a cell object per value), the PDF as a
table whose lines are broken once.
"""

from __future__ import annotations

import datetime
import io
import logging
import tempfile
from collections.abc import Callable
from typing import BinaryIO

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from xlsxwriter import Workbook

from reports.selectors.export_rows import RowTexts
from reports.selectors.rows import REPORT_COLUMNS, ProgressReport
from reports.status import COUNTED, Status, percent

# fontTools logs every subset step at INFO; the PDF reports would flood the log.
logging.getLogger("fontTools").setLevel(logging.WARNING)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_CONTENT_TYPE = "application/pdf"

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"


def date_line(report: ProgressReport) -> str:
    local = timezone.localtime(report.generated_at)
    return _("ngày %(d)02d tháng %(m)02d năm %(y)d") % {
        "d": local.day,
        "m": local.month,
        "y": local.year,
    }


def header_lines(report: ProgressReport) -> list[str]:
    """Scope, filters and generation time, printed under the title."""
    lines = [_("Phạm vi: %(scope)s") % {"scope": report.scope_label}]
    if report.filters_label:
        lines.append(_("Lọc theo: %(filters)s") % {"filters": report.filters_label})
    lines.append(report.generated_label)
    return lines


def summary_lines(report: ProgressReport) -> list[str]:
    counts = report.counts
    lines = [
        _("Tổng số nhiệm vụ (không tính đã hủy): %(n)d") % {"n": counts.counted},
        *[f"{Status(s).label}: {counts[s]}" for s in COUNTED],
        f"{Status.CANCELLED.label}: {counts.cancelled}",
        _("Tỷ lệ hoàn thành: %(rate)s") % {"rate": percent(counts.completion_rate)},
        _("Tỷ lệ hoàn thành đúng hạn (trong số đã hoàn thành): %(rate)s")
        % {"rate": percent(counts.on_time_rate)},
    ]
    return lines


# --- XLSX -------------------------------------------------------------------------------------

#: How often (in rows) the renderers report their progress.
PROGRESS_EVERY = 500

Progress = Callable[[int, int], None]

XLSX_WIDTHS = (6, 9, 60, 30, 36, 13, 13, 26, 10, 34)
DATE_FORMAT = "DD/MM/YYYY"


def xlsx_write(report: ProgressReport, out: BinaryIO, *, progress: Progress | None = None):
    """Write the report as XLSX to ``out``, row by row (memory does not grow with the rows)."""
    with tempfile.TemporaryDirectory(prefix="xlsx-") as tmpdir:
        wb = Workbook(
            out,
            {
                "constant_memory": True,
                "tmpdir": tmpdir,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        _xlsx_sheet(wb, report, progress)
        wb.close()


def _xlsx_sheet(wb: Workbook, report: ProgressReport, progress: Progress | None) -> None:
    wb.set_properties({"title": report.title, "author": report.generated_by})
    ws = wb.add_worksheet(_("Tiến độ"))
    ncols = len(REPORT_COLUMNS)
    border = {"border": 1, "border_color": "#999999"}
    bold = wb.add_format({"bold": True})
    title = wb.add_format({"bold": True, "font_size": 14, "align": "center", "text_wrap": True})
    centered = wb.add_format({"align": "center"})
    heading = wb.add_format(
        {
            "bold": True,
            "text_wrap": True,
            "valign": "vcenter",
            "align": "center",
            "bg_color": "#EEEEEE",
            **border,
        }
    )
    body = wb.add_format({"text_wrap": True, "valign": "top", **border})
    body_date = wb.add_format(
        {"text_wrap": True, "valign": "top", "num_format": DATE_FORMAT, **border}
    )
    for col, width in enumerate(XLSX_WIDTHS):
        ws.set_column(col, col, width)
    lines = header_lines(report)
    heading_row = 4 + len(lines) + 1  # zero-based
    ws.freeze_panes(heading_row + 1, 0)
    ws.repeat_rows(heading_row)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)

    ws.write_string(0, 0, report.parent_issuer.upper())
    ws.write_string(0, 7, PARTY, bold)
    ws.write_string(1, 0, report.issuer.upper(), bold)
    ws.write_string(1, 7, date_line(report))
    ws.merge_range(3, 0, 3, ncols - 1, report.title, title)
    for offset, line in enumerate(lines):
        ws.merge_range(4 + offset, 0, 4 + offset, ncols - 1, line, centered)
    for col, text in enumerate(REPORT_COLUMNS):
        ws.write_string(heading_row, col, str(text), heading)

    write_string, write_number, write_blank = ws.write_string, ws.write_number, ws.write_blank
    write_date = ws.write_datetime
    total = len(report.rows)
    texts_of = RowTexts(with_notice=report.with_notice)
    r = heading_row
    for done, item in enumerate(report.rows, start=1):
        r += 1
        texts = texts_of(item)
        write_number(r, 0, item.number, body)
        write_string(r, 1, texts[1], body)
        write_string(r, 2, texts[2], body)
        write_string(r, 3, texts[3], body)
        _text(write_string, write_blank, r, 4, texts[4], body)
        if item.due_date:
            write_date(r, 5, _datetime(item.due_date), body_date)
        else:
            write_string(r, 5, texts[5], body)
        if texts[6]:
            write_date(r, 6, _datetime(item.closed_date), body_date)
        else:
            write_blank(r, 6, None, body)
        write_string(r, 7, texts[7], body)
        if item.days_overdue is None:
            write_blank(r, 8, None, body)
        else:
            write_number(r, 8, item.days_overdue, body)
        _text(write_string, write_blank, r, 9, texts[9], body)
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, total)
    r += 2
    write_string(r, 0, _("Tổng hợp"), bold)
    for line in summary_lines(report):
        r += 1
        write_string(r, 2, line)


def _text(write_string, write_blank, row: int, col: int, text: str, fmt) -> None:
    if text:
        write_string(row, col, text, fmt)
    else:
        write_blank(row, col, None, fmt)


def _datetime(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day)


def xlsx_render(report: ProgressReport) -> bytes:
    buffer = io.BytesIO()
    xlsx_write(report, buffer)
    return buffer.getvalue()


# --- PDF --------------------------------------------------------------------------------------

FONT = "DejaVu"
#: mm, landscape A4 less 10 mm margins; the first column holds a six-digit row number on one line
PDF_WIDTHS = (13, 13, 68, 32, 38, 19, 19, 26, 14, 35)
HEADING_GRAY = 235 / 255


class _ReportPDF(FPDF):
    footer_text = ""

    def footer(self):
        self.set_y(-10)
        self.set_font(FONT, size=7)
        self.cell(
            0,
            5,
            f"{self.footer_text} — "
            + _("Trang %(page)s/%(pages)s") % {"page": self.page_no(), "pages": "{pages}"},
            align="C",
        )


class _Table:
    """A bordered table drawn with fpdf2's primitives, for thousands of rows.

    fpdf2's own table measures every cell again and again while breaking lines (most of a
    report's time). Here the column widths are fixed, each word is measured once (from the
    font's glyph widths, cached), lines are broken greedily, and each line is one ``text()``
    call. A row that does not fit on the page starts a new page under the repeated heading;
    a row taller than a whole page continues on the next one.
    """

    def __init__(self, pdf: FPDF, widths, *, size=8.0, line_height=4.0, padding=1.0):
        self.pdf, self.widths = pdf, widths
        self.size, self.line_height, self.padding = size, line_height, padding
        self.heading: list[str] = []
        self.page_lines = 1  # body lines that fit on a page under the heading
        self._measured: dict[tuple[str, str], float] = {}
        self._encoded: dict[str, dict[str, str]] = {}  # font → line → PDF string

    def _font(self, style: str) -> None:
        self.pdf.set_font(FONT, style, self.size)

    def width(self, word: str) -> float:
        font = self.pdf.current_font
        key = (font.fontkey, word)
        width = self._measured.get(key)
        if width is None:
            cw = font.cw
            width = sum(cw[ord(c)] for c in word) * self.size * 0.001 / self.pdf.k
            self._measured[key] = width
        return width

    def wrap(self, text: str, width: float) -> list[str]:
        lines: list[str] = []
        space = self.width(" ")
        for paragraph in text.split("\n"):
            line, line_width = "", 0.0
            for word in paragraph.split():
                w = self.width(word)
                if line and line_width + space + w <= width:
                    line, line_width = f"{line} {word}", line_width + space + w
                    continue
                if line:
                    lines.append(line)
                while w > width:  # a word longer than the column: break it where it must
                    cut = 1
                    while cut < len(word) and self.width(word[: cut + 1]) <= width:
                        cut += 1
                    lines.append(word[:cut])
                    word = word[cut:]
                    w = self.width(word)
                line, line_width = word, w
            lines.append(line)
        return lines

    def _draw(self, cells: list[list[str]], count: int, *, fill: bool) -> None:
        """One row: its cell borders and lines of text as one piece of the page's content
        stream (``FPDF.rect``/``FPDF.text`` per cell and line cost more than the rest)."""
        pdf = self.pdf
        k, page_h, font = pdf.k, pdf.h, pdf.current_font
        x, y = pdf.l_margin, pdf.get_y()
        if not pdf.current_font_is_set_on_page:
            pdf.text(x, y, "")  # selects the font on this page (and lists it in its resources)
        height = count * self.line_height + 2 * self.padding
        top = (page_h - y) * k
        encoded_lines = self._encoded.setdefault(font.fontkey, {})
        ops = [f"{HEADING_GRAY:.3f} g"] if fill else []
        for width in self.widths:
            ops.append(f"{x * k:.2f} {top:.2f} {width * k:.2f} {-height * k:.2f} re")
            x += width
        ops.append("B 0 g" if fill else "S")
        baseline = y + self.padding + 0.5 * self.line_height + 0.3 * self.size / k
        x = pdf.l_margin + self.padding
        for lines, width in zip(cells, self.widths, strict=True):
            for i, line in enumerate(lines[:count]):
                if line:
                    encoded = encoded_lines.get(line)
                    if encoded is None:
                        encoded = encoded_lines[line] = font.encode_text(line)
                    base = (page_h - baseline - i * self.line_height) * k
                    ops.append(f"BT {x * k:.2f} {base:.2f} Td {encoded} ET")
            x += width
        pdf._out("\n".join(ops))  # fpdf2 has no public call for raw content
        pdf.set_y(y + height)

    def _lines_left(self) -> int:
        room = self.pdf.page_break_trigger - self.pdf.get_y() - 2 * self.padding
        return max(0, int(room // self.line_height))

    def _new_page(self) -> None:
        self.pdf.add_page()
        if self.heading:
            self.row(self.heading, heading=True)
            self._font("")

    def row(self, texts: list[str], *, heading: bool = False) -> None:
        self._font("B" if heading else "")
        inner = [w - 2 * self.padding for w in self.widths]
        cells = [self.wrap(t, w) for t, w in zip(texts, inner, strict=True)]
        while True:
            needed, fits = max(len(lines) for lines in cells), self._lines_left()
            if needed <= fits:
                self._draw(cells, needed, fill=heading)
                break
            if heading or fits == 0 or needed <= self.page_lines:
                self._new_page()  # the row goes whole on the next page
                continue
            self._draw(cells, fits, fill=heading)  # taller than a page: continued overleaf
            cells = [lines[fits:] for lines in cells]
            self._new_page()
        if heading:
            self.heading = texts
            self.page_lines = max(1, self._lines_left())


def pdf_write(report: ProgressReport, out: BinaryIO, *, progress: Progress | None = None):
    """Write the report as PDF to ``out`` (DejaVu Sans for Vietnamese, subset once at the end)."""
    pdf = _ReportPDF(orientation="L", unit="mm", format="A4")
    pdf.footer_text = report.title
    pdf.set_margins(10, 10, 10)
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.add_font(FONT, "", settings.PDF_FONT_PATH)
    pdf.add_font(FONT, "B", settings.PDF_FONT_BOLD_PATH)
    pdf.set_title(report.title)
    pdf.set_author(report.generated_by)
    pdf.set_creator(report.issuer)
    pdf.set_lang("vi")
    pdf.alias_nb_pages("{pages}")  # wide enough for a four-digit page count
    pdf.add_page()
    width = pdf.epw

    # header block: issuer on the left, the Party's name and the date on the right
    half = width / 2
    top = pdf.get_y()
    pdf.set_font(FONT, size=9)
    pdf.multi_cell(half, 5, report.parent_issuer.upper(), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "B", 9)
    pdf.multi_cell(half, 5, report.issuer.upper(), align="C", new_x="LMARGIN", new_y="NEXT")
    left_bottom = pdf.get_y()
    pdf.set_xy(pdf.l_margin + half, top)
    pdf.cell(half, 5, PARTY, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, size=9)
    pdf.cell(half, 5, date_line(report), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(left_bottom, pdf.get_y()) + 4)

    pdf.set_font(FONT, "B", 13)
    pdf.multi_cell(width, 7, report.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=9)
    for line in header_lines(report):
        pdf.multi_cell(width, 5, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    table = _Table(pdf, PDF_WIDTHS)
    table.row([str(title) for title in REPORT_COLUMNS], heading=True)
    total = len(report.rows)
    texts_of = RowTexts(with_notice=report.with_notice)
    for done, item in enumerate(report.rows, start=1):
        table.row(texts_of(item))
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, total)
    pdf.ln(4)
    if pdf.get_y() + 6 + 5 * len(summary_lines(report)) > pdf.page_break_trigger:
        pdf.add_page()
    pdf.set_font(FONT, "B", 10)
    pdf.cell(0, 6, _("Tổng hợp"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=9)
    for line in summary_lines(report):
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(out)


def pdf_render(report: ProgressReport) -> bytes:
    buffer = io.BytesIO()
    pdf_write(report, buffer)
    return buffer.getvalue()
