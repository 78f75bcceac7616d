"""Sentences, tokens, and the lossless conversion between character spans and IOB2 tags.

The tokenizer is a documented regular expression rather than spaCy's French rules, so that the
build needs no spaCy and its output cannot change with a spaCy release. A token is, in order:
- a French elided clitic with its apostrophe (`l'`, `d’`, `qu’`, `jusqu'`, `C’` …), kept whole
  as spaCy's French tokenizer does;
- an English possessive `'s` / `’s` (`Russia's`, `King’s`);
- a word: letters and digits, with inner hyphens kept (`Jong-un`, `nord-coréenne`, `Hwasong-17`,
  `Komsomolsk-sur-Amour`, `week-end`, `2023-09`);
- any other single non-space character (punctuation, quotation marks, `@`, `/`).
Whitespace never forms a token. Sentences end at a line break, or after `.`, `!`, `?` or `…`
(with any closing quotation marks or brackets, French spacing allowed) followed by whitespace, unless the word before the
full stop is an abbreviation (`M.`); every gold mention lies within one sentence (a test checks).
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from nkru.errors import SourceError
from nkru.schema import OUTSIDE_TAG

TOKEN = re.compile(
    r"(?i:\b(?:jusqu|lorsqu|puisqu|quoiqu|qu|[cdjlmnst]))['’](?=\w)"
    r"|['’]s\b"
    r"|\w+(?:-\w+)*"
    r"|[^\w\s]"
)
# A token with the whitespace before it: the lengths of these matches add up to each token's end
# offset, because only whitespace lies between tokens (every other character starts a token).
SPACED_TOKEN = re.compile(r"\s*(?:" + TOKEN.pattern + ")")
# The characters `\s` matches in a str pattern (str.isspace); there are none above U+3000.
WHITESPACE = "".join(chr(code) for code in range(0x3001) if chr(code).isspace())
# French typography puts a space before a closing guillemet: "« Oui. » Fin" ends after the ».
SENTENCE_END = re.compile(r"[.!?…]+(?:\s?[»”\"'’)\]])*(?=\s)")
ABBREVIATIONS = frozenset({"M", "Mme", "Mlle", "MM", "Dr", "Pr", "St", "Ste", "av", "J.-C"})
OUTSIDE = OUTSIDE_TAG


def tokenize(text: str) -> list[tuple[int, int]]:
    """[start, end) of every token of `text`, in order."""
    return [match.span() for match in TOKEN.finditer(text)]


def token_arrays(text: str, offset_type=np.int32) -> tuple[pa.StringArray, np.ndarray, np.ndarray]:
    """The tokens of `text` (as `tokenize` finds them) with their start and end offsets, from one
    `findall`: each match is a token with the whitespace before it, so the running sum of the
    match lengths is each token's end. Nothing is made per token in Python."""
    spaced = pa.array(SPACED_TOKEN.findall(text), pa.string())
    tokens = pc.utf8_ltrim(spaced, characters=WHITESPACE)
    ends = np.cumsum(pc.utf8_length(spaced).to_numpy(), dtype=offset_type)
    starts = ends - pc.utf8_length(tokens).to_numpy().astype(offset_type)
    return tokens, starts, ends


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    """[start, end) of every sentence of `text`, trimmed of surrounding whitespace, in order."""
    cuts = [0]
    for line in re.finditer(r"\n+", text):
        cuts.append(line.end())
    for end in SENTENCE_END.finditer(text):
        if text[end.start()] == "." and _word_before(text, end.start()) in ABBREVIATIONS:
            continue
        cuts.append(end.end())
    bounds = []
    for start, end in zip(sorted(set(cuts)), sorted(set(cuts))[1:] + [len(text)]):
        segment = text[start:end]
        if segment.strip():
            left = start + len(segment) - len(segment.lstrip())
            bounds.append((left, start + len(segment.rstrip())))
    return bounds


def _is_word_character(character: str) -> bool:
    return character.isalnum() or character == "_"  # what `\w` matches in a str pattern


WORD_AT_END = re.compile(r"(\w+)\W*$")
WORD_WINDOW = 16


def _word_before(text: str, position: int) -> str | None:
    r"""The last run of word characters in text[:position + 1]: what re.search(r"(\w+)\W*$",
    text[:position + 1]) finds, looking only at the few characters before `position` unless the
    word may be longer than they are."""
    window = max(0, position - WORD_WINDOW)
    match = WORD_AT_END.search(text, window, position + 1)
    if match and (window == 0 or match.start(1) > window):
        return match.group(1)
    return _word_before_scanning(text, position)


def _word_before_scanning(text: str, position: int) -> str | None:
    end = position
    while end >= 0 and not _is_word_character(text[end]):
        end -= 1
    start = end
    while start >= 0 and _is_word_character(text[start]):
        start -= 1
    return text[start + 1:end + 1] if end >= 0 else None


def spans_to_iob(tokens: list[tuple[int, int]], spans: list[tuple[int, int, str]]) -> list[str]:
    """IOB2 tags of `tokens` for non-overlapping labelled character spans that fall on token
    boundaries; raises SourceError naming a span that does not, or that overlaps the one before.
    One walk over the tokens and the sorted spans together, so the cost is tokens + spans."""
    tags = [OUTSIDE] * len(tokens)
    index, previous_end = 0, -1
    for start, end, label in sorted(spans):
        if start < previous_end:
            raise SourceError(f"span {start}:{end} ({label}) overlaps the span before it, which ends at {previous_end}")
        while index < len(tokens) and tokens[index][0] < start:
            index += 1
        first = index
        while index < len(tokens) and tokens[index][1] < end:
            index += 1
        if first == len(tokens) or tokens[first][0] != start or index == len(tokens) or tokens[index][1] != end:
            raise SourceError(f"span {start}:{end} ({label}) does not fall on token boundaries")
        tags[first] = f"B-{label}"
        tags[first + 1:index + 1] = [f"I-{label}"] * (index - first)
        previous_end, index = end, index + 1
    return tags


def iob_to_spans(tokens: list[tuple[int, int]], tags: list[str]) -> list[tuple[int, int, str]]:
    """Character spans from IOB2 tags (an I- that does not continue its type starts a new span)."""
    spans, current = [], None
    for (start, end), tag in zip(tokens, tags):
        if tag.startswith("I-") and current is not None and current[2] == tag[2:]:
            current = (current[0], end, current[2])
            continue
        if current is not None:
            spans.append(current)
            current = None
        if tag != OUTSIDE:
            current = (start, end, tag[2:])
    if current is not None:
        spans.append(current)
    return spans
