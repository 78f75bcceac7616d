import datetime

import pytest

from nkru.timex import expected_relative_value, iso_week, previous_month, previous_season, value_matches_type
from nkru.schema import TIMEX_VALUE_FUNCTIONS
from nkru.timex import FREQUENCY, VALUE_FUNCTIONS, calendar_interval, value_from_function, weekday_named, weekday_window


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


@pytest.mark.parametrize("rule, anchor, text, value", [
    ("same_day", "2023-09-17", "dimanche", "2023-09-17"),
    ("weekday_before", "2023-07-28", "jeudi", "2023-07-27"),
    ("weekday_before", "2023-09-17", "mardi dernier", "2023-09-12"),  # as written (the summit was a Wednesday)
    ("weekday_before", "2023-09-18", "lundi", "2023-09-11"),  # the latest earlier day: never the anchor's own
    ("month_of_anchor_year", "2023-07-28", "12 juillet", "2023-07-12"),
    ("month_of_anchor_year", "2023-09-17", "juillet", "2023-07"),
    ("anchor_month", "2023-08-15", "début du mois", "2023-08"),
    ("previous_month", "2023-01-10", "mois dernier", "2022-12"),
    ("previous_season", "2023-07-28", "printemps dernier", "2023-SP"),
    ("previous_season", "2023-05-02", "printemps dernier", "2022-SP"),
    ("previous_season", "2023-03-02", "hiver dernier", "2022-WI"),  # December 2022 to February 2023
    ("anchor_week", "2023-09-17", "cette semaine", "2023-W37"),
    ("anchor_weekend", "2023-09-17", "ce week-end", "2023-W37-WE"),
    ("anchor_century", "2023-07", "nouveau siècle", "20"),
    ("past_ref", "2023-07", "récemment", "PAST_REF"),
    ("present_ref", "2023-08-15", "ce moment", "PRESENT_REF"),
])
def test_each_value_function_computes_from_the_anchor(rule, anchor, text, value):
    assert value_from_function(rule, anchor, text) == value


@pytest.mark.parametrize("rule, anchor, text", [
    ("same_day", "2023-07", "dimanche"), ("weekday_before", "2023-09-17", "juillet"),
    ("anchor_week", "2023-07", "cette semaine"), ("previous_season", "2023-07-28", "mois dernier"),
    ("tomorrow", "2023-07-28", "demain"), ("month_of_anchor_year", "PRESENT_REF", "juillet"),
])
def test_a_value_function_computes_nothing_from_too_little(rule, anchor, text):
    assert value_from_function(rule, anchor, text) is None


def test_every_declared_value_function_is_implemented_once():
    assert tuple(VALUE_FUNCTIONS) == TIMEX_VALUE_FUNCTIONS


@pytest.mark.parametrize("value, first, last", [
    ("2023-09-16", "2023-09-16", "2023-09-16"), ("2023-09", "2023-09-01", "2023-09-30"),
    ("2023-12", "2023-12-01", "2023-12-31"), ("2023-W37", "2023-09-11", "2023-09-17"),
    ("2023-W37-WE", "2023-09-16", "2023-09-17"), ("2023-SP", "2023-03-01", "2023-05-31"),
    ("2022-WI", "2022-12-01", "2023-02-28"), ("2023", "2023-01-01", "2023-12-31"), ("198", "1980-01-01", "1989-12-31"),
    ("20", "2000-01-01", "2099-12-31"), ("2023-09-16T14:00", "2023-09-16", "2023-09-16"),
])
def test_calendar_intervals(value, first, last):
    assert calendar_interval(value) == (datetime.date.fromisoformat(first), datetime.date.fromisoformat(last))


@pytest.mark.parametrize("value", ["PRESENT_REF", "PAST_REF", "P1D", "2023-13", "2023-W54", None])
def test_values_off_the_calendar_have_no_interval(value):
    assert calendar_interval(value) is None


@pytest.mark.parametrize("freq, valid", [("1X", True), ("2D", True), ("XW", True), ("1TH", True), ("twice", False),
                                         ("X2", False), ("2", False), ("P1D", False)])
def test_frequency_form(freq, valid):
    assert bool(FREQUENCY.match(freq)) == valid
