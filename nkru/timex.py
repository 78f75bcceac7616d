"""TimeML TIMEX3 values: the grammar of each type, and the calendar arithmetic of relative forms."""

from __future__ import annotations

import datetime
import functools
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


# Seasons as TimeML names them, with their first and last month (northern hemisphere).
SEASONS = {**dict.fromkeys(("printemps", "spring"), "SP"), **dict.fromkeys(("été", "summer"), "SU"),
           **dict.fromkeys(("automne", "autumn", "fall"), "FA"), **dict.fromkeys(("hiver", "winter"), "WI")}
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
# A SET's `freq`: a count (or X) and a unit, or X for "times" (`1X` once, `2D` every two days).
FREQUENCY = re.compile(r"^(\d+|X)(X|[YMWD]|T[HMS])$")
_SEASON_VALUE = re.compile(r"^(\d{4})-(SP|SU|FA|WI)$")
_WEEKEND_VALUE = re.compile(r"^(\d{4})-W(\d{2})-WE$")
_YEAR_VALUE = re.compile(r"^(\d{4})$")
_DECADE_VALUE = re.compile(r"^(\d{3})$")
_CENTURY_VALUE = re.compile(r"^(\d{2})$")
_CALENDAR_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_CALENDAR_MONTH = re.compile(r"^(\d{4})-(\d{2})(?!\d)")
_ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})")
_CLOCK = re.compile(r"T(\d{2})(?::(\d{2}))?$")


@functools.lru_cache(maxsize=65536)
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


@functools.lru_cache(maxsize=65536)
def weekday_named(text: str) -> int | None:
    """Monday=0 … Sunday=6 when the expression names a weekday (French or English)."""
    for word in re.findall(r"\w+", text.lower()):
        if word in WEEKDAYS:
            return WEEKDAYS[word]
    return None


@functools.lru_cache(maxsize=65536)
def month_named(text: str) -> int | None:
    for word in re.findall(r"\w+", text.lower()):
        if word in MONTHS:
            return MONTHS[word]
    return None


@functools.lru_cache(maxsize=65536)
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


def previous_season(anchor: str, season: str) -> str:
    """The season `season` (SP, SU, FA, WI) that last ended before the month of `anchor`, as
    YYYY-<season>; a winter is named by the year of its December."""
    year, month = int(anchor[:4]), int(anchor[5:7])
    first, last = SEASON_MONTHS[season]
    if season == "WI":
        return f"{year - 1 if month > last else year - 2}-WI"
    return f"{year if month > last else year - 1}-{season}"


@functools.lru_cache(maxsize=65536)
def expected_relative_value(text: str, dct: str) -> str | None:
    """The value a dct-anchored expression must have, where its wording fixes it; else None."""
    lowered = text.lower()
    day = calendar_day(dct)
    if "mois dernier" in lowered:
        return previous_month(dct)
    if "début du mois" in lowered or lowered in {"ce mois", "ce mois-ci"}:
        return dct[:7]
    if "printemps dernier" in lowered:
        return previous_season(dct, "SP")
    if day and lowered == "cette semaine":
        return iso_week(day)
    if day and lowered == "ce week-end":
        return iso_week(day) + "-WE"
    return None


@functools.lru_cache(maxsize=65536)
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
    return list(_written_value_conflicts(text, timex_type, value))


# A corpus repeats its expressions (`jeudi`, `2023`, `mois dernier`) with the same values: the pure
# functions of an expression's words and values are computed once per distinct combination.
@functools.lru_cache(maxsize=65536)
def _written_value_conflicts(text: str, timex_type: str, value: str) -> tuple[str, ...]:
    lowered = text.lower()
    if timex_type == "DURATION":
        return tuple(_duration_conflicts(lowered, value))
    leading_digits = re.match(r"[0-9]+", value)
    if timex_type not in ("DATE", "TIME") or leading_digits is None or leading_digits.end() < 2:
        return ()
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
    return tuple(conflicts)


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


def season_named(text: str) -> str | None:
    for word in re.findall(r"\w+", text.lower()):
        if word in SEASONS:
            return SEASONS[word]
    return None


# The rules of TimeML's valueFromFunction used in this corpus: rule -> (the anchor's value, the
# expression's text) -> the value, or None where the anchor's value is too coarse for the rule or
# the text names nothing the rule needs (a weekday, a month, a season).
def _same_day(anchor: str, text: str) -> str | None:
    day = calendar_day(anchor)
    return None if day is None else day.isoformat()


