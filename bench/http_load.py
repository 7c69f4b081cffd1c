"""HTTP load against the real web server: gunicorn (4 workers, production settings) on a free
port, and concurrent clients, each a process of its own with its own ``requests.Session`` that
signs in through the login form (CSRF token included) and then does what a browser does.

Used by sections (2) step completions and (7) signed-in pages against the login page.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from bench.common import ROOT

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PASSWORD = "Bench-2026-mat-khau"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379")
REDIS_DBS = (6, 7)  # cache, broker


def password_hash() -> str:
    """The hash of :data:`PASSWORD` as the production settings check it (PBKDF2)."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    hasher = PBKDF2PasswordHasher()
    return hasher.encode(PASSWORD, hasher.salt())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_ready() -> str:
    """'' if the benchmark's Redis answers, else why not."""
    import redis

    try:
        redis.Redis.from_url(f"{REDIS_URL}/{REDIS_DBS[0]}", socket_timeout=3).ping()
    except Exception as exc:
        return f"Redis at {REDIS_URL} does not answer ({type(exc).__name__}); set BENCH_REDIS_URL"
    return ""


def redis_flush() -> None:
    """Empty the benchmark's own Redis databases (cache and broker)."""
    import redis

    for db in REDIS_DBS:
        with contextlib.suppress(Exception):
            redis.Redis.from_url(f"{REDIS_URL}/{db}").flushdb()


@contextlib.contextmanager
def gunicorn(database_url: str, workers: int = 4) -> Iterator[str]:
    """gunicorn serving ``project.wsgi`` with the production settings on ``database_url``,
    Redis as cache and broker (no worker: queued jobs wait); yields the base URL."""
    import requests

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "project.settings",
        "DATABASE_URL": database_url,
        "CACHE_URL": f"{REDIS_URL}/{REDIS_DBS[0]}",
        "CELERY_BROKER_URL": f"{REDIS_URL}/{REDIS_DBS[1]}",
        "CELERY_RESULT_BACKEND": f"{REDIS_URL}/{REDIS_DBS[1]}",
        "LOG_LEVEL": "WARNING",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": base,
        "LOGIN_FAILURE_LIMIT": "1000",
    }
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (kept open while gunicorn runs)
        prefix="bench-gunicorn-", suffix=".log", delete=False
    )
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "project.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--timeout",
        "120",
        "--worker-tmp-dir",
        "/dev/shm",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        deadline = time.time() + 60
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn stopped: {Path(log.name).read_text()[-2000:]}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{base}/accounts/login/", timeout=5).status_code == 200:
                    break
            if time.time() > deadline:
                raise RuntimeError("gunicorn did not answer within 60 s")
            time.sleep(0.3)
        # every worker imports the project on its first request: warm them all
        for _ in range(workers * 4):
            requests.get(f"{base}/accounts/login/", timeout=30)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        errors = [
            line
            for line in Path(log.name).read_text(errors="replace").splitlines()
            if "Traceback" in line or "ERROR" in line
        ]
        if errors:
            print(f"  gunicorn log {log.name}: {len(errors)} error lines", flush=True)
        else:
            os.unlink(log.name)


def csrf_token(html: str) -> str:
    match = CSRF.search(html)
    if not match:
        raise RuntimeError("no CSRF token on the page")
    return match.group(1)


def sign_in(session, base: str, username: str) -> None:
    """Sign in through the login form, as a browser does."""
    page = session.get(f"{base}/accounts/login/", timeout=60)
    response = session.post(
        f"{base}/accounts/login/",
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": csrf_token(page.text),
        },
        headers={"Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
        timeout=60,
    )
    if response.status_code != 302 or "sessionid" not in session.cookies:
        raise RuntimeError(f"sign-in of {username} refused ({response.status_code})")


@dataclass
class ClientResult:
    latencies: list[float] = field(default_factory=list)  # one per unit of work
    errors: int = 0
    extra: dict = field(default_factory=dict)


def _client_main(work: Callable, args: tuple, barrier, seconds: float, pipe) -> None:
    import requests

    result = ClientResult()
    try:
        session = requests.Session()
        clock = _Clock(barrier, seconds)
        work(session, result, clock, *args)
        result.extra["span"] = (clock.started, clock.ended)
    except Exception as exc:  # reported to the parent, which fails the section
        result.extra["failure"] = f"{type(exc).__name__}: {exc}"
        with contextlib.suppress(Exception):
            barrier.abort()
    pipe.send(result)
    pipe.close()


class _Clock:
    """Every client signs in and warms up, then all start together and run ``seconds``."""

    def __init__(self, barrier, seconds: float) -> None:
        self.barrier, self.seconds, self.stop_at = barrier, seconds, None
        self.started = self.ended = None

    def start(self) -> None:
        self.barrier.wait(timeout=900)
        self.started = time.time()
        self.stop_at = self.started + self.seconds
        self.ended = self.started

    def running(self) -> bool:
        """True while new work may start (work started in time is counted when it ends)."""
        return time.time() < self.stop_at

    def done(self) -> None:
        self.ended = time.time()


