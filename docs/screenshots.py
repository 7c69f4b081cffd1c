"""Regenerate the screenshots of the README (``make screenshots``).

Builds a throw-away demo site under a temporary directory (SQLite, the demo users and the seed
notice, as ``make run`` does), photographs the Office's review page of the draft, then
publishes it and works on it for a month (``docs/demo_activity.py``) and photographs each
role's home page and the dashboard, in Debian's Chromium through Playwright::

    .venv/bin/python docs/screenshots.py [--out docs/screenshots]

Needs Chromium at ``/usr/bin/chromium`` (or ``CHROMIUM_PATH``); touches nothing outside the
temporary directory and the output directory.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "anh-chup-man-hinh"
WIDTH, HEIGHT, MAX_HEIGHT = 1366, 800, 1700

#: (file, user, path or callable giving the path, what it shows)
SHOTS_BEFORE_PUBLISHING = [("notice-review.png", "vptu_office", "review")]
SHOTS = [
    ("home-office.png", "vptu_office", "/home/"),
    ("home-head.png", "btctu_head", "/home/"),
    ("home-officer.png", "btctu_officer", "/home/"),
    ("home-auditor.png", "ubkttu_kiemtra", "/home/"),
    ("dashboard.png", "vptu_office", "/reports/dashboard/"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _environment(var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        VAR_DIR=str(var_dir),
        DATABASE_URL=f"sqlite:///{var_dir / 'db.sqlite3'}",
        CELERY_BROKER_URL="filesystem://",
        CELERY_RESULT_BACKEND=f"file://{var_dir / 'results'}",
        DEMO_PASSWORD=PASSWORD,
        EMAIL_URL="consolemail://",
        DEBUG="false",
        DJANGO_SETTINGS_MODULE="project.settings",
        LOG_LEVEL="WARNING",
    )
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _auditor() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from tasks_app.models import Agency, Membership, Role

    user, _created = get_user_model().objects.get_or_create(
        username="ubkttu_kiemtra",
        defaults={
            "first_name": "Cán bộ kiểm tra",
            "last_name": "Ủy ban Kiểm tra Tỉnh ủy",
            "password": make_password(PASSWORD),
        },
    )
    Membership.objects.get_or_create(
        user=user, agency=Agency.objects.get(code="UBKTTU"), role=Role.AUDITOR
    )


def _wait_until_up(base: str, server: subprocess.Popen) -> None:
    for _ in range(100):
        if server.poll() is not None:
            raise SystemExit("Máy chủ thử dừng bất ngờ.")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("Máy chủ thử không chạy được.")


def _photograph(browser, base: str, shots, out: Path) -> None:
    for filename, username, path in shots:
        context = browser.new_context(
            base_url=base,
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
            viewport={"width": WIDTH, "height": HEIGHT},
        )
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.locator("a.cd-bell").wait_for()
        page.goto(path() if callable(path) else path)
        page.wait_for_load_state("networkidle")
        height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
        page.screenshot(
            path=str(out / filename),
            full_page=True,
            clip={"x": 0, "y": 0, "width": WIDTH, "height": height},
        )
        print(out / filename)
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    with tempfile.TemporaryDirectory(prefix="chidao-screenshots-") as tmp:
        var_dir = Path(tmp)
        env = _environment(var_dir)
        _manage(env, "migrate", "--noinput")
        _manage(env, "collectstatic", "--noinput")
        _manage(env, "seed_demo")
        _django(env)
        _auditor()
        from docs.demo_activity import demo_activity_build
        from tasks_app.models import Notice

        draft = Notice.objects.get(status=Notice.Status.DRAFT)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_until_up(base, server)
            # Playwright's sync API keeps an event loop running in this thread; the demo is
            # built with plain synchronous ORM calls in between, as the browser tests do.
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
                )
                review = [
                    (f, u, f"/office/notice/{draft.pk}/") for f, u, _p in SHOTS_BEFORE_PUBLISHING
                ]
                _photograph(browser, base, review, out)
                demo_activity_build()
                _photograph(browser, base, SHOTS, out)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)


if __name__ == "__main__":
    main()
