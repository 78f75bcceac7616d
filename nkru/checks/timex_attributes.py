"""Checks over the TimeML attributes of the `dates` table (ANNOTATION_GUIDELINES.md, "TimeML
attributes"): temporalFunction and valueFromFunction, the anchor, begin and end points as TIMEX3
ids (the document creation time being `<doc_id>-t0`), and a SET's quant and freq.

Anchors and points forming a cycle are `timex_anchor_cycle`'s (nkru/checks/dates.py)."""

from __future__ import annotations

from collections.abc import Iterator

from nkru.checks.dates import timex_ids_by_doc
from nkru.checks.findings import Finding, needs
from nkru.corpus import Corpus
from nkru.schema import DCT_ANCHOR, TIMEX_QUANTS, TIMEX_VALUE_FUNCTIONS, dct_timex_id
from nkru.timex import FREQUENCY, calendar_interval, value_from_function

POINT_COLUMNS = ("anchor_timex_id", "begin_point", "end_point")


def _finding(name, timex, message, value):
    return Finding(name, "dates", timex.doc_id, timex.timex_id, message, value)


def _type(corpus, timex):
    return corpus.label_name("dates", "type", timex.type)


def _point_values(corpus: Corpus) -> dict[str, str]:
    """TIMEX3 id -> its value: every timex's, and every document's creation time (its dct)."""
    values = {dct_timex_id(document.doc_id): document.dct for document in corpus.documents}
    values.update((timex.timex_id, timex.value) for timex in corpus.timexes)
    return values


def document_dct_timex_id(corpus: Corpus) -> Iterator[Finding]:
    """Each document names its creation-time TIMEX3 `<doc_id>-t0`."""
    for document in corpus.documents:
        if document.dct_timex_id != dct_timex_id(document.doc_id):
            yield Finding("document_dct_timex_id", "documents", document.doc_id, document.doc_id,
                          f"the creation-time TIMEX3 id must be {dct_timex_id(document.doc_id)!r}",
                          document.dct_timex_id)


def timex_temporal_function(corpus: Corpus) -> Iterator[Finding]:
    """A DATE or TIME is a temporal function exactly when it has an anchor; a DURATION or a SET never
    is one (its value is what it writes; a duration's anchoring is its begin and end points)."""
    for timex in corpus.timexes:
        timex_type = _type(corpus, timex)
        if timex_type in ("DATE", "TIME") and timex.temporal_function != (timex.anchor is not None):
            yield _finding("timex_temporal_function", timex, "temporal_function must be true exactly when the "
                           "timex has an anchor", (timex.temporal_function, timex.anchor))
        elif timex_type in ("DURATION", "SET") and timex.temporal_function:
            yield _finding("timex_temporal_function", timex, f"a {timex_type} is never a temporal function",
                           timex.temporal_function)


@needs("dates", "documents")
def timex_value_from_function(corpus: Corpus) -> Iterator[Finding]:
    """Every temporal function names its rule, which computes its value from its anchor's value
    (nkru.timex.VALUE_FUNCTIONS); nothing else names one."""
    values = _point_values(corpus)
    for timex in corpus.timexes:
        rule = timex.value_from_function
        if rule is None:
            if timex.temporal_function:
                yield _finding("timex_value_from_function", timex, "a temporal function needs value_from_function",
                               rule)
            continue
        if not timex.temporal_function:
            yield _finding("timex_value_from_function", timex, "value_from_function is set on a timex that is no "
                           "temporal function", rule)
        elif rule not in TIMEX_VALUE_FUNCTIONS:
            yield _finding("timex_value_from_function", timex,
                           f"value_from_function is not one of {list(TIMEX_VALUE_FUNCTIONS)}", rule)
        elif timex.anchor_timex_id in values:
            anchor_value = values[timex.anchor_timex_id]
            computed = value_from_function(rule, anchor_value, timex.text)
            if computed != timex.value:
                yield _finding("timex_value_from_function", timex,
                               f"{rule} of the anchor's value {anchor_value} gives {computed}, not the value",
                               timex.value)


def timex_point_ids(corpus: Corpus) -> Iterator[Finding]:
    """anchor_timex_id is the anchor as a TIMEX3 id; it, begin_point and end_point name another
    timex of the same document or the document's creation time."""
    ids_by_doc = timex_ids_by_doc(corpus)
    for timex in corpus.timexes:
        expected = dct_timex_id(timex.doc_id) if timex.anchor == DCT_ANCHOR else timex.anchor
        if timex.anchor_timex_id != expected:
            yield _finding("timex_point_ids", timex, f"anchor_timex_id must be the anchor {timex.anchor!r} as a "
                           f"TIMEX3 id, {expected!r}", timex.anchor_timex_id)
        for column in POINT_COLUMNS:
            point = getattr(timex, column)
            if point is None or point == dct_timex_id(timex.doc_id):
                continue
            if point == timex.timex_id or point not in ids_by_doc[timex.doc_id]:
                yield _finding("timex_point_ids", timex, f"{column} is neither the document's creation time nor "
                               "another timex of the document", point)


@needs("dates", "documents")
def timex_point_order(corpus: Corpus) -> Iterator[Finding]:
    """Begin and end points are on a DURATION only, name calendar values (a day, week, month,
    season, year, decade or century: not PRESENT_REF and the like), and the begin point does not
    come after the end point."""
    values = _point_values(corpus)
    for timex in corpus.timexes:
        points = {column: getattr(timex, column) for column in ("begin_point", "end_point")
                  if getattr(timex, column) is not None}
        if points and _type(corpus, timex) != "DURATION":
            yield _finding("timex_point_order", timex, "begin_point and end_point belong to a DURATION only", points)
        intervals = {}
        for column, point in points.items():
            if point not in values:
                continue  # timex_point_ids reports it
            intervals[column] = calendar_interval(values[point])
            if intervals[column] is None:
                yield _finding("timex_point_order", timex, f"{column} {point} has no calendar value",
                               values[point])
        begin, end = intervals.get("begin_point"), intervals.get("end_point")
        if begin and end and not (begin[0] <= end[0] and begin[1] <= end[1]):
            yield _finding("timex_point_order", timex, "the begin point comes after the end point",
                           (values[points["begin_point"]], values[points["end_point"]]))


def timex_set_attributes(corpus: Corpus) -> Iterator[Finding]:
    """quant and freq are on a SET only; quant is one of TIMEX_QUANTS, freq a count and a unit or X."""
    for timex in corpus.timexes:
        if (timex.quant is not None or timex.freq is not None) and _type(corpus, timex) != "SET":
            yield _finding("timex_set_attributes", timex, "quant and freq belong to a SET only",
                           (timex.quant, timex.freq))
        if timex.quant is not None and timex.quant not in TIMEX_QUANTS:
            yield _finding("timex_set_attributes", timex, f"quant is not one of {list(TIMEX_QUANTS)}", timex.quant)
        if timex.freq is not None and not (isinstance(timex.freq, str) and FREQUENCY.match(timex.freq)):
            yield _finding("timex_set_attributes", timex, "freq is not a count and a unit or X (1X, 2D)", timex.freq)
