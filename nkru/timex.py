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
MONTHS = {name: number for names in (
    ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
     "décembre"],
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
     "december"]) for number, name in enumerate(names, start=1)}
# Counts written as words in durations (`un an`, `deux semaines`, `one day`).
NUMBER_WORDS = {name: number for number, names in enumerate(
    [(), ("un", "une", "one"), ("deux", "two"), ("trois", "three"), ("quatre", "four"), ("cinq", "five"),
     ("six",), ("sept", "seven"), ("huit", "eight"), ("neuf", "nine"), ("dix", "ten")]) for name in names}
# Counts that TimeML writes X (`plusieurs jours` is PXD).
VAGUE_COUNT_WORDS = frozenset({"plusieurs", "quelques", "derniers", "dernières", "several", "few", "some"})
# Duration units as written -> the TIMEX3 unit letter (with T for clock units).
DURATION_UNITS = {
    **dict.fromkeys(("an", "ans", "année", "années", "year", "years"), "Y"),
    **dict.fromkeys(("mois", "month", "months"), "M"),
    **dict.fromkeys(("semaine", "semaines", "week", "weeks"), "W"),
    **dict.fromkeys(("jour", "jours", "journée", "journées", "day", "days"), "D"),
    **dict.fromkeys(("heure", "heures", "hour", "hours"), "TH"),
    **dict.fromkeys(("minute", "minutes"), "TM"),
}
_YEAR_WORD = re.compile(r"(?<![\w-])(1\d{3}|20\d{2})(?![\w-])")
_ISO_TEXT = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
_DAY_BEFORE_MONTH = re.compile(r"(?<!\d)(\d{1,2})(?:er)?\s+([^\W\d_]+)")
_DAY_AFTER_MONTH = re.compile(r"([^\W\d_]+)\s+(\d{1,2})(?:st|nd|rd|th)?(?!\d)")
_DURATION_VALUE = re.compile(r"^P(T?)(\d+|X)([YMWDHS])$")


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


def calendar_day(value: str) -> datetime.date | None:
    """The day a full-date value (a dct, a TIMEX3 value) names; None for a month or anything else,
    or for no real day (document_dct and timex_value_grammar report those)."""
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) and FULL_DATE.match(value) else None
    except ValueError:
        return None


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
    day = calendar_day(dct)
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
    day = calendar_day(dct)
    if day is None or weekday_named(text) is None:
        return None
    try:
        if "dernier" in text.lower() or "last" in text.lower():
            return day - datetime.timedelta(days=7), day - datetime.timedelta(days=1)
        return day - datetime.timedelta(days=6), day + datetime.timedelta(days=6)
    except OverflowError:  # a dct at the very edge of the calendar: no week around it to judge
        return None


def written_value_conflicts(text: str, timex_type: str, value: str) -> list[str]:
    """How `value` contradicts what the expression itself writes: a year, an ISO date, a month
    name (French or English), a day of the month next to a month name, or a duration's count and
    unit. Only what the words fix is compared; an empty list when nothing contradicts."""
    if not isinstance(text, str) or not isinstance(value, str):
        return []
    lowered = text.lower()
    if timex_type == "DURATION":
        return _duration_conflicts(lowered, value)
    leading_digits = re.match(r"[0-9]+", value)
    if timex_type not in ("DATE", "TIME") or leading_digits is None or leading_digits.end() < 2:
        return []
    conflicts = []
    if _ISO_TEXT.match(text) and not value.startswith(text):
        conflicts.append(f"the expression is the date {text}")
    for year in _YEAR_WORD.findall(text):
        leading = leading_digits.group()[:4]
        if not year.startswith(leading):
            conflicts.append(f"the expression writes the year {year}")
    month = month_named(text)
    calendar_month = _CALENDAR_MONTH.match(value) or _CALENDAR_DAY.match(value)
    if month is not None and calendar_month and int(calendar_month.group(2)) != month:
        conflicts.append(f"the expression names month {month}")
    day = _day_of_month(lowered)
    calendar_day = _CALENDAR_DAY.match(value)
    if day is not None and calendar_day and int(calendar_day.group(3)) != day:
        conflicts.append(f"the expression writes day {day} of the month")
    return conflicts


def _day_of_month(lowered: str) -> int | None:
    """The day written next to a month name: `12 juillet`, `1er août`, `July 28`."""
    for number, word in _DAY_BEFORE_MONTH.findall(lowered):
        if word in MONTHS:
            return int(number)
    for word, number in _DAY_AFTER_MONTH.findall(lowered):
        if word in MONTHS:
            return int(number)
    return None


def _duration_conflicts(lowered: str, value: str) -> list[str]:
    match = _DURATION_VALUE.match(value)
    if not match:
        return []
    clock, amount, letter = match.groups()
    words = re.findall(r"\w+", lowered)
    units = [DURATION_UNITS[word] for word in words if word in DURATION_UNITS]
    conflicts = []
    if units and units[-1] != f"{clock}{letter}":
        conflicts.append(f"the expression counts in {units[-1]}")
    counts = [int(word) if word.isdigit() else NUMBER_WORDS[word] for word in words
              if word.isdigit() or word in NUMBER_WORDS]
    if counts and str(counts[0]) != amount:
        conflicts.append(f"the expression counts {counts[0]}")
    elif not counts and amount != "X" and VAGUE_COUNT_WORDS.intersection(words):
        conflicts.append("the expression's count is vague (X)")
    return conflicts
