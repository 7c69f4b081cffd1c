"""Time the dashboard aggregates and the XLSX/PDF progress reports at two sizes.

    python bench/bench_reports.py [--small 200] [--large 2000]

Builds the processes in a throw-away test database (the configured DATABASE_URL's test
database, as the test suite does), then prints, for each size, the time of the dashboard's
SQL aggregates and of each export, the growth ratio large/small against the size ratio
(about equal: linear), and the large dashboard against a 1-second budget.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.test_settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

BUDGET_S = 1.0
TODAY = datetime.date(2024, 1, 20)


def build(n: int) -> None:
    from tasks_app.models import Agency, AgencyKind, Assignment, Directive, Notice
    from workflows.flows import DirectiveFlow
    from workflows.models import DirectiveProcess, Outcome

    agencies = [
        Agency.objects.get_or_create(
            code=f"B{i:02d}", defaults={"name": f"Cơ quan thử {i:02d}", "kind": AgencyKind.STATE}
        )[0]
        for i in range(40)
    ]
    notice = Notice.objects.create(
        number=f"B{n}-TB/TU", date=datetime.date(2023, 5, 30), issuer="Tỉnh ủy", title="Thử"
    )
    directive = None
    for i in range(n):
        if i % len(agencies) == 0:
            directive = Directive.objects.create(
                notice=notice,
                ref=str(i // len(agencies) + 1),
                position=i,
                text="Tiếp tục quán triệt, triển khai thực hiện hiệu quả các nội dung của đề án.",
            )
        lead = agencies[i % len(agencies)]
        due = TODAY + datetime.timedelta(days=(i % 200) - 120) if i % 7 else None
        assignment = Assignment.objects.create(directive=directive, lead=lead, due_date=due)
        assignment.coordinators.set([agencies[(i + 1) % len(agencies)]])
        outcome = (Outcome.OPEN, Outcome.COMPLETED, Outcome.COMPLETED, Outcome.CANCELLED)[i % 4]
        closed = (
            timezone.make_aware(datetime.datetime(2023, 6, 1) + datetime.timedelta(days=i % 230))
            if outcome != Outcome.OPEN
            else None
        )
        DirectiveProcess.objects.create(
            flow_class=DirectiveFlow,
            assignment=assignment,
            directive=directive,
            lead=lead,
            due_date=due,
            original_due_date=due,
            outcome=outcome,
            closed_at=closed,
        )


def measure(n: int) -> dict[str, float]:
    from reports import exports
    from reports.selectors import dashboard as selectors
    from reports.selectors import rows
    from reports.selectors.filters import ReportFilters
    from tasks_app.models import Notice
    from workflows.permissions import ReportScope

    build(n)
    notice = Notice.objects.get(number=f"B{n}-TB/TU")
    scope = ReportScope(sees_all=True)
    filters = ReportFilters(notice=notice)
    times = {}

    start = time.perf_counter()
    qs = selectors.report_queryset(scope=scope, filters=filters, today=TODAY)
    selectors.status_counts(qs)
    selectors.counts_by_notice(qs)
    selectors.counts_by_agency(qs)
    selectors.ageing_counts(qs)
    list(selectors.overdue_processes(qs))
    selectors.trend(qs)
    times["dashboard"] = time.perf_counter() - start

    class _User:
        def get_full_name(self):
            return "Bench"

        def get_username(self):
            return "bench"

    start = time.perf_counter()
    report = rows.report_build(user=_User(), scope=scope, filters=filters, today=TODAY)
    times["rows"] = time.perf_counter() - start
    assert len(report.rows) == n
    start = time.perf_counter()
    exports.xlsx_render(report)
    times["xlsx"] = time.perf_counter() - start
    start = time.perf_counter()
    exports.pdf_render(report)
    times["pdf"] = time.perf_counter() - start
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=200)
    parser.add_argument("--large", type=int, default=2000)
    args = parser.parse_args(argv)

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        small = measure(args.small)
        large = measure(args.large)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    size_ratio = args.large / args.small
    print(f"{'':10} {args.small:>10} {args.large:>10}  ratio (size ratio {size_ratio:.0f})")
    for key in small:
        ratio = large[key] / small[key] if small[key] else float("inf")
        print(f"{key:10} {small[key] * 1000:8.1f}ms {large[key] * 1000:8.1f}ms  {ratio:6.2f}")
    print(
        f"dashboard/budget = {large['dashboard'] / BUDGET_S:.4f} "
        f"({args.large} processes, budget {BUDGET_S:.0f} s)"
    )
    return 0 if large["dashboard"] < BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
