"""Agency lists in the order a Vietnamese reader expects: Đ after D, marks after base letters."""

import pytest

from project.text import one_line, vietnamese_ordered, vietnamese_sorted
from tasks_app.models import Agency, AgencyKind

NAMES = ["Văn phòng Tỉnh ủy", "Huyện ủy Chợ Gạo", "Đảng ủy Khối", "Huyện ủy Cái Bè", "Dân vận"]
EXPECTED = ["Dân vận", "Đảng ủy Khối", "Huyện ủy Cái Bè", "Huyện ủy Chợ Gạo", "Văn phòng Tỉnh ủy"]


def test_names_sort_as_in_a_vietnamese_dictionary():
    assert vietnamese_sorted(NAMES) == EXPECTED


@pytest.mark.django_db
def test_the_database_returns_the_same_order():
    for i, name in enumerate(NAMES):
        Agency.objects.create(code=f"T{i}", name=name, kind=AgencyKind.STATE)
    ordered = vietnamese_ordered(Agency.objects.filter(code__startswith="T"))
    assert [a.name for a in ordered] == EXPECTED


@pytest.mark.django_db
def test_the_agency_registry_page_lists_them_in_that_order(client, registry, staff):
    client.force_login(staff.head("BTCTU"))
    pages = [client.get(f"/registry/agency/?page={n}").content.decode() for n in (1, 2, 3, 4)]
    html = "".join(pages)  # the registry spans several pages, in order
    names = ["Ban Tổ chức Tỉnh ủy", "Đảng ủy Khối cơ quan và doanh nghiệp tỉnh", "Huyện ủy Cái Bè"]
    positions = [html.index(name) for name in names]
    assert positions == sorted(positions)


def test_one_line_summary():
    assert one_line("Một\nhai  ba", words=2) == "Một hai …"
    assert one_line("") == ""
