"""Benchmark (1): a directive's whole life, publish → close, with two coordinating agencies
and a deadline — through our services against a bare viewflow 2.4 flow with the same kind of
nodes (no agency scope, audit or reminders), in the same run.

    DATABASE_URL=postgres://… python bench/bench_lifecycle.py [--runs 30]

Prints lifecycles per second of each, the time ratio per human step, the SQL statements of
one lifecycle of each (savepoints included) and their ratio; writes
``bench/results/lifecycle.json``. Targets: ≤ 1.5× per human step, SQL ≤ 2× bare.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import counting_sql, django_setup, test_database, write_result

TIME_TARGET, SQL_TARGET = 1.5, 2.0


def _kinds(statements: list[str]) -> dict[str, int]:
    kinds = Counter()
    for sql in statements:
        head = sql.lstrip().split(None, 1)[0].upper()
        if head in ("SAVEPOINT", "RELEASE", "ROLLBACK"):
            kinds["savepoint"] += 1
        elif head == "SELECT" and "FOR UPDATE" in sql.upper():
            kinds["select for update"] += 1
        else:
            kinds[head.lower()] += 1
    return dict(sorted(kinds.items()))


def measure(runs: int = 30) -> dict:
    """Time ``runs`` lifecycles of each kind (interleaved) on the current database."""
    from bench import lifecycle

    staff = lifecycle.people()
    # warm-up: caches, prepared plans, the first audit chain rows
    lifecycle.ours_lifecycle(lifecycle.ours_draft(), staff)
    lifecycle.bare_lifecycle(staff)

    draft = lifecycle.ours_draft()
    with counting_sql() as ours_sql:
        lifecycle.ours_lifecycle(draft, staff)
    with counting_sql() as bare_sql:
        lifecycle.bare_lifecycle(staff)

    ours_times, bare_times = [], []
    drafts = [lifecycle.ours_draft() for _ in range(runs)]
    gc.collect()
    for draft in drafts:  # interleaved, so both see the same database state and load
        start = time.perf_counter()
        lifecycle.ours_lifecycle(draft, staff)
        ours_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        lifecycle.bare_lifecycle(staff)
        bare_times.append(time.perf_counter() - start)

    ours_s, bare_s = statistics.median(ours_times), statistics.median(bare_times)
    steps = lifecycle.HUMAN_STEPS
    time_ratio = (ours_s / steps) / (bare_s / steps)
    sql_ratio = ours_sql.count / bare_sql.count
    return {
        "runs": runs,
        "human_steps": steps,
        "ours": {
            "lifecycles_per_s": 1 / ours_s,
            "median_ms": ours_s * 1000,
            "sql": ours_sql.count,
            "savepoint_sql": ours_sql.savepoints,
            "sql_by_kind": _kinds(ours_sql.statements),
        },
        "bare": {
            "lifecycles_per_s": 1 / bare_s,
            "median_ms": bare_s * 1000,
            "sql": bare_sql.count,
            "savepoint_sql": bare_sql.savepoints,
            "sql_by_kind": _kinds(bare_sql.statements),
        },
        "ratio_per_human_step": time_ratio,
        "sql_ratio": sql_ratio,
        "targets": {"ratio_per_human_step": TIME_TARGET, "sql_ratio": SQL_TARGET},
        "met": {
            "ratio_per_human_step": time_ratio <= TIME_TARGET,
            "sql_ratio": sql_ratio <= SQL_TARGET,
        },
        "ours_statements": ours_sql.statements,
    }


def report(data: dict) -> None:
    ours, bare, steps = data["ours"], data["bare"], data["human_steps"]
    ours_s, bare_s = ours["median_ms"] / 1000, bare["median_ms"] / 1000
    print(f"Lifecycle publish → close, 2 coordinating agencies, {steps} human steps each")
    print(f"{'':22}{'ours':>12}{'bare viewflow':>16}{'ratio':>9}{'target':>9}")
    print(f"{'lifecycles/s':22}{1 / ours_s:12.1f}{1 / bare_s:16.1f}{bare_s / ours_s:9.2f}")
    print(
        f"{'ms per lifecycle':22}{ours_s * 1000:12.1f}{bare_s * 1000:16.1f}{ours_s / bare_s:9.2f}"
    )
    print(
        f"{'ms per human step':22}{ours_s * 1000 / steps:12.2f}{bare_s * 1000 / steps:16.2f}"
        f"{data['ratio_per_human_step']:9.2f}{'≤ ' + str(TIME_TARGET):>9}"
    )
    print(
        f"{'SQL per lifecycle':22}{ours['sql']:12d}{bare['sql']:16d}"
        f"{data['sql_ratio']:9.2f}{'≤ ' + str(SQL_TARGET):>9}"
    )
    print(f"{'  of which savepoints':22}{ours['savepoint_sql']:12d}{bare['savepoint_sql']:16d}")
    print(f"ours by kind: {ours['sql_by_kind']}")
    print(f"bare by kind: {bare['sql_by_kind']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="lifecycles of each kind to time")
    parser.add_argument("--show-sql", action="store_true", help="print our lifecycle's SQL")
    args = parser.parse_args()
    django_setup()
    with test_database():
        data = measure(args.runs)
        report(data)
        statements = data.pop("ours_statements")
        if args.show_sql:
            for sql in statements:
                print("  ", sql[:220])
        path = write_result("lifecycle", data)
        print(f"written: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
