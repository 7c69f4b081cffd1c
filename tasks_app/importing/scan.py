"""PDF files and scanned images: the text layer of a PDF, or the text Tesseract reads (OCR).

    text = pdf_text(data)                       # None when some page has no text layer
    text = ocr_document(data, "scan.pdf", progress=lambda done, total: ...)

OCR is slow (a few seconds a page): a web request should only check ``needs_ocr`` and leave
``ocr_document`` to a background task, which reports its progress through ``progress``.
Pure Python (no Django): pypdf reads text layers, pypdfium2 renders pages, pytesseract runs
Tesseract with the Vietnamese model (Debian packages tesseract-ocr, tesseract-ocr-vie).
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable

from .errors import NoticeFormatError, NoticeImportError, _, gettext_noop
from .sniff import check_mojibake, sniff

MAX_OCR_PAGES = 50  # one OCR run; a longer scan is split by the Office
MAX_PDF_PAGES = 300
OCR_LANGUAGE = "vie"
OCR_DPI = 300
_MIN_LETTERS = 20  # a page with fewer letters in its text layer is read as an image

# Tesseract (OpenMP) is several times slower when it starts a thread per core on a small
# machine; one thread per page is the fastest here and leaves the other cores to the server.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

Progress = Callable[[int, int], None]

MSG_BAD_PDF = gettext_noop("Không mở được tệp PDF: tệp bị hỏng hoặc không phải PDF.")
MSG_ENCRYPTED = gettext_noop("Tệp PDF có mật khẩu; hãy bỏ mật khẩu rồi nhập lại.")
MSG_TOO_MANY_PAGES = gettext_noop(
    "Tệp có %(pages)s trang, vượt giới hạn %(limit)s trang cho một lần nhận dạng chữ (OCR); "
    "hãy tách thành các tệp nhỏ hơn."
)
MSG_PDF_TOO_LONG = gettext_noop(
    "Tệp PDF có %(pages)s trang, vượt giới hạn %(limit)s trang, không phải một thông báo."
)
MSG_NO_TEXT = gettext_noop(
    "Không đọc được chữ nào trong tệp: không có lớp chữ và nhận dạng chữ (OCR) không cho kết "
    "quả; hãy quét lại rõ hơn (300 dpi, trang thẳng) hoặc nhập tay."
)
MSG_BAD_IMAGE = gettext_noop(
    "Không mở được tệp ảnh: tệp bị hỏng hoặc không phải ảnh PNG, JPEG, TIFF."
)
MSG_NO_ENGINE = gettext_noop(
    "Máy chủ chưa cài bộ nhận dạng chữ Tesseract có tiếng Việt (gói tesseract-ocr, "
    "tesseract-ocr-vie), nên chưa đọc được bản quét."
)
MSG_OCR_FAILED = gettext_noop("Nhận dạng chữ (OCR) bị lỗi ở trang %(page)s: %(error)s.")
MSG_OCR_REQUIRED = gettext_noop(
    "Tệp là bản quét (ảnh): cần nhận dạng chữ (OCR) trước khi đọc nội dung."
)

_LETTER_RE = re.compile(r"[^\W\d_]")


class OcrRequired(NoticeImportError):
    """The file is a scan; its text needs OCR (``ocr_document``), which takes time."""


def pdf_pages(data: bytes) -> list[str]:
    """Text layer of each page ("" for a page without one)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not _unlock(reader):
            raise NoticeFormatError(_(MSG_ENCRYPTED))
        count = len(reader.pages)
        if count > MAX_PDF_PAGES:
            raise NoticeFormatError(_(MSG_PDF_TOO_LONG) % {"pages": count, "limit": MAX_PDF_PAGES})
        return [page.extract_text() or "" for page in reader.pages]
    except NoticeImportError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError):
        raise NoticeFormatError(_(MSG_BAD_PDF)) from None
    except Exception:  # pypdf raises many kinds for a damaged file
        raise NoticeFormatError(_(MSG_BAD_PDF)) from None


def _unlock(reader) -> bool:
    """PDFs "protected" with an empty user password open without one."""
    try:
        return bool(reader.decrypt(""))
    except Exception:
        return False


def has_text(page: str) -> bool:
    return len(_LETTER_RE.findall(page)) >= _MIN_LETTERS and not _garbled(page)


def _garbled(page: str) -> bool:
    """A text layer made with a legacy font: replacement or private-use characters."""
    odd = sum(1 for c in page if c == "\ufffd" or "\ue000" <= c <= "\uf8ff")
    return odd * 20 > max(1, len(page))


def pdf_text(data: bytes) -> str | None:
    """The PDF's text when every page has a usable text layer, else None (it needs OCR).
    A layer written with a legacy Vietnamese font (TCVN3, VNI) is not usable."""
    pages = pdf_pages(data)
    if not pages or not all(has_text(page) for page in pages):
        return None
    text = "\n".join(pages)
    try:
        check_mojibake(text)
    except NoticeFormatError:
        return None
    return text


