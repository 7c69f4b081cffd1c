"""The same notice as text, Word, text-layer PDF, scanned PDF and scanned image; bad scans.

The PDF and the scans are made here from the text: the text-layer PDF with fpdf2, the scans
by drawing the page with Pillow (DejaVu Serif, 300 dpi) and saving the image as a PDF or TIFF.
OCR runs Tesseract (Debian packages tesseract-ocr, tesseract-ocr-vie).
"""

from __future__ import annotations

import difflib
import io
import shutil

import pytest

from tasks_app.importing import (
    MAX_OCR_PAGES,
    NoticeFormatError,
    NoticeImportError,
    OcrRequired,
    needs_ocr,
    ocr_document,
    parse_notice_text,
    read_notice,
)

from .conftest import build_docx

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
DPI = 300

HEADER = ["TỈNH ỦY TIỀN GIANG", "Số 88-TB/TU", "Tiền Giang, ngày 12 tháng 3 năm 2024"]
BODY = [
    "THÔNG BÁO",
    "kết luận của Thường trực Tỉnh ủy về công tác dân vận",
    "Ngày 8/3/2024, Thường trực Tỉnh ủy họp nghe báo cáo công tác dân vận quý I năm 2024. "
    "Thường trực Tỉnh ủy kết luận như sau:",
    "1. Ban Dân vận Tỉnh ủy chủ trì, phối hợp với Ủy ban MTTQ tỉnh tổ chức sơ kết mô hình "
    "“Dân vận khéo”, hoàn thành trước ngày 30/6/2024.",
    "2. Giao Ban Tổ chức Tỉnh ủy phối hợp với Sở Nội vụ rà soát đội ngũ cán bộ cơ sở, báo "
    "cáo Thường trực Tỉnh ủy trong quý III/2024.",
    "3. Đảng đoàn Liên đoàn Lao động tỉnh, Hội Nông dân tỉnh vận động đoàn viên, hội viên "
    "tham gia; báo cáo hằng quý về Ban Dân vận Tỉnh ủy.",
    "4. Văn phòng Tỉnh ủy theo dõi, đôn đốc việc thực hiện Thông báo này.",
]
RECIPIENTS = ["Nơi nhận:", "- Như trên,", "- Lưu VPTU."]
SIGNATURE = ["T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG", "Phạm Thị Mai Tiên"]
TEXT = "\n".join(HEADER + BODY + RECIPIENTS + SIGNATURE) + "\n"

EXPECTED = {
    "1": {"BDVTU": (["UBMTTQ"], "2024-06-30", None)},
    "2": {"BTCTU": (["SNV"], "2024-09-30", None)},
    "3": {"DDLDLD": ([], None, "quarterly"), "HND": ([], None, "quarterly")},
    "4": {"VPTU": ([], None, None)},
}

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="Tesseract is not installed"
)


def within_ocr_limits(scanned, typed) -> None:
    """The same leads and coordinators; each deadline the same, or missing and flagged (OCR
    misreads Roman numerals: "quý III" may come out "quý 1II1")."""
    assert {d.ref: {a.lead: a.coordinators for a in d.assignments} for d in scanned.directives} == {
        d.ref: {a.lead: a.coordinators for a in d.assignments} for d in typed.directives
    }
    for got, want in zip(scanned.directives, typed.directives, strict=True):
        for a, b in zip(got.assignments, want.assignments, strict=True):
            assert a.due == b.due or (a.due is None and got.needs_review), (got.ref, a.due)


def table(draft) -> dict:
    return {
        d.ref: {
            a.lead: (a.coordinators, a.due.isoformat() if a.due else None, a.recurrence)
            for a in d.assignments
        }
        for d in draft.directives
    }


def _page_images(lines: list[str], *, blank: bool = False):
    """A4 pages at 300 dpi with the lines drawn in 12 pt DejaVu Serif."""
    from PIL import Image, ImageDraw, ImageFont

    width, height, margin = int(8.27 * DPI), int(11.69 * DPI), int(0.8 * DPI)
    font = ImageFont.truetype(FONT, int(12 * DPI / 72))
    step = int(font.size * 1.45)
    pages = [Image.new("L", (width, height), 255)]
    draw, y = ImageDraw.Draw(pages[-1]), margin
    for line in [] if blank else lines:
        words, row = line.split(), ""
        rows = []
        for word in words:
            trial = f"{row} {word}".strip()
            if row and draw.textlength(trial, font=font) > width - 2 * margin:
                rows.append(row)
                row = word
            else:
                row = trial
        for row_text in [*rows, row]:
            if y + step > height - margin:
                pages.append(Image.new("L", (width, height), 255))
                draw, y = ImageDraw.Draw(pages[-1]), margin
            draw.text((margin, y), row_text, font=font, fill=0)
            y += step
    return pages


def scanned_pdf(lines: list[str], *, blank: bool = False, copies: int = 1) -> bytes:
    pages = _page_images(lines, blank=blank) * copies
    buffer = io.BytesIO()
    pages[0].save(buffer, "PDF", resolution=DPI, save_all=True, append_images=pages[1:])
    return buffer.getvalue()


def scanned_tiff(lines: list[str]) -> bytes:
    pages = _page_images(lines)
    buffer = io.BytesIO()
    pages[0].save(buffer, "TIFF", dpi=(DPI, DPI), save_all=True, append_images=pages[1:])
    return buffer.getvalue()


def text_pdf(lines: list[str]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=FONT)
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    for line in lines:
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def docx() -> bytes:
    return build_docx(
        header_left=[HEADER[0], HEADER[1]],
        header_right=["ĐẢNG CỘNG SẢN VIỆT NAM", HEADER[2]],
        body=BODY,
        recipients=RECIPIENTS[1:],
        signature=SIGNATURE,
    )


