"""The registry pages: the Office finds, adds and corrects agencies, and retires one."""

import pytest

from tasks_app.models import Agency
from workflows.models import DirectiveProcess

REGISTRY = "/office/registry/"

pytestmark = pytest.mark.django_db


def test_the_list_is_searched_without_diacritics_and_by_abbreviation(office):
    page = office.get(REGISTRY, {"q": "ke hoach dau tu"}).content.decode()
    assert "Sở Kế hoạch và Đầu tư" in page and "Sở Tài chính" not in page
    page = office.get(REGISTRY, {"q": "TT&TT"}).content.decode()
    assert "Sở Thông tin và Truyền thông" in page


def test_an_agency_is_added_and_corrected_through_the_form(office):
    response = office.post(
        f"{REGISTRY}new/",
        {
            "code": "SNGV",
            "name": "Sở Ngoại vụ",
            "abbreviation": "SNgV",
            "aliases": "Sở Ngoại vụ tỉnh\nNgoại vụ tỉnh",
            "kind": "state",
            "parent": "UBND",
            "groups": [],
        },
    )
    assert response.status_code == 302
    agency = Agency.objects.get(code="SNGV")
    assert agency.aliases == ["Sở Ngoại vụ tỉnh", "Ngoại vụ tỉnh"]
    refused = office.post(
        f"{REGISTRY}{agency.pk}/",
        {"name": "Sở Ngoại vụ", "abbreviation": "Sở Tư pháp", "kind": "state", "aliases": ""},
    )
    assert refused.status_code == 400
    assert "đã là tên, tên viết tắt hoặc tên gọi khác của Sở Tư pháp" in refused.content.decode()
    agency.refresh_from_db()
    assert agency.abbreviation == "SNgV"


def test_retiring_an_agency_moves_its_open_work(office, staff):
    [process] = staff.publish(leads=["SKHDT"], by=staff.office())
    skhdt = Agency.objects.get(code="SKHDT")
    page = office.get(f"{REGISTRY}{skhdt.pk}/retire/").content.decode()
    assert "Đang mở: 1 quy trình chủ trì, 0 quy trình phối hợp, 1 việc." in page
    response = office.post(
        f"{REGISTRY}{skhdt.pk}/retire/",
        {"successor": "STC", "on_date": "2025-03-01", "move_members": ""},
        follow=True,
    )
    assert "Sở Kế hoạch và Đầu tư đã thôi hoạt động. Sở Tài chính nhận 1 quy trình chủ trì" in (
        response.content.decode()
    )
    assert DirectiveProcess.objects.get(pk=process.pk).lead.code == "STC"
    listing = office.get(REGISTRY, {"q": "SKHDT"}).content.decode()
    assert "Thôi hoạt động từ 01/03/2025; kế thừa: Sở Tài chính" in listing
