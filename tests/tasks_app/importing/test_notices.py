"""Notices of the same genre written for these tests: other numbers, places, layouts,
sections, sub-items, deadlines, recurrences and roles."""

from __future__ import annotations

from datetime import date

import pytest

from tasks_app.importing import parse_notice_file, parse_notice_text

from .conftest import FIXTURES, build_docx


def _fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def table(draft) -> dict[str, dict[str, tuple]]:
    """ref → lead → (coordinators, due, recurrence)."""
    return {
        d.ref: {a.lead: (a.coordinators, a.due, a.recurrence) for a in d.assignments}
        for d in draft.directives
    }


def reviewed(draft) -> dict[str, list[str]]:
    return {d.ref: d.review_reasons for d in draft.directives if d.needs_review}


@pytest.fixture(scope="module")
def ben_tre(registry):
    return parse_notice_text(_fixture("18-KL-TU-ben-tre.txt"), registry)


@pytest.fixture(scope="module")
def my_tho(registry):
    return parse_notice_text(_fixture("205-TB-TU-my-tho.txt"), registry)


@pytest.fixture(scope="module")
def cai_be(registry):
    return parse_notice_text(_fixture("57-TB-HU-cai-be.txt"), registry)


# --- a conclusion (KL) with Roman-numeral sections and columns laid out with spaces ----------


def test_kl_metadata_from_side_by_side_columns(ben_tre):
    notice = ben_tre.notice
    assert notice.number == "18-KL/TU"
    assert notice.date == date(2024, 3, 5) and notice.place == "Bến Tre"
    assert notice.issuer == "Tỉnh ủy Bến Tre"
    assert notice.title == (
        "Của Ban Thường vụ Tỉnh ủy về tình hình thực hiện nhiệm vụ chuyển đổi số năm 2023"
    )
    assert notice.signer == "Trần Văn Bình"
    assert notice.signer_title == "Phó Bí thư Thường trực"
    assert notice.recipients == ["Như trên", "Lưu VT"]


def test_only_the_task_section_yields_directives(ben_tre):
    assert [d.ref for d in ben_tre.directives] == [
        "II.1.a",
        "II.1.b",
        "II.2",
        "II.3",
        "II.4",
        "II.5",
        "II.6",
        "II.7",
    ]
    assert not any("số hóa hồ sơ" in d.text for d in ben_tre.directives)


def test_kl_assignments(ben_tre):
    got = table(ben_tre)
    assert got["II.1.a"] == {"BTGTU": (["STTTT"], date(2024, 6, 30), None)}
    # A report recipient is not a coordinator.
    assert got["II.1.b"] == {"DOAN_THE_TINH": ([], date(2024, 6, 30), None)}
    # "lãnh đạo UBND tỉnh" directs UBND: it is neither lead nor coordinator; "(qua VPTU)" neither.
    assert got["II.2"] == {"BCSUBND": ([], date(2024, 4, 30), "semiannual")}
    # "Giao X chủ trì, phối hợp với Y": X leads even though the sentence has no subject.
    assert got["II.3"] == {"BTCTU": (["SNV"], date(2024, 10, 15), None)}
    assert got["II.4"] == {"CAP_UY_HUYEN": ([], None, "monthly")}
    assert got["II.5"] == {
        "DDLDLD": (["DUK"], date(2024, 12, 31), None),
        "BQLKCN": (["DUK"], date(2024, 12, 31), None),
    }


def test_kl_review_flags(ben_tre):
    flags = reviewed(ben_tre)
    assert set(flags) == {"II.6", "II.7"}
    assert "“Ban Xyz tỉnh” không có trong danh mục" in flags["II.6"][0]
    assert table(ben_tre)["II.6"] == {}
    assert "không phải là ngày có thật" in flags["II.7"][0]
    assert table(ben_tre)["II.7"] == {"UBKTTU": ([], None, None)}
    assert ben_tre.addressees == ["CAC_CAP_UY"]


# --- "1)" items, wrapped lines, "Đề nghị", conflicting deadlines, bullet sub-paragraphs ------


def test_tb_metadata(my_tho):
    notice = my_tho.notice
    assert (notice.number, notice.date, notice.place) == ("205-TB/TU", date(2023, 8, 14), "Mỹ Tho")
    assert notice.title == (
        "Ý kiến của Thường trực Tỉnh ủy về công tác dân vận và xây dựng hệ thống chính trị ở cơ sở"
    )
    assert (notice.signer, notice.signer_title) == ("Lê Thị Hồng Nhung", "Phó Chánh Văn phòng")
    assert notice.recipients[-1] == "Lưu VPTU"


