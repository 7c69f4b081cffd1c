"""Agency and group recognition: names, abbreviations, variants, longest match, unknowns."""

from __future__ import annotations

import pytest

from tasks_app.importing import Registry
from tasks_app.importing.agencies import find_mentions, name_variants
from tasks_app.importing.registry import DATA_DIR


def codes(text: str, registry) -> list[str | None]:
    return [m.code for m in find_mentions(text, registry) if m.kind != "body"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ban Tổ chức Tỉnh ủy", "BTCTU"),
        ("BAN TỔ CHỨC TỈNH ỦY", "BTCTU"),
        ("ban tổ chức  tỉnh\nủy", "BTCTU"),
        ("BTC Tỉnh ủy", "BTCTU"),
        ("BTG Tỉnh uỷ", "BTGTU"),
        ("BTGTU", "BTGTU"),
        ("Văn phòng Tỉnh ủy", "VPTU"),
        ("VPTU", "VPTU"),
        ("UBKT Tỉnh ủy", "UBKTTU"),
        ("BCS đảng UBND tỉnh", "BCSUBND"),
        ("Ban cán sự đảng Ủy ban nhân dân tỉnh", "BCSUBND"),
        ("Ban Cán sự Đảng UBND tỉnh", "BCSUBND"),
        ("Đảng đoàn LĐLĐ tỉnh", "DDLDLD"),
        ("Đảng đoàn Liên đoàn Lao động tỉnh", "DDLDLD"),
        ("Đảng đoàn MTTQ tỉnh", "DDMTTQ"),
        ("Đảng đoàn HĐND tỉnh", "DDHDND"),
        ("LĐLĐ tỉnh", "LDLD"),
        ("Liên đoàn Lao động tỉnh", "LDLD"),
        ("UBND tỉnh", "UBND"),
        ("Uỷ ban nhân dân tỉnh", "UBND"),
        ("UBMTTQ tỉnh", "UBMTTQ"),
        ("Ủy ban MTTQ Việt Nam tỉnh", "UBMTTQ"),
        ("Ủy ban Mặt trận Tổ quốc tỉnh", "UBMTTQ"),
        ("MTTQ tỉnh", "UBMTTQ"),
        ("BQL các KCN tỉnh", "BQLKCN"),
        ("Ban Quản lý khu công nghiệp", "BQLKCN"),
        ("Ban Quản lý các Khu công nghiệp tỉnh", "BQLKCN"),
        ("Đảng ủy các khu công nghiệp", "DUKCN"),
        ("Đảng ủy Khối cơ quan và doanh nghiệp tỉnh", "DUK"),
        ("Đảng uỷ Khối", "DUK"),
        ("ĐUK", "DUK"),
        ("Ban Thường vụ Đảng ủy Khối", "DUK"),
        ("Hội LHPN tỉnh", "HLHPN"),
        ("Hội Cựu chiến binh tỉnh", "HCCB"),
        ("Trường Chính trị", "TCT"),
        ("Huyện uỷ Cái Bè", "HU_CAIBE"),
        ("Thị ủy Cai Lậy", "TXU_CAILAY"),
        ("Huyện ủy Cai Lậy", "HU_CAILAY"),
        ("Sở Lao động - Thương binh và Xã hội", "SLDTBXH"),
        ("Sở Lao động – Thương binh và Xã hội", "SLDTBXH"),
        ("cấp ủy huyện (tương đương)", "CAP_UY_HUYEN"),
        ("Các cấp ủy huyện (tương đương)", "CAP_UY_HUYEN"),
        ("cấp ủy huyện và tương đương", "CAP_UY_HUYEN"),
        ("các huyện ủy, thị ủy, thành ủy và đảng ủy trực thuộc Tỉnh ủy", "CAP_UY_HUYEN"),
        ("Ban Thường vụ cấp ủy huyện (tương đương)", "CAP_UY_HUYEN"),
        ("các cấp ủy", "CAC_CAP_UY"),
        ("cấp ủy các cấp", "CAC_CAP_UY"),
        ("các Ban cán sự đảng, Đảng đoàn", "BCS_DANG_DOAN"),
        ("các cơ quan tham mưu của Tỉnh ủy", "CO_QUAN_THAM_MUU"),
        ("Ủy ban MTTQ và các đoàn thể tỉnh", "DOAN_THE_TINH"),
        ("Ủy ban Mặt trận Tổ quốc và các đoàn thể tỉnh", "DOAN_THE_TINH"),
    ],
)
def test_recognises_names_abbreviations_and_groups(text, code, registry):
    assert codes(text, registry) == [code]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ban Cán sự đảng Ủy ban nhân dân tỉnh", ["BCSUBND"]),
        ("Đảng đoàn Liên đoàn Lao động tỉnh", ["DDLDLD"]),
        ("Đảng ủy các khu công nghiệp", ["DUKCN"]),
        ("Đảng đoàn Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", ["DDMTTQ"]),
        ("Văn phòng Tỉnh ủy, Ban Tổ chức Tỉnh ủy và UBND tỉnh", ["VPTU", "BTCTU", "UBND"]),
    ],
)
def test_longest_match_wins(text, expected, registry):
    assert codes(text, registry) == expected


