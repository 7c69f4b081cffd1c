"""Benchmark: the reminder sweep's cost follows the due reminders, not all planned reminders.

    python bench/bench_sweep.py            # on the configured database (DATABASE_URL)

It builds a throwaway test database, plans 1 000 and then 100 000 reminders of which 100 are
due each time, times the sweep (claim + deliver) and the claim query alone, and prints the
ratios of the two sizes. On PostgreSQL it also prints the claim query's plan, which must use
the partial index on pending reminders' fire time.
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.test_settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402

DUE = 100
SIZES = (1_000, 100_000)
REPEAT = 5


def build_tasks(count: int):
    from tasks_app.models import Agency, Assignment, Directive, Notice
    from tasks_app.registry import registry_load
    from workflows.models import WorkflowTask
    from workflows.services import assignment_processes_start

    registry_load()
    notice = Notice.objects.create(
        number="BENCH-TB/TU", date=datetime.date(2024, 1, 2), issuer="Tỉnh ủy", title="Đo"
    )
    lead = Agency.objects.get(code="BTCTU")
    assignments = []
    for i in range(count):
        directive = Directive.objects.create(
            notice=notice, ref=str(i + 1), position=i, text="Đo hiệu năng.", state="published"
        )
        assignments.append(Assignment.objects.create(directive=directive, lead=lead))
    assignment_processes_start(assignments=assignments, by=None)
    return list(WorkflowTask.objects.filter(flow_task_type="HUMAN"))


def plan(total: int, tasks, users) -> None:
    from notifications_app.models import PlannedReminder, ReminderKind

    PlannedReminder.objects.all().delete()
    now = timezone.now()
    kinds = list(ReminderKind.values)
    rows = []
    for n in range(total):
        task = tasks[n % len(tasks)]
        user = users[(n // len(tasks)) % len(users)]
        kind = kinds[(n // (len(tasks) * len(users))) % len(kinds)]
        due = n < DUE
        fire_at = (
            now - datetime.timedelta(minutes=1)
            if due
            else now + datetime.timedelta(days=1 + n % 300, minutes=n % 1440)
        )
        rows.append(
            PlannedReminder(
                task=task,
                kind=kind,
                recipient=user,
                title="Đo hiệu năng",
                due_date=fire_at.date(),
                fire_at=fire_at,
            )
        )
    PlannedReminder.objects.bulk_create(rows, batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE notifications_app_plannedreminder")


def reset_due() -> None:
    from notifications_app.models import PlannedReminder

    due_ids = list(PlannedReminder.objects.order_by("fire_at").values_list("pk", flat=True)[:DUE])
    PlannedReminder.objects.filter(pk__in=due_ids).update(status="pending", sent_at=None)


def time_claim() -> float:
    from notifications_app.services import due_reminders

    start = time.perf_counter()
    with transaction.atomic():
        rows = list(
            due_reminders(now=timezone.now()).select_for_update(skip_locked=True, of=("self",))[
                :DUE
            ]
        )
    elapsed = time.perf_counter() - start
    assert len(rows) == DUE, len(rows)
    return elapsed


def time_sweep() -> float:
    from notifications_app.services import reminders_sweep

    start = time.perf_counter()
    sent = reminders_sweep(now=timezone.now())
    elapsed = time.perf_counter() - start
    assert sent == DUE, sent
    return elapsed


def explain() -> str:
    from notifications_app.services import due_reminders

    qs = due_reminders(now=timezone.now())[:DUE]
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql} FOR UPDATE SKIP LOCKED", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> int:
    old = setup_databases(verbosity=0, interactive=False)
    try:
        User = get_user_model()
        User.objects.bulk_create(
            [User(username=f"bench{i}", password="!") for i in range(1000)], batch_size=1000
        )
        users = list(User.objects.filter(username__startswith="bench"))
        tasks = build_tasks(20)
        # Every recipient must still be concerned at delivery: make them Office staff and
        # address every reminder kind to the Office (a throw-away database).
        from notifications_app.models import ReminderRule
        from tasks_app.models import Agency, Membership

        office = Agency.objects.get(code="VPTU")
        Membership.objects.bulk_create(
            [Membership(user=user, agency=office, role="office") for user in users]
        )
        ReminderRule.objects.update(audience="office")
        results = {}
        for total in SIZES:
            plan(total, tasks, users)
            claims, sweeps = [], []
            for _ in range(REPEAT):
                claims.append(time_claim())
                sweeps.append(time_sweep())
                reset_due()
            results[total] = (statistics.median(claims), statistics.median(sweeps))
            print(
                f"{total:>7} planned, {DUE} due: claim {results[total][0] * 1000:8.2f} ms, "
                f"sweep {results[total][1] * 1000:8.2f} ms (median of {REPEAT})"
            )
        small, large = results[SIZES[0]], results[SIZES[-1]]
        print(f"ratio claim  100k/1k = {large[0] / small[0]:.2f}")
        print(f"ratio sweep  100k/1k = {large[1] / small[1]:.2f}  (100x more rows planned)")
        if connection.vendor == "postgresql":
            plan_text = explain()
            print("EXPLAIN of the claim query:\n" + plan_text)
            if "reminder_pending_fire_at" not in plan_text:
                print("WARNING: the partial index was not used")
                return 1
        else:
            print(
                f"(database: {connection.vendor}; run with DATABASE_URL=postgres://… for EXPLAIN)"
            )
    finally:
        teardown_databases(old, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
