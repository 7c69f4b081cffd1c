"""The password-change page: the rules as plain sentences (no markup shown), the side menu,
and Django's wrong-password message as a full sentence."""

import html
import re

import pytest


def help_text_of(page: str, name: str) -> str:
    field = re.search(rf'<vf-field-[\w-]+[^>]*name="{name}"[^>]*>', page).group(0)
    return html.unescape(re.search(r'help-text="([^"]*)"', field).group(1))


@pytest.mark.django_db
def test_the_password_rules_read_as_plain_sentences(client, staff):
    client.force_login(staff.head("BTCTU"))
    page = client.get("/accounts/password_change/").content.decode()
    rules = help_text_of(page, "new_password1")
    assert "<ul>" not in rules and "<li>" not in rules
    assert "Mật khẩu của bạn" in rules and rules.endswith(".")


@pytest.mark.django_db
def test_the_page_has_the_side_menu_with_sign_out(client, staff):
    client.force_login(staff.head("BTCTU"))
    page = client.get("/accounts/password_change/").content.decode()
    assert "vf-page__menu" in page
    assert 'action="/accounts/logout/"' in page


@pytest.mark.django_db
def test_a_wrong_current_password_is_a_full_sentence(client, staff):
    client.force_login(staff.head("BTCTU"))
    page = client.post(
        "/accounts/password_change/",
        {"old_password": "sai", "new_password1": "Mới-2026-an-toàn", "new_password2": "x"},
    ).content.decode()
    assert "Mật khẩu cũ không chính xác. Hãy nhập lại lần nữa." in html.unescape(page)