def test_mention_offsets_point_into_the_text(registry):
    text = "Giao Ban Thường vụ Đảng ủy Khối chủ trì"
    (mention,) = find_mentions(text, registry)
    assert text[mention.start : mention.end] == mention.text == "Ban Thường vụ Đảng ủy Khối"


def test_issuer_and_central_bodies_are_known_but_not_agencies(registry):
    mentions = find_mentions("Ban Thường vụ Tỉnh ủy, Thường trực Tỉnh ủy, Bộ Chính trị", registry)
    assert [m.kind for m in mentions] == ["body", "body", "body"]
    assert all(m.code is None for m in mentions)


def test_local_bodies_are_not_taken_for_provincial_ones(registry):
    assert "LDLD" not in codes("Liên đoàn Lao động cấp huyện", registry)
    assert "UBND" not in codes("UBND huyện Chợ Gạo", registry)


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("Ban Xyz tỉnh chủ trì rà soát", "Ban Xyz tỉnh"),
        ("Sở Ngoại vụ phối hợp", "Sở Ngoại vụ"),
        ("Sở Du lịch thực hiện", "Sở Du lịch"),
        ("Hội đồng nhân dân tỉnh giám sát", "Hội đồng nhân dân tỉnh"),
    ],
)
def test_unknown_agency_like_phrases(text, unknown, registry):
    found = [m for m in find_mentions(text, registry) if m.kind == "unknown"]
    assert [m.text for m in found] == [unknown]


@pytest.mark.parametrize(
    "text",
    ["Hội nghị Ban Chấp hành Đảng bộ tỉnh", "Trường hợp cần thiết", "Đảng ủy cơ sở", "Ban hành"],
)
def test_ordinary_words_are_not_unknown_agencies(text, registry):
    assert [m for m in find_mentions(text, registry) if m.kind == "unknown"] == []


def test_agencies_added_to_the_registry_are_recognised(registry):
    rows = [
        {"code": a.code, "name": a.name, "kind": a.kind, "parent": a.parent, "groups": a.groups}
        for a in registry.agencies.values()
    ]
    rows += [
        {"code": "SNGV", "name": "Sở Ngoại vụ", "kind": "state", "parent": "UBND", "groups": []},
        {"code": "BKTTU", "name": "Ban Kinh tế Tỉnh ủy", "kind": "party_staff", "parent": "",
         "groups": ["CO_QUAN_THAM_MUU"]},
        {"code": "DDHCTD", "name": "Đảng đoàn Hội Chữ thập đỏ tỉnh", "kind": "party_delegation",
         "parent": "", "groups": ["BCS_DANG_DOAN"]},
    ]  # fmt: skip
    groups = [{"code": g.code, "name": g.name} for g in registry.groups.values()]
    extended = Registry.from_rows(rows, groups)
    assert codes("Sở Ngoại vụ phối hợp", extended) == ["SNGV"]
    assert codes("BKT Tỉnh ủy và Ban Kinh tế TU", extended) == ["BKTTU", "BKTTU"]
    assert codes("Đảng đoàn Hội Chữ thập đỏ", extended) == ["DDHCTD"]
    assert extended.members("CO_QUAN_THAM_MUU")[-1] == "BKTTU"


def test_variants_are_generated_from_rules_not_listed_per_agency():
    variants = name_variants("Ban Cán sự đảng Ủy ban nhân dân tỉnh")
    assert {"bcs đảng ubnd tỉnh", "ban cán sự đảng ubnd tỉnh", "bcs đảng ubnd"} <= set(variants)
    assert variants["bcs đảng ubnd"] is True  # "tỉnh" dropped


def test_registry_from_csv_and_members():
    registry = Registry.from_csv(DATA_DIR / "agencies.csv", DATA_DIR / "groups.csv")
    assert registry.agencies["DUKCN"].parent == "DUK"
    assert registry.agencies["DUK"].groups == ("CAP_UY_HUYEN", "CAC_CAP_UY")
    members = registry.members("CAP_UY_HUYEN")
    assert "DUK" in members and "HU_CAIBE" in members and "DUKCN" not in members
    assert registry.members("DOAN_THE_TINH") == ["UBMTTQ", "LDLD", "HND", "HLHPN", "HCCB", "TDOAN"]
    assert registry.is_group("CAC_CAP_UY") and "BTCTU" in registry
    assert registry.name_of("BCS_DANG_DOAN") == "Các Ban cán sự đảng, Đảng đoàn"


def test_registry_from_rows_accepts_semicolon_strings_and_lists():
    registry = Registry.from_rows(
        [
            {"code": "A", "name": "Ban A", "kind": "x", "parent": None, "groups": "G1;G2"},
            {"code": "B", "name": "Ban B", "groups": ["G2"]},
        ],
        [{"code": "G1", "name": "Nhóm 1"}, {"code": "G2", "name": "Nhóm 2"}],
    )
    assert registry.members("G2") == ["A", "B"]
    assert registry.agencies["A"].parent == ""


def test_a_body_named_like_an_activity_needs_its_scope():
    registry = Registry.from_rows([{"code": "TTT", "name": "Thanh tra tỉnh"}])
    assert codes("- Thanh tra, kiểm tra, xử lý các vi phạm", registry) == []
    assert codes("Thanh tra tỉnh chủ trì kiểm tra", registry) == ["TTT"]
