"""What every benchmark shares: Django set-up on a throw-away test database, SQL counting,
timing, and the JSON result writer (``bench/results/<name>.json``).

Run a benchmark on PostgreSQL with ``DATABASE_URL=postgres://…``; it creates the test
database beside it (``test_<name>``), as the test suite does, and drops it at the end.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(os.environ.get("BENCH_RESULTS_DIR") or ROOT / "bench" / "results")


def django_setup() -> None:
    """Import path and settings of the benchmarks (``bench.settings``), then ``django.setup()``."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


@contextlib.contextmanager
def test_database() -> Iterator[None]:
    """A fresh test database (migrated) for the duration of the benchmark."""
    from django.test.utils import setup_databases, teardown_databases

    old = setup_databases(verbosity=0, interactive=False)
    try:
        yield
    finally:
        teardown_databases(old, verbosity=0)


def vendor() -> str:
    from django.db import connection

    return connection.vendor


class SqlCounter:
    """Counts the statements sent on the default connection (savepoints included)."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append(sql)
        return execute(sql, params, many, context)

    @property
    def count(self) -> int:
        return len(self.statements)

    @property
    def savepoints(self) -> int:
        return sum(1 for sql in self.statements if "SAVEPOINT" in sql.upper())


@contextlib.contextmanager
def counting_sql() -> Iterator[SqlCounter]:
    from django.db import connection

    counter = SqlCounter()
    with connection.execute_wrapper(counter):
        yield counter


def timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def write_result(name: str, data: dict) -> Path:
    """Write ``bench/results/<name>.json`` with the run's context; return its path."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    document = {
        "benchmark": name,
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": vendor(),
        "python": platform.python_version(),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        **data,
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
