"""TimeML TIMEX3 values: the grammar of each type, and the calendar arithmetic of relative forms."""

from __future__ import annotations

import datetime
import re

_DATE = r"(\d{4}(-\d{2}(-\d{2})?)?|\d{4}-(SP|SU|FA|WI)|\d{4}-W\d{2}(-WE)?|\d{2,3}|PRESENT_REF|PAST_REF|FUTURE_REF)"
_DURATION = r"P((\d+|X)(Y|M|W|D)|T(\d+|X)(H|M|S))"
# value grammar by TIMEX type (TimeML 1.2.1 §2.2, as used by the French TimeBank).
VALUE_GRAMMAR = {
    "DATE": re.compile(rf"^{_DATE}$"),
    "TIME": re.compile(rf"^({_DATE})?T(\d{{2}}(:\d{{2}})?|MO|AF|EV|NI|DT)$"),
    "DURATION": re.compile(rf"^{_DURATION}$"),
    "SET": re.compile(rf"^({_DURATION}|XXXX(-W?XX)?(-\d{{2}})?(-WE)?|XXXX-WXX-\d)$"),
}
FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
WEEKDAYS = {
    name: number
    for number, names in enumerate([("lundi", "monday"), ("mardi", "tuesday"), ("mercredi", "wednesday"),
                                    ("jeudi", "thursday"), ("vendredi", "friday"), ("samedi", "saturday"),
                                    ("dimanche", "sunday")])
    for name in names
}
MONTHS = {name: number for number, name in enumerate(
    ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
     "décembre"], start=1)}


_CALENDAR_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_CALENDAR_MONTH = re.compile(r"^(\d{4})-(\d{2})(?!\d)")
_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})")
_CLOCK = re.compile(r"T(\d{2})(?::(\d{2}))?$")


def value_matches_type(value: str, timex_type: str) -> bool:
    """Whether `value` is in the grammar of `timex_type` and names a real day, month, week or hour."""
    grammar = VALUE_GRAMMAR.get(timex_type)
    return bool(grammar and value and grammar.match(value)) and _on_the_calendar(value)


def _on_the_calendar(value: str) -> bool:
    try:
        if day := _CALENDAR_DAY.match(value):
            datetime.date(*map(int, day.groups()))
        elif month := _CALENDAR_MONTH.match(value):
            datetime.date(int(month.group(1)), int(month.group(2)), 1)
        elif week := _ISO_WEEK.match(value):
            datetime.date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
    except ValueError:
        return False
    clock = _CLOCK.search(value)
    return not clock or (int(clock.group(1)) <= 24 and int(clock.group(2) or 0) <= 59)


def weekday_named(text: str) -> int | None:
    """Monday=0 … Sunday=6 when the expression names a weekday (French or English)."""
    for word in re.findall(r"\w+", text.lower()):
        if word in WEEKDAYS:
            return WEEKDAYS[word]
    return None


def month_named(text: str) -> int | None:
    for word in re.findall(r"\w+", text.lower()):
        if word in MONTHS:
            return MONTHS[word]
    return None


def dct_date(dct: str) -> datetime.date | None:
    return datetime.date.fromisoformat(dct) if dct and FULL_DATE.match(dct) else None


def previous_month(dct: str) -> str:
    year, month = int(dct[:4]), int(dct[5:7])
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


def iso_week(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def last_spring(dct: str) -> str:
    """The spring (March–May) most recently begun before the month of `dct`, as YYYY-SP."""
    year, month = int(dct[:4]), int(dct[5:7])
    return f"{year if month > 5 else year - 1}-SP"


def expected_relative_value(text: str, dct: str) -> str | None:
    """The value a dct-anchored expression must have, where its wording fixes it; else None."""
    lowered = text.lower()
    day = dct_date(dct)
    if "mois dernier" in lowered:
        return previous_month(dct)
    if "début du mois" in lowered or lowered in {"ce mois", "ce mois-ci"}:
        return dct[:7]
    if "printemps dernier" in lowered:
        return last_spring(dct)
    if day and lowered == "cette semaine":
        return iso_week(day)
    if day and lowered == "ce week-end":
        return iso_week(day) + "-WE"
    return None


def weekday_window(text: str, dct: str) -> tuple[datetime.date, datetime.date] | None:
    """The dates a dct-anchored weekday may denote: the 7 days before the dct for `… dernier`,
    otherwise the week around it; None when there is no weekday or no full dct."""
    day = dct_date(dct)
    if day is None or weekday_named(text) is None:
        return None
    if "dernier" in text.lower() or "last" in text.lower():
        return day - datetime.timedelta(days=7), day - datetime.timedelta(days=1)
    return day - datetime.timedelta(days=6), day + datetime.timedelta(days=6)
