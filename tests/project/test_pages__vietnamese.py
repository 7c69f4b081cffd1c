"""Pages outside the workflow speak Vietnamese too: password reset, password change, the admin."""

import re

import pytest
from django.core import mail

from tests.factories import UserFactory

ENGLISH = re.compile(
    r"\b(Toggle theme|Password reset|Forgotten your password|Reset my password|Log in|"
    r"Change password|Django|AUTH TOKEN|Tokens|NOTIFICATIONS|Notifications)\b"
)


def visible_text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.django_db
def test_password_reset_pages_are_vietnamese(client, registry):
    user = UserFactory(username="quen_mat_khau", email="quen@example.vn")
    page = client.get("/accounts/password_reset/")
    text = visible_text(page)
    assert page.status_code == 200
    assert "Đặt lại mật khẩu" in text and "Gửi hướng dẫn" in text
    assert not ENGLISH.findall(text), ENGLISH.findall(text)

    done = client.post("/accounts/password_reset/", {"email": user.email}, follow=True)
    assert "Đã gửi hướng dẫn" in visible_text(done)
    [message] = mail.outbox
    assert message.subject == "Đặt lại mật khẩu — Theo dõi thực hiện kết luận"
    assert "Mở đường dẫn dưới đây để đặt mật khẩu mới" in message.body
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", message.body).group(1)
    confirm = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in visible_text(confirm)
    assert not ENGLISH.findall(visible_text(confirm))


@pytest.mark.django_db
def test_password_change_page_is_in_the_site_look(client, staff):
    client.force_login(staff.head("BTCTU"))
    page = client.get("/accounts/password_change/")
    text = visible_text(page)
    assert "Đổi mật khẩu" in text and "Quay lại" in text
    assert 'name="old_password"' in page.content.decode()
    assert "Quản trị trang" not in text  # not the admin's look
    assert not ENGLISH.findall(text), ENGLISH.findall(text)


@pytest.mark.django_db
def test_the_admin_index_names_every_application_in_vietnamese(client, registry):
    admin = UserFactory(username="quan_tri", is_staff=True, is_superuser=True)
    client.force_login(admin)
    text = visible_text(client.get("/admin/"))
    assert "Quản trị hệ thống theo dõi thực hiện kết luận" in text
    assert "Mã truy cập API" in text and "Thông báo trong ứng dụng" in text
    found = [w for w in ENGLISH.findall(text) if w != "Skip to main content"]
    assert not found, found
