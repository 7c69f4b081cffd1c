"""The seed notice 142-TB/TU, as a careful clerk reads it, in every accepted form."""

from __future__ import annotations

import textwrap
import unicodedata

import pytest

from tasks_app.importing import parse_notice_file, parse_notice_text, read_notice

from .conftest import build_docx


@pytest.fixture(scope="module")
def draft(seed_text, registry):
    return parse_notice_text(seed_text, registry)


def _item(ref: str) -> str:
    return ref.split(".")[0]


def _assignment(draft, item: str, lead: str):
    found = [
        a for d in draft.directives if _item(d.ref) == item for a in d.assignments if a.lead == lead
    ]
    assert found, f"item {item}: no assignment led by {lead}"
    return found[0]


def test_every_expected_assignment_is_found(draft, expected):
    for exp in expected["assignments"]:
        assignment = _assignment(draft, exp["item"], exp["lead"])
        assert set(exp["coordinators_include"]) <= set(assignment.coordinators), exp
        assert (assignment.due.isoformat() if assignment.due else None) == exp["due"], exp


def test_directive_count_and_refs(draft, expected):
    assert len(draft.directives) == expected["directive_count"]
    assert [d.ref for d in draft.directives] == ["1", "2", "3", "4", "5", "6", "7"]


def test_items_without_subject_are_flagged(draft, expected):
    flagged = {_item(d.ref) for d in draft.directives if d.needs_review}
    assert set(expected["review_expected_for_items"]) <= flagged
    assert flagged <= {"1", "3"}
    item1 = draft.directives[0]
    assert {a.lead for a in item1.assignments} == {
        "BCS_DANG_DOAN",
        "CO_QUAN_THAM_MUU",
        "CAP_UY_HUYEN",
    }
    assert all(a.inherited for a in item1.assignments)
    assert "không nêu cơ quan chủ trì" in item1.review_reasons[0]


def test_addressees_come_from_the_sentence_before_the_list(draft):
    assert draft.addressees == ["BCS_DANG_DOAN", "CO_QUAN_THAM_MUU", "CAP_UY_HUYEN"]


def test_metadata(draft, expected):
    notice = draft.notice
    for key, value in expected["notice"].items():
        got = getattr(notice, key)
        assert (got.isoformat() if key == "date" else got) == value
    assert notice.title == (
        "Kết luận chỉ đạo của đồng chí Phó Bí thư Thường trực Tỉnh ủy tại Hội nghị sơ kết "
        "5 năm thực hiện Đề án 03-ĐA/TU"
    )
    assert notice.place == "Tiền Giang"


def test_recipients_skip_the_interleaved_signature_lines(draft):
    assert draft.notice.recipients == [
        "Các UVBCH Đảng bộ tỉnh",
        "Các ban đảng, BCS đảng, đảng đoàn",
        "UBMTTQ, đoàn thể tỉnh, Trường Chính trị tỉnh",
        "Ban Quản lý các Khu công nghiệp tỉnh",
        "Cấp ủy huyện (tương đương)",
        "Phó Chánh VPTU (TH)",
        "Phòng Tổng hợp",
        "Lưu Văn phòng Tỉnh ủy",
    ]


def test_roles_in_the_seed(draft):
    by_ref = {d.ref: d for d in draft.directives}
    # Item 2: two leads in one sentence ("Ban Thường vụ X, Ban Thường vụ Y nghiên cứu").
    assert [a.lead for a in by_ref["2"].assignments] == ["CAP_UY_HUYEN", "DUK"]
    # Item 5: the committee it directs ("lãnh đạo, chỉ đạo Đảng ủy các khu công nghiệp") is no
    # coordinator; the second paragraph without subject adds its coordinator to the same lead.
    (item5,) = by_ref["5"].assignments
    assert item5.lead == "DUK"
    assert item5.coordinators == ["BCSUBND", "DDLDLD", "BQLKCN", "BTGTU"]
    # Item 6: the longest name wins (BCS đảng UBND, not UBND).
    assert [a.lead for a in by_ref["6"].assignments] == ["BCSUBND"]
    assert by_ref["7"].text.startswith("Ngoài ra, các cấp ủy")
    assert all(
        a.recurrence is None and a.due is None for d in draft.directives for a in d.assignments
    )


