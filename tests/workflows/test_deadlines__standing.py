"""How a deadline stands today, in words a user reads next to the date."""

import datetime

from workflows.deadlines import DeadlineState, deadline_standing
from workflows.templatetags.deadlines import deadline_html

WED_BEFORE_TET = datetime.date(2024, 2, 7)  # Tết 2024: 8–14 February off


def test_working_days_left_skip_tet_and_the_weekend():
    standing = deadline_standing(datetime.date(2024, 2, 16), today=WED_BEFORE_TET)
    assert standing.state == DeadlineState.SOON
    assert standing.label == "Còn 2 ngày làm việc"  # 15 and 16 February; Tết is not counted


def test_later_deadlines_are_on_track_and_count_working_days():
    standing = deadline_standing(datetime.date(2024, 2, 23), today=WED_BEFORE_TET)
    assert standing.state == DeadlineState.ON_TRACK
    assert standing.label == "Còn 7 ngày làm việc"


def test_today_and_overdue():
    assert deadline_standing(WED_BEFORE_TET, today=WED_BEFORE_TET).label == "Đến hạn hôm nay"
    late = deadline_standing(datetime.date(2024, 2, 4), today=WED_BEFORE_TET)
    assert (late.state, late.label) == (DeadlineState.OVERDUE, "Quá hạn 3 ngày")
    assert late.is_late


def test_no_deadline_and_finished_work():
    assert deadline_standing(None, today=WED_BEFORE_TET).label == "Không có hạn"
    due = datetime.date(2024, 2, 5)
    on_time = deadline_standing(due, finished_on=due)
    late = deadline_standing(due, finished_on=datetime.date(2024, 2, 7))
    assert on_time.label == "Hoàn thành đúng hạn"
    assert (late.label, late.is_late) == ("Hoàn thành quá hạn 2 ngày", True)


def test_the_badge_says_it_in_words_and_an_icon_not_only_a_colour():
    html = deadline_html(deadline_standing(datetime.date(2024, 2, 4), today=WED_BEFORE_TET))
    assert "04/02/2024" in html
    assert "Quá hạn 3 ngày" in html
    assert 'data-deadline="overdue"' in html
    assert '<i class="material-icons" aria-hidden="true">error</i>' in html