def _weekday_before(anchor: str, text: str) -> str | None:
    day, weekday = calendar_day(anchor), weekday_named(text)
    if day is None or weekday is None:
        return None
    return (day - datetime.timedelta(days=(day.weekday() - weekday) % 7 or 7)).isoformat()


def _month_of_anchor_year(anchor: str, text: str) -> str | None:
    month = month_named(text)
    if month is None or not _YEAR_WORD.match(anchor[:4]):
        return None
    day = _day_of_month(text.lower())
    return f"{anchor[:4]}-{month:02d}" + ("" if day is None else f"-{day:02d}")


def _anchor_month(anchor: str, text: str) -> str | None:
    return anchor[:7] if _CALENDAR_MONTH.match(anchor) else None


def _previous_month(anchor: str, text: str) -> str | None:
    return previous_month(anchor) if _CALENDAR_MONTH.match(anchor) else None


def _previous_season(anchor: str, text: str) -> str | None:
    season = season_named(text)
    return previous_season(anchor, season) if season and _CALENDAR_MONTH.match(anchor) else None


def _anchor_week(anchor: str, text: str) -> str | None:
    day = calendar_day(anchor)
    return None if day is None else iso_week(day)


def _anchor_weekend(anchor: str, text: str) -> str | None:
    day = calendar_day(anchor)
    return None if day is None else f"{iso_week(day)}-WE"


def _anchor_century(anchor: str, text: str) -> str | None:
    return anchor[:2] if _YEAR_WORD.match(anchor[:4]) else None


VALUE_FUNCTIONS = {
    "same_day": _same_day,
    "weekday_before": _weekday_before,
    "month_of_anchor_year": _month_of_anchor_year,
    "anchor_month": _anchor_month,
    "previous_month": _previous_month,
    "previous_season": _previous_season,
    "anchor_week": _anchor_week,
    "anchor_weekend": _anchor_weekend,
    "anchor_century": _anchor_century,
    "past_ref": lambda anchor, text: "PAST_REF",
    "present_ref": lambda anchor, text: "PRESENT_REF",
}


@functools.lru_cache(maxsize=65536)
def value_from_function(rule: str, anchor_value: str, text: str) -> str | None:
    """The value the rule `rule` computes from the anchor's value for an expression written `text`
    (None where it cannot: a coarse anchor, nothing named for the rule, an unknown rule)."""
    function = VALUE_FUNCTIONS.get(rule)
    if function is None or not isinstance(anchor_value, str) or not isinstance(text, str):
        return None
    try:
        return function(anchor_value, text)
    except (ValueError, OverflowError):  # an anchor at the edge of the calendar, or not on it
        return None


@functools.lru_cache(maxsize=65536)
def calendar_interval(value: str) -> tuple[datetime.date, datetime.date] | None:
    """The first and last day a DATE value (or a TIME value's date) covers: a day, ISO week or
    weekend, month, season, year, decade or century; None for PRESENT_REF and the like, or for a
    value not on the calendar."""
    if not isinstance(value, str):
        return None
    try:
        if day := _CALENDAR_DAY.match(value):
            first = datetime.date(*map(int, day.groups()))
            return first, first
        if weekend := _WEEKEND_VALUE.match(value):
            saturday = datetime.date.fromisocalendar(int(weekend.group(1)), int(weekend.group(2)), 6)
            return saturday, saturday + datetime.timedelta(days=1)
        if week := _ISO_WEEK.match(value):
            monday = datetime.date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
            return monday, monday + datetime.timedelta(days=6)
        if month := _CALENDAR_MONTH.match(value):
            year, number = int(month.group(1)), int(month.group(2))
            following = datetime.date(year + number // 12, number % 12 + 1, 1)
            return datetime.date(year, number, 1), following - datetime.timedelta(days=1)
        if season := _SEASON_VALUE.match(value):
            year, (first, last) = int(season.group(1)), SEASON_MONTHS[season.group(2)]
            end_year = year + 1 if last < first else year
            following = datetime.date(end_year + last // 12, last % 12 + 1, 1)
            return datetime.date(year, first, 1), following - datetime.timedelta(days=1)
        for pattern, width in ((_YEAR_VALUE, 1), (_DECADE_VALUE, 10), (_CENTURY_VALUE, 100)):
            if whole := pattern.match(value):
                first_year = int(whole.group(1)) * width
                return datetime.date(max(first_year, 1), 1, 1), datetime.date(first_year + width - 1, 12, 31)
    except (ValueError, OverflowError):
        return None
    return None
