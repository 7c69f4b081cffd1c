"""Documents shaped like real ones, written for these tests: a decision with its plan attached
after the signature, sections whose numbering restarts, formal and evaluative parts, leads
named once for a list, sources and beneficiaries that are not actors, periods and steps."""

from __future__ import annotations

from datetime import date

import pytest

from project.calendar import add_working_days
from tasks_app.importing import Registry, default_registry, parse_notice_text

DECISION = """ỦY BAN NHÂN DÂN
TỈNH TIỀN GIANG
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 512/QĐ - UBND
Tiền Giang, ngày 3 tháng 4 năm 2024

QUYẾT ĐỊNH
Ban hành Kế hoạch chuyển đổi số năm 2024

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;

Xét đề nghị của Giám đốc Sở Thông tin và Truyền thông,

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số năm 2024.

Điều 2. Quyết định này có hiệu lực kể từ ngày ký.

Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Thông tin và Truyền thông và Thủ trưởng các \
cơ quan liên quan chịu trách nhiệm thi hành Quyết định này./.

Nơi nhận:
- Như Điều 3;
- Lưu: VT.
KT. CHỦ TỊCH
P HÓ CHỦ T Ị CH
Lê V ă n Hưởng

KẾ HOẠCH
Chuyển đổi số năm 2024
(Kèm theo Quyết định số 512/QĐ-UBND ngày 03/4/2024 của Chủ tịch UBND tỉnh)

I. KẾT QUẢ NĂM 2023
1. Sở Thông tin và Truyền thông đã hoàn thành nền tảng dữ liệu của tỉnh.
2. Văn phòng UBND tỉnh đã vận hành hệ thống một cửa điện tử.

II. NHIỆM VỤ
1. Sở Thông tin và Truyền thông chủ trì, phối hợp với Sở Nội vụ xây dựng kho dữ liệu dùng \
chung, hoàn thành trong 30 ngày làm việc kể từ ngày ký.
2. Giao Sở Tài chính căn cứ dự toán do Sở Thông tin và Truyền thông lập, bố trí kinh phí từ \
nguồn đã giao cho Sở Nội vụ, xong trong Quý II/2024.
3. Văn phòng UBND tỉnh giúp Chủ tịch UBND tỉnh theo dõi, đôn đốc; báo cáo 3 tháng một lần.

III. TỔ CHỨC THỰC HIỆN
Đề nghị Ủy ban MTTQ tỉnh phối hợp thực hiện các nội dung sau:
1. Tuyên truyền, vận động nhân dân sử dụng dịch vụ công trực tuyến.
2. Giám sát việc triển khai kế hoạch trong năm 2024.
"""


@pytest.fixture(scope="module")
def province():
    """The shipped registry and two more state bodies, as an Office would add them."""
    base = default_registry()
    rows = [
        {"code": a.code, "name": a.name, "kind": a.kind, "parent": a.parent, "groups": a.groups}
        for a in base.agencies.values()
    ]
    rows += [
        {"code": "STC", "name": "Sở Tài chính", "kind": "state", "parent": "UBND"},
        {"code": "VPUBND", "name": "Văn phòng Ủy ban nhân dân tỉnh", "kind": "state"},
    ]
    groups = [{"code": g.code, "name": g.name} for g in base.groups.values()]
    return Registry.from_rows(rows, groups)


def table(draft) -> dict:
    return {
        d.ref: {a.lead: (a.coordinators, a.due, a.recurrence) for a in d.assignments}
        for d in draft.directives
    }


@pytest.fixture(scope="module")
def decision(province):
    return parse_notice_text(DECISION, province)


def test_metadata_of_a_decision_extracted_from_a_pdf(decision):
    notice = decision.notice
    assert (notice.number, notice.date) == ("512/QĐ-UBND", date(2024, 4, 3))
    assert (notice.signer, notice.signer_title) == ("Lê Văn Hưởng", "Phó Chủ tịch")
    assert notice.issuer == "Ủy ban nhân dân tỉnh Tiền Giang"


def test_the_attached_plan_is_read_and_its_sections_keep_their_numbers(decision):
    # The decision's articles are formal; the plan's assessment section assigns nothing.
    assert [d.ref for d in decision.directives] == ["II.1", "II.2", "II.3", "III.1", "III.2"]
    assert all(d.part == 1 for d in decision.directives)


def test_roles_deadlines_and_recurrence(decision):
    assert table(decision) == {
        "II.1": {"STTTT": (["SNV"], add_working_days(date(2024, 4, 3), 30), None)},
        # The source of the estimate and the holder of the funds are not coordinators.
        "II.2": {"STC": ([], date(2024, 6, 30), None)},
        # The one helped is not a coordinator; "3 tháng một lần" is quarterly.
        "II.3": {"VPUBND": ([], None, "quarterly")},
        # The list's lead, named once in its lead-in.
        "III.1": {"UBMTTQ": ([], None, None)},
        "III.2": {"UBMTTQ": ([], None, None)},
    }


