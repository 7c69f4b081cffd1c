"""Sign-in throttling (django-axes): repeated failures lock the account and the address for a
while, every failure and lockout is in the audit log (throttled), the real user gets in after
the cool-off, and the Office can lift a lock earlier."""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.utils import timezone

from audit.models import AuditEvent, EventType
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
PASSWORD = "secret-pass-123"  # tests.factories.UserFactory


def sign_in(client, username, password, address="10.1.1.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def events(kind):
    return AuditEvent.objects.filter(event_type=kind)


def test_thirty_wrong_passwords_then_the_right_one_is_locked_out(client, settings, staff):
    user = staff.head("DUK")
    for _attempt in range(30):
        sign_in(client, user.username, "sai-mat-khau")
    response = sign_in(client, user.username, PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Tạm khóa đăng nhập" in html
    assert f"thử lại sau {settings.LOGIN_LOCKOUT_MINUTES} phút" in html
    assert not signed_in(client)
    # the failures are in the audit log, throttled; the lockout once
    failed = events(EventType.LOGIN_FAILED)
    assert 0 < failed.count() <= settings.REFUSAL_AUDIT_LIMIT
    assert failed.first().after == {"username": user.username, "address": "10.1.1.1"}
    [locked] = events(EventType.LOGIN_LOCKED)
    assert locked.after["username"] == user.username


def test_the_real_user_gets_in_after_the_cool_off(client, settings, staff):
    user = staff.head("DUK")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, user.username, "sai-mat-khau")
    assert sign_in(client, user.username, PASSWORD).status_code == 429
    later = timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=later)  # the cool-off has passed
    response = sign_in(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_a_lock_holds_for_the_account_from_another_address(client, settings, staff):
    user = staff.head("DUK")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, user.username, "sai-mat-khau", address="10.1.1.1")
    assert sign_in(client, user.username, PASSWORD, address="10.9.9.9").status_code == 429


def test_an_address_trying_many_accounts_is_locked(client, settings, staff):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"khong-ton-tai-{n}", "sai", address="10.2.2.2")
    user = staff.head("DUK")
    assert sign_in(client, user.username, PASSWORD, address="10.2.2.2").status_code == 429
    assert sign_in(client, user.username, PASSWORD, address="10.3.3.3").status_code == 302


def test_the_office_unlocks_an_account(client, settings, staff, office):
    user = staff.head("DUK")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, user.username, "sai-mat-khau")

    client.force_login(staff.head("BTCTU"))
    assert client.get("/accounts/lockouts/").status_code == 403  # the Office only
    client.force_login(office)
    page = client.get("/accounts/lockouts/").content.decode()
    assert f'data-username="{user.username}"' in page and 'data-address="10.1.1.1"' in page
    response = client.post("/accounts/lockouts/", {"username": user.username}, follow=True)
    assert f"Đã mở khóa đăng nhập cho {user.username}" in response.content.decode()
    [unlocked] = events(EventType.LOGIN_UNLOCKED)
    assert unlocked.actor == office and unlocked.after["username"] == user.username

    client.logout()
    assert sign_in(client, user.username, PASSWORD).status_code == 302
    assert signed_in(client)


def test_an_unlock_names_one_account_or_one_address(client, office):
    client.force_login(office)
    assert client.post("/accounts/lockouts/", {}).status_code == 400
    assert not events(EventType.LOGIN_UNLOCKED).exists()


def test_failed_sign_ins_are_throttled_in_the_audit_log(client, settings):
    settings.REFUSAL_AUDIT_LIMIT = 2
    settings.AXES_FAILURE_LIMIT = 100
    for _attempt in range(10):
        sign_in(client, "ai-do", "sai")
    assert events(EventType.LOGIN_FAILED).count() == 2


def test_a_sign_in_without_a_request_still_works():
    """Scripts on the server (``manage.py shell``) have nobody to throttle."""
    user = UserFactory(username="may_chu")
    assert authenticate(username="may_chu", password=PASSWORD) == user