def test_tb_assignments(my_tho):
    got = table(my_tho)
    assert [d.ref for d in my_tho.directives] == ["1", "2", "3", "4", "5", "6"]
    assert got["1"] == {"BDVTU": (["UBMTTQ", "HND"], date(2023, 12, 31), "semiannual")}
    assert got["2"] == {"BCSUBND": ([], date(2023, 9, 30), None)}
    assert got["3"] == {
        "BCS_DANG_DOAN": ([], None, None),  # "thường xuyên": no deadline, no recurrence
        "CO_QUAN_THAM_MUU": ([], None, None),
    }
    assert got["4"] == {"CAC_CAP_UY": ([], None, "annual")}
    assert got["5"]["TCT"] == (["BTGTU"], date(2023, 10, 31), None)
    assert got["6"] == {
        "HLHPN": (["HU_TANPHUOC", "TXU_CAILAY"], None, "quarterly"),
        "HCCB": (["HU_TANPHUOC", "TXU_CAILAY"], None, "quarterly"),
    }


def test_wrapped_lines_join_into_one_paragraph(my_tho):
    first = my_tho.directives[0]
    assert "\n" not in first.text
    assert "Hội Nông dân tỉnh tổ chức sơ kết" in first.text


def test_several_deadlines_are_milestones_and_flagged(my_tho):
    flags = reviewed(my_tho)
    assert set(flags) == {"5"}
    assert "Văn phòng Tỉnh ủy có 2 mốc thời hạn (15/12/2023, 20/12/2023)" in flags["5"][0]
    vptu = next(a for a in my_tho.directives[4].assignments if a.lead == "VPTU")
    # Every dated step is kept; the last one is the assignment's deadline.
    assert [m.date for m in vptu.milestones] == [date(2023, 12, 15), date(2023, 12, 20)]
    assert vptu.milestones[0].text.startswith("chậm nhất ngày 15/12/2023 gửi báo cáo")
    assert vptu.due == date(2023, 12, 20)
    assert my_tho.addressees == []


# --- a district notice: evaluation sections, sub-items inheriting the item's lead --------------


def test_district_notice(cai_be):
    notice = cai_be.notice
    assert (notice.number, notice.issuer, notice.place) == ("57-TB/HU", "Huyện ủy Cái Bè", "Cái Bè")
    assert (notice.signer, notice.signer_title) == ("Nguyễn Thanh Hải", "Bí thư")
    assert [d.ref for d in cai_be.directives] == [
        "III.1",
        "III.2.a",
        "III.2.b",
        "III.2.c",
        "III.3",
        "III.4",
    ]


def test_directing_is_not_leading(cai_be):
    item1 = cai_be.directives[0]
    assert item1.needs_review
    assert [(a.lead, a.inherited, a.due) for a in item1.assignments] == [
        ("CAC_CAP_UY", True, date(2023, 12, 31))
    ]
    # … but the same agency leads when it is the subject.
    assert table(cai_be)["III.3"]["UBND"] == ([], date(2024, 6, 30), None)


def test_sub_items_inherit_the_lead_of_their_item(cai_be):
    got = table(cai_be)
    assert got["III.2.a"] == {"BTCTU": ([], date(2023, 11, 15), None)}
    assert got["III.2.b"] == {"BTCTU": (["VPTU", "BNCTU", "SNV"], None, "quarterly")}
    assert got["III.2.c"] == {
        "TCT": ([], date(2023, 12, 5), None)
    }  # own subject; BTCTU only receives
    assert cai_be.directives[1].text.startswith("Rà soát")


def test_second_paragraph_with_its_own_subject_and_closing_paragraph(cai_be):
    got = table(cai_be)
    assert got["III.3"]["DOAN_THE_TINH"] == ([], date(2024, 12, 31), None)
    closing = cai_be.directives[-1]
    assert closing.ref == "III.4" and closing.text.startswith("Ngoài ra")
    assert got["III.4"] == {"CAC_CAP_UY": ([], None, None)}


# --- Word files ---------------------------------------------------------------------------


