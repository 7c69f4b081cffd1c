"""What an uploaded file is, by its content (magic bytes), and whether its text is damaged.

Shared by the reader (text, Word) and the scanner (PDF, images); imports neither.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import filetype

from .errors import NoticeFormatError, _, gettext_noop

_IMAGE_TYPES = {"png", "jpg", "tif", "bmp", "webp"}

# Messages are marked here and translated when raised (``_``), in the active language.
MSG_EXTENSION = gettext_noop(
    "Không hỗ trợ tệp “%(ext)s”: chỉ nhận văn bản .txt (Unicode UTF-8), tài liệu Word .docx, "
    "tệp PDF hoặc ảnh quét PNG, JPEG, TIFF."
)
MSG_LEGACY_WORD = gettext_noop(
    "Tệp Word cũ (.doc) chưa được hỗ trợ: hãy mở bằng Word, lưu thành .docx hoặc PDF rồi nhập lại."
)
MSG_MOJIBAKE = gettext_noop(
    "Văn bản bị lỗi phông chữ (xuất hiện các ký tự %(sample)s thay cho chữ tiếng Việt): có vẻ "
    "được gõ bằng bảng mã cũ TCVN3/VNI rồi lưu nhầm thành UTF-8; hãy chuyển mã sang Unicode "
    "(ví dụ bằng Unikey Toolkit) rồi nhập lại."
)

# Letters that only Vietnamese text has (outside Latin-1): ă â đ ơ ư ĩ ũ and Ạ…ỹ.
_VIETNAMESE = frozenset("ăĂđĐơƠưƯĩĨũŨ") | frozenset(map(chr, range(0x1EA0, 0x1EFA)))
_LATIN1_VIETNAMESE = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# Characters a legacy-encoded text shows once decoded as Latin-1/cp1252 ("TØnh ñy").
_MOJIBAKE = (
    frozenset(map(chr, range(0xA1, 0x100))) - _LATIN1_VIETNAMESE - {"«", "»", "°", "×", "·"}
) | frozenset("ŒœŠšŸŽžƒˆ˜†‡‰‹›™")


def sniff(data: bytes, filename: str | None = None) -> str:
    """What the bytes are: "pdf", "image", "docx" or "text" (refused otherwise)."""
    found = filetype.guess(data[:8192])
    extension = found.extension if found else ""
    if extension == "pdf" or data.startswith(b"%PDF"):
        return "pdf"
    if extension in _IMAGE_TYPES:
        return "image"
    if data.startswith(b"PK\x03\x04"):
        if _is_docx(data) or Path(filename or "").suffix.lower() == ".docx":
            return "docx"
        raise NoticeFormatError(_(MSG_EXTENSION) % {"ext": _shown(filename, extension)})
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise NoticeFormatError(_(MSG_LEGACY_WORD))
    if found is not None:
        raise NoticeFormatError(_(MSG_EXTENSION) % {"ext": _shown(filename, extension)})
    return "text"


def _shown(filename: str | None, extension: str) -> str:
    suffix = Path(filename or "").suffix.lower()
    return suffix or (f".{extension}" if extension else _("không có đuôi"))


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def check_mojibake(text: str) -> None:
    """Refuse TCVN3/VNI text that was decoded as Latin-1/cp1252 and saved again as UTF-8."""
    odd = [c for c in text if c in _MOJIBAKE]
    if len(odd) < 3:
        return
    real = sum(c in _VIETNAMESE for c in text)
    if len(odd) > real:
        sample = ", ".join(f"“{c}”" for c in list(dict.fromkeys(odd))[:4])
        raise NoticeFormatError(_(MSG_MOJIBAKE) % {"sample": sample})
