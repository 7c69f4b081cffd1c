"""Real files of each kind an officer attaches (PDF, Word, Excel, OpenDocument, images), made in
memory, for tests of uploads checked by content."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile


def pdf_bytes(text: str = "Bao cao ket qua", *, pad: int = 0) -> bytes:
    body = f"%PDF-1.4\n1 0 obj << /Title ({text}) >> endobj\n".encode()
    return body + b"%" * pad + b"\n%%EOF\n"


def docx_bytes(text: str = "Báo cáo kết quả thực hiện.") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(rows=(("STT", "Nội dung"), (1, "Số liệu"))) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def odt_bytes(text: str = "Biên bản họp") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr(
            "content.xml", f"<office:document-content>{text}</office:document-content>"
        )
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
    return buffer.getvalue()


PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
OLE2_BYTES = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024
EXE_BYTES = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
)

_MAKERS = {
    "pdf": pdf_bytes,
    "docx": docx_bytes,
    "xlsx": xlsx_bytes,
    "odt": odt_bytes,
    "png": lambda: PNG_BYTES,
    "jpg": lambda: JPEG_BYTES,
    "doc": lambda: OLE2_BYTES,
    "xls": lambda: OLE2_BYTES,
}


def upload(name: str, content: bytes | None = None, content_type: str = "") -> SimpleUploadedFile:
    """An uploaded file named ``name``; real content of its kind unless ``content`` is given."""
    if content is None:
        content = _MAKERS[name.rsplit(".", 1)[-1].lower()]()
    return SimpleUploadedFile(
        name, content, content_type=content_type or "application/octet-stream"
    )


def zip_bomb_docx(unpacked_mb: int = 200) -> bytes:
    """A .docx that is a few hundred kilobytes but unpacks to ``unpacked_mb`` MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
        chunk = b"\x00" * (1024 * 1024)
        with z.open("word/media/padding.bin", "w", force_zip64=True) as member:
            for _ in range(unpacked_mb):
                member.write(chunk)
    return buffer.getvalue()
