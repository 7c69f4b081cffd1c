"""Bad input is refused with one line of Vietnamese; good input is normalised."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import pytest

from tasks_app.importing import (
    NoticeFormatError,
    NoticeImportError,
    parse_notice_file,
    parse_notice_text,
    read_notice,
)

from .conftest import build_docx

VIETNAMESE_LINES = (
    "TỈNH ỦY TIỀN GIANG\n"
    "Số 142-TB/TU\n"
    "THÔNG BÁO\n"
    "kết luận của Ban Thường vụ Tỉnh ủy về công tác phát triển đảng viên\n"
    "1. Ban Tổ chức Tỉnh ủy hướng dẫn các cấp ủy thực hiện, báo cáo trước ngày 30/9/2023.\n"
    "2. Đảng ủy Khối phối hợp với Liên đoàn Lao động tỉnh gặp gỡ chủ doanh nghiệp.\n"
)

# TCVN3 (ABC) keeps ASCII and puts each Vietnamese letter on one byte in 0xA1–0xFE; upper-case
# accented letters are written with the lower-case code (an upper-case font draws them).
_TCVN3_CODES = [
    *range(0xA8, 0xAF),  # ă â ê ô ơ ư đ
    *range(0xB5, 0xBA), 0xBB, 0xBC, 0xBD, 0xBE, 0xC6, *range(0xC7, 0xCC),  # a ă â + tones
    0xCC, 0xCE, 0xCF, 0xD0, 0xD1, *range(0xD2, 0xD7),  # e ê + tones
    0xD7, 0xD8, 0xDC, 0xDD, 0xDE,  # i + tones
    0xDF, 0xE1, 0xE2, 0xE3, 0xE4, *range(0xE5, 0xEA), *range(0xEA, 0xEF),  # o ô ơ + tones
    0xEF, 0xF1, 0xF2, 0xF3, 0xF4, *range(0xF5, 0xFA),  # u ư + tones
    *range(0xFA, 0xFF),  # y + tones
]  # fmt: skip
_TCVN3 = dict(
    zip(
        "ăâêôơưđàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ",
        _TCVN3_CODES,
        strict=True,
    )
)
_TCVN3_UPPER = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}

# VNI Windows: a base letter followed by mark bytes (upper-case letters use other mark bytes).
_VNI_MARKS = {"\u0301": 0xF9, "\u0300": 0xF8, "\u0309": 0xFB, "\u0303": 0xF5, "\u0323": 0xEF}
_VNI_UPPER_MARKS = {"\u0301": 0xD9, "\u0300": 0xD8, "\u0309": 0xDB, "\u0303": 0xD5, "\u0323": 0xCF}
_VNI_BASES = {"â": b"a\xe2", "ê": b"e\xe2", "ô": b"o\xe2", "ă": b"a\xea", "ơ": b"\xf4",
              "ư": b"\xf6", "đ": b"\xf1", "Â": b"A\xc2", "Ê": b"E\xc2", "Ô": b"O\xc2",
              "Ă": b"A\xca", "Ơ": b"\xd4", "Ư": b"\xd6", "Đ": b"\xd1"}  # fmt: skip


def tcvn3(text: str) -> bytes:
    out = bytearray()
    for char in text:
        if char in _TCVN3_UPPER:
            out.append(_TCVN3_UPPER[char])
        elif char.lower() in _TCVN3:
            out.append(_TCVN3[char.lower()])
        else:
            out += char.encode("ascii")
    return bytes(out)


def vni(text: str) -> bytes:
    out = bytearray()
    for char in text:
        if char.isascii():
            out += char.encode()
            continue
        base, *marks = unicodedata.normalize("NFD", char)
        tone = [m for m in marks if m in _VNI_MARKS]
        shape = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in tone))
        out += _VNI_BASES[shape] if shape in _VNI_BASES else shape.encode("ascii")
        marks_table = _VNI_UPPER_MARKS if base.isupper() else _VNI_MARKS
        out += bytes(marks_table[m] for m in tone)
    return bytes(out)


def windows_1258(text: str) -> bytes:
    """cp1258 has ă â ê ô ơ ư đ but writes tones as combining marks."""
    out = []
    for char in text:
        base, *marks = unicodedata.normalize("NFD", char)
        tones = [m for m in marks if m in _VNI_MARKS]
        shape = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in tones))
        out.append(shape + "".join(tones))
    return "".join(out).encode("cp1258")


def refused(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(NoticeFormatError) as info:
        parse_notice_file(path)
    message = str(info.value)
    assert message and "\n" not in message
    return message


def test_the_encoders_produce_what_legacy_files_contain():
    assert tcvn3("Tỉnh ủy") == b"T\xd8nh \xf1y"
    assert vni("Tỉnh")[:2] == b"Ti"
    assert windows_1258("Tỉnh").decode("cp1258") == unicodedata.normalize("NFD", "Tỉnh")


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


UNSUPPORTED = {
    "odt": ("thong-bao.odt", {"mimetype": b"application/vnd.oasis.opendocument.text"}),
    "xlsx": ("bang.xlsx", {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}),
}


@pytest.mark.parametrize("case", UNSUPPORTED)
def test_unsupported_formats_are_named_in_the_refusal(tmp_path, case):
    name, members = UNSUPPORTED[case]
    message = refused(tmp_path, name, _zip(members))
    assert "Không hỗ trợ" in message and ".docx" in message and "PDF" in message


def test_legacy_word_file(tmp_path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
    assert ".doc" in refused(tmp_path, "thong-bao.doc", ole)


@pytest.mark.parametrize("name", ["thong-bao.pdf", "thong-bao.doc", "thong-bao.docx", "thong-bao"])
def test_the_content_decides_not_the_name(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(VIETNAMESE_LINES.encode())
    assert read_notice(path) == VIETNAMESE_LINES


def test_empty_file(tmp_path):
    assert "rỗng" in refused(tmp_path, "a.txt", b"")


def test_whitespace_only_file(tmp_path):
    assert "khoảng trắng" in refused(tmp_path, "a.txt", b" \r\n\t \n\xc2\xa0\n")


def test_broken_image(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256))
    assert "Không mở được tệp ảnh" in refused(tmp_path, "scan.txt", png)


def test_binary_control_characters(tmp_path):
    data = bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15] * 40) + b"abc"
    assert "nhị phân" in refused(tmp_path, "a.txt", data)


@pytest.mark.parametrize("encode", [tcvn3, vni, windows_1258], ids=["tcvn3", "vni", "windows-1258"])
def test_legacy_encodings(tmp_path, encode):
    data = encode(VIETNAMESE_LINES)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    message = refused(tmp_path, "a.txt", data)
    assert "UTF-8" in message and "TCVN3" in message and "bảng mã" in message


@pytest.mark.parametrize("legacy", [tcvn3, vni], ids=["tcvn3", "vni"])
@pytest.mark.parametrize("wrong_codec", ["latin-1", "cp1252"])
def test_mojibake_saved_as_utf8(tmp_path, legacy, wrong_codec):
    garbled = legacy(VIETNAMESE_LINES).decode(wrong_codec, errors="replace")
    message = refused(tmp_path, "a.txt", garbled.encode("utf-8"))
    assert "lỗi phông" in message and "Unicode" in message


def test_mojibake_in_a_docx_made_with_a_legacy_font(tmp_path):
    garbled = tcvn3(VIETNAMESE_LINES).decode("latin-1").split("\n")
    data = build_docx(garbled[:2], [], garbled[2:], ["- L\xad u"], ["Ph\xb9m V\xa9n A"])
    assert "lỗi phông" in refused(tmp_path, "a.docx", data)


def test_broken_docx(tmp_path):
    assert "docx" in refused(tmp_path, "a.docx", b"PK\x03\x04 not really a zip")


def test_text_without_directives(tmp_path):
    text = (
        "TỈNH ỦY TIỀN GIANG\nSố 9-TB/TU\nTHÔNG BÁO\nvề lịch làm việc\n"
        "Thường trực Tỉnh ủy sẽ làm việc với các huyện vào tuần sau.\n"
    )
    message = refused(tmp_path, "a.txt", text.encode())
    assert message.startswith("Không tìm thấy nhiệm vụ nào")


def test_missing_file_is_an_import_error(tmp_path):
    with pytest.raises(NoticeImportError) as info:
        read_notice(tmp_path / "khong-co.txt")
    assert "Không tìm thấy tệp" in str(info.value)


def test_parse_text_without_directives_raises(registry):
    with pytest.raises(NoticeFormatError, match="Không tìm thấy nhiệm vụ"):
        parse_notice_text("Chỉ là một dòng chữ.", registry)


def test_good_text_is_normalised():
    nfd = unicodedata.normalize("NFD", VIETNAMESE_LINES).replace("\n", "\r\n")
    text = read_notice(b"\xef\xbb\xbf" + nfd.encode(), filename="a.txt")
    assert text == VIETNAMESE_LINES
    assert read_notice(VIETNAMESE_LINES.encode("utf-16"), filename="a.txt") == VIETNAMESE_LINES


def test_bytes_without_a_name_are_sniffed():
    data = build_docx(["TỈNH ỦY TIỀN GIANG"], [], ["THÔNG BÁO"], [], ["Nguyễn Văn A"])
    assert "THÔNG BÁO" in read_notice(data)
    assert read_notice(VIETNAMESE_LINES.encode()) == VIETNAMESE_LINES
