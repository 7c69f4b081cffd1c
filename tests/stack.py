"""Start the real product (web, worker and beat under honcho) in a sandbox for tests.

The stack uses its own ``var/`` folder and its own database: a SQLite file on the embedded
default, a fresh PostgreSQL database when the suite runs on PostgreSQL. The broker is the
one the suite is configured with (a filesystem folder by default, Redis in CI).
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
DEMO_PASSWORD = "stack-demo-pass-2024"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_database(name: str) -> str:
    """Create an empty PostgreSQL database beside the test database; return its URL."""
    import psycopg

    db = settings.DATABASES["default"]
    params = {
        "host": db.get("HOST") or "127.0.0.1",
        "port": db.get("PORT") or 5432,
        "user": db.get("USER") or "postgres",
        "password": db.get("PASSWORD") or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**params) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    auth = params["user"] + (f":{params['password']}" if params["password"] else "")
    return f"postgres://{auth}@{params['host']}:{params['port']}/{name}"


def _isolated_broker_url(url: str) -> str:
    """Use a Redis database of its own so the stack never sees the suite's messages."""
    if url.startswith("redis"):
        parts = urllib.parse.urlsplit(url)
        return urllib.parse.urlunsplit(parts._replace(path="/14"))
    return url


def procfile_commands() -> dict[str, str]:
    """The commands `make run` starts, by name, as written in the Procfile."""
    commands = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, command = line.split(":", 1)
            commands[name.strip()] = command.strip()
    return commands


@dataclass
class Stack:
    tmp: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    env: dict[str, str] = field(default_factory=dict)
    log_path: Path | None = None
    broker_url: str | None = None
    services: dict[str, subprocess.Popen] = field(default_factory=dict)

    def __post_init__(self) -> None:
        engine = settings.DATABASES["default"]["ENGINE"]
        if "postgresql" in engine:
            database_url = _postgres_database(f"stack_{os.getpid()}")
        else:
            database_url = f"sqlite:///{self.tmp / 'db.sqlite3'}"
        broker = self.broker_url or _isolated_broker_url(settings.CELERY_BROKER_URL)
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
            "DJANGO_SETTINGS_MODULE": "project.settings",
            "VAR_DIR": str(self.tmp / "var"),
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker,
            "CELERY_RESULT_BACKEND": broker if broker.startswith("redis") else "",
            "SECRET_KEY": "stack-test-secret-key-not-for-production",
            "DEMO_PASSWORD": DEMO_PASSWORD,
            "HEARTBEAT_SECONDS": "1",
            "WEB_PORT": str(self.port),
            "WEB_WORKERS": "1",
            "WORKER_CONCURRENCY": "1",
            "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
        }
        if not self.env["CELERY_RESULT_BACKEND"]:
            del self.env["CELERY_RESULT_BACKEND"]
        self.log_path = self.tmp / "stack.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr or result.stdout
        return result.stdout

    def prepare(self) -> None:
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput", "--verbosity", "0")
        self.manage("seed_demo")

    def shell(self, code: str) -> str:
        """Run Python in the stack's environment (its database); return what it prints."""
        return self.manage("shell", "--no-imports", "-c", code).strip()

    def start_service(self, name: str, **extra_env: str) -> subprocess.Popen:
        """Start one Procfile process on its own (own process group, own log)."""
        log = (self.tmp / f"{name}.log").open("a")
        proc = subprocess.Popen(
            ["bash", "-c", f"exec {procfile_commands()[name]}"],
            cwd=ROOT,
            env={**self.env, **extra_env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.services[name] = proc
        return proc

    def service_log(self, name: str) -> str:
        path = self.tmp / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def kill_service(self, name: str, sig: int = signal.SIGKILL) -> None:
        proc = self.services.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        proc.wait(timeout=30)

    def stop_services(self) -> None:
        for name in list(self.services):
            self.kill_service(name, signal.SIGTERM)

    def start(self) -> None:
        self.prepare()
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "honcho", "start", "-f", str(ROOT / "Procfile")],
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait_for(lambda: self.get("/healthz")[0] == 200, timeout=60, what="web")

    def log(self) -> str:
        parts = [self.log_path.read_text(errors="replace")] if self.log_path.exists() else []
        parts += [
            f"--- {path.name}\n{path.read_text(errors='replace')}"
            for path in self.tmp.glob("*.log")
            if path != self.log_path
        ]
        return "\n".join(parts)

    def wait_for(self, predicate, *, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise AssertionError(f"the stack exited while waiting for {what}:\n{self.log()}")
            try:
                if predicate():
                    return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.5)
        raise AssertionError(f"timed out waiting for {what}:\n{self.log()[-5000:]}")

    def get(self, path: str, opener=None) -> tuple[int, str]:
        opener = opener or urllib.request.build_opener()
        try:
            with opener.open(self.url + path, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def readiness(self) -> dict:
        return json.loads(self.get("/readyz")[1])

    def login(self, username: str, password: str = DEMO_PASSWORD) -> tuple[int, str]:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        _, page = self.get("/accounts/login/", opener)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(
            self.url + "/accounts/login/", data=data, headers={"Referer": self.url}
        )
        with opener.open(request, timeout=10) as response:
            return response.status, response.read().decode()

    def call_task(self, name: str, *args, timeout: float = 60):
        """Send a task through the stack's broker and wait for its result."""
        from celery import Celery
        from celery.result import allow_join_result

        broker = self.env["CELERY_BROKER_URL"]
        var = Path(self.env["VAR_DIR"])
        backend = self.env.get("CELERY_RESULT_BACKEND", f"file://{var / 'results'}")
        folder = str(var / "broker" / "queue")
        options = {
            "data_folder_in": folder,
            "data_folder_out": folder,
            "control_folder": str(var / "broker" / "control"),
        }
        # Celery lets CELERY_BROKER_URL / CELERY_RESULT_BACKEND in the environment win over
        # any argument, so point them at the stack while this client talks to it.
        saved = {k: os.environ.get(k) for k in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")}
        os.environ.update(CELERY_BROKER_URL=broker, CELERY_RESULT_BACKEND=backend)
        try:
            app = Celery(broker=broker, backend=backend)
            if broker.startswith("filesystem"):
                app.conf.broker_transport_options = options
            # This process is a client of the stack, not a worker: eager tasks run earlier in
            # other threads of the test session may have left Celery's "inside a task" flag
            # set (it is global, not per thread), which would refuse to wait for a result.
            with allow_join_result():
                return app.send_task(name, args=list(args)).get(timeout=timeout)
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value

    def stop(self, timeout: float = 30) -> int:
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            raise AssertionError(
                f"the stack did not stop in {timeout}s:\n{self.log()[-5000:]}"
            ) from exc
        finally:
            self._log.close()
        return code

    def group_alive(self) -> bool:
        try:
            os.killpg(self.process.pid, 0)
        except ProcessLookupError:
            return False
        return True
