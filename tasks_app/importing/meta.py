"""Notice metadata: number, date, issuer and title from the header; signer and recipients
from the closing block (where the "Nơi nhận" and signature columns may be interleaved)."""

from __future__ import annotations

import re

from .dates import parse_notice_date
from .draft import NoticeMeta
from .errors import _, gettext_noop
from .layout import PROXY_RE, Document, is_authority_line, is_signature_title
from .outline import BULLET_RE
from .registry import Registry
from .text import (
    canon_tones,
    capitalize_first,
    fold,
    is_upper_line,
    join_name_fragments,
    respace,
    title_words,
    vocabulary,
)

# "Số 142-TB/TU", "Số: 3210/QĐ - UBND" (spaces around the dash from a PDF), "Số 12 - KL/TU".
NUMBER_RE = re.compile(r"^\s*Số\s*:?\s*(?P<num>\d+[^\s,;]*(?:\s*-\s*[^\s,;]+)*)", re.IGNORECASE)
_NATIONAL_RE = re.compile(canon_tones(r"^(?:đảng cộng sản việt nam|cộng hòa xã hội)"))
_COMMITTEE_RE = re.compile(r"^(?P<kind>tỉnh|thành|huyện|thị|quận)\s+(?P<uy>ủy|uỷ)\s+(?P<place>.+)$")
_RECIPIENTS_RE = re.compile(r"^Nơi nhận\s*:?\s*", re.IGNORECASE)
_SIGNED_NOTE_RE = re.compile(r"^\(.*\)$|^\[.*\]$")
_COLUMN_GAP_RE = re.compile(r"\s{3,}|\t+")
_NAME_WORD_RE = re.compile(r"^[^\W\d_]+$")
# First words of closing-block lines that are not a person's name ("Lưu VT", "Như trên").
_NOT_NAME_STARTS = frozenset(
    fold(w)
    for w in str.split(
        "Lưu Như Các Ban Sở Văn Đảng Thường Phòng Hội Ủy Uỷ Tỉnh Huyện Thành Thị Trường Cấp "
        "Đồng Bộ Chi Đoàn"
    )
)

# Official capitalisation of words in signer titles.
_TITLE_PHRASES = (
    "Chánh Văn phòng", "Văn phòng", "Ban Thường vụ", "Bí thư", "Thường trực", "Chủ tịch",
    "Trưởng ban", "Ủy viên", "Tỉnh ủy", "Ban Chấp hành", "Giám đốc", "Chủ nhiệm", "Bộ trưởng",
    "Chính phủ", "Thủ tướng",
)  # fmt: skip
_TITLE_RE = re.compile(
    "|".join(re.escape(fold(p)) for p in sorted(_TITLE_PHRASES, key=len, reverse=True))
)
_TITLE_FORMS = {fold(p): p for p in _TITLE_PHRASES}

_BAD_DATE = gettext_noop(
    "Ngày ban hành ghi trong văn bản không phải là ngày có thật; cần nhập lại."
)
_NOTICE_REASONS = {
    "number": gettext_noop("Không tìm thấy số hiệu văn bản (dòng “Số …”)."),
    "date": gettext_noop("Không đọc được ngày ban hành (dòng “…, ngày … tháng … năm …”)."),
    "issuer": gettext_noop("Không xác định được cơ quan ban hành."),
    "signer": gettext_noop("Không tìm thấy người ký ở cuối văn bản."),
}


def parse_meta(document: Document, registry: Registry) -> tuple[NoticeMeta, list[str]]:
    """Metadata of the notice and notice-level review reasons."""
    main = document.main
    words = vocabulary(
        [p.text for part in document.parts for p in part.body]
        + [a.name for a in registry.agencies.values()]
        + [*_TITLE_PHRASES, "Phó Thứ trưởng Ủy ban nhân dân Cộng hòa"]
    )
    header = [respace(line, words) for line in _columns(main.header)]
    tail = [respace(line, words) for line in _columns(main.closing)]
    meta = NoticeMeta(title=main.title)
    meta.number = _number(header)
    for line in header:
        found, place = parse_notice_date(line)
        if place:
            meta.date, meta.place = found, place
            break
    meta.issuer = _issuer(header, registry) or _authority(main.body[:3], registry)
    meta.recipients = _recipients(tail)
    meta.signer, meta.signer_title = _signature(tail)
    missing = [key for key in _NOTICE_REASONS if not getattr(meta, key)]
    reasons = [
        _(_BAD_DATE if key == "date" and meta.place else _NOTICE_REASONS[key]) for key in missing
    ]
    return meta, reasons


def _columns(lines: list[str]) -> list[str]:
    """Lines split where a plain-text layout puts two columns side by side."""
    return [part for line in lines for part in _COLUMN_GAP_RE.split(line.strip()) if part]


def _number(header: list[str]) -> str:
    for line in header:
        match = NUMBER_RE.match(line)
        if match:
            return re.sub(r"\s+", "", match.group("num")).rstrip(".")
    return ""


