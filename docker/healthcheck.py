#!/usr/bin/env python3
"""Container health check for each role of the image: ``healthcheck.py web|worker|beat``.

web     /readyz answers 200 (database and broker reachable), asked the way the reverse proxy
        asks: with a host from ALLOWED_HOSTS and ``X-Forwarded-Proto: https``.
worker  this container's worker answers a Celery ping through the broker.
beat    the beat schedule file was written recently (beat saves it every few minutes).

Exit status 0 means healthy; anything else is printed on one line.
"""

import os
import socket
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BEAT_STALE_SECONDS = float(os.environ.get("BEAT_STALE_SECONDS", "600"))


def _request_host() -> str:
    for host in os.environ.get("ALLOWED_HOSTS", "127.0.0.1").split(","):
        host = host.strip()
        if host and host != "*":
            return f"health{host}" if host.startswith(".") else host
    return "127.0.0.1"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check_web() -> str | None:
    port = os.environ.get("WEB_BIND", "0.0.0.0:8000").rsplit(":", 1)[-1]
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/readyz",
        headers={"Host": _request_host(), "X-Forwarded-Proto": "https"},
    )
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=5) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except OSError as exc:
        return f"web không trả lời: {exc}"
    return None if status == 200 else f"/readyz trả về {status}"


def check_worker() -> str | None:
    sys.path.insert(0, "/app")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    from project.celery import app

    name = f"worker@{socket.gethostname()}"
    replies = app.control.inspect(destination=[name], timeout=5).ping() or {}
    return None if name in replies else f"{name} không trả lời ping"


def check_beat() -> str | None:
    schedule = Path(os.environ.get("VAR_DIR", "/app/var")) / "celerybeat-schedule"
    files = [p for p in schedule.parent.glob(schedule.name + "*") if p.is_file()]
    if not files:
        return f"chưa có {schedule}"
    age = time.time() - max(p.stat().st_mtime for p in files)
    return None if age < BEAT_STALE_SECONDS else f"beat không ghi lịch đã {age:.0f} giây"


def main() -> int:
    checks = {"web": check_web, "worker": check_worker, "beat": check_beat}
    role = sys.argv[1] if len(sys.argv) > 1 else "web"
    if role not in checks:
        print(f"vai trò không hợp lệ: {role} (web, worker, beat)")
        return 2
    problem = checks[role]()
    if problem:
        print(problem)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
