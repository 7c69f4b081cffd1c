"""Uploaded files checked by what they contain, not by their name.

:func:`upload_validate` (and :class:`UploadValidator` for form fields) refuses, with a Vietnamese
message (``ValidationError``):

- a name without an allowed extension, an empty file, a file over the size limit;
- content that is not what the extension says: the first bytes are read with ``filetype``
  (magic numbers), so a Windows program named ``hoa-don.pdf`` is refused;
- an Office/OpenDocument archive (docx, xlsx, odt) that is not a sound ZIP of that kind, or that
  would unpack to more than :data:`MAX_UNPACKED_BYTES` (a "zip bomb"): the sizes the archive
  declares are checked first, then the members are really unpacked, counting bytes, and the
  check stops as soon as the limit is passed.

Nothing is written anywhere; the file is read and rewound.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import PurePath

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

#: How much of the file is read to recognise its kind.
HEAD_BYTES = 8192
#: An archive may unpack to at most this much, and to at most this many times its size.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_PACKING_RATIO = 100
MAX_ARCHIVE_MEMBERS = 5000
_CHUNK = 1024 * 1024

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003, Excel 97-2003
ZIP_MAGIC = b"PK\x03\x04"

#: What each extension must contain: a MIME type ``filetype`` recognises, or a container.
_IMAGE_AND_PDF = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
_ARCHIVE_MEMBER = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "odt": "content.xml",
}
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
SUPPORTED_EXTENSIONS = (*_IMAGE_AND_PDF, "doc", "xls", *_ARCHIVE_MEMBER, "txt")


def _name_of(file) -> str:
    return PurePath(getattr(file, "name", "") or "").name


def _read_head(file) -> bytes:
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    return head or b""


def _not_what_it_says(name: str, extension: str) -> ValidationError:
    return ValidationError(
        _(
            "Tệp “%(name)s” không phải là tệp %(kind)s thật (nội dung không khớp với phần mở "
            "rộng); không nhận tệp này."
        )
        % {"name": name, "kind": extension.upper()},
        code="content",
    )


def _too_large_unpacked(name: str) -> ValidationError:
    return ValidationError(
        _("Tệp “%(name)s” khi giải nén vượt quá %(limit)s; không nhận tệp này.")
        % {"name": name, "limit": filesizeformat(MAX_UNPACKED_BYTES)},
        code="unpacked_size",
    )


def _archive_check(file, *, name: str, extension: str, size: int) -> None:
    """A docx/xlsx/odt: a sound ZIP holding the part of its kind, unpacking within limits."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            if len(members) > MAX_ARCHIVE_MEMBERS:
                raise _too_large_unpacked(name)
            declared = sum(member.file_size for member in members)
            if declared > MAX_UNPACKED_BYTES or declared > max(size, 1) * MAX_PACKING_RATIO:
                raise _too_large_unpacked(name)
            names = {member.filename for member in members}
            if _ARCHIVE_MEMBER[extension] not in names:
                raise _not_what_it_says(name, extension)
            if extension == "odt" and archive.read("mimetype").strip() != _ODT_MIMETYPE:
                raise _not_what_it_says(name, extension)
            unpacked = 0
            for member in members:
                with archive.open(member) as stream:
                    member_bytes = 0
                    while chunk := stream.read(_CHUNK):
                        member_bytes += len(chunk)
                        unpacked += len(chunk)
                        if member_bytes > member.file_size or unpacked > MAX_UNPACKED_BYTES:
                            raise _too_large_unpacked(name)
    except ValidationError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, NotImplementedError) as exc:
        raise _not_what_it_says(name, extension) from exc
    except RuntimeError as exc:  # an encrypted member
        raise ValidationError(
            _("Tệp “%(name)s” được đặt mật khẩu; không nhận tệp này.") % {"name": name},
            code="encrypted",
        ) from exc
    finally:
        file.seek(0)


def _content_check(file, *, name: str, extension: str, size: int) -> None:
    head = _read_head(file)
    kind = filetype.guess(head)
    if extension in _IMAGE_AND_PDF:
        if kind is None or kind.mime != _IMAGE_AND_PDF[extension]:
            raise _not_what_it_says(name, extension)
    elif extension in ("doc", "xls"):
        if not head.startswith(OLE2_MAGIC):
            raise _not_what_it_says(name, extension)
    elif extension in _ARCHIVE_MEMBER:
        if not head.startswith(ZIP_MAGIC):
            raise _not_what_it_says(name, extension)
        _archive_check(file, name=name, extension=extension, size=size)
    elif extension == "txt":
        # Plain text: nothing that a magic number names (a program, an archive, an image).
        if kind is not None or b"\x00" in head:
            raise _not_what_it_says(name, extension)
    else:  # pragma: no cover - guarded by SUPPORTED_EXTENSIONS
        raise _not_what_it_says(name, extension)


def archive_validate(content: bytes, *, name: str, extension: str = "docx") -> None:
    """Refuse (``ValidationError``) an Office/OpenDocument archive given as bytes that is not
    sound or would unpack beyond the limits (a zip bomb), before anything unpacks it."""
    _archive_check(io.BytesIO(content), name=name, extension=extension, size=len(content))


def upload_validate(file, *, extensions: tuple[str, ...] | list[str], max_size: int) -> str:
    """Check one uploaded file; returns its extension (lower case) or raises
    ``ValidationError`` with a Vietnamese message. ``extensions`` ⊆ :data:`SUPPORTED_EXTENSIONS`.
    """
    unknown = set(extensions) - set(SUPPORTED_EXTENSIONS)
    if unknown:
        raise ValueError(f"No content check for: {sorted(unknown)}")
    name = _name_of(file)
    if not name:
        raise ValidationError(_("Tệp tải lên không có tên."), code="no_name")
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in extensions:
        raise ValidationError(
            _("Tệp “%(name)s” không đúng định dạng. Chỉ nhận các tệp: %(allowed)s.")
            % {"name": name, "allowed": ", ".join(extensions)},
            code="extension",
        )
    size = getattr(file, "size", None) or 0
    if size <= 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name}, code="empty")
    if size > max_size:
        raise ValidationError(
            _("Tệp “%(name)s” có dung lượng %(size)s, vượt quá giới hạn %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(max_size)},
            code="size",
        )
    _content_check(file, name=name, extension=extension, size=size)
    return extension


@deconstructible
class UploadValidator:
    """``forms.FileField(validators=[UploadValidator(extensions=("txt", "docx"), max_size=…)])``."""

    def __init__(self, *, extensions: tuple[str, ...], max_size: int):
        self.extensions = tuple(extensions)
        self.max_size = max_size

    def __call__(self, file) -> None:
        upload_validate(file, extensions=self.extensions, max_size=self.max_size)

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, UploadValidator)
            and self.extensions == other.extensions
            and self.max_size == other.max_size
        )
