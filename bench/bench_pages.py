"""Benchmark (3): the pages people read, at two data sizes (1k and 100k processes seeded by
``manage.py seed_scale``): SQL queries of one request and p50/p95 over repeated requests, then
the ratios large/small. Targets: p95 100k/1k ≤ 1.5 with equal query counts.

Requests go through Django's test client in the benchmark's process (the whole middleware,
view and template stack, no network and no web server): p95 per page, not throughput (that is
section 7). The seeded databases are kept between runs as PostgreSQL templates
(``chidao_bench_1k``, ``chidao_bench_100k``) and reused while the seeder and its parameters are
unchanged (new migrations are applied to them first).
"""

from __future__ import annotations

import io
import statistics
import time

from bench import databases

P95_TARGET = 1.5
PAGE_BUDGET_S, MIN_REPEATS = 20.0, 5  # a slow page: at least 5 requests, then 20 s at most
YEARS, SEED = 10, 14


def seed_scale_available() -> bool:
    from django.core.management import get_commands

    return "seed_scale" in get_commands()


def seed(processes: int, years: int = YEARS, seed: int = SEED) -> None:
    """Migrate the current database and seed it with ``processes`` processes."""
    from django.core.management import call_command

    databases.migrate()
    if seed_scale_available():
        out = io.StringIO()
        call_command("seed_scale", processes=processes, years=years, seed=seed, stdout=out)
    else:
        seed_fallback(processes)
    if databases.is_postgres():  # planner statistics of the bulk-inserted rows, as in production
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def seed_fallback(processes: int) -> None:
    """Until ``seed_scale`` exists: published processes through the services (slow: small
    sizes only), a head, a deputy and two officers per agency, the Office; a third accepted."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from tasks_app.models import Agency, Assignment, Directive, Membership, Notice, Role
    from tasks_app.registry import registry_load
    from workflows import services
    from workflows.flows import DirectiveFlow
    from workflows.models import WorkflowTask

    registry_load()
    User = get_user_model()
    agencies = list(Agency.objects.exclude(code="VPTU").order_by("code")[:20])
    people = {}
    for agency in [*agencies, Agency.objects.get(code="VPTU")]:
        roles = (Role.OFFICE, Role.OFFICE) if agency.code == "VPTU" else (Role.HEAD, Role.OFFICER)
        for i, role in enumerate(roles):
            user = User.objects.create(username=f"seed_{agency.code.lower()}_{role}_{i}")
            Membership.objects.create(user=user, agency=agency, role=role)
            people[(agency.pk, role)] = user
    today = timezone.localdate()
    per_notice = 50
    for start in range(0, processes, per_notice):
        notice = Notice.objects.create(
            number=f"{start // per_notice + 1}-TB/TU",
            date=today - datetime.timedelta(days=start % 3000),
            issuer="Tỉnh ủy",
            title="Thông báo kết luận",
            status=Notice.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        assignments = []
        for n in range(start, min(processes, start + per_notice)):
            directive = Directive.objects.create(
                notice=notice, ref=str(n + 1), position=n, text="Triển khai.", state="published"
            )
            assignments.append(
                Assignment.objects.create(
                    directive=directive,
                    lead=agencies[n % len(agencies)],
                    due_date=today + datetime.timedelta(days=(n % 200) - 60),
                )
            )
        for i, process in enumerate(
            services.assignment_processes_start(assignments=assignments, by=None)
        ):
            if i % 3 == 0:
                task = WorkflowTask.objects.get(
                    process_id=process.pk, flow_task=DirectiveFlow.accept
                )
                services.task_accept(
                    task=task,
                    by=people[(process.lead_id, Role.HEAD)],
                    officer=people[(process.lead_id, Role.OFFICER)],
                    plan="Kế hoạch.",
                )


def seeded_template(processes: int) -> tuple[str, dict]:
    """The template database holding ``processes`` seeded processes (built or reused):
    ``chidao_bench_1k``, ``chidao_bench_100k``…"""
    label = f"{processes // 1000}k" if processes % 1000 == 0 else str(processes)
    name = f"{databases.PREFIX}_{label}"
    kind = "seed_scale" if seed_scale_available() else "fallback"
    # the seeder and its parameters make the data; later migrations are applied to a kept copy
    fingerprint = databases.fingerprint(kind, migrations=False)
    key = f"{kind} processes={processes} years={YEARS} seed={SEED} {fingerprint}"
    start = time.perf_counter()
    reused = databases.template(name, key, lambda: seed(processes), refresh=databases.migrate)
    return name, {
        "database": name,
        "processes": processes,
        "seeder": kind,
        "reused": reused,
        "seed_s": None if reused else time.perf_counter() - start,
        "size": databases.size(name),
    }


def page_list() -> dict[str, tuple]:
    """Each page, who reads it, and its address, chosen from the seeded data."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Q

    from tasks_app.models import Membership, Notice, Role
    from workflows.models import WorkflowTask

    User = get_user_model()
    office = Membership.objects.filter(role=Role.OFFICE, user__is_active=True).first().user
    queued = (
        WorkflowTask.objects.filter(status="NEW", agency__isnull=False)
        .values("agency_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    head = (
        Membership.objects.filter(role=Role.HEAD, agency_id=queued["agency_id"]).first().user
        if queued
        else office
    )
    officer = (
        User.objects.filter(memberships__role=Role.OFFICER)
        .annotate(n=Count("task", filter=Q(task__status="ASSIGNED")))
        .order_by("-n")
        .first()
    )
    notice = (
        Notice.objects.filter(status=Notice.Status.PUBLISHED)
        .annotate(n=Count("directives"))
        .order_by("-n", "-pk")
        .first()
    )
    return {
        "inbox": (officer, "/workflow/inbox/"),
        "queue": (head, "/workflow/queue/"),
        "process list": (office, "/workflow/flows/directive/flows/"),
        "review page": (office, f"/office/notice/{notice.pk}/"),
        "dashboard": (office, "/reports/dashboard/"),
        "history": (office, "/reports/history/"),
    }


def measure_pages(repeats: int) -> dict:
    """Queries and p50/p95 of each page of :func:`page_list` on the current database."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    results = {}
    for name, (user, path) in page_list().items():
        client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=True)
        client.force_login(user)
        for _ in range(2):  # warm: caches, templates, the session's first write
            response = client.get(path)
        if response.status_code in (301, 302):
            path = response["Location"]
            response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        count = len(queries)  # now: the next request empties the connection's log
        times, budget = [], time.perf_counter() + PAGE_BUDGET_S
        while len(times) < repeats and (len(times) < MIN_REPEATS or time.perf_counter() < budget):
            start = time.perf_counter()
            client.get(path)
            times.append(time.perf_counter() - start)
        times.sort()
        results[name] = {
            "path": path,
            "user": user.get_username(),
            "queries": count,
            "p50_ms": statistics.median(times) * 1000,
            "p95_ms": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))] * 1000,
            "repeats": len(times),
        }
    return results


def compare(small: dict, large: dict) -> dict:
    ratios = {}
    for name in small:
        p95 = large[name]["p95_ms"] / small[name]["p95_ms"]
        same = large[name]["queries"] == small[name]["queries"]
        ratios[name] = {
            "p95_ratio": p95,
            "queries_small": small[name]["queries"],
            "queries_large": large[name]["queries"],
            "equal_queries": same,
            "met": p95 <= P95_TARGET and same,
        }
    return ratios