def test_directive_text_and_source_passage(draft):
    item2 = draft.directives[1]
    assert item2.text.startswith("Tập trung củng cố")
    assert item2.text.count("\n") == 2  # three paragraphs
    start, end = item2.span
    assert draft.source_text[start:end] == item2.source
    assert item2.source.startswith("2. Tập trung") and item2.source.endswith("đóng trên địa bàn.")


def test_json_has_exactly_the_design_shape(draft):
    doc = draft.to_json_dict()
    assert set(doc) == {"notice", "directives"}
    assert set(doc["notice"]) == {
        "number", "date", "issuer", "title", "signer", "signer_title", "recipients",
    }  # fmt: skip
    for directive in doc["directives"]:
        assert set(directive) == {"ref", "text", "needs_review", "assignments"}
        assert isinstance(directive["needs_review"], bool)
        for assignment in directive["assignments"]:
            assert set(assignment) == {"lead", "coordinators", "due", "recurrence"}
            assert assignment["lead"] not in assignment["coordinators"]
    assert doc["notice"]["date"] == "2023-05-30"


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda t: unicodedata.normalize("NFD", t).encode(), id="nfd"),
        pytest.param(lambda t: t.replace("\n", "\r\n").encode(), id="crlf"),
        pytest.param(lambda t: t.replace("\n", "\r").encode(), id="cr"),
        pytest.param(lambda t: b"\xef\xbb\xbf" + t.encode(), id="bom"),
        pytest.param(
            lambda t: (
                b"\xef\xbb\xbf" + unicodedata.normalize("NFD", t).replace("\n", "\r\n").encode()
            ),
            id="bom-nfd-crlf",
        ),
    ],
)
def test_text_variants_give_the_same_draft(encode, seed_text, draft, tmp_path):
    path = tmp_path / "142-TB-TU.txt"
    path.write_bytes(encode(seed_text))
    assert parse_notice_file(path).to_json_dict() == draft.to_json_dict()


def test_nfd_string_gives_the_same_draft(seed_text, registry, draft):
    nfd = unicodedata.normalize("NFD", seed_text)
    assert nfd != seed_text
    assert parse_notice_text(nfd, registry).to_json_dict() == draft.to_json_dict()


@pytest.mark.parametrize("width", [50, 60, 72, 80])
def test_hard_wrapped_text_gives_the_same_draft(width, seed_text, registry, draft):
    lines = seed_text.split("\n")
    start, end = lines.index("-----") + 1, lines.index("Nơi nhận:")
    body = [part for line in lines[start:end] for part in (textwrap.wrap(line, width) or [line])]
    wrapped = "\n".join(lines[:start] + body + lines[end:])
    assert len(body) > 2 * (end - start)
    assert parse_notice_text(wrapped, registry).to_json_dict() == draft.to_json_dict()


def _seed_as_docx(seed_text: str) -> bytes:
    lines = [line.strip() for line in seed_text.split("\n")]
    body_start = lines.index("THÔNG BÁO")
    closing = lines.index("Nơi nhận:")
    body = [line for line in lines[body_start:closing] if line]
    tail = [line for line in lines[closing + 1 :] if line]
    recipients = [line for line in tail if line.startswith("-")]
    signature = [line for line in tail if not line.startswith("-")]
    return build_docx(
        header_left=["TỈNH ỦY TIỀN GIANG", "*", "Số 142-TB/TU"],
        header_right=["ĐẢNG CỘNG SẢN VIỆT NAM", "", "Tiền Giang, ngày 30 tháng 5 năm 2023"],
        body=body,
        recipients=recipients,
        signature=[*signature[:-1], "", signature[-1]],
    )


def test_docx_with_two_column_tables_gives_the_same_draft(seed_text, draft, tmp_path):
    path = tmp_path / "142-TB-TU.docx"
    path.write_bytes(_seed_as_docx(seed_text))
    assert parse_notice_file(path).to_json_dict() == draft.to_json_dict()


def test_docx_bytes_with_filename(seed_text, draft):
    data = _seed_as_docx(seed_text)
    text = read_notice(data, filename="thong-bao.DOCX")
    assert "Phạm Thị Mai Tiên" in text and "Nơi nhận:" in text
    assert parse_notice_file(data, filename="x.docx").notice == draft.notice
