"""Aliases the Office records for an agency are recognised, from the CSV and from the database."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from tasks_app.importing import Registry, parse_notice_text
from tasks_app.importing.agencies import find_mentions
from tasks_app.models import Agency
from tasks_app.registry import importer_registry


def _codes(text: str, registry) -> list[str | None]:
    return [m.code for m in find_mentions(text, registry) if m.kind == "agency"]


def test_from_rows_takes_aliases_as_a_list_or_a_string():
    registry = Registry.from_rows(
        [
            {"code": "SYT", "name": "Sở Y tế", "aliases": ["Sở Sức khỏe"]},
            {"code": "TD", "name": "Tỉnh đoàn", "aliases": "Đoàn TNCS Hồ Chí Minh tỉnh; ;"},
        ]
    )
    assert registry.agencies["SYT"].aliases == ("Sở Sức khỏe",)
    assert registry.agencies["TD"].aliases == ("Đoàn TNCS Hồ Chí Minh tỉnh",)
    assert _codes("Sở Sức khỏe phối hợp", registry) == ["SYT"]
    # An alias gets the same variants as a name: the city form of a provincial body.
    assert _codes("Đoàn TNCS Hồ Chí Minh Thành phố", registry) == ["TD"]


def test_shipped_aliases_reach_the_importer(registry):
    text = (
        "TỈNH ỦY TIỀN GIANG\nSố 9-TB/TU\nTiền Giang, ngày 2 tháng 4 năm 2024\nTHÔNG BÁO\n"
        "kết luận về công tác thanh niên\n-----\n"
        "1. Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh chủ trì, phối hợp với Hội Nông dân Việt "
        "Nam tỉnh tổ chức ngày hội thanh niên nông thôn trước ngày 30/6/2024.\n"
        "Nơi nhận:\n- Lưu VPTU.\nCHÁNH VĂN PHÒNG\nTrần Minh\n"
    )
    (directive,) = parse_notice_text(text, registry).directives
    (assignment,) = directive.assignments
    assert (assignment.lead, assignment.coordinators) == ("TDOAN", ["HND"])


@pytest.mark.django_db
def test_aliases_are_stored_and_read_back_from_the_database():
    call_command("load_agencies")
    tdoan = Agency.objects.get(code="TDOAN")
    assert "Đoàn TNCS Hồ Chí Minh tỉnh" in tdoan.aliases
    tdoan.aliases = [*tdoan.aliases, "Đoàn Thanh niên tỉnh nhà"]
    tdoan.save()
    registry = importer_registry()
    assert "Đoàn Thanh niên tỉnh nhà" in registry.agencies["TDOAN"].aliases
    assert _codes("Đoàn Thanh niên tỉnh nhà chủ trì", registry) == ["TDOAN"]


@pytest.mark.django_db
def test_an_alias_that_is_another_agencys_name_is_refused(tmp_path):
    bad = tmp_path / "agencies.csv"
    bad.write_text(
        "code,name,kind,parent,groups,aliases\nA1,Sở A,state,,,\nB1,Sở B,state,,,Sở A\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="trùng với tên của cơ quan A1"):
        call_command("load_agencies", agencies=bad)
    assert Agency.objects.count() == 0


def test_a_retired_agency_resolves_to_its_successor():
    registry = Registry.from_rows(
        [
            {"code": "BTGTU", "name": "Ban Tuyên giáo Tỉnh ủy", "successor": "BTGDVTU"},
            {"code": "BDVTU", "name": "Ban Dân vận Tỉnh ủy", "successor": "BTGDVTU",
             "aliases": ["Ban Dân vận TU"]},
            {"code": "BTGDVTU", "name": "Ban Tuyên giáo và Dân vận Tỉnh ủy"},
        ]
    )  # fmt: skip
    assert list(registry.agencies) == ["BTGDVTU"]
    assert _codes("Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với BDV Tỉnh ủy", registry) == [
        "BTGDVTU",
        "BTGDVTU",
    ]
    assert _codes("Ban Dân vận TU", registry) == ["BTGDVTU"]