def test_docx_with_automatic_numbering(tmp_path):
    data = build_docx(
        header_left=["TỈNH ỦY TIỀN GIANG", "*", "Số 311-TB/TU"],
        header_right=["ĐẢNG CỘNG SẢN VIỆT NAM", "Tiền Giang, ngày 2 tháng 4 năm 2024"],
        body=[
            "THÔNG BÁO",
            "kết luận của Thường trực Tỉnh ủy về công tác kiểm tra",
            "Thường trực Tỉnh ủy kết luận như sau:",
        ],
        numbered=[
            "UBKT Tỉnh ủy phối hợp với Ban Nội chính Tỉnh ủy xây dựng kế hoạch kiểm tra, "
            "hoàn thành trong tháng 5/2024.",
            "Văn phòng Tỉnh ủy theo dõi, báo cáo hằng quý.",
        ],
        recipients=["- Như trên,", "- Lưu VPTU."],
        signature=["T/L BAN THƯỜNG VỤ", "CHÁNH VĂN PHÒNG", "", "Võ Thị Thu"],
    )
    path = tmp_path / "311-TB-TU.docx"
    path.write_bytes(data)
    draft = parse_notice_file(path)
    assert draft.notice.number == "311-TB/TU"
    assert (draft.notice.signer, draft.notice.signer_title) == ("Võ Thị Thu", "Chánh Văn phòng")
    assert table(draft) == {
        "1": {"UBKTTU": (["BNCTU"], date(2024, 5, 31), None)},
        "2": {"VPTU": ([], None, "quarterly")},
    }


def test_notice_without_sections_or_numbers_uses_bullets(registry):
    text = (
        "TỈNH ỦY TIỀN GIANG\nSố 77-TB/TU\nTiền Giang, ngày 9 tháng 1 năm 2024\nTHÔNG BÁO\n"
        "ý kiến của Thường trực Tỉnh ủy\n-----\n"
        "- Ban Dân vận Tỉnh ủy khảo sát tình hình, báo cáo trước 31/3/2024.\n"
        "- Tỉnh đoàn phối hợp với Hội Nông dân tỉnh tổ chức diễn đàn hằng năm.\n"
        "Nơi nhận:\n- Lưu VPTU.\nCHÁNH VĂN PHÒNG\nTrần Minh\n"
    )
    draft = parse_notice_text(text, registry)
    assert table(draft) == {
        "1": {"BDVTU": ([], date(2024, 3, 31), None)},
        "2": {"TDOAN": (["HND"], None, "annual")},
    }


def test_tone_placement_case_and_spacing_variants(registry):
    text = (
        "TỈNH UỶ TIỀN GIANG\nSố 12-TB/TU\nTiền Giang, ngày 3 tháng 7 năm 2024\nTHÔNG BÁO\n"
        "kết luận về công tác hoà giải ở cơ sở\n-----\n"
        "1. BAN DÂN VẬN TỈNH UỶ phối hợp với Uỷ ban  MTTQ   tỉnh hướng dẫn công tác hoà giải.\n"
        "2. Đảng uỷ Khối chỉ đạo thí điểm mô hình “Dân vận khéo”, sơ kết trong quý 3/2024.\n"
        "Nơi nhận:\n- Lưu VPTU.\nCHÁNH VĂN PHÒNG\nTrần Minh\n"
    )
    draft = parse_notice_text(text, registry)
    assert draft.notice.issuer == "Tỉnh uỷ Tiền Giang"
    assert table(draft) == {
        "1": {"BDVTU": (["UBMTTQ"], None, None)},
        "2": {"DUK": ([], date(2024, 9, 30), None)},
    }


