"""A French rule-based temporal tagger built on dateparser, the stored baseline of the dates benchmark:

    nkru benchmark --layer dates --model python:benchmarks/date_baseline.py:predict

`predict(text, creation_time)` runs dateparser's `search_dates` over the text with the document's
creation time as the base of relative expressions, and maps each hit to a TIMEX3: the period
dateparser reads (year, month, week, day, time) gives the value's granularity, and a time of day
makes it a TIME. dateparser finds dates only: durations, sets and the PRESENT_REF/PAST_REF values
of TimeML are out of its reach, which README's error analysis shows.
"""

from __future__ import annotations

import datetime
from importlib.metadata import PackageNotFoundError, version


def _dateparser_version() -> str:
    try:
        return version("dateparser")
    except PackageNotFoundError:
        return "not installed"


__version__ = f"1.0 (dateparser {_dateparser_version()})"

LANGUAGES = ["fr"]
MIN_CHARACTERS = 3  # dateparser reads the possessive "sa" as samedi


def _base(creation_time: str) -> datetime.datetime:
    parts = [int(part) for part in creation_time.split("-")] + [1, 1]
    return datetime.datetime(parts[0], parts[1], parts[2])


def _value(moment: datetime.datetime, period: str) -> tuple[str, str]:
    if period == "year":
        return "DATE", f"{moment.year:04d}"
    if period == "month":
        return "DATE", f"{moment.year:04d}-{moment.month:02d}"
    if period == "week":
        year, week, _ = moment.isocalendar()
        return "DATE", f"{year:04d}-W{week:02d}"
    if period == "time":
        return "TIME", moment.strftime("%Y-%m-%dT%H:%M")
    return "DATE", moment.strftime("%Y-%m-%d")


def predict(text: str, creation_time: str) -> list[dict]:
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": _base(creation_time), "RETURN_TIME_AS_PERIOD": True,
                "PREFER_DATES_FROM": "past"}
    hits = search_dates(text, languages=LANGUAGES, settings=settings) or []
    parser = DateDataParser(languages=LANGUAGES, settings=settings)
    spans, cursor = [], 0
    for surface, moment in hits:
        start = text.find(surface, cursor)
        if start < 0 or len(surface.strip()) < MIN_CHARACTERS:
            continue
        cursor = start + len(surface)
        period = parser.get_date_data(surface).period or "day"
        timex_type, value = _value(moment, period)
        spans.append({"start": start, "end": start + len(surface), "type": timex_type, "value": value, "mod": None})
    return spans