LINES = HEADER + BODY + RECIPIENTS + SIGNATURE


@pytest.fixture(scope="module")
def from_text(registry):
    draft = parse_notice_text(read_notice(TEXT.encode(), filename="88.txt"), registry)
    assert table(draft) == EXPECTED
    return draft


@pytest.mark.parametrize(
    ("name", "make"),
    [("88.docx", docx), ("88.pdf", lambda: text_pdf(LINES))],
    ids=["docx", "text-layer pdf"],
)
def test_word_and_pdf_with_text_give_the_same_draft(name, make, from_text, registry):
    data = make()
    assert not needs_ocr(data, name)
    draft = parse_notice_text(read_notice(data, filename=name), registry)
    assert table(draft) == table(from_text)
    assert (draft.notice.number, draft.notice.date) == (from_text.notice.number,
                                                         from_text.notice.date)  # fmt: skip
    assert draft.notice.signer == "Phạm Thị Mai Tiên"


@needs_tesseract
def test_scanned_pdf_gives_the_same_leads_through_ocr(from_text, registry):
    data = scanned_pdf(LINES)
    assert needs_ocr(data, "88.pdf")
    with pytest.raises(OcrRequired) as info:
        read_notice(data, filename="88.pdf", ocr=False)
    assert "OCR" in str(info.value)
    progress: list[tuple[int, int]] = []
    text = read_notice(data, filename="88.pdf", progress=lambda done, total: progress.append(
        (done, total)))  # fmt: skip
    assert progress == [(0, 1), (1, 1)]
    draft = parse_notice_text(text, registry)
    within_ocr_limits(draft, from_text)
    assert draft.notice.number == "88-TB/TU" and draft.notice.signer == "Phạm Thị Mai Tiên"
    # What OCR gets wrong stays small: the words, not only the leads, come out right.
    similarity = difflib.SequenceMatcher(None, " ".join(TEXT.split()), " ".join(text.split()))
    assert similarity.ratio() > 0.97


@needs_tesseract
def test_scanned_tiff_named_as_anything_is_read_by_content(from_text, registry):
    text = read_notice(scanned_tiff(LINES), filename="scan.bin")
    within_ocr_limits(parse_notice_text(text, registry), from_text)


@needs_tesseract
def test_an_image_of_nothing_is_refused_with_one_line():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (1200, 1600), 255).save(buffer, "PNG")
    with pytest.raises(NoticeFormatError) as info:
        read_notice(buffer.getvalue(), filename="trang.png")
    message = str(info.value)
    assert "Không đọc được chữ nào" in message and "\n" not in message


@needs_tesseract
def test_a_pdf_without_text_or_ocr_result_is_refused():
    with pytest.raises(NoticeFormatError, match="Không đọc được chữ nào"):
        read_notice(scanned_pdf(LINES, blank=True), filename="trang.pdf")


def test_a_scan_beyond_the_page_limit_is_refused_before_any_ocr(monkeypatch):
    import tasks_app.importing.scan as scan

    def no_ocr(*args, **kwargs):
        raise AssertionError("OCR must not start")

    monkeypatch.setattr(scan, "_ocr", no_ocr)
    data = scanned_pdf(["x"], blank=True, copies=MAX_OCR_PAGES + 1)
    with pytest.raises(NoticeFormatError) as info:
        ocr_document(data, "day.pdf")
    message = str(info.value)
    assert f"{MAX_OCR_PAGES + 1} trang" in message and f"giới hạn {MAX_OCR_PAGES}" in message
    assert "\n" not in message


def test_a_broken_pdf_is_refused():
    with pytest.raises(NoticeFormatError, match="Không mở được tệp PDF"):
        read_notice(b"%PDF-1.4\n1 0 obj\n", filename="hong.pdf")


def test_missing_ocr_engine_is_one_clear_line(monkeypatch):
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    with pytest.raises(NoticeImportError) as info:
        read_notice(scanned_pdf(LINES), filename="88.pdf")
    assert "tesseract-ocr-vie" in str(info.value)


def scan_with_text_layer(lines: list[str], layer: list[str]) -> bytes:
    """A scanned page carrying an invisible text layer (as OCR software or an old font leaves)."""
    from fpdf import FPDF
    from fpdf.enums import TextMode

    (page,) = _page_images(lines)
    image = io.BytesIO()
    page.save(image, "PNG")
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=FONT)
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    pdf.image(image, x=0, y=0, w=pdf.w, h=pdf.h)
    pdf.text_mode = TextMode.INVISIBLE
    pdf.set_xy(10, 10)
    for line in layer:
        pdf.multi_cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@needs_tesseract
def test_a_text_layer_in_a_legacy_font_is_read_through_ocr_instead(registry, from_text):
    from .test_reader import tcvn3

    plain = [line.replace("“", '"').replace("”", '"') for line in LINES]
    garbled = [tcvn3(line).decode("latin-1") for line in plain]  # "T\xd8nh \xf1y" …
    data = scan_with_text_layer(LINES, garbled)
    assert needs_ocr(data, "88.pdf")
    within_ocr_limits(parse_notice_text(read_notice(data, filename="88.pdf"), registry), from_text)


@needs_tesseract
def test_a_draft_read_from_a_scan_says_so(tmp_path):
    from tasks_app.importing import parse_notice_file

    path = tmp_path / "88.pdf"
    path.write_bytes(scanned_pdf(LINES))
    draft = parse_notice_file(path)
    assert draft.review_reasons[0].startswith("Văn bản được đọc từ bản quét")
    typed = tmp_path / "88.txt"
    typed.write_text(TEXT, encoding="utf-8")
    assert not any("bản quét" in r for r in parse_notice_file(typed).review_reasons)