def test_a_lead_named_once_for_the_list_needs_no_review_but_a_period_does(decision):
    by_ref = {d.ref: d for d in decision.directives}
    assert not by_ref["III.1"].needs_review
    (reason,) = by_ref["III.2"].review_reasons
    assert "“trong năm 2024” là một khoảng thời gian, không phải thời hạn" in reason


def test_an_agency_the_lead_directs_acts_for_it(registry):
    text = (
        "TỈNH ỦY TIỀN GIANG\nSố 31-TB/TU\nTiền Giang, ngày 2 tháng 5 năm 2024\nTHÔNG BÁO\n"
        "kết luận về cải cách hành chính\n-----\n"
        "1. Đề nghị Ban cán sự đảng UBND tỉnh lãnh đạo UBND tỉnh:\n"
        "- UBND tỉnh ban hành kế hoạch cải cách hành chính, trước ngày 30/6/2024;\n"
        "- Rà soát thủ tục hành chính, báo cáo hằng quý về Văn phòng Tỉnh ủy.\n"
        "2. Ban Dân vận Tỉnh ủy theo dõi, giám sát.\n"
        "Nơi nhận:\n- Lưu VPTU.\nCHÁNH VĂN PHÒNG\nTrần Minh\n"
    )
    assert table(parse_notice_text(text, registry)) == {
        "1": {"BCSUBND": ([], date(2024, 6, 30), "quarterly")},
        "2": {"BDVTU": ([], None, None)},
    }


def test_the_subject_after_a_subordinate_clause_and_a_requesting_body(registry):
    text = (
        "HUYỆN ỦY CÁI BÈ\nSố 7-TB/HU\nCái Bè, ngày 2 tháng 5 năm 2024\nTHÔNG BÁO\n"
        "kết luận về công tác thanh niên\n-----\n"
        "1. Trên cơ sở đề nghị của Ban Tổ chức Tỉnh ủy và Văn phòng Tỉnh ủy, Tỉnh đoàn tổ "
        "chức hội thi, xong trước ngày 31/8/2024.\n"
        "2. Ban Thường vụ Huyện ủy đề nghị Ủy ban MTTQ tỉnh vận động nhân dân tham gia.\n"
        "3. Hội Nông dân tỉnh đã tổ chức tốt hội nghị.\n"
        "Nơi nhận:\n- Lưu VT.\nT/M BAN THƯỜNG VỤ\nBÍ THƯ\nNguyễn Thanh Hải\n"
    )
    draft = parse_notice_text(text, registry)
    got = table(draft)
    assert got["1"] == {"TDOAN": ([], date(2024, 8, 31), None)}
    assert got["2"] == {"UBMTTQ": ([], None, None)}
    # A fact in the past is no task: no lead, and a person decides whether to keep the item.
    assert got["3"] == {} and draft.directives[2].needs_review


def test_several_dated_steps_are_milestones_in_the_json(registry):
    text = (
        "TỈNH ỦY TIỀN GIANG\nSố 40-TB/TU\nTiền Giang, ngày 2 tháng 1 năm 2025\nTHÔNG BÁO\n"
        "kết luận về đại hội chi bộ\n-----\n"
        "1. Ban Tổ chức Tỉnh ủy xây dựng hướng dẫn trước ngày 31/1/2025; tổ chức tập huấn "
        "trong tháng 3/2025; tổng hợp kết quả, báo cáo Ban Thường vụ Tỉnh ủy trước ngày "
        "30/6/2025.\n"
        "2. Văn phòng Tỉnh ủy theo dõi, báo cáo trước ngày 15/7/2025.\n"
        "Nơi nhận:\n- Lưu VPTU.\nCHÁNH VĂN PHÒNG\nTrần Minh\n"
    )
    draft = parse_notice_text(text, registry)
    first, second = draft.to_json_dict()["directives"]
    (steps,) = first["assignments"]
    assert steps["due"] == "2025-06-30"
    assert [m["date"] for m in steps["milestones"]] == ["2025-01-31", "2025-03-31", "2025-06-30"]
    assert steps["milestones"][1]["text"] == "tổ chức tập huấn trong tháng 3/2025"
    assert "milestones" not in second["assignments"][0]  # one date: the contract keys only
    assert draft.directives[0].needs_review
    assert "3 mốc thời hạn" in draft.directives[0].review_reasons[0]


def test_numbers_repeated_by_mistake_keep_unique_refs_and_are_flagged(registry):
    text = (
        "TỈNH ỦY TIỀN GIANG\nSố 41-TB/TU\nTiền Giang, ngày 2 tháng 1 năm 2025\nTHÔNG BÁO\n"
        "kết luận\n-----\n"
        "1. Ban Tổ chức Tỉnh ủy rà soát quy hoạch cán bộ.\n"
        "2. Ban Dân vận Tỉnh ủy khảo sát tình hình dân vận.\n"
        "2. Ban Nội chính Tỉnh ủy theo dõi các vụ việc.\n"
        "Nơi nhận:\n- Lưu VPTU.\nCHÁNH VĂN PHÒNG\nTrần Minh\n"
    )
    draft = parse_notice_text(text, registry)
    assert [d.ref for d in draft.directives] == ["1", "2", "2(2)"]
    assert "số mục bị trùng" in draft.directives[2].review_reasons[0]
