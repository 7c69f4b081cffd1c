"""Benchmark (4): what the sweep delivers per second, and that its cost follows the due rows.

    DATABASE_URL=postgres://… python bench/bench_sweep.py [--tasks 400] [--batch 500]

1. Deliveries per second: ``--tasks`` open tasks of agencies with four heads and deputies each
   are announced (one message per person: the bell, a queued e-mail, a delivery row and an
   audit event), then — as on the morning of their deadline — reminded. Each is timed as one
   sweep (batches of ``--batch`` tasks, one transaction each).
2. The claim: 100 due rows among 1,000 and among 100,000 not yet due (PostgreSQL), the claim
   query timed at both sizes, and its plan (the partial index on the next time).

Writes ``bench/results/sweep.json``. Target: ≥ 1,000 deliveries/s on PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import django_setup, test_database, vendor, write_result

TARGET = 1000.0
AGENCIES = ("BTCTU", "BDVTU", "TCT", "BTGTU", "BNCTU", "UBKTTU", "BCSUBND", "DDHDND")
PEOPLE = ("head", "deputy")  # two of each per agency: four people take each task
DUE = 100
SIZES = (1_000, 100_000)


def build_tasks(count: int) -> list[int]:
    """``count`` published processes (their accept tasks), spread over the agencies."""
    from django.contrib.auth import get_user_model

    from tasks_app.models import Agency, Assignment, Directive, Membership, Notice
    from tasks_app.registry import registry_load
    from workflows.services import assignment_processes_start

    registry_load()
    User = get_user_model()
    agencies = {a.code: a for a in Agency.objects.filter(code__in=AGENCIES)}
    for code, agency in agencies.items():
        for role in PEOPLE:
            for n in (1, 2):
                user = User.objects.create(
                    username=f"{code.lower()}_{role}{n}", email=f"{code.lower()}.{role}{n}@x.vn"
                )
                Membership.objects.create(user=user, agency=agency, role=role)
    notice = Notice.objects.create(
        number="BENCH-TB/TU", date=datetime.date(2024, 1, 2), issuer="Tỉnh ủy", title="Đo"
    )
    due = datetime.date.today() + datetime.timedelta(days=30)
    assignments = []
    for i in range(count):
        directive = Directive.objects.create(
            notice=notice, ref=str(i + 1), position=i, text="Đo hiệu năng.", state="published"
        )
        assignments.append(
            Assignment.objects.create(
                directive=directive, lead=agencies[AGENCIES[i % len(AGENCIES)]], due_date=due
            )
        )
    processes = assignment_processes_start(assignments=assignments, by=None)
    return [p.task_set.get(flow_task_type="HUMAN").pk for p in processes]


def deliveries_per_second(task_ids: list[int], batch: int) -> dict:
    from django.utils import timezone

    from notifications_app.models import Delivery, TaskAlert
    from notifications_app.services import alerts_sweep
    from workflows.links import task_process_path
    from workflows.models import WorkflowTask

    task_process_path(WorkflowTask.objects.get(pk=task_ids[0]))  # warm: URL map, imports
    start = time.perf_counter()
    announced = alerts_sweep(batch=batch)
    announce_s = time.perf_counter() - start
    # the morning of the deadline: every task's "due today" reminder is due
    due_day = timezone.localdate() + datetime.timedelta(days=30)
    TaskAlert.objects.filter(pk__in=task_ids).update(
        reminded_until=timezone.now(), next_at=timezone.now()
    )
    morning = timezone.make_aware(datetime.datetime.combine(due_day, datetime.time(9)))
    start = time.perf_counter()
    reminded = alerts_sweep(now=morning, batch=batch)
    remind_s = time.perf_counter() - start
    assert announced.announced == reminded.reminded == Delivery.objects.count() / 2
    return {
        "tasks": len(task_ids),
        "batch": batch,
        "announcements": announced.announced,
        "announcements_per_s": announced.announced / announce_s,
        "reminders": reminded.reminded,
        "reminders_skipped": reminded.skipped,
        "reminders_per_s": reminded.reminded / remind_s,
    }


def clone_tasks(template_pk: int, count: int) -> list[int]:
    """``count`` copies of a task, in two statements (PostgreSQL)."""
    from django.db import connection
    from viewflow.workflow.models import Task

    columns = [f.column for f in Task._meta.concrete_fields if not f.primary_key]
    names = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO viewflow_task ({names}) SELECT {names} FROM viewflow_task, "
            "generate_series(1, %s) WHERE id = %s RETURNING id",
            [count, template_pk],
        )
        ids = [row[0] for row in cursor.fetchall()]
        cursor.execute(
            "INSERT INTO workflows_workflowtask (task_ptr_id, agency_id, actor_role, due_date) "
            "SELECT new.id, t.agency_id, t.actor_role, t.due_date FROM unnest(%s::bigint[]) "
            "AS new(id), workflows_workflowtask t WHERE t.task_ptr_id = %s",
            [ids, template_pk],
        )
    return ids


def claim_scaling(template_pk: int) -> dict:
    from django.db import connection, transaction
    from django.utils import timezone

    from notifications_app.models import TaskAlert
    from notifications_app.services.sweep import _claim

    results, made = {}, []
    for total in SIZES:
        made += clone_tasks(template_pk, total - len(made))
        now = timezone.now()
        TaskAlert.objects.all().delete()
        TaskAlert.objects.bulk_create(
            [
                TaskAlert(
                    task_id=pk,
                    next_at=now - datetime.timedelta(minutes=1)
                    if n < DUE
                    else now + datetime.timedelta(days=1 + n % 300, minutes=n % 1440),
                )
                for n, pk in enumerate(made)
            ],
            batch_size=5000,
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE notifications_app_taskalert")
        times = []
        for _ in range(7):
            start = time.perf_counter()
            with transaction.atomic():
                assert len(_claim(now=timezone.now(), batch=DUE)) == DUE
            times.append(time.perf_counter() - start)
        results[total] = statistics.median(times)
    qs = TaskAlert.objects.filter(next_at__lte=timezone.now()).order_by("next_at")[:DUE]
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql} FOR UPDATE SKIP LOCKED", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return {
        "claim_ms": {str(k): v * 1000 for k, v in results.items()},
        "claim_ratio": results[SIZES[-1]] / results[SIZES[0]],
        "plan_uses_partial_index": "task_alert_next_at" in plan,
        "plan": plan,
    }


def measure(tasks: int = 400, batch: int = 500, scaling: bool = True) -> dict:
    """Deliveries per second of ``tasks`` tasks, and the claim at two sizes (PostgreSQL)."""
    task_ids = build_tasks(tasks)
    rates = deliveries_per_second(task_ids, batch)
    claims = claim_scaling(task_ids[0]) if scaling and vendor() == "postgresql" else {}
    met = min(rates["announcements_per_s"], rates["reminders_per_s"]) >= TARGET
    return {**rates, **claims, "target": TARGET, "met": met}


def report(data: dict) -> None:
    print(f"Sweep: {data['tasks']} tasks, 4 people each, batches of {data['batch']}")
    print(f"{'announcements/s':28}{data['announcements_per_s']:10.0f}  ({data['announcements']})")
    print(
        f"{'reminders/s':28}{data['reminders_per_s']:10.0f}  ({data['reminders']}, "
        f"{data['reminders_skipped']} stale dropped)   target ≥ {TARGET:.0f}"
    )
    if "claim_ms" in data:
        ms = data["claim_ms"]
        print(
            f"claim of {DUE} due rows: {ms[str(SIZES[0])]:.2f} ms among {SIZES[0]:,}, "
            f"{ms[str(SIZES[-1])]:.2f} ms among {SIZES[-1]:,} "
            f"(ratio {data['claim_ratio']:.2f} for 100× the rows)"
        )
        print("partial index used:", data["plan_uses_partial_index"])
    else:
        print("(claim scaling and EXPLAIN: run on PostgreSQL)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=400)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    django_setup()
    with test_database():
        print(f"building {args.tasks} tasks …", flush=True)
        data = measure(args.tasks, args.batch)
        report(data)
        path = write_result("sweep", data)
        print(f"written: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
