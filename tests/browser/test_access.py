"""Agencies other than the Office neither see nor open the Office pages."""

import pytest
from playwright.sync_api import expect

from tests.browser_support import login, menu

pytestmark = pytest.mark.browser


def test_head_of_another_agency_has_no_office_app_and_gets_403(page, head_user, draft):
    login(page, head_user)
    apps = menu(page).locator("a.vf-page__menu-list-item")
    expect(apps.filter(has_text="Danh mục")).to_have_count(1)  # the menu is drawn...
    expect(apps.filter(has_text="Cá nhân")).to_have_count(1)
    expect(apps.filter(has_text="Văn phòng Tỉnh ủy")).to_have_count(0)  # ...without the Office
    expect(menu(page)).not_to_contain_text("Thông báo kết luận")

    for path in ("/office/notice/", f"/office/notice/{draft.pk}/", "/office/notice/import/"):
        response = page.goto(path)
        assert response.status == 403, path
        body = page.locator("body")
        expect(body).to_contain_text("403 Không có quyền truy cập")
        expect(page.get_by_role("link", name="Đăng nhập bằng tài khoản khác")).to_be_visible()
        expect(body).not_to_contain_text("142-TB/TU")
        expect(page.locator("input[type=file]")).to_have_count(0)


def test_403_page_is_entirely_vietnamese(page, head_user):
    login(page, head_user)
    response = page.goto("/office/notice/")
    assert response.status == 403
    text = page.locator("body").inner_text()  # a full page load: no waiting needed
    assert "quyền truy cập" in text
    assert "You " not in text
    assert "Django Material" not in page.title()