def test_lettered_sections_and_assessment_items(registry):
    text = (
        "TỈNH ỦY TIỀN GIANG\nSố 40-KL/TU\nTiền Giang, ngày 8 tháng 1 năm 2025\nKẾT LUẬN\n"
        "của Ban Thường vụ Tỉnh ủy về công tác năm 2024\n-----\n"
        "1. ĐÁNH GIÁ CHUNG\n"
        "Năm 2024, Ban Tổ chức Tỉnh ủy đã hoàn thành tốt nhiệm vụ.\n"
        "2. NHIỆM VỤ NĂM 2025\n"
        "Văn phòng Tỉnh ủy chủ trì, phối hợp với Ban Nội chính Tỉnh ủy thực hiện:\n"
        "a) Xây dựng chương trình công tác, xong trước ngày 31/01/2025;\n"
        "b) Theo dõi việc thực hiện, báo cáo hằng tháng.\n"
        "c) Ban Tổ chức Tỉnh ủy rà soát quy hoạch cán bộ trong tháng 3/2025.\n"
        "Ngoài ra, các cấp ủy tổ chức tổng kết cuối năm 2025.\n"
        "Nơi nhận:\n- Lưu VPTU.\nT/M BAN THƯỜNG VỤ\nBÍ THƯ\nNguyễn Văn Hòa\n"
    )
    draft = parse_notice_text(text, registry)
    assert [d.ref for d in draft.directives] == ["2.a", "2.b", "2.c", "3"]
    assert table(draft) == {
        "2.a": {"VPTU": (["BNCTU"], date(2025, 1, 31), None)},
        "2.b": {"VPTU": (["BNCTU"], None, "monthly")},
        "2.c": {"BTCTU": ([], date(2025, 3, 31), None)},
        "3": {"CAC_CAP_UY": ([], date(2025, 12, 31), None)},
    }
    assert draft.directives[0].context.endswith(
        "Văn phòng Tỉnh ủy chủ trì, phối hợp với Ban Nội chính Tỉnh ủy thực hiện:"
    )
    assert (draft.notice.signer, draft.notice.signer_title) == ("Nguyễn Văn Hòa", "Bí thư")


def test_impossible_notice_date_is_a_notice_level_review_reason(registry):
    text = (
        "TỈNH ỦY TIỀN GIANG\nSố 5-TB/TU\nTiền Giang, ngày 30 tháng 2 năm 2024\nTHÔNG BÁO\n"
        "về việc kiểm tra\n-----\n1. Ủy ban Kiểm tra Tỉnh ủy kiểm tra, báo cáo hằng quý.\n"
    )
    draft = parse_notice_text(text, registry)
    assert draft.notice.date is None and draft.to_json_dict()["notice"]["date"] is None
    assert any("không phải là ngày có thật" in r for r in draft.review_reasons)
    assert any("người ký" in r for r in draft.review_reasons)
    assert draft.needs_review and not draft.directives[0].needs_review


def test_topical_sections_all_assign_work(registry):
    text = (
        "TỈNH ỦY TIỀN GIANG\nSố 64-TB/TU\nTiền Giang, ngày 15 tháng 6 năm 2024\nTHÔNG BÁO\n"
        "ý kiến của Thường trực Tỉnh ủy\n-----\n"
        "I. VỀ CÔNG TÁC XÂY DỰNG ĐẢNG\n"
        "1. Ban Tổ chức Tỉnh ủy hướng dẫn đại hội chi bộ, xong trước ngày 31/7/2024.\n"
        "2. Ủy ban Kiểm tra Tỉnh ủy kiểm tra việc thực hiện Điều lệ Đảng.\n"
        "II. VỀ CÔNG TÁC DÂN VẬN\n"
        "1. Ban Dân vận Tỉnh ủy phối hợp với Tỉnh đoàn tổ chức tháng thanh niên.\n"
        "Nơi nhận:\n- Lưu VPTU.\nCHÁNH VĂN PHÒNG\nTrần Minh\n"
    )
    draft = parse_notice_text(text, registry)
    assert table(draft) == {
        "I.1": {"BTCTU": ([], date(2024, 7, 31), None)},
        "I.2": {"UBKTTU": ([], None, None)},
        "II.1": {"BDVTU": (["TDOAN"], None, None)},
    }


def test_signature_block_before_the_recipients(registry):
    text = (
        "TỈNH ỦY TIỀN GIANG\nSố 71-TB/TU\nTiền Giang, ngày 1 tháng 8 năm 2024\nTHÔNG BÁO\n"
        "kết luận của Thường trực Tỉnh ủy\n-----\n"
        "1. Ban Nội chính Tỉnh ủy theo dõi vụ việc, báo cáo định kỳ về Thường trực Tỉnh ủy.\n"
        "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\n(Đã ký)\nLê Văn Hưởng\n"
        "Nơi nhận:\n- Như trên;\nLưu VT\n"
    )
    draft = parse_notice_text(text, registry)
    notice = draft.notice
    assert (notice.signer, notice.signer_title) == ("Lê Văn Hưởng", "Phó Bí thư")
    assert notice.recipients == ["Như trên", "Lưu VT"]
    (directive,) = draft.directives
    assert directive.needs_review  # "định kỳ" without a period
    assert "không nêu chu kỳ" in directive.review_reasons[0]
    assert table(draft) == {"1": {"BNCTU": ([], None, None)}}
