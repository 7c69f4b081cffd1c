"""Deadlines and recurrences written in Vietnamese notices.

All patterns run on folded text (see ``text.fold``): lower case, canonical tone placement.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from project.calendar import add_working_days  # holidays of Vietnam, swapped Saturdays

from .errors import _
from .text import canon_tones, fold

MONTHLY, QUARTERLY, SEMIANNUAL, ANNUAL = "monthly", "quarterly", "semiannual", "annual"
_PERIOD_ORDER = (MONTHLY, QUARTERLY, SEMIANNUAL, ANNUAL)

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _rx(pattern: str) -> re.Pattern:
    return re.compile(canon_tones(pattern))


_YEAR_SEP = r"\s*(?:/|-|năm)\s*"
_NUM_DATE = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})(?!\d)(?:\s*[/.-]\s*(?P<y>\d{4}))?(?!\d)"
_WORD_DATE = r"(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s*,?\s+năm\s+(?P<y2>\d{4}))?"
# "Thời hạn: …", "Thời gian hoàn tất: …" announce a date in any form.
_LABEL_CUE = r"thời\s+(?:hạn|gian)(?:\s+(?:hoàn thành|hoàn tất|thực hiện|báo cáo))?\s*:"
_DAY_CUE = (
    r"(?:trước|chậm nhất(?:\s+là)?(?:\s+vào)?|hạn chót(?:\s+là)?|không quá|đến hết|đến|hết|"
    rf"hạn(?:\s+là)?|trong|{_LABEL_CUE}(?:\s*trước)?)"
)
_PERIOD_CUE = (
    r"(?P<cue>trước|chậm nhất(?:\s+là)?(?:\s+(?:trong|vào|cuối))?|trong|ngay trong|cuối|"
    rf"đến cuối|đến hết|hết|xong trong|hoàn thành trong|hoàn thành vào|{_LABEL_CUE}(?:\s*trong)?)"
)

DAY_RE = _rx(rf"(?<!\w){_DAY_CUE}\s+(?:ngày\s+)?(?:{_NUM_DATE}|{_WORD_DATE})")
HALF_RE = _rx(r"(?<!\w)(?:6|sáu)\s+tháng\s+(?P<half>đầu|cuối)\s+năm(?:\s+(?P<y>\d{4}))?(?!\w)")
QUARTER_RE = _rx(
    rf"(?<!\w){_PERIOD_CUE}\s+quý\s+(?P<q>[1-4]|[ivxl1|]{{1,5}})(?![\w|])"
    rf"(?:{_YEAR_SEP}(?P<y>\d{{4}}))?"
)
MONTH_RE = _rx(
    rf"(?<!\w){_PERIOD_CUE}\s+tháng\s+(?P<m>\d{{1,2}})(?!\d)(?:{_YEAR_SEP}(?P<y>\d{{4}}))?"
)
YEAR_RE = _rx(rf"(?<!\w){_PERIOD_CUE}\s+năm(?:\s+(?P<y>\d{{4}}))?(?!\w)")
# "xong trong năm 2025" is a deadline; "triển khai trong năm 2025" is a period.
_DONE_BEFORE_RE = _rx(r"(?:hoàn thành|hoàn tất|xong|kết thúc)(?:\s+\S+){0,2}\s*$")
# "trong 15 ngày (làm việc) kể từ ngày ký": counted from the notice's date.
RELATIVE_RE = _rx(
    r"(?<!\w)(?:trong|trong vòng|trong thời hạn|chậm nhất|sau|không quá)\s+(?P<n>\d{1,3})\s+"
    r"ngày(?P<work>\s+làm việc)?(?:\s*,?\s*(?:kể\s+)?(?:từ|sau)(?:\s+(?:khi|ngày))?"
    r"(?P<base>[^.;,]{0,60}))?"
)
_OWN_DATE_RE = _rx(
    r"^\s*(?:ngày\s+)?(?:ký|ban hành|(?:thông báo|kết luận|quyết định|văn bản|chỉ thị|kế hoạch)"
    r"\s+(?:này|có hiệu lực))"
)
# A span of time that fixes no date: flagged, never turned into a deadline.
PERIOD_RE = _rx(
    r"(?<!\w)(?:trong\s+(?:các\s+)?năm\s+\d{4}(?:\s+và\s+(?:các\s+)?năm\s+tiếp\s+theo)?|"
    r"(?:các\s+)?năm\s+tiếp\s+theo|(?:trong\s+)?thời\s+gian\s+tới|"
    r"trong\s+giai\s+đoạn\s+\d{4}\s*[-–]\s*\d{4})(?!\w)"
)

_SIX = r"(?:6|sáu)\s+tháng"
RECURRENCE_RES: tuple[tuple[str, re.Pattern], ...] = (
    (SEMIANNUAL, _rx(rf"(?<!\w)(?:định kỳ|hằng|hàng|mỗi)\s+{_SIX}(?!\s+(?:đầu|cuối|qua|tới))")),
    (SEMIANNUAL, _rx(rf"(?<!\w){_SIX}\s*(?:(?:một|1)\s+lần|/\s*lần)")),
    (SEMIANNUAL, _rx(r"(?<!\w)(?<!trong )sáu\s+tháng(?!\s+(?:đầu|cuối|qua|tới|nữa|kể|trước))")),
    (SEMIANNUAL, _rx(r"(?<!\w)(?:báo cáo|sơ kết)\s+(?:định kỳ\s+)?6\s+tháng(?!\s+(?:đầu|cuối))")),
    (MONTHLY, _rx(r"(?<!\w)(?:(?:hằng|hàng|mỗi)\s+tháng|định kỳ\s+(?:hằng\s+|hàng\s+)?tháng)")),
    (QUARTERLY, _rx(r"(?<!\w)(?:(?:hằng|hàng|mỗi)\s+quý|định kỳ\s+(?:hằng\s+|hàng\s+)?quý)")),
    (ANNUAL, _rx(r"(?<!\w)(?:(?:hằng|hàng|mỗi)\s+năm|định kỳ\s+(?:hằng\s+|hàng\s+)?năm)")),
    (QUARTERLY, _rx(r"(?<!\w)(?:3|ba)\s+tháng\s*(?:(?:một|1)\s+lần|/\s*lần)")),
    (MONTHLY, _rx(r"(?<!\w)(?:(?:1|một)\s+tháng\s*(?:(?:một|1)\s+lần|/\s*lần))")),
    (
        ANNUAL,
        _rx(r"(?<!\w)(?:(?:12|mười hai)\s+tháng|(?:1|một)\s+năm)\s*(?:(?:một|1)\s+lần|/\s*lần)"),
    ),
)
VAGUE_PERIODIC_RE = _rx(r"(?<!\w)định kỳ(?!\s+(?:hằng|hàng|mỗi|6|sáu|tháng|quý|năm))")


@dataclass(frozen=True)
class DateHit:
    """A deadline found in text: ``due`` is None when ``error`` says why it is unusable;
    ``note`` asks a reviewer to check a date that was computed ("trong 15 ngày kể từ …")."""

    start: int
    end: int
    raw: str
    due: date | None
    error: str | None = None
    note: str | None = None


def find_deadlines(text: str, ref: date | None = None, folded: str | None = None) -> list[DateHit]:
    """Deadlines in ``text`` (any case); ``ref`` (the notice date) completes missing years.
    ``folded`` is ``fold(text)`` when the caller already has it."""
    folded = fold(text) if folded is None else folded
    taken: list[tuple[int, int]] = []
    hits: list[DateHit] = []
    for match in RELATIVE_RE.finditer(folded):
        due, error, note = _relative(match, ref)
        taken.append((match.start(), match.end()))
        hits.append(DateHit(match.start(), match.end(), text[match.start() : match.end()], due,
                            error, note))  # fmt: skip
    for pattern, build in (
        (DAY_RE, _day),
        (HALF_RE, _half),
        (QUARTER_RE, _quarter),
        (MONTH_RE, _month),
        (YEAR_RE, _year),
    ):
        for match in pattern.finditer(folded):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            due, error = build(match, ref)
            if pattern is YEAR_RE and due and _is_period(folded, match):
                continue
            if due is None and error is None:
                continue
            taken.append((match.start(), match.end()))
            raw = text[match.start() : match.end()]
            hits.append(DateHit(match.start(), match.end(), raw, due, error))
    return sorted(hits, key=lambda h: h.start)


def find_periods(text: str, folded: str | None = None) -> list[str]:
    """Spans of time that fix no date ("trong năm 2025", "thời gian tới"), as written."""
    folded = fold(text) if folded is None else folded
    return [text[m.start() : m.end()] for m in PERIOD_RE.finditer(folded)]


_RECURRING_END_RE = _rx(r"(?:tháng|quý)\s*(?:và|,)\s*$")


def _is_period(folded: str, match: re.Match) -> bool:
    """A span, not a date: "trong năm 2025" unless it says when the work is done ("xong trong
    năm 2025"); "cuối năm" in "báo cáo 6 tháng và cuối năm" (a recurring report)."""
    if match.group("cue") == "cuối" and not match.group("y"):
        return bool(_RECURRING_END_RE.search(folded[max(0, match.start() - 12) : match.start()]))
    cue = match.group("cue")
    if not cue.endswith("trong"):
        return False
    before = folded[max(0, match.start() - 30) : match.start()] + " " + cue[: -len("trong")]
    return not _DONE_BEFORE_RE.search(before.rstrip() + " ")


def _relative(match: re.Match, ref: date | None):
    """(due, error, note) of "trong N ngày (làm việc) kể từ …" counted from ``ref``."""
    days = int(match.group("n"))
    if ref is None:
        error = _(
            "Thời hạn “%(raw)s” tính từ ngày ban hành, nhưng không đọc được ngày ban hành; "
            "cần nhập thời hạn."
        )
        return None, error % {"raw": match.group(0).strip()}, None
    if match.group("work"):
        due = add_working_days(ref, days)
    else:
        due = date.fromordinal(ref.toordinal() + days)
    base = match.group("base") or ""
    if base.strip() and _OWN_DATE_RE.match(base):
        return due, None, None
    note = _(
        "Thời hạn “%(raw)s” được tính từ ngày ban hành văn bản (%(due)s); cần kiểm tra mốc tính."
    ) % {"raw": match.group(0).strip(), "due": due.strftime("%d/%m/%Y")}
    return due, None, note


def find_recurrence(text: str, folded: str | None = None) -> str | None:
    """The shortest recurrence period named in ``text`` ("thường xuyên" is none)."""
    folded = fold(text) if folded is None else folded
    periods = {period for period, pattern in RECURRENCE_RES if pattern.search(folded)}
    return next((p for p in _PERIOD_ORDER if p in periods), None)


def has_vague_recurrence(text: str, folded: str | None = None) -> bool:
    """True for "định kỳ" without a period ("báo cáo định kỳ")."""
    return bool(VAGUE_PERIODIC_RE.search(fold(text) if folded is None else folded))


def parse_notice_date(text: str) -> tuple[date | None, str | None]:
    """Date line of the header → (date, place); (None, None) when absent.

    "Tiền Giang, ngày 30 tháng 5 năm 2023" → (date(2023, 5, 30), "Tiền Giang"); an impossible
    date gives (None, place)."""
    match = NOTICE_DATE_RE.search(text)
    if not match:
        return None, None
    day, month, year = (int(match.group(k)) for k in ("d", "m", "y"))
    return _safe_date(year, month, day), match.group("place").strip() or None


NOTICE_DATE_RE = re.compile(
    r"(?P<place>[^\W\d_][^,\n\d]*?)\s*,\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})"
    r"\s+năm\s+(?P<y>\d{4})",
    re.IGNORECASE,
)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _invalid(raw: str) -> tuple[None, str]:
    return None, _("Thời hạn “%(raw)s” không phải là ngày có thật; cần nhập lại thời hạn.") % {
        "raw": raw
    }


def _year_or_ref(value: str | None, ref: date | None) -> int | None:
    if value:
        return int(value)
    return ref.year if ref else None


def _day(match: re.Match, ref: date | None):
    day = int(match.group("d") or match.group("d2"))
    month = int(match.group("m") or match.group("m2"))
    year_text = match.group("y") or match.group("y2")
    raw = f"{day}/{month}" + (f"/{year_text}" if year_text else "")
    year = _year_or_ref(year_text, ref)
    if year is None:
        return None, _("Thời hạn “%(raw)s” thiếu năm; cần nhập năm.") % {"raw": raw}
    due = _safe_date(year, month, day)
    if due is None:
        return _invalid(raw)
    if not year_text and ref and due < ref:
        due = _safe_date(year + 1, month, day) or due
    return due, None


def _half(match: re.Match, ref: date | None):
    year = _year_or_ref(match.group("y"), ref)
    if year is None:
        return None, None
    return (date(year, 6, 30) if match.group("half") == "đầu" else date(year, 12, 31)), None


def _quarter(match: re.Match, ref: date | None):
    token = match.group("q")
    if not token.isdigit():  # OCR reads the "I" of "III" as "1", "l" or "|"
        token = re.sub(r"[1l|]", "i", token)
    quarter = _ROMAN.get(token) or (int(token) if token.isdigit() else 0)
    if not 1 <= quarter <= 4:
        year = match.group("y")
        raw = f"quý {match.group('q').upper()}" + (f"/{year}" if year else "")
        return None, _("Thời hạn “%(raw)s” không đọc được số quý; cần nhập lại thời hạn.") % {
            "raw": raw
        }
    year = _year_or_ref(match.group("y"), ref)
    if year is None:
        return None, None
    if match.group("cue") == "trước":
        quarter -= 1
        if quarter == 0:
            return date(year - 1, 12, 31), None
    month = quarter * 3
    return date(year, month, calendar.monthrange(year, month)[1]), None


def _month(match: re.Match, ref: date | None):
    month = int(match.group("m"))
    year = _year_or_ref(match.group("y"), ref)
    if year is None:
        return None, None
    if not 1 <= month <= 12:
        return _invalid(f"tháng {month}/{year}")
    if match.group("cue") == "trước":
        month -= 1
        if month == 0:
            return date(year - 1, 12, 31), None
    return date(year, month, calendar.monthrange(year, month)[1]), None


def _year(match: re.Match, ref: date | None):
    cue = match.group("cue")
    if not match.group("y") and cue in ("trước", "trong", "hết"):
        return None, None
    year = _year_or_ref(match.group("y"), ref)
    if year is None:
        return None, None
    if cue == "trước":
        year -= 1
    return date(year, 12, 31), None
