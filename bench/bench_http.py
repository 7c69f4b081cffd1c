"""Benchmarks (2) and (7) over HTTP against gunicorn (4 workers, production settings, PostgreSQL,
Redis as cache and broker; no Celery worker runs, so queued jobs only wait):

(2) step completions per second with 16 concurrent clients: each client is the head of an
    agency of its own, signed in through the login form, taking its agency's new directives
    from the queue and accepting them through the pages (queue → task → claim → step form →
    POST → the page it leads to), p50/p95 of a whole step and of the form's POST alone;
(7) signed-in pages with 16 concurrent clients (Office, heads and officers going round home,
    inbox, queue and the process list) against the login page served by the same gunicorn in
    the same run, on the big seeded database of section (3).
"""

from __future__ import annotations

import datetime
import statistics
import time

from bench import databases, http_load

STEP_TARGET = None  # the issue sets no figure for (2): reported
THROUGHPUT_TARGET = 1 / 3  # signed-in pages ≥ 1/3 of the login page's requests/s
CLIENTS = 16
PAGES = ("/", "/workflow/inbox/", "/workflow/queue/", "/workflow/flows/directive/flows/")


def seed_steps(clients: int, per_client: int) -> list[tuple[str, list, int]]:
    """``clients`` agencies, each with a head (a client), an officer and ``per_client`` new
    directives waiting in its queue; returns each client's (username, tasks, officer pk)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from tasks_app.models import Agency, Assignment, Directive, Membership, Notice, Role
    from tasks_app.registry import registry_load
    from workflows.flows import DirectiveFlow
    from workflows.models import WorkflowTask
    from workflows.services import assignment_processes_start

    registry_load()
    User = get_user_model()
    hashed = http_load.password_hash()
    agencies = list(Agency.objects.exclude(code="VPTU").order_by("code")[:clients])
    notice = Notice.objects.create(
        number="HTTP-1-TB/TU",
        date=datetime.date(2026, 1, 5),
        issuer="Tỉnh ủy",
        title="Đo hiệu năng",
        status=Notice.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    due = timezone.localdate() + datetime.timedelta(days=45)
    people, assignments = {}, []
    for agency in agencies:
        code = agency.code.lower()
        head = User.objects.create(username=f"http_head_{code}", password=hashed)
        officer = User.objects.create(username=f"http_officer_{code}", password=hashed)
        Membership.objects.create(user=head, agency=agency, role=Role.HEAD)
        Membership.objects.create(user=officer, agency=agency, role=Role.OFFICER)
        people[agency.pk] = (head.username, officer.pk)
    n = 0
    for _ in range(per_client):
        for agency in agencies:
            n += 1
            directive = Directive.objects.create(
                notice=notice,
                ref=str(n),
                position=n,
                text="Triển khai thực hiện.",
                state="published",
            )
            assignments.append(Assignment(directive=directive, lead=agency, due_date=due))
    Assignment.objects.bulk_create(assignments)
    assignment_processes_start(assignments=list(Assignment.objects.all()), by=None)
    tasks: dict[int, list] = {agency.pk: [] for agency in agencies}
    for task in WorkflowTask.objects.filter(flow_task=DirectiveFlow.accept).order_by("pk"):
        tasks[task.agency_id].append((task.process_id, task.pk))
    return [(people[pk][0], tasks[pk], people[pk][1]) for pk in people]


def steps(quick: bool = False) -> dict:
    """Section (2) on a fresh copy of the empty database."""
    from workflows.flows import DirectiveFlow
    from workflows.models import WorkflowTask

    seconds, per_client = (8, 12) if quick else (25, 50)
    with databases.section_database("steps") as name:
        start = time.perf_counter()
        seeded = seed_steps(CLIENTS, per_client)
        seed_s = time.perf_counter() - start
        with http_load.gunicorn(databases.database_url(name)) as base:
            result = http_load.run_clients(
                http_load.step_work, [(base, *client) for client in seeded], seconds
            )
        done = WorkflowTask.objects.filter(flow_task=DirectiveFlow.accept, status="DONE").count()
    extras = result.pop("extra")
    posts = sorted(ms for extra in extras for ms in extra.get("post_ms", []))
    parts: dict[str, list] = {}
    for extra in extras:
        for kind, values in extra.get("parts", {}).items():
            parts.setdefault(kind, []).extend(values)
    ran_out = any(extra.get("ran_out_of_tasks") for extra in extras)
    http_load.redis_flush()
    return {
        **result,
        "steps_per_s": result["per_s"],
        "step_p50_ms": result["p50_ms"],
        "step_p95_ms": result["p95_ms"],
        "post_p50_ms": statistics.median(posts) if posts else None,
        "post_p95_ms": posts[int(0.95 * (len(posts) - 1))] if posts else None,
        "tasks_done_in_database": done,
        "requests_per_step": 7,
        "median_ms_by_request": {k: statistics.median(v) for k, v in parts.items()},
        "ran_out_of_tasks": ran_out,
        "seeded_processes": CLIENTS * per_client,
        "seed_s": seed_s,
        "step": "accept (a head takes a new directive from the queue and assigns an officer)",
    }


def pick_users(count: int) -> list[str]:
    """Signed-in clients from the seeded data: a quarter the Office, the rest heads and officers
    of the agencies leading the most processes; their password set to the benchmark's."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from tasks_app.models import Agency, Membership, Role

    busiest = list(
        Agency.objects.exclude(code="VPTU")
        .annotate(n=Count("led_processes"))
        .order_by("-n")
        .values_list("pk", flat=True)[:count]
    )
    memberships = Membership.objects.filter(user__is_active=True).select_related("user")
    office = [m.user for m in memberships.filter(role=Role.OFFICE)][: count // 4]
    others = []
    for role in (Role.HEAD, Role.OFFICER):
        for agency_pk in busiest:
            member = memberships.filter(agency_id=agency_pk, role=role).first()
            if member:
                others.append(member.user)
    users, seen = [], set()
    for user in office + others[: count - len(office)]:
        if user.pk not in seen:
            seen.add(user.pk)
            users.append(user)
    get_user_model().objects.filter(pk__in=seen).update(password=http_load.password_hash())
    return [user.username for user in users]


def final_paths(base: str, username: str) -> list[str]:
    """Each page of :data:`PAGES` as the browser ends up on it (after redirects)."""
    import requests

    session = requests.Session()
    http_load.sign_in(session, base, username)
    paths = []
    for path in PAGES:
        response = session.get(f"{base}{path}", timeout=120)
        response.raise_for_status()
        paths.append(response.url.removeprefix(base))
    return paths


def throughput(database: str, quick: bool = False) -> dict:
    """Section (7) against ``database`` (the current database, seeded by section 3)."""
    seconds = 8 if quick else 20
    usernames = pick_users(CLIENTS)
    if not usernames:
        raise RuntimeError("no signed-in users in the seeded database")
    clients = [usernames[i % len(usernames)] for i in range(CLIENTS)]
    with http_load.gunicorn(databases.database_url(database)) as base:
        paths = final_paths(base, clients[0])
        login = http_load.run_clients(
            http_load.page_work,
            [(base, None, ["/accounts/login/"]) for _ in range(CLIENTS)],
            seconds,
        )
        signed_in = http_load.run_clients(
            http_load.page_work,
            [
                (base, user, paths[i % len(paths) :] + paths[: i % len(paths)])
                for i, user in enumerate(clients)
            ],
            seconds,
        )
    http_load.redis_flush()
    for result in (login, signed_in):
        result.pop("extra")
    ratio = signed_in["per_s"] / login["per_s"]
    return {
        "clients": CLIENTS,
        "distinct_users": len(set(clients)),
        "pages": paths,
        "login_page": login,
        "signed_in": signed_in,
        "ratio": ratio,
        "target": THROUGHPUT_TARGET,
        "met": ratio >= THROUGHPUT_TARGET and signed_in["errors"] == 0,
    }
