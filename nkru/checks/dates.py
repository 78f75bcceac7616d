"""Checks over the `dates` table: TIMEX3 inventories, value grammar, calendar coherence, extents,
anchors, and the document creation times."""

from __future__ import annotations

import re
from collections.abc import Iterator

from nkru.checks.findings import Finding, needs
from nkru.corpus import Corpus
from nkru.schema import DCT_ANCHOR, TIMEX_MODS
from nkru.sources.documents import DCT_FORMAT
from nkru.timex import (
    calendar_day,
    expected_relative_value,
    month_named,
    value_matches_type,
    weekday_named,
    weekday_window,
    written_value_conflicts,
)

# Leading words that the extent leaves out (ANNOTATION_SPEC.md §3): prepositions and articles.
LEADING_FUNCTION_WORDS = re.compile(
    r"^(le|la|les|l'|l’|au|aux|du|des|de|d'|d’|en|à|dans|depuis|pendant|vers|avant|après|sur|par|pour|on|in|the)(\s|$)",
    re.IGNORECASE,
)


def _finding(name, timex, message, value):
    return Finding(name, "dates", timex.doc_id, timex.timex_id, message, value)


def _name(corpus, column, timex):
    return corpus.label_name("dates", column, getattr(timex, column))


def _dcts(corpus: Corpus) -> dict[str, str]:
    return {row.doc_id: row.dct for row in corpus.documents}


def document_dct(corpus: Corpus) -> Iterator[Finding]:
    for row in corpus.documents:
        if not row.dct or not DCT_FORMAT.match(row.dct) or not row.dct_evidence:
            yield Finding("document_dct", "documents", row.doc_id, row.doc_id,
                          "every document needs a dct (YYYY-MM or YYYY-MM-DD) and its evidence", row.dct)
        elif row.dct_header and not row.dct.startswith(row.dct_header):
            yield Finding("document_dct", "documents", row.doc_id, row.doc_id,
                          f"dct disagrees with the date header {row.dct_header!r}", row.dct)


def timex_inventory(corpus: Corpus) -> Iterator[Finding]:
    for timex in corpus.timexes:
        for column in ("type", "function"):
            if _name(corpus, column, timex) is None:
                yield _finding("timex_inventory", timex, f"{column} is outside its label set",
                               getattr(timex, column))
        if timex.mod is not None and timex.mod not in TIMEX_MODS:
            yield _finding("timex_inventory", timex, "mod is outside its closed set", timex.mod)


def timex_value_grammar(corpus: Corpus) -> Iterator[Finding]:
    for timex in corpus.timexes:
        timex_type = _name(corpus, "type", timex)
        if timex_type is not None and not value_matches_type(timex.value, timex_type):
            yield _finding("timex_value_grammar", timex, f"value is not a TimeML {timex_type} value", timex.value)


def timex_weekday(corpus: Corpus) -> Iterator[Finding]:
    for timex in corpus.timexes:
        weekday = weekday_named(timex.text)
        day = calendar_day(timex.value)
        if weekday is not None and day is not None:
            actual = day.weekday()
            if actual != weekday:
                yield _finding("timex_weekday", timex, f"{timex.text!r} is normalised to a date that is not that "
                               "weekday", timex.value)


def timex_relative_to_dct(corpus: Corpus) -> Iterator[Finding]:
    """A dct-anchored value agrees with the dct where the wording fixes it (`mois dernier`,
    `cette semaine`, `ce week-end`, `printemps dernier`, a weekday, a month name)."""
    dcts = _dcts(corpus)
    for timex in corpus.timexes:
        dct = dcts.get(timex.doc_id)
        if timex.anchor != DCT_ANCHOR or not dct:
            continue
        expected = expected_relative_value(timex.text, dct)
        if expected is not None and timex.value != expected:
            yield _finding("timex_relative_to_dct", timex, f"relative to dct {dct} this should be {expected}",
                           timex.value)
            continue
        window = weekday_window(timex.text, dct)
        day = calendar_day(timex.value)
        if window and day is not None:
            if not window[0] <= day <= window[1]:
                yield _finding("timex_relative_to_dct", timex,
                               f"relative to dct {dct} this weekday must fall in {window[0]}..{window[1]}", timex.value)
        month = month_named(timex.text)
        if month is not None and re.match(r"^\d{4}-\d{2}", timex.value or ""):
            if int(timex.value[5:7]) != month or timex.value[:4] != _nearest_year(month, dct):
                yield _finding("timex_relative_to_dct", timex,
                               f"month {month} nearest to dct {dct} is in {_nearest_year(month, dct)}", timex.value)


def _nearest_year(month: int, dct: str) -> str:
    year, dct_month = int(dct[:4]), int(dct[5:7])
    return str(min((year - 1, year, year + 1), key=lambda candidate: abs((candidate - year) * 12 + month - dct_month)))


