import datetime

import pytest

from nkru.timex import expected_relative_value, iso_week, previous_month, previous_season, value_matches_type
from nkru.timex import weekday_named, weekday_window


@pytest.mark.parametrize("value, timex_type", [
    ("2023-07-27", "DATE"), ("2023-07", "DATE"), ("2023", "DATE"), ("198", "DATE"), ("20", "DATE"),
    ("2023-SP", "DATE"), ("2023-W37", "DATE"), ("2023-W37-WE", "DATE"), ("PRESENT_REF", "DATE"),
    ("P1Y", "DURATION"), ("PXD", "DURATION"), ("PT2H", "DURATION"), ("2023-07-27T14:00", "TIME"),
    ("XXXX-WXX-1", "SET"), ("P1W", "SET"),
])
def test_valid_values(value, timex_type):
    assert value_matches_type(value, timex_type)


@pytest.mark.parametrize("value, timex_type", [
    ("P1Y", "DATE"), ("2023-07", "DURATION"), ("2023-13-45x", "DATE"), ("", "DATE"), ("mardi", "DATE"),
    ("2023", "MOMENT"), ("1Y", "DURATION"),
])
def test_invalid_values(value, timex_type):
    assert not value_matches_type(value, timex_type)


def test_calendar_helpers():
    assert previous_month("2023-01-10") == "2022-12" and previous_month("2023-08-15") == "2023-07"
    assert iso_week(datetime.date(2023, 9, 17)) == "2023-W37"
    assert previous_season("2023-07-28", "SP") == "2023-SP" and previous_season("2023-03", "SP") == "2022-SP"
    assert weekday_named("mardi dernier") == 1 and weekday_named("on Thursday") == 3 and weekday_named("juillet") is None


def test_relative_values_from_the_dct():
    assert expected_relative_value("mois dernier", "2023-08-15") == "2023-07"
    assert expected_relative_value("ce week-end", "2023-09-17") == "2023-W37-WE"
    assert expected_relative_value("cette semaine", "2023-09-17") == "2023-W37"
    assert expected_relative_value("printemps dernier", "2023-07-28") == "2023-SP"
    assert expected_relative_value("2020", "2023-07-28") is None
    assert weekday_window("mardi dernier", "2023-09-17") == (datetime.date(2023, 9, 10), datetime.date(2023, 9, 16))
    assert weekday_window("mardi", "2023-07") is None


@pytest.mark.parametrize("value, timex_type", [
    ("2023-00", "DATE"), ("2023-13", "DATE"), ("2023-02-29", "DATE"), ("2023-06-31", "DATE"), ("2023-W00", "DATE"),
    ("2023-W53", "DATE"), ("2023-07-28T25:00", "TIME"), ("2023-07-28T14:60", "TIME"),
])
def test_values_that_name_no_real_day_month_week_or_hour_are_refused(value, timex_type):
    assert not value_matches_type(value, timex_type)


@pytest.mark.parametrize("value, timex_type", [
    ("2024-02-29", "DATE"), ("2020-W53", "DATE"), ("2023-W37-WE", "DATE"), ("2023-07-28T14:30", "TIME"),
    ("2023-12", "DATE"), ("P3D", "DURATION"),
])
def test_real_calendar_values_are_accepted(value, timex_type):
    assert value_matches_type(value, timex_type)
