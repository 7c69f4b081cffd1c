"""Writing many generated rows fast: ids handed out in advance, one COPY (PostgreSQL) or one
``executemany`` (SQLite) per table and batch, sequences moved past the ids used, and audit
events linked into valid hash chains appended after each chain's current head."""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from types import SimpleNamespace

from django.core.management.color import no_style
from django.db import connection, models
from django.db.models import Max

from audit.hashing import HASHED_FIELDS, event_hash
from audit.models import AuditChain, AuditEvent

BATCH = 5000


def _jsonable(value):
    """What the database hands back for a JSON value (dates as ISO text)."""
    if value is None:
        return None
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


class Table:
    """Rows of one model (its own table only: for a child of multi-table inheritance, the
    parent's rows are another ``Table``). Rows are dicts keyed by attribute name; missing
    fields take their constant default."""

    def __init__(self, model: type[models.Model], *, with_pk: bool = True):
        self.model = model
        fields = [f for f in model._meta.local_concrete_fields if with_pk or not f.primary_key]
        self.fields = fields
        self.columns = [f.column for f in fields]
        self.defaults = {}
        for f in fields:
            if f.has_default() and not callable(f.default):
                self.defaults[f.attname] = f.get_default()
            elif f.has_default() and f.default in (dict, list):
                self.defaults[f.attname] = f.default()
            elif f.null:
                self.defaults[f.attname] = None
            elif isinstance(f, models.CharField | models.TextField):
                self.defaults[f.attname] = ""
        self.json = {f.attname for f in fields if isinstance(f, models.JSONField)}
        self.rows: list[tuple] = []
        self.count = 0

    def add(self, **values) -> None:
        row = []
        for f in self.fields:
            name = f.attname
            value = values[name] if name in values else self.defaults[name]
            if name in self.json and value is not None:
                value = json.dumps(value, ensure_ascii=False, default=str)
            row.append(value)
        self.rows.append(tuple(row))
        if len(self.rows) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        _insert(self.model._meta.db_table, self.columns, self.rows)
        self.count += len(self.rows)
        self.rows = []


def _sqlite_value(value):
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _insert(table: str, columns: list[str], rows: list[tuple]) -> None:
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})",
                [tuple(_sqlite_value(v) for v in row) for row in rows],
            )


class Ids:
    """Ids handed out in advance (after the largest id in use), so rows can name each other
    before they are written; :meth:`finish` moves the sequences past them."""

    def __init__(self):
        self._next: dict[type[models.Model], int] = {}

    def take(self, model: type[models.Model]) -> int:
        if model not in self._next:
            self._next[model] = (model._base_manager.aggregate(m=Max("pk"))["m"] or 0) + 1
        value = self._next[model]
        self._next[model] = value + 1
        return value

    def finish(self) -> None:
        if connection.vendor != "postgresql":
            return  # SQLite's AUTOINCREMENT follows the largest id inserted
        statements = connection.ops.sequence_reset_sql(no_style(), list(self._next))
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


class Chains:
    """Audit events gathered per chain, then numbered, linked and hashed in time order after
    each chain's head, written, and the heads moved: ``verify_audit`` finds valid chains."""

    def __init__(self):
        self.events: dict[str, list[dict]] = defaultdict(list)

    def add(self, chain: str, **values) -> None:
        values["before"] = _jsonable(values.get("before"))
        values["after"] = _jsonable(values.get("after"))
        self.events[chain].append(values)

    def write(self, progress=None) -> int:
        table = Table(AuditEvent, with_pk=False)
        written = 0
        for name in sorted(self.events):
            events = sorted(self.events[name], key=lambda e: e["occurred_at"])
            head = AuditChain.objects.select_for_update().filter(name=name).first()
            if head is None:
                head = AuditChain.objects.create(name=name)
            seq, last_hash = head.last_seq, head.last_hash
            for values in events:
                seq += 1
                event = SimpleNamespace(
                    **{f: values.get(f, "") for f in HASHED_FIELDS},
                )
                for optional in ("actor_id", "notice_id", "directive_id", "before", "after"):
                    setattr(event, optional, values.get(optional))
                event.chain, event.seq, event.prev_hash = name, seq, last_hash
                last_hash = event_hash(event)
                table.add(
                    **{f: getattr(event, f) for f in HASHED_FIELDS},
                    hash=last_hash,
                )
                written += 1
                if progress and written % 100_000 == 0:
                    progress(f"  nhật ký: {written} sự kiện")
            table.flush()
            head.last_seq, head.last_hash = seq, last_hash
            head.save(update_fields=["last_seq", "last_hash"])
        self.events.clear()
        return written
