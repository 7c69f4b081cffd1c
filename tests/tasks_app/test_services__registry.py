"""The registry the Office keeps: agencies and groups edited in the app, read by the importer,
and kept when the shipped registry is loaded again."""

import pytest
from django.core.management import call_command

from audit.models import AuditEvent, EventType
from project.exceptions import InvalidInput, PermissionRefused
from tasks_app import services
from tasks_app.importing.agencies import find_mentions
from tasks_app.models import Agency, AgencyGroup
from tasks_app.registry import importer_registry
from workflows import services as workflow_services

pytestmark = pytest.mark.django_db


def _codes(text: str) -> list[str]:
    return [m.code for m in find_mentions(text, importer_registry()) if m.kind == "agency"]


def _input(**overrides) -> services.AgencyInput:
    values = {
        "code": "SNGV",
        "name": "Sở Ngoại vụ",
        "kind": "state",
        "parent_code": "UBND",
        "abbreviation": "SNgV",
        "aliases": ["Sở Ngoại vụ tỉnh Tiền Giang"],
        "group_codes": [],
    }
    return services.AgencyInput(**{**values, **overrides})


def test_the_shipped_registry_covers_the_province(registry):
    names = set(Agency.objects.values_list("name", flat=True))
    for name in (
        "Công an tỉnh",
        "Bộ Chỉ huy Quân sự tỉnh",
        "Sở Y tế",
        "Sở Giáo dục và Đào tạo",
        "Thanh tra tỉnh",
        "Hội Chữ thập đỏ tỉnh",
        "Ủy ban nhân dân huyện Cái Bè",
    ):
        assert name in names
    members = AgencyGroup.objects.get(code="UBND_HUYEN").members.count()
    assert members == 11  # every district, town and city of the province


def test_an_agency_added_in_the_app_is_read_by_the_importer(office):
    assert _codes("Sở Ngoại vụ chủ trì") == []
    agency = services.agency_save(data=_input(), by=office)
    assert agency.edited_at is not None
    assert _codes("Sở Ngoại vụ chủ trì, phối hợp với SNgV") == ["SNGV", "SNGV"]
    event = AuditEvent.objects.get(event_type=EventType.REGISTRY_CHANGED)
    assert event.before is None and event.after["name"] == "Sở Ngoại vụ"


def test_correcting_an_agency_records_only_what_changed(office):
    agency = Agency.objects.get(code="TDOAN")
    services.agency_save(
        agency=agency,
        data=_input(
            code="TDOAN",
            name="Tỉnh đoàn",
            kind="mass_organization",
            parent_code="",
            abbreviation="",
            aliases=[*agency.aliases, "Đoàn Thanh niên tỉnh nhà"],
            group_codes=["DOAN_THE_TINH"],
        ),
        by=office,
    )
    event = AuditEvent.objects.get(event_type=EventType.REGISTRY_CHANGED)
    assert list(event.after) == ["aliases"]
    assert _codes("Đoàn Thanh niên tỉnh nhà chủ trì") == ["TDOAN"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"abbreviation": "Sở Tư pháp"},
            "đã là tên, tên viết tắt hoặc tên gọi khác của Sở Tư pháp",
        ),
        ({"aliases": ["sở  nội VỤ"]}, "của Sở Nội vụ"),
        ({"code": "stc"}, "Mã STC đã có"),
        ({"code": "Sở-1"}, "không hợp lệ"),
        ({"name": " "}, "Cần nhập tên cơ quan"),
        ({"kind": "ministry"}, "Loại cơ quan không hợp lệ"),
    ],
    ids=["abbreviation-is-a-name", "alias-is-a-name", "code-taken", "bad-code", "no-name", "kind"],
)
def test_a_bad_agency_is_refused_and_nothing_is_stored(office, overrides, message):
    before = Agency.objects.count()
    with pytest.raises(InvalidInput, match=message):
        services.agency_save(data=_input(**overrides), by=office)
    assert Agency.objects.count() == before
    assert not AuditEvent.objects.filter(event_type=EventType.REGISTRY_CHANGED).exists()


def test_a_parent_cannot_be_its_own_descendant(office):
    duk = Agency.objects.get(code="DUK")
    with pytest.raises(InvalidInput, match="cấp dưới của nó"):
        services.agency_save(
            agency=duk,
            data=_input(code="DUK", name=duk.name, kind=duk.kind, parent_code="DUKCN", aliases=[]),
            by=office,
        )


def test_only_the_office_edits_the_registry(staff):
    with pytest.raises(PermissionRefused):
        services.agency_save(data=_input(), by=staff.head("BTCTU"))
    with pytest.raises(PermissionRefused):
        services.group_save(
            data=services.GroupInput(code="KHOI", name="Khối"), by=staff.head("BTCTU")
        )
    assert not Agency.objects.filter(code="SNGV").exists()


def test_loading_the_shipped_registry_again_keeps_the_offices_edits(office, capsys):
    tdoan = Agency.objects.get(code="TDOAN")
    services.agency_save(
        agency=tdoan,
        data=_input(
            code="TDOAN",
            name="Tỉnh Đoàn Tiền Giang",
            kind="mass_organization",
            parent_code="",
            abbreviation="",
            aliases=[],
            group_codes=["DOAN_THE_TINH"],
        ),
        by=office,
    )
    group = services.group_save(
        group=AgencyGroup.objects.get(code="DOAN_THE_TINH"),
        data=services.GroupInput(
            code="DOAN_THE_TINH", name="Mặt trận và đoàn thể", member_codes=["UBMTTQ", "TDOAN"]
        ),
        by=office,
    )
    call_command("load_agencies")
    assert "Giữ nguyên 2 mục Văn phòng đã sửa" in capsys.readouterr().out
    assert Agency.objects.get(code="TDOAN").name == "Tỉnh Đoàn Tiền Giang"
    group.refresh_from_db()
    assert group.name == "Mặt trận và đoàn thể"
    assert sorted(group.members.values_list("code", flat=True)) == ["TDOAN", "UBMTTQ"]


def test_a_retired_agency_cannot_join_a_group(office, staff):
    workflow_services.agency_retire(
        agency=Agency.objects.get(code="SKHDT"), successor=Agency.objects.get(code="STC"), by=office
    )
    with pytest.raises(InvalidInput, match="đã thôi hoạt động không vào nhóm được"):
        services.group_save(
            data=services.GroupInput(code="KHOI_KT", name="Khối kinh tế", member_codes=["SKHDT"]),
            by=office,
        )
