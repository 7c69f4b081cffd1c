"""Production settings come from the environment: with the variables documented in
``docker/env.example`` Django's deployment check is clean; an ``https://`` SITE_URL turns on
secure cookies, HSTS, the HTTPS redirect and the proxy header; sessions time out; pages carry a
Content-Security-Policy and are never cached."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.files import pdf_bytes, upload
from workflows import services
from workflows.flows import DirectiveFlow

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_ONLY = {"POSTGRES_PASSWORD", "HTTP_PUBLISH", "BACKUP_HOST_DIR", "BACKUP_KEEP"}


def documented_production_environment(tmp_path) -> dict[str, str]:
    """The lines of docker/env.example, with a real secret and a scratch directory."""
    env = {}
    for line in (ROOT / "docker" / "env.example").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, value = line.split("=", 1)
        if name not in COMPOSE_ONLY:
            env[name] = value
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    return env


def run_django(env: dict[str, str], *args: str, tmp_path) -> subprocess.CompletedProcess:
    base = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "project.settings",
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_documented_variables(tmp_path):
    env = documented_production_environment(tmp_path)
    done = run_django(
        env, "manage.py", "check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout

    # without them (the embedded default, plain HTTP) the same check names what is missing
    bare = run_django(
        {"SECRET_KEY": env["SECRET_KEY"]}, "manage.py", "check", "--deploy", tmp_path=tmp_path
    )
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in bare.stdout + bare.stderr


SHOW = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({k: getattr(s, k) for k in ("
    "'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
    "'SECURE_HSTS_SECONDS', 'SECURE_PROXY_SSL_HEADER', 'TRUSTED_PROXY_COUNT', "
    "'SESSION_COOKIE_AGE', 'SESSION_IDLE_SECONDS', 'SESSION_MAX_SECONDS')}))"
)


def test_an_https_site_url_turns_the_https_settings_on(tmp_path):
    https = json.loads(
        run_django({"SITE_URL": "https://chidao.example.vn"}, "-c", SHOW, tmp_path=tmp_path).stdout
    )
    assert https["SECURE_SSL_REDIRECT"] and https["SESSION_COOKIE_SECURE"]
    assert https["CSRF_COOKIE_SECURE"] and https["SECURE_HSTS_SECONDS"] == 31536000
    assert https["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert https["TRUSTED_PROXY_COUNT"] == 1
    assert https["SESSION_IDLE_SECONDS"] == 1800 and https["SESSION_MAX_SECONDS"] == 36000
    plain = json.loads(run_django({}, "-c", SHOW, tmp_path=tmp_path).stdout)  # `make run`
    assert not plain["SECURE_SSL_REDIRECT"] and not plain["SESSION_COOKIE_SECURE"]
    assert plain["SECURE_HSTS_SECONDS"] == 0 and plain["SECURE_PROXY_SSL_HEADER"] is None
    one_by_one = json.loads(
        run_django(
            {"SITE_URL": "https://chidao.example.vn", "SECURE_SSL_REDIRECT": "false"},
            "-c",
            SHOW,
            tmp_path=tmp_path,
        ).stdout
    )
    assert not one_by_one["SECURE_SSL_REDIRECT"] and one_by_one["SESSION_COOKIE_SECURE"]


@pytest.mark.django_db
def test_behind_the_proxy_pages_redirect_to_https_and_send_hsts(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    plain = client.get("/accounts/login/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    secure = client.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")
    assert client.get("/healthz").status_code == 200  # probes from inside the host


@pytest.mark.django_db
def test_signed_in_pages_and_downloads_are_not_cached(client, staff, office):
    [process] = staff.publish(leads=["DUK"], by=office)
    staff.accept(process)
    report = services.task_report_submit(
        task=staff.open_task(process, DirectiveFlow.report),
        by=staff.officer("DUK"),
        text="Kết quả.",
        files=[upload("bao-cao.pdf", pdf_bytes())],
    )
    client.force_login(staff.officer("DUK"))
    for url in (
        "/workflow/inbox/",
        f"/workflow/flows/directive/{process.pk}/",
        f"/workflow/attachments/{report.attachments.get().pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, url


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy(client, staff):
    """Scripts from the site only (an inline one would need the response's nonce)."""
    client.force_login(staff.head("DUK"))
    policy = client.get("/workflow/inbox/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"].split()[0] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert "unsafe-eval" not in directives["script-src"]
    assert "unsafe-inline" not in directives["style-src-elem"]  # only style="" attributes
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"


@pytest.mark.django_db
def test_a_session_ends_after_idle_time_and_at_the_absolute_cap(client, staff, settings):
    client.force_login(staff.head("DUK"))
    assert client.get("/workflow/inbox/").status_code == 200
    session = client.session
    assert session["_seen_at"] >= time.time() - 5

    session["_seen_at"] = int(time.time()) - settings.SESSION_IDLE_SECONDS - 1
    session.save()
    response = client.get("/workflow/inbox/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    client.force_login(staff.head("DUK"))
    client.get("/workflow/inbox/")
    session = client.session
    session["_started_at"] = int(time.time()) - settings.SESSION_MAX_SECONDS - 1
    session["_seen_at"] = int(time.time()) - 120  # active, but signed in too long ago
    session.save()
    assert client.get("/workflow/inbox/").status_code == 302

    client.force_login(staff.head("DUK"))
    client.get("/workflow/inbox/")
    session = client.session
    session["_seen_at"] = int(time.time()) - settings.SESSION_IDLE_SECONDS + 120
    session.save()
    assert client.get("/workflow/inbox/").status_code == 200  # within the idle time: slides
    assert client.session["_seen_at"] >= time.time() - 5