def _issuer(header: list[str], registry: Registry) -> str:
    candidates = [
        line
        for line in header
        if is_upper_line(line)
        and not _NATIONAL_RE.match(fold(line))
        and not NUMBER_RE.match(line)
        and not parse_notice_date(line)[1]
    ]
    if not candidates:
        return ""
    committees = [c for c in candidates if re.search(r"\b(?:ỦY|UỶ)\b", c)]
    chosen = (committees or candidates)[-1]
    index = header.index(chosen)
    if committees and not _COMMITTEE_RE.match(chosen.lower()):  # "ỦY BAN NHÂN DÂN / TỈNH X"
        nxt = header[index + 1] if index + 1 < len(header) else ""
        if nxt in candidates and re.match(r"^(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ)\b", nxt):
            chosen = f"{chosen} {nxt}"
    return format_issuer(chosen, registry)


def _authority(paras, registry: Registry) -> str:
    """When the header is lost, the body's authority line ("HỘI ĐỒNG NHÂN DÂN TỈNH X")."""
    for para in paras:
        if is_authority_line(para.text) and not para.text.startswith(("CHỦ TỊCH", "BỘ TRƯỞNG")):
            return format_issuer(para.text, registry)
    return ""


def format_issuer(line: str, registry: Registry) -> str:
    """Issuer line in official case: "TỈNH ỦY TIỀN GIANG" → "Tỉnh ủy Tiền Giang"."""
    line = " ".join(line.split())
    for agency in registry.agencies.values():
        if fold(agency.name) == fold(line):
            return agency.name
    lowered = line.lower()
    match = _COMMITTEE_RE.match(lowered)
    if match:
        kind = match.group("kind").capitalize()
        return f"{kind} {match.group('uy')} {title_words(match.group('place'))}"
    level = _LEVEL_PLACE_RE.search(lowered)
    if level:  # "ủy ban nhân dân tỉnh sơn la" → "Ủy ban nhân dân tỉnh Sơn La"
        head = format_title(lowered[: level.start("place")])
        return f"{head} {title_words(level.group('place'))}"
    return format_title(lowered)


_LEVEL_PLACE_RE = re.compile(r"\b(?:tỉnh|thành phố|huyện|quận|thị xã)\s+(?P<place>\S.*)$")


def format_title(line: str) -> str:
    """Signer title in official case: "PHÓ CHÁNH VĂN PHÒNG" → "Phó Chánh Văn phòng"."""
    lowered = " ".join(line.split()).lower()
    folded = fold(lowered)
    parts, pos = [], 0
    for match in _TITLE_RE.finditer(folded):
        form = _TITLE_FORMS[match.group(0)].split()
        words = lowered[match.start() : match.end()].split()
        cased = [w.capitalize() if f[0].isupper() else w for w, f in zip(words, form, strict=True)]
        parts += [lowered[pos : match.start()], " ".join(cased)]
        pos = match.end()
    return capitalize_first("".join(parts) + lowered[pos:])


def _recipients(tail: list[str]) -> list[str]:
    recipients: list[str] = []
    collecting = False
    for raw in tail:
        line = raw.strip()
        match = _RECIPIENTS_RE.match(line)
        if match:
            collecting, line = True, line[match.end() :]
        if not collecting or not line:
            continue
        bullet = BULLET_RE.match(line)
        if bullet:
            recipients.append(_clean_recipient(bullet.group("rest")))
        elif recipients and line[0].islower():
            recipients[-1] = _clean_recipient(recipients[-1] + " " + line)
        elif not (is_signature_title(line) or _is_name(line) or _SIGNED_NOTE_RE.match(line)):
            recipients.append(_clean_recipient(line))
    return [r for r in recipients if r]


def _clean_recipient(text: str) -> str:
    return " ".join(text.split()).rstrip(",.;").strip()


def _signature(tail: list[str]) -> tuple[str, str]:
    """(signer, signer title) from the closing block."""
    lines = [line.strip() for line in tail if line.strip()]
    titles = [line for line in lines if is_signature_title(line)]
    names = (_name_form(line) for line in reversed(lines))
    signer = next((name for name in names if _is_name(name)), "")
    if signer and is_upper_line(signer):
        signer = title_words(signer)
    own = [t for t in titles if not PROXY_RE.match(t)]
    if own:
        return signer, format_title(own[-1])
    if titles:
        return signer, format_title(PROXY_RE.sub("", titles[-1]).strip())
    return signer, ""


def _name_form(line: str) -> str:
    """The line as a name when letter-spacing cut it ("Ngu y ễn Hữu Tín" → "Nguyễn Hữu Tín")."""
    if any(len(part) <= 2 and part[:1].islower() for part in line.split()):
        return join_name_fragments(line)
    return line


def _is_name(line: str) -> bool:
    if _SIGNED_NOTE_RE.match(line) or BULLET_RE.match(line) or is_signature_title(line):
        return False
    words = line.split()
    if not 2 <= len(words) <= 6 or fold(words[0]) in _NOT_NAME_STARTS:
        return False
    return all(_NAME_WORD_RE.match(w) and w[0].isupper() for w in words)
