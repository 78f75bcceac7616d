"""The authoring format's locator: a span is a quote and the number of its occurrence in a text.

Occurrences are counted among the quote's whole-word matches (a quote that starts or ends with a
letter or digit must not continue a word there), from 1, in text order, and include matches inside
longer mentions: the third `Kim` may be the `Kim` of `Kim Jong-un`.
"""

from __future__ import annotations

import functools
import re

from nkru.errors import SourceError
from nkru.sources.tsv import WHOLE_NUMBER


@functools.cache
def quote_pattern(quote: str) -> re.Pattern[str]:
    before = r"(?<!\w)" if quote[:1].isalnum() else ""
    after = r"(?!\w)" if quote[-1:].isalnum() else ""
    return re.compile(before + re.escape(quote) + after)


# A document's sources name the same quote many times (every `Kim`, every `Russie`); each is
# scanned for once per text. A str caches its hash, so a 5,000-character key costs nothing after
# its first lookup.
@functools.lru_cache(maxsize=4096)
def occurrence_starts(text: str, quote: str) -> tuple[int, ...]:
    """Start offsets of every whole-word occurrence of `quote` in `text`."""
    return tuple(match.start() for match in quote_pattern(quote).finditer(text))


def locate(text: str, quote: str, occurrence: int) -> tuple[int, int] | None:
    """[start, end) of the `occurrence`-th (1-based) occurrence of `quote`, or None if there is none."""
    if not quote or occurrence < 1:
        return None
    starts = occurrence_starts(text, quote)
    return (starts[occurrence - 1], starts[occurrence - 1] + len(quote)) if occurrence <= len(starts) else None


def occurrence_number(text: str, quote: str, start: int) -> int | None:
    """The occurrence number of `quote` at `start`, or None if no whole-word occurrence starts there."""
    starts = occurrence_starts(text, quote)
    return starts.index(start) + 1 if start in starts else None


def locate_in_source(where: str, text: str, quote: str, occurrence: str, what: str = "") -> tuple[int, int]:
    """[start, end) of an editable source's quote and occurrence cell, or a SourceError naming `where`
    (`what` names the span in the message, e.g. "cue ")."""
    if not WHOLE_NUMBER.fullmatch(occurrence):
        raise SourceError(f"{where}: occurrence must be a positive whole number, found {occurrence!r}")
    span = locate(text, quote, int(occurrence))
    if span is None:
        raise SourceError(f"{where}: {what}{quote!r} has no whole-word occurrence number {occurrence}")
    return span
