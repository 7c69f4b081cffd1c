from datetime import date, timedelta

import pytest

from project.calendar import add_working_days, is_working_day, working_days_between


def test_ten_working_days_across_tet_2024():
    # Tết Giáp Thìn: 08/02–14/02/2024 are days off.
    assert add_working_days(date(2024, 2, 5), 10) == date(2024, 2, 26)


def test_start_day_is_not_counted_and_weekends_are_skipped():
    assert add_working_days(date(2023, 6, 2), 1) == date(2023, 6, 5)  # Friday → Monday
    assert add_working_days(date(2023, 6, 5), 0) == date(2023, 6, 5)


def test_substitute_day_off_is_not_a_working_day():
    # 29/04/2024 (Monday) was given off in exchange for working Saturday 04/05/2024.
    assert not is_working_day(date(2024, 4, 29))
    assert is_working_day(date(2024, 5, 4))
    assert add_working_days(date(2024, 4, 26), 1) == date(2024, 5, 2)
    assert add_working_days(date(2024, 5, 3), 1) == date(2024, 5, 4)


def test_observed_holiday_after_weekend():
    # 02/01/2023 (Monday) is off because New Year's Day fell on a Sunday.
    assert not is_working_day(date(2023, 1, 2))
    assert add_working_days(date(2022, 12, 30), 1) == date(2023, 1, 3)


@pytest.mark.parametrize("start", [date(2024, 1, 29), date(2023, 4, 25), date(2025, 8, 29)])
@pytest.mark.parametrize("days", [0, 1, 5, 23, 60])
def test_working_days_between_is_the_inverse(start, days):
    assert working_days_between(start, add_working_days(start, days)) == days


def test_negative_counts_walk_backwards():
    assert add_working_days(date(2024, 2, 26), -10) == date(2024, 2, 5)
    assert working_days_between(date(2024, 2, 26), date(2024, 2, 5)) == -10


def test_a_plain_week_has_five_working_days():
    monday = date(2023, 6, 5)
    days = [monday + timedelta(d) for d in range(7)]
    assert [is_working_day(d) for d in days] == [True] * 5 + [False] * 2
