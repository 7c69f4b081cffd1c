"""Task tables (STT | nội dung | chủ trì | phối hợp | thời hạn), in an appendix after the
signature, as plain text and as a Word table."""

from __future__ import annotations

import io
from datetime import date

import pytest

from tasks_app.importing import parse_notice_text, read_notice

MAIN = """TỈNH ỦY TIỀN GIANG
Số 120-TB/TU
Tiền Giang, ngày 5 tháng 2 năm 2025
THÔNG BÁO
kết luận của Ban Thường vụ Tỉnh ủy về nhiệm vụ trọng tâm năm 2025
-----
Ban Thường vụ Tỉnh ủy thống nhất giao các cơ quan thực hiện các nhiệm vụ tại Phụ lục kèm theo.
Nơi nhận:
- Lưu VPTU.
T/L BAN THƯỜNG VỤ
CHÁNH VĂN PHÒNG
Trần Minh

PHỤ LỤC
NHIỆM VỤ TRỌNG TÂM NĂM 2025
(Kèm theo Thông báo số 120-TB/TU ngày 05/02/2025 của Ban Thường vụ Tỉnh ủy)
"""
HEADER = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"]
ROWS = [
    ["I", "Công tác xây dựng Đảng", "", "", ""],
    ["1", "Rà soát quy hoạch cán bộ", "Ban Tổ chức Tỉnh ủy", "Sở Nội vụ", "Quý II/2025"],
    ["2", "Kiểm tra việc thực hiện quy định", "UBKT Tỉnh ủy", "", "30/9/2025"],
    ["II", "Công tác dân vận", "", "", ""],
    ["1", "Sơ kết mô hình dân vận khéo", "Ban Dân vận Tỉnh ủy", "Ủy ban MTTQ tỉnh, Tỉnh đoàn",
     "Tháng 11/2025"],
    ["2", "Tuyên truyền chủ trương của Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy", "", "Hằng quý"],
    ["3", "Đối thoại với nông dân", "Sở Ngoại vụ", "Hội Nông dân tỉnh", "Trong năm 2025"],
]  # fmt: skip
EXPECTED = {
    "PL.I.1": {"BTCTU": (["SNV"], date(2025, 6, 30), None)},
    "PL.I.2": {"UBKTTU": ([], date(2025, 9, 30), None)},
    "PL.II.1": {"BDVTU": (["UBMTTQ", "TDOAN"], date(2025, 11, 30), None)},
    "PL.II.2": {"BTGTU": ([], None, "quarterly")},
    "PL.II.3": {},
}


def table(draft) -> dict:
    return {
        d.ref: {a.lead: (a.coordinators, a.due, a.recurrence) for a in d.assignments}
        for d in draft.directives
    }


def _check(draft) -> None:
    assert table(draft) == EXPECTED
    by_ref = {d.ref: d for d in draft.directives}
    assert by_ref["PL.I.1"].text == "Rà soát quy hoạch cán bộ"
    assert not by_ref["PL.I.1"].needs_review
    reasons = " ".join(by_ref["PL.II.3"].review_reasons)
    assert "“Sở Ngoại vụ” không có trong danh mục" in reasons
    assert "“Trong năm 2025” là một khoảng thời gian" in reasons
    assert (draft.notice.number, draft.notice.signer) == ("120-TB/TU", "Trần Minh")


def test_a_text_table_in_an_appendix(registry):
    lines = ["| " + " | ".join(HEADER) + " |", "|---|---|---|---|---|"]
    lines += ["| " + " | ".join(row) + " |" for row in ROWS]
    draft = parse_notice_text(MAIN + "\n" + "\n".join(lines) + "\n", registry)
    _check(draft)
    start, end = draft.directives[0].span
    assert draft.source_text[start:end] == draft.directives[0].source


def test_a_tab_separated_table_with_a_cell_going_on_on_the_next_line(registry):
    rows = [list(row) for row in ROWS]
    rows[2][1] = "Kiểm tra việc thực hiện"
    lines = ["\t".join(HEADER)] + ["\t".join(row) for row in rows]
    lines.insert(4, "\t".join(["", "quy định", "", "", ""]))  # the rest of row I.2's content
    draft = parse_notice_text(MAIN + "\n".join(lines) + "\n", registry)
    _check(draft)


def test_a_word_table(registry):
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in MAIN.strip().split("\n"):
        document.add_paragraph(line)
    grid = document.add_table(rows=1 + len(ROWS), cols=len(HEADER))
    for r, row in enumerate([HEADER, *ROWS]):
        for c, value in enumerate(row):
            grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    draft = parse_notice_text(read_notice(buffer.getvalue(), filename="120.docx"), registry)
    _check(draft)