def ocr_document(
    content: bytes,
    filename: str | None = None,
    *,
    kind: str | None = None,
    progress: Progress | None = None,
    language: str = OCR_LANGUAGE,
) -> str:
    """Text of a scanned PDF or image (PNG, JPEG, TIFF), page by page.

    Pages of a PDF that have a text layer are taken as they are. ``progress(done, total)`` is
    called before the first page and after each one. Raises a NoticeImportError with one
    Vietnamese line: too many pages, no engine, or no text read at all."""
    kind = kind or sniff(content, filename)
    if kind == "pdf":
        pages = pdf_pages(content)
        todo = [i for i, page in enumerate(pages) if not has_text(page)]
        if not todo:  # every page has text, but in a legacy font: read them all as images
            todo = list(range(len(pages)))
        _check_pages(len(todo))
        images = _pdf_images(content, todo)
    else:
        images = _image_frames(content)
        todo = list(range(len(images)))
        pages = [""] * len(images)
    total = len(todo)
    if progress:
        progress(0, total)
    for done, (index, image) in enumerate(zip(todo, images, strict=True), start=1):
        pages[index] = _ocr(image, index + 1, language)
        if progress:
            progress(done, total)
    text = "\n".join(pages)
    if not _LETTER_RE.search(text):
        raise NoticeFormatError(_(MSG_NO_TEXT))
    return text


def ocr_page_count(content: bytes, filename: str | None = None) -> int:
    """How many pages ``ocr_document`` would read, without reading them; raises the same
    one-line NoticeImportError for a broken file or one beyond ``MAX_OCR_PAGES``. Cheap enough
    for a web request, so a scan that cannot be read is refused before it is queued."""
    kind = sniff(content, filename)
    if kind == "pdf":
        pages = pdf_pages(content)
        count = sum(1 for page in pages if not has_text(page)) or len(pages)
    else:
        from PIL import Image, UnidentifiedImageError

        try:
            count = getattr(Image.open(io.BytesIO(content)), "n_frames", 1)
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            raise NoticeFormatError(_(MSG_BAD_IMAGE)) from None
    _check_pages(count)
    return count


def _check_pages(count: int) -> None:
    if count > MAX_OCR_PAGES:
        raise NoticeFormatError(_(MSG_TOO_MANY_PAGES) % {"pages": count, "limit": MAX_OCR_PAGES})


def _pdf_images(data: bytes, indexes: list[int]):
    """Pages rendered at OCR resolution, one at a time (a scan can be large)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except Exception:
        raise NoticeFormatError(_(MSG_BAD_PDF)) from None
    for index in indexes:
        page = document[index]
        yield page.render(scale=OCR_DPI / 72).to_pil().convert("L")
        page.close()
    document.close()


def _image_frames(data: bytes) -> list:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        count = getattr(image, "n_frames", 1)
        _check_pages(count)
        frames = [frame.convert("L") for frame in ImageSequence.Iterator(image)]
    except NoticeImportError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise NoticeFormatError(_(MSG_BAD_IMAGE)) from None
    return [_at_ocr_resolution(frame, image.info.get("dpi")) for frame in frames]


def _at_ocr_resolution(frame, dpi):
    """Small scans (fax, photos at 100–150 dpi) are enlarged: Tesseract reads 300 dpi best."""
    from PIL import Image

    resolution = dpi[0] if dpi and dpi[0] else None
    if resolution and resolution < 200:
        factor = OCR_DPI / resolution
        size = (int(frame.width * factor), int(frame.height * factor))
        return frame.resize(size, Image.Resampling.LANCZOS)
    return frame


def _prepared(image):
    """A page made easier to read: straightened (up to 6°) and, when speckled, cleaned (a
    median filter on a clean page would also close the gaps of "III")."""
    from PIL import ImageFilter

    angle = _skew(image)
    if abs(angle) >= 0.5:
        image = image.rotate(angle, fillcolor=255, expand=True)
    if _speckles(image) > 1e-4:
        image = image.filter(ImageFilter.MedianFilter(3))
    return image


def _speckles(image) -> float:
    """Share of the page's pixels that are dark dots with no dark neighbour (scanner noise)."""
    from PIL import ImageChops, ImageFilter

    dark = image.point(lambda v: 255 if v < 128 else 0)
    around = dark.filter(ImageFilter.Kernel((3, 3), [1, 1, 1, 1, 0, 1, 1, 1, 1], scale=8))
    lonely = ImageChops.multiply(dark, around.point(lambda v: 255 if v == 0 else 0))
    return lonely.histogram()[255] / (image.width * image.height)


def _skew(image) -> float:
    """The rotation that makes the text lines horizontal: the angle at which the rows of a
    small copy of the page are the most uneven (dark lines, white gaps between them)."""
    from PIL import Image, ImageOps

    small = ImageOps.invert(image.convert("L"))
    small.thumbnail((800, 800))
    best = (-1.0, 0.0)
    for tenths in range(-60, 61, 5):
        rotated = small.rotate(tenths / 10, resample=Image.Resampling.BILINEAR, fillcolor=0)
        width, data = rotated.width, rotated.tobytes()
        rows = [sum(data[y * width : (y + 1) * width]) for y in range(rotated.height)]
        mean = sum(rows) / len(rows)
        score = sum((value - mean) ** 2 for value in rows)
        if score > best[0]:
            best = (score, tenths / 10)
    return best[1]


def _ocr(image, page: int, language: str) -> str:
    import pytesseract

    try:
        return pytesseract.image_to_string(_prepared(image), lang=language)
    except pytesseract.TesseractNotFoundError:
        raise NoticeImportError(_(MSG_NO_ENGINE)) from None
    except pytesseract.TesseractError as exc:
        if "Failed loading language" in str(exc) or "Error opening data file" in str(exc):
            raise NoticeImportError(_(MSG_NO_ENGINE)) from None
        error = " ".join(str(exc).split())[:200]
        raise NoticeImportError(_(MSG_OCR_FAILED) % {"page": page, "error": error}) from None
