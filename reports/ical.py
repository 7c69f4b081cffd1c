"""A minimal iCalendar (RFC 5545) writer for all-day deadline events.

CRLF line endings, lines folded at 75 octets without splitting a UTF-8 character, TEXT values
escaped (backslash, semicolon, comma, newline), dates as ``DTSTART;VALUE=DATE``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

CRLF = "\r\n"
MAX_OCTETS = 75


def escape_text(value: str) -> str:
    return (
        (value or "")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold one content line into chunks of at most 75 octets (continuations start with a
    space, which counts towards their 75)."""
    chunks = []
    current = ""
    size = 0
    limit = MAX_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            chunks.append(current)
            current, size, limit = "", 0, MAX_OCTETS - 1
        current += char
        size += octets
    chunks.append(current)
    return (CRLF + " ").join(chunks)


def _date(day: datetime.date) -> str:
    return day.strftime("%Y%m%d")


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar_render(*, name: str, items: Iterable, stamp: datetime.datetime, domain: str) -> bytes:
    """The VCALENDAR of ``items`` (objects with ``uid``, ``day``, ``summary``,
    ``description`` and ``url``), UTF-8 encoded."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Van phong Tinh uy//Theo doi thuc hien ket luan//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
    ]
    for item in items:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{item.uid}@{domain}",
            f"DTSTAMP:{_utc(stamp)}",
            f"DTSTART;VALUE=DATE:{_date(item.day)}",
            f"DTEND;VALUE=DATE:{_date(item.day + datetime.timedelta(days=1))}",
            f"SUMMARY:{escape_text(item.summary)}",
            f"DESCRIPTION:{escape_text(item.description)}",
            "TRANSP:TRANSPARENT",
        ]
        if item.url:
            lines.append(f"URL:{item.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return (CRLF.join(fold(line) for line in lines) + CRLF).encode("utf-8")
