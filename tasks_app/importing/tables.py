"""Rows of a task table: STT | Nội dung | Chủ trì | Phối hợp | Thời hạn.

A plain-text table has one row a line, cells separated by "|" (or by tabs); a Word table is
written that way by the reader. The header row names the columns; each numbered row is a
directive whose lead and coordinators are the agencies named in their cells. A row whose
number is a Roman numeral or a letter groups the rows under it ("II" → "II.3")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .dates import find_deadlines, find_periods, find_recurrence
from .draft import AssignmentDraft, DirectiveDraft, Milestone
from .errors import _
from .layout import Para, is_row
from .text import fold

_COLUMNS = {
    "number": ("stt", "tt", "số tt", "số thứ tự"),
    "content": ("nội dung", "nhiệm vụ", "công việc", "nội dung công việc", "nội dung nhiệm vụ",
                "nhiệm vụ, giải pháp", "tên nhiệm vụ"),
    "lead": ("chủ trì", "cơ quan chủ trì", "đơn vị chủ trì", "cơ quan thực hiện",
             "đơn vị thực hiện", "thực hiện", "cơ quan, đơn vị chủ trì", "chủ trì thực hiện"),
    "coordinators": ("phối hợp", "cơ quan phối hợp", "đơn vị phối hợp",
                     "cơ quan, đơn vị phối hợp", "phối hợp thực hiện"),
    "due": ("thời hạn", "thời gian", "thời gian hoàn thành", "thời hạn hoàn thành", "tiến độ",
            "thời gian thực hiện"),
}  # fmt: skip
_HEADER_WORDS = {fold(w): column for column, words in _COLUMNS.items() for w in words}
_GROUP_NUMBER_RE = re.compile(r"^(?:[IVX]{1,5}|[A-Z])\.?$")
_ITEM_NUMBER_RE = re.compile(r"^\d{1,3}(?:\.\d{1,2})*\.?$")


def cells(line: str) -> list[str]:
    parts = line.split("|") if line.count("|") >= 3 else line.split("\t")
    if line.strip().startswith("|"):
        parts = parts[1:]
    if line.strip().endswith("|"):
        parts = parts[:-1]
    return [" ".join(p.split()) for p in parts]


@dataclass
class _Row:
    number: str
    values: dict[str, str] = field(default_factory=dict)
    paras: list[Para] = field(default_factory=list)


def split_tables(body: list[Para]) -> tuple[list[list[tuple[str, _Row]]], list[Para]]:
    """Task tables of ``body`` (rows with the section they sit in) and the other paragraphs."""
    tables: list[list[tuple[str, _Row]]] = []
    rest: list[Para] = []
    columns: dict[int, str] | None = None
    section, group = "", ""
    for para in body:
        if not is_row(para.text):
            columns = None
            rest.append(para)
            heading = re.match(r"^([IVX]{1,5})\s*[.)]\s*\S", para.text)
            section = heading.group(1) if heading else section
            continue
        values = cells(para.text)
        header = _header(values)
        if header:
            columns, group = header, ""
            tables.append([])
            continue
        if columns is None or set(values) <= {"", "-", "---"} or _is_rule(values):
            if columns is None:
                rest.append(para)
            continue
        row = _Row("", {columns[i]: v for i, v in enumerate(values) if i in columns}, [para])
        number = row.values.get("number", "").rstrip(".")
        if _GROUP_NUMBER_RE.match(number) and not row.values.get("lead"):
            group = number
            continue
        if not number and tables[-1]:  # a cell that goes on on the next line
            last = tables[-1][-1][1]
            for key, value in row.values.items():
                if value:
                    last.values[key] = f"{last.values.get(key, '')} {value}".strip()
            last.paras.append(para)
            continue
        row.number = number or str(len(tables[-1]) + 1)
        prefix = ".".join(p for p in (section, group) if p)
        tables[-1].append((prefix, row))
    return [t for t in tables if t], rest


def _is_rule(values: list[str]) -> bool:
    return all(re.fullmatch(r":?-{2,}:?", v) for v in values if v)


def is_task_header(values: list[str]) -> bool:
    """The first row of a task table: a content column and a lead, coordinator or due one."""
    return _header(values) is not None


def _header(values: list[str]) -> dict[int, str] | None:
    found = {i: _HEADER_WORDS.get(fold(v).strip(" :.")) for i, v in enumerate(values)}
    found = {i: c for i, c in found.items() if c}
    kinds = set(found.values())
    if "content" in kinds and kinds & {"lead", "due", "coordinators"}:
        return found
    return None


@dataclass
class TableRow:
    """A numbered row; ``draft(ref)`` builds its directive once the final ref is known."""

    ref: str
    row: _Row
    reader: object
    source: str

    def draft(self, ref: str) -> DirectiveDraft:
        return _row_draft(ref, self.row, self.reader, self.source)


def table_units(tables, reader, source: str) -> list[TableRow]:
    """One candidate directive per numbered row."""
    return [
        TableRow(f"{prefix}.{row.number}" if prefix else row.number, row, reader, source)
        for table in tables
        for prefix, row in table
    ]


def _row_draft(ref: str, row: _Row, reader, source: str) -> DirectiveDraft:
    values = row.values
    reasons: list[str] = []
    leads, unknown = _agencies(values.get("lead", ""), reader)
    coordinators, unknown_coordinators = _agencies(values.get("coordinators", ""), reader)
    for name in unknown + unknown_coordinators:
        reasons.append(
            _(
                "Mục %(ref)s: “%(name)s” không có trong danh mục cơ quan; cần chọn cơ quan "
                "tương ứng hoặc bổ sung danh mục."
            )
            % {"ref": ref, "name": name}
        )
    due_text = values.get("due", "")
    hits = find_deadlines(f"Thời hạn: {due_text}", reader.notice_date) if due_text else []
    for hit in hits:
        if hit.error or hit.note:
            reasons.append(
                _("Mục %(ref)s: %(error)s") % {"ref": ref, "error": hit.error or hit.note}
            )
    dates = sorted({hit.due for hit in hits if hit.due})
    periods = find_periods(due_text)
    if not dates and periods:
        reasons.append(
            _(
                "Mục %(ref)s: “%(period)s” là một khoảng thời gian, không phải thời hạn; cần "
                "xác định thời hạn (nếu có)."
            )
            % {"ref": ref, "period": periods[0]}
        )
    if not leads and not unknown:
        reasons.append(_("Mục %(ref)s: không xác định được cơ quan chủ trì.") % {"ref": ref})
    recurrence = find_recurrence(due_text) or find_recurrence(values.get("content", ""))
    assignments = [
        AssignmentDraft(
            lead=code,
            coordinators=[c for c in coordinators if c != code],
            due=dates[-1] if dates else None,
            recurrence=recurrence,
            milestones=[Milestone(day, due_text) for day in dates],
        )
        for code in leads
    ]
    start, end = row.paras[0].start, row.paras[-1].end
    return DirectiveDraft(
        ref=ref,
        text=values.get("content", ""),
        assignments=assignments,
        review_reasons=reasons,
        source=source[start:end],
        span=(start, end),
    )


def _agencies(text: str, reader) -> tuple[list[str], list[str]]:
    """Codes named in a cell, and the names missing from the registry."""
    mentions = reader.matcher.find(text)
    codes = list(dict.fromkeys(m.code for m in mentions if m.assignable and m.code))
    unknown = [m.text for m in mentions if m.kind == "unknown"]
    return codes, unknown
