import csv

import pytest
from django.core.management import CommandError, call_command

from tasks_app.models import Agency, AgencyGroup
from tasks_app.registry import DATA_DIR

pytestmark = pytest.mark.django_db


def _snapshot():
    agencies = list(Agency.objects.order_by("code").values_list("code", "name", "kind", "parent"))
    groups = {
        g.code: sorted(g.members.values_list("code", flat=True))
        for g in AgencyGroup.objects.prefetch_related("members")
    }
    return agencies, groups


def test_load_agencies_loads_the_shipped_registry(capsys):
    call_command("load_agencies")
    with (DATA_DIR / "agencies.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert Agency.objects.count() == len(rows)
    vptu = Agency.objects.get(code="VPTU")
    assert vptu.name == "Văn phòng Tỉnh ủy"
    assert Agency.objects.get(code="DUKCN").parent.code == "DUK"
    cap_uy = AgencyGroup.objects.get(code="CAP_UY_HUYEN")
    assert cap_uy.members.filter(code="HU_CAIBE").exists()
    assert not cap_uy.members.filter(code="DUKCN").exists()
    expected_new = len(rows) + AgencyGroup.objects.count()
    assert f"thêm mới {expected_new}, cập nhật 0," in capsys.readouterr().out


def test_load_agencies_twice_changes_nothing(capsys):
    call_command("load_agencies")
    before = _snapshot()
    capsys.readouterr()
    call_command("load_agencies")
    assert _snapshot() == before
    assert "thêm mới 0, cập nhật 0" in capsys.readouterr().out


def test_load_agencies_refuses_unknown_group_and_changes_nothing(tmp_path):
    bad = tmp_path / "agencies.csv"
    bad.write_text(
        "code,name,kind,parent,groups\nX1,Cơ quan X,state,,NO_SUCH_GROUP\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match="NO_SUCH_GROUP"):
        call_command("load_agencies", agencies=bad)
    assert Agency.objects.count() == 0


def test_load_agencies_refuses_duplicate_code(tmp_path):
    bad = tmp_path / "agencies.csv"
    bad.write_text("code,name,kind,parent,groups\nX1,A,state,,\nX1,B,state,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="bị trùng"):
        call_command("load_agencies", agencies=bad)
    assert Agency.objects.count() == 0