def timex_extent(corpus: Corpus) -> Iterator[Finding]:
    for timex in corpus.timexes:
        if LEADING_FUNCTION_WORDS.match(timex.text):
            yield _finding("timex_extent", timex, "extent starts with a preposition or an article", timex.text)


def timex_ids_by_doc(corpus: Corpus) -> dict[str, set[str]]:
    """doc_id -> the ids of its timexes: what an anchor or a point may name besides the dct."""
    ids_by_doc: dict[str, set[str]] = {}
    for timex in corpus.timexes:
        ids_by_doc.setdefault(timex.doc_id, set()).add(timex.timex_id)
    return ids_by_doc


def timex_anchor(corpus: Corpus) -> Iterator[Finding]:
    ids_by_doc = timex_ids_by_doc(corpus)
    for timex in corpus.timexes:
        anchor = timex.anchor
        if anchor not in (None, DCT_ANCHOR) and (anchor == timex.timex_id or anchor not in ids_by_doc[timex.doc_id]):
            yield _finding("timex_anchor", timex, "anchor is neither the dct nor another timex of the document", anchor)


@needs("dates", "documents")
def timex_creation_time(corpus: Corpus) -> Iterator[Finding]:
    """A date header is one CREATION_TIME timex with the header's value; nothing else is one."""
    headers = {row.doc_id: row for row in corpus.documents if row.dct_header}
    creation = {}
    for timex in corpus.timexes:
        if _name(corpus, "function", timex) == "CREATION_TIME":
            creation.setdefault(timex.doc_id, []).append(timex)
    for doc_id, document in headers.items():
        found = creation.get(doc_id, [])
        header_start = document.text.find(document.dct_header)
        if len(found) != 1 or found[0].start != header_start or found[0].value != document.dct_header:
            yield Finding("timex_creation_time", "dates", doc_id, found[0].timex_id if found else "",
                          f"the date header {document.dct_header!r} needs exactly one CREATION_TIME timex at "
                          f"offset {header_start} with that value", [(t.start, t.value) for t in found])
    for doc_id, found in creation.items():
        if doc_id not in headers:
            for timex in found:
                yield _finding("timex_creation_time", timex, "CREATION_TIME timex in a document without a date header",
                               timex.text)


def timex_value_words(corpus: Corpus) -> Iterator[Finding]:
    """The value agrees with what the expression writes: its year, ISO date, month name (French or
    English), day of the month, and a duration's count and unit."""
    for timex in corpus.timexes:
        timex_type = _name(corpus, "type", timex)
        for conflict in written_value_conflicts(timex.text, timex_type, timex.value):
            yield _finding("timex_value_words", timex, f"{conflict}, the value says otherwise", timex.value)


def timex_overlap(corpus: Corpus) -> Iterator[Finding]:
    """No timex repeats or lies inside another one of its document (TIMEX3 tags do not nest)."""
    for doc_id, timexes in corpus.rows_by_doc("dates").items():
        spans = sorted((timex.start, timex.end, timex.timex_id) for timex in timexes
                       if isinstance(timex.start, int) and isinstance(timex.end, int))
        widest = None
        for start, end, timex_id in spans:
            if widest is not None and start < widest[1]:
                kind = "repeats" if (start, end) == widest[:2] else "overlaps or nests in"
                yield Finding("timex_overlap", "dates", doc_id, timex_id, f"extent {kind} {widest[2]}",
                              (start, end))
            if widest is None or end > widest[1]:
                widest = (start, end, timex_id)


def timex_anchor_cycle(corpus: Corpus) -> Iterator[Finding]:
    """Following anchors (`anchor`, `anchor_timex_id`) and begin and end points from any timex ends
    at the dct or at a timex with none, never in a loop."""
    targets, doc_of = {}, {}
    for timex in corpus.timexes:
        points = []
        for point in (timex.anchor, timex.anchor_timex_id, timex.begin_point, timex.end_point):
            if point is not None and point not in points:
                points.append(point)
        targets[timex.timex_id] = points
        doc_of[timex.timex_id] = timex.doc_id
    state = {}  # a timex on the path being walked: "open"; one all of whose points were walked: "done"
    for root in targets:
        if root in state:
            continue
        state[root], path, stack = "open", [root], [iter(targets[root])]
        while stack:
            target = next(stack[-1], None)
            if target is None:
                state[path.pop()] = "done"
                stack.pop()
            elif state.get(target) == "open":
                cycle = path[path.index(target):]
                yield Finding("timex_anchor_cycle", "dates", doc_of[target], min(cycle),
                              "anchors and begin/end points form a cycle", " -> ".join([*cycle, target]))
            elif target in targets and target not in state:
                state[target] = "open"
                path.append(target)
                stack.append(iter(targets[target]))
