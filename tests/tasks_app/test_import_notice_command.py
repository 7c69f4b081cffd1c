import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tasks_app.models import Assignment, Directive, Notice
from tests.tasks_app.conftest import SEED

pytestmark = pytest.mark.django_db
EXPECTED = json.loads(
    (Path(__file__).parent / "importing" / "fixtures" / "142-TB-TU.expected.json").read_text()
)
ROOT = Path(__file__).resolve().parents[2]


def _counts():
    return Notice.objects.count(), Directive.objects.count(), Assignment.objects.count()


def _dry_run_json(capsys, path=SEED):
    call_command("import_notice", str(path), "--dry-run", "--json")
    return json.loads(capsys.readouterr().out)


def test_dry_run_json_agrees_with_what_a_clerk_reads(registry, capsys):
    data = _dry_run_json(capsys)
    meta = data["notice"]
    for key, value in EXPECTED["notice"].items():
        assert meta[key] == value, key
    assert len(data["directives"]) == EXPECTED["directive_count"]
    for expected in EXPECTED["assignments"]:
        directive = next(
            d for d in data["directives"] if d["ref"].split(".")[0] == expected["item"]
        )
        found = [a for a in directive["assignments"] if a["lead"] == expected["lead"]]
        assert found, f"item {expected['item']}: no assignment led by {expected['lead']}"
        assert set(expected["coordinators_include"]) <= set(found[0]["coordinators"])
        assert found[0]["due"] == expected["due"]
    flagged = {d["ref"].split(".")[0] for d in data["directives"] if d["needs_review"]}
    assert set(EXPECTED["review_expected_for_items"]) <= flagged
    assert _counts() == (0, 0, 0), "a dry run writes nothing"


def test_json_output_has_exactly_the_contract_keys(registry, capsys):
    data = _dry_run_json(capsys)
    assert set(data) == {"notice", "directives"}
    assert set(data["notice"]) == {
        "number",
        "date",
        "issuer",
        "title",
        "signer",
        "signer_title",
        "recipients",
    }
    for directive in data["directives"]:
        assert set(directive) == {"ref", "text", "needs_review", "assignments"}
        for assignment in directive["assignments"]:
            assert set(assignment) == {"lead", "coordinators", "due", "recurrence"}


def test_import_stores_a_draft_and_refuses_the_same_number_twice(registry, capsys):
    call_command("import_notice", str(SEED))
    out = capsys.readouterr().out
    assert "142-TB/TU" in out and "Đã lưu bản nháp" in out
    notice = Notice.objects.get(number="142-TB/TU")
    assert notice.status == Notice.Status.DRAFT
    assert notice.directives.count() == 7
    assert notice.directives.get(ref="1").needs_review
    item5 = notice.directives.get(ref="5").assignments.get(lead__code="DUK")
    assert {"BCSUBND", "DDLDLD", "BQLKCN", "BTGTU"} <= set(
        item5.coordinators.values_list("code", flat=True)
    )
    assert notice.directives.get(ref="2").assignments.filter(lead_group__code="CAP_UY_HUYEN")
    before = _counts()
    with pytest.raises(CommandError, match="đã được nhập"):
        call_command("import_notice", str(SEED))
    assert _counts() == before


def _write(tmp_path, name, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


VIETNAMESE = "Tỉnh ủy giao Ban Tổ chức Tỉnh ủy chủ trì, phối hợp với các cơ quan liên quan.\n"
BAD_INPUTS = {
    "pdf": ("thong-bao.pdf", b"%PDF-1.4\n1 0 obj\n"),
    "empty": ("rong.txt", b""),
    "blank": ("trang.txt", b"  \n\r\n\t \n"),
    "binary": ("anh.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" * 8),
    "windows-1258": ("cp1258.txt", VIETNAMESE.encode("cp1258", errors="replace") * 5),
    # "Tỉnh ủy" and friends in TCVN3 (ABC) bytes.
    "tcvn3": (
        "tcvn3.txt",
        b"T\xd6nh \xf2y giao Ban T\xe6 ch\xf8c T\xd6nh \xf2y ch\xf7 tr\xda.\n" * 5,
    ),
    "no directives": (
        "khong-co-muc.txt",
        "TỈNH ỦY TIỀN GIANG\nSố 1-TB/TU\nTiền Giang, ngày 1 tháng 6 năm 2023\n"
        "THÔNG BÁO\nHội nghị đã diễn ra tốt đẹp.\n".encode(),
    ),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_is_refused_with_a_reason_and_writes_nothing(registry, tmp_path, case):
    name, content = BAD_INPUTS[case]
    path = _write(tmp_path, name, content)
    with pytest.raises(CommandError) as info:
        call_command("import_notice", str(path))
    message = str(info.value)
    assert message and "\n" not in message
    assert any(ch in message for ch in "ăâđêôơưạảấầẩẫậếệỉịọỏốồổỗộớờởỡợụủứừửữựỳỹ"), message
    assert _counts() == (0, 0, 0)


def test_command_line_prints_one_line_on_stderr_and_exits_non_zero(tmp_path):
    path = _write(tmp_path, "rong.txt", b"")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "project.settings",
        "VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CELERY_BROKER_URL": "filesystem://",
    }
    env.pop("CELERY_RESULT_BACKEND", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "import_notice", str(path), "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "CommandError" not in lines[0] and "Traceback" not in result.stderr
