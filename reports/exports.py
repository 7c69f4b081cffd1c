"""The official progress report as XLSX (openpyxl) and PDF (fpdf2), from one ``Report``.

Both files print the same header block, the same rows (``ReportRow.texts``) and the same
totals, so they cannot disagree with each other or with the dashboard.
"""

from __future__ import annotations

import io
import logging

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import TableBordersLayout
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

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

XLSX_WIDTHS = (6, 9, 60, 30, 36, 13, 13, 26, 10, 34)
DATE_FORMAT = "DD/MM/YYYY"


def xlsx_render(report: ProgressReport) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Tiến độ")
    wb.properties.title = report.title
    wb.properties.creator = report.generated_by
    ncols = len(REPORT_COLUMNS)
    bold = Font(bold=True)
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")

    ws["A1"] = report.parent_issuer.upper()
    ws["A2"] = report.issuer.upper()
    ws["A2"].font = bold
    ws.cell(row=1, column=8, value=PARTY).font = bold
    ws.cell(row=2, column=8, value=date_line(report))
    ws.merge_cells(start_row=4, start_column=1, end_row=4, end_column=ncols)
    ws["A4"] = report.title
    ws["A4"].font = Font(bold=True, size=14)
    ws["A4"].alignment = Alignment(horizontal="center", wrap_text=True)
    row = 5
    for line in header_lines(report):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        ws.cell(row=row, column=1, value=line).alignment = Alignment(horizontal="center")
        row += 1
    row += 1
    header_row = row
    for col, title in enumerate(REPORT_COLUMNS, start=1):
        cell = ws.cell(row=row, column=col, value=str(title))
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.fill = PatternFill("solid", fgColor="EEEEEE")
        cell.border = border
    for item in report.rows:
        row += 1
        texts = item.texts(with_notice=report.with_notice)
        values = [
            item.number,
            texts[1],
            texts[2],
            texts[3],
            texts[4],
            item.due_date or texts[5],
            item.closed_date if texts[6] else None,
            texts[7],
            item.days_overdue,
            texts[9] or None,
        ]
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col, value=value)
            if isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
                cell.data_type = "s"  # text written by people is never a formula
            cell.alignment = wrap
            cell.border = border
            if col in (6, 7) and value is not None and not isinstance(value, str):
                cell.number_format = DATE_FORMAT
    row += 2
    ws.cell(row=row, column=1, value=_("Tổng hợp")).font = bold
    for line in summary_lines(report):
        row += 1
        ws.cell(row=row, column=3, value=line)
    for col, width in enumerate(XLSX_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- PDF --------------------------------------------------------------------------------------

FONT = "DejaVu"
PDF_WIDTHS = (9, 13, 72, 32, 38, 19, 19, 26, 14, 35)  # mm, landscape A4 less 10 mm margins


class _ReportPDF(FPDF):
    footer_text = ""

    def footer(self):
        self.set_y(-10)
        self.set_font(FONT, size=7)
        self.cell(
            0,
            5,
            f"{self.footer_text} — "
            + _("Trang %(page)s/%(pages)s") % {"page": self.page_no(), "pages": "{nb}"},
            align="C",
        )


def pdf_render(report: ProgressReport) -> bytes:
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

    pdf.set_font(FONT, size=8)
    with pdf.table(
        width=width,
        col_widths=PDF_WIDTHS,
        text_align="LEFT",
        line_height=4,
        padding=1,
        borders_layout=TableBordersLayout.ALL,
        headings_style=FontFace(emphasis="BOLD", fill_color=(235, 235, 235)),
        first_row_as_headings=True,
        repeat_headings=1,
    ) as table:
        heading = table.row()
        for title in REPORT_COLUMNS:
            heading.cell(str(title))
        for item in report.rows:
            cells = table.row()
            for text in item.texts(with_notice=report.with_notice):
                cells.cell(text)
    pdf.ln(4)
    pdf.set_font(FONT, "B", 10)
    pdf.cell(0, 6, _("Tổng hợp"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, size=9)
    for line in summary_lines(report):
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