def run_clients(work: Callable, client_args: list[tuple], seconds: float) -> dict:
    """Run one client process per ``client_args`` item: ``work(session, result, clock, *args)``
    signs in and warms up, calls ``clock.start()``, then works while ``clock.running()``."""
    from django.db import connections

    connections.close_all()  # never share the parent's connection
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(len(client_args))
    pipes, processes = [], []
    for args in client_args:
        parent, child = ctx.Pipe(duplex=False)
        process = ctx.Process(target=_client_main, args=(work, args, barrier, seconds, child))
        process.start()
        pipes.append(parent)
        processes.append(process)
    results = [pipe.recv() for pipe in pipes]
    for process in processes:
        process.join()
    failures = [r.extra["failure"] for r in results if "failure" in r.extra]
    if failures:
        raise RuntimeError(f"{len(failures)} client(s) failed: {failures[0]}")
    latencies = sorted(x for r in results for x in r.latencies)
    count = len(latencies)
    # from the common start to the end of the last piece of work started in time
    spans = [r.extra["span"] for r in results if r.extra["span"][0] is not None]
    span = max(end for _start, end in spans) - min(start for start, _end in spans)
    return {
        "clients": len(client_args),
        "seconds": seconds,
        "measured_s": span,
        "count": count,
        "per_s": count / max(span, seconds),
        "errors": sum(r.errors for r in results),
        "p50_ms": statistics.median(latencies) * 1000 if latencies else None,
        "p95_ms": latencies[int(0.95 * (count - 1))] * 1000 if latencies else None,
        "extra": [r.extra for r in results],
    }


def page_work(session, result, clock, base, username, paths) -> None:
    """GET ``paths`` in turn (signed in as ``username`` unless None), one latency per page."""
    if username:
        sign_in(session, base, username)
    session.get(f"{base}{paths[0]}", allow_redirects=False, timeout=300)  # warm
    clock.start()
    n = 0
    while clock.running():
        path = paths[n % len(paths)]
        n += 1
        start = time.perf_counter()
        response = session.get(f"{base}{path}", allow_redirects=False, timeout=300)
        result.latencies.append(time.perf_counter() - start)
        clock.done()
        if response.status_code != 200:
            result.errors += 1
            result.extra.setdefault("statuses", []).append((path, response.status_code))


def step_work(session, result, clock, base, username, tasks, officer_pk) -> None:
    """A head takes each task of ``tasks`` from the queue and accepts it through the pages:
    queue → task → claim (confirm, POST) → the step form → POST → the page it leads to.
    The first task warms up, unmeasured."""
    sign_in(session, base, username)
    posts = []
    for n, (process_pk, task_pk) in enumerate(tasks):
        if n == 1:
            clock.start()
        if n and not clock.running():
            break
        start = time.perf_counter()
        post_s = _accept(session, result, base, process_pk, task_pk, officer_pk)
        elapsed = time.perf_counter() - start
        if not n or post_s is None:
            continue
        clock.done()
        result.latencies.append(elapsed)
        posts.append(post_s)
    else:
        result.extra["ran_out_of_tasks"] = True
    if clock.started is None:  # fewer than two tasks: never keep the others waiting
        clock.start()
    result.extra["post_ms"] = [p * 1000 for p in posts]


def _accept(session, result, base, process_pk, task_pk, officer_pk) -> float | None:
    """One accept step through the pages; the seconds of its form POST (None: refused).
    The server time of each request (to its headers) is kept by kind in ``extra["parts"]``."""
    parts = result.extra.setdefault("parts", {})

    def took(kind, response):
        seconds = sum(r.elapsed.total_seconds() for r in [*response.history, response])
        parts.setdefault(kind, []).append(seconds * 1000)
        return response

    took("queue page", session.get(f"{base}/workflow/queue/", timeout=60)).raise_for_status()
    url = f"{base}/workflow/flows/directive/{process_pk}/accept/{task_pk}"
    claim = took("task → claim page", session.get(f"{url}/", timeout=60))
    claim.raise_for_status()
    response = session.post(
        f"{url}/assign/",
        data={"csrfmiddlewaretoken": csrf_token(claim.text)},
        headers={"Referer": claim.url},
        allow_redirects=False,
        timeout=60,
    )
    if took("claim POST", response).status_code != 302:
        result.errors += 1
        return None
    form = took("step form page", session.get(f"{url}/execute/", timeout=60))
    form.raise_for_status()
    start = time.perf_counter()
    response = session.post(
        f"{url}/execute/",
        data={
            "csrfmiddlewaretoken": csrf_token(form.text),
            "officer": str(officer_pk),
            "plan": "Kế hoạch: triển khai ngay, báo cáo trước hạn.",
            "meeting_required": "",
        },
        headers={"Referer": form.url},
        allow_redirects=False,
        timeout=60,
    )
    post_s = time.perf_counter() - start
    if took("step form POST", response).status_code != 302:
        result.errors += 1
        return None
    after = session.get(urljoin(base, response.headers["Location"]), timeout=60)
    took("page after the step", after).raise_for_status()
    return post_s
