"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser per test session, a fresh context (cookies, storage) per test. Every test uses
``live_server`` and therefore a transactional database: the server thread must see what the
test writes, and the test must see what the server writes. pytest-django runs transactional
tests after the others, so the flush after each of these tests does not disturb them.

Pages are driven by Turbo (viewflow's Material site): a click changes the URL before the new
page is drawn. Wait for something only the next page shows (``expect(...)`` retries), never
read the old page right after a click.
"""

import os
from pathlib import Path

import pytest

from tests.helpers import SEED_NOTICE

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "secret-pass-123"  # tests/factories.py: UserFactory
TIMEOUT_MS = 10_000
SEED = SEED_NOTICE


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives a real Chromium against the live server (tests/browser/)"
    )


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop marked as running in this thread from
    # start() to stop(), and Django refuses ORM calls from such a thread. Our ORM calls are
    # plain synchronous test code, so allow them, for exactly as long as the loop lives.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        viewport={"width": 1440, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def login(page, user, password=PASSWORD):
    """Sign in through the real login form, as a person would."""
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(user.get_username())
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    # Wait for something only a signed-in page has: the notification bell in the top bar.
    page.locator("a.cd-bell").wait_for()
    return page


def menu(page):
    """The navigation drawer on the left."""
    return page.locator("aside.vf-page__menu")


@pytest.fixture
def draft(office_user):
    """The seed notice, imported as a draft the way the upload page does it."""
    from tasks_app import services

    return services.notice_import(content=SEED.read_bytes(), filename=SEED.name, by=office_user)
