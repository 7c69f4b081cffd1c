"""Signing in and out in plain Vietnamese, and a server-error page that claims no e-mail it did
not send."""

import html
import re

import pytest
from django.test import RequestFactory
from django.urls import get_resolver

from project import errors
from tests.factories import UserFactory


def visible(content: bytes) -> str:
    text = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)))


@pytest.mark.django_db
def test_a_wrong_password_is_told_plainly(client, registry):
    UserFactory(username="btctu_head_x")
    page = client.post("/accounts/login/", {"username": "btctu_head_x", "password": "sai"})
    text = visible(page.content)
    assert "Tên đăng nhập hoặc mật khẩu không đúng (phân biệt chữ hoa, chữ thường)." in text
    assert "Vui lòng điền vào" not in text


@pytest.mark.django_db
def test_signing_out_says_so_on_the_sign_in_page(client, staff):
    client.force_login(staff.head("BTCTU"))
    page = client.post("/accounts/logout/", follow=True)
    assert page.redirect_chain[-1][0].startswith("/accounts/login/")
    assert "Bạn đã đăng xuất." in visible(page.content)


def server_error_page(settings, *, admins, backend) -> str:
    settings.ADMINS = admins
    settings.EMAIL_BACKEND = backend
    assert get_resolver().urlconf_module.handler500 == "project.errors.server_error"
    response = errors.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    return visible(response.content)


def test_the_server_error_page_claims_no_email_when_none_is_sent(settings):
    text = server_error_page(
        settings, admins=[], backend="django.core.mail.backends.console.EmailBackend"
    )
    assert "thư điện tử" not in text
    assert "Về trang chính" in text and "Xem trang" not in text.title()
    assert "ツ" not in text


def test_the_server_error_page_says_the_administrators_were_mailed_when_they_were(settings):
    text = server_error_page(
        settings,
        admins=[("Quản trị", "qt@example.vn")],
        backend="django.core.mail.backends.smtp.EmailBackend",
    )
    assert "đã được báo cho quản trị hệ thống qua thư điện tử" in text
