"""Deadlines and recurrences in Vietnamese wording."""

from __future__ import annotations

from datetime import date

import pytest

from tasks_app.importing.dates import (
    find_deadlines,
    find_recurrence,
    has_vague_recurrence,
    parse_notice_date,
)

NOTICE_DATE = date(2023, 5, 30)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("báo cáo kết quả trước ngày 30/9/2023", date(2023, 9, 30)),
        ("hoàn thành trước 30/6/2024", date(2024, 6, 30)),
        ("chậm nhất ngày 15/8/2023", date(2023, 8, 15)),
        ("chậm nhất là ngày 5 tháng 7 năm 2023", date(2023, 7, 5)),
        ("xong trước ngày 15-10-2023", date(2023, 10, 15)),
        ("hoàn thành trước ngày 01.12.2023", date(2023, 12, 1)),
        ("tổng kết trong quý IV/2023", date(2023, 12, 31)),
        ("trong quý I năm 2024", date(2024, 3, 31)),
        ("trong quý 2/2024", date(2024, 6, 30)),
        ("ban hành trong tháng 4/2024", date(2024, 4, 30)),
        ("trong tháng 2 năm 2024", date(2024, 2, 29)),
        ("sơ kết vào cuối năm 2024", date(2024, 12, 31)),
        ("hoàn thành trong năm 2024", date(2024, 12, 31)),
        ("hoàn thành 6 tháng đầu năm 2024", date(2024, 6, 30)),
        ("đánh giá 6 tháng cuối năm 2024", date(2024, 12, 31)),
        ("đến hết năm 2025", date(2025, 12, 31)),
        ("trước ngày 30/9", date(2023, 9, 30)),  # year of the notice
        ("trước ngày 15/3", date(2024, 3, 15)),  # already past in the notice's year
    ],
)
def test_deadline_forms(text, due):
    hits = find_deadlines(text, NOTICE_DATE)
    assert [h.due for h in hits] == [due]
    assert hits[0].error is None


@pytest.mark.parametrize(
    "text",
    [
        "Đề án 03-ĐA/TU ngày 28/12/2018 của Ban Thường vụ",  # a reference date, not a deadline
        "thường xuyên theo dõi, đôn đốc",
        "trong 6 tháng qua đã kết nạp 84 đảng viên",
        "Nghị quyết 21-NQ/TU năm 2022",
    ],
)
def test_no_deadline(text):
    assert find_deadlines(text, NOTICE_DATE) == []


@pytest.mark.parametrize("text", ["trước ngày 31/2/2024", "chậm nhất ngày 30/13/2023"])
def test_impossible_dates_are_reported(text):
    (hit,) = find_deadlines(text, NOTICE_DATE)
    assert hit.due is None
    assert "không phải là ngày có thật" in hit.error and "\n" not in hit.error


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("báo cáo hằng tháng", "monthly"),
        ("hàng tháng rà soát", "monthly"),
        ("báo cáo hằng quý về Văn phòng Tỉnh ủy", "quarterly"),
        ("hàng quý", "quarterly"),
        ("định kỳ 6 tháng báo cáo", "semiannual"),
        ("6 tháng một lần", "semiannual"),
        ("báo cáo sáu tháng và năm", "semiannual"),
        ("hằng năm tổ chức tổng kết", "annual"),
        ("hàng năm", "annual"),
        ("định kỳ hằng quý và hằng năm", "quarterly"),
        ("thường xuyên theo dõi", None),
        ("6 tháng đầu năm 2024", None),
        ("trong sáu tháng tới", None),
    ],
)
def test_recurrence_forms(text, period):
    assert find_recurrence(text) == period


def test_vague_periodic_report():
    assert has_vague_recurrence("báo cáo định kỳ về Ban Tổ chức Tỉnh ủy")
    assert not has_vague_recurrence("báo cáo định kỳ hằng quý")


@pytest.mark.parametrize(
    ("line", "expected", "place"),
    [
        ("Tiền Giang, ngày 30 tháng 5 năm 2023", date(2023, 5, 30), "Tiền Giang"),
        ("  Mỹ Tho, ngày 04 tháng 01 năm 2024", date(2024, 1, 4), "Mỹ Tho"),
        ("Bà Rịa - Vũng Tàu, ngày 3 tháng 11 năm 2024", date(2024, 11, 3), "Bà Rịa - Vũng Tàu"),
        ("Bến Tre, ngày 31 tháng 2 năm 2024", None, "Bến Tre"),
        ("Số 142-TB/TU", None, None),
    ],
)
def test_notice_date_line(line, expected, place):
    assert parse_notice_date(line) == (expected, place)
