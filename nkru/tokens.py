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
from nkru.text_arrays import TextArrays

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


CLITIC = re.compile(r"(?i:jusqu|lorsqu|puisqu|quoiqu|qu|[cdjlmnst])")
APOSTROPHES = (ord("'"), ord("’"))


def token_offsets(arrays: TextArrays) -> tuple[np.ndarray, np.ndarray]:
    """The [start, end) offsets `tokenize` finds, from the text's arrays rather than a regex scan,
    which costs seconds at x1000 the corpus (tests/test_tokens.py holds the two to the same output).

    Whitespace separates tokens and every other character is in one. A run of word characters
    begins a token unless a hyphen joins it to the run before (`Jong-un`), or it is the `s` of
    an `'s` whose apostrophe begins a token; a run that is a clitic followed by an apostrophe and
    a word character takes the apostrophe (`l'`). Whether a run begins a token can depend on the
    run before, through the chain hyphen, possessive, clitic: the few runs with a hyphen or an
    apostrophe just before them are decided in order, the others at once."""
    codes, word, length = arrays.codes, arrays.word, len(arrays.codes)
    run_starts, run_ends = arrays.word_runs
    count = len(run_starts)
    apostrophe = (codes == APOSTROPHES[0]) | (codes == APOSTROPHES[1])
    # The run before ends one character before this one: what separates them is that character.
    adjacent = np.zeros(count, dtype=bool)
    adjacent[1:] = run_ends[:-1] == run_starts[1:] - 1
    before = codes[np.maximum(run_starts - 1, 0)]
    hyphen_after_run = adjacent & (before == ord("-"))
    lone_s = (run_ends - run_starts == 1) & (codes[run_starts] == ord("s")) & (run_starts > 0) & apostrophe[
        np.maximum(run_starts - 1, 0)]
    followed = np.flatnonzero((run_ends < length - 1) & apostrophe[np.minimum(run_ends, length - 1)]
                              & word[np.minimum(run_ends + 1, length - 1)])
    clitic = np.zeros(count, dtype=bool)
    clitic[followed] = [CLITIC.fullmatch(arrays.text, start, end) is not None
                        for start, end in zip(run_starts[followed].tolist(), run_ends[followed].tolist())]
    joined, possessive = hyphen_after_run.copy(), lone_s.copy()
    for index in np.flatnonzero(hyphen_after_run | lone_s).tolist():
        if hyphen_after_run[index]:
            joined[index] = not possessive[index - 1]
        else:  # the apostrophe begins a token unless a clitic token before it takes it
            possessive[index] = not (adjacent[index] and clitic[index - 1] and not joined[index - 1]
                                     and not possessive[index - 1])
    begins = ~joined & ~possessive
    clitic &= begins
    starts, ends = np.zeros(length + 1, dtype=bool), np.zeros(length + 1, dtype=bool)
    taken = np.zeros(length, dtype=bool)  # punctuation inside a word, clitic or possessive token
    starts[run_starts[begins]] = True
    starts[run_starts[possessive] - 1] = True
    taken[run_starts[joined | possessive] - 1] = True
    taken[run_ends[clitic]] = True
    # A word token ends where the last run joined to it ends; a clitic one after its apostrophe.
    continued = np.zeros(count, dtype=bool)
    continued[:-1] = joined[1:]
    ends[run_ends[~continued & ~clitic]] = True
    ends[run_ends[clitic] + 1] = True
    single = ~word & ~arrays.space & ~taken
    starts[:-1] |= single
    ends[1:] |= single
    return np.flatnonzero(starts), np.flatnonzero(ends)


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


TERMINALS = ".!?…"
CLOSERS = "»”\"'’)]"


def sentence_offsets(arrays: TextArrays, ends_of_texts: np.ndarray) -> np.ndarray:
    """(start, end) rows of what `sentence_bounds` finds in each of several texts joined by one
    character each (`ends_of_texts`: the offsets of those characters, which belong to no text),
    from the arrays rather than Python regex scans and loops, which cost seconds at x1000 the
    corpus (tests/test_tokens.py holds the two to the same output).

    A sentence ends at a line break, or after a run of `.!?…` and its closing marks (each with
    at most one space before it) where whitespace follows within the text: the longest such
    ending. A run that begins with `.` after an abbreviation ends nothing."""
    codes, length = arrays.codes, len(arrays.codes)
    joins = np.zeros(length + 1, dtype=bool)
    joins[ends_of_texts] = True
    # Whitespace that the end of a text does not count as (a text's end is followed by nothing).
    space = np.append(arrays.space & ~joins[:-1], False)
    newline = np.append(codes == ord("\n"), False)
    terminal = arrays.character_class(TERMINALS.__contains__)
    closer = arrays.character_class(CLOSERS.__contains__)
    cuts = [np.zeros(1, np.int64), np.flatnonzero(newline[:-1] & ~newline[1:]) + 1]
    # The end of each run of terminal marks, then the closing marks that may follow it.
    run_ends = np.flatnonzero(terminal[:-1] & ~terminal[1:]) + 1
    run_starts = np.flatnonzero(terminal[:-1] & ~np.concatenate(([False], terminal[:-2]))) if length else run_ends
    best = np.where(space[run_ends], run_ends, -1)
    position = run_ends.copy()
    while len(position):
        step = np.where(closer[position], 1, np.where(space[position] & closer[np.minimum(position + 1, length)], 2, 0))
        going = step > 0
        if not going.any():
            break
        position = position + step
        best = np.where(going & space[position], position, best)
    ended = best >= 0
    after_abbreviation = np.zeros(len(run_starts), dtype=bool)
    dots = np.flatnonzero(ended & (codes[np.minimum(run_starts, length - 1)] == ord(".")))
    if len(dots):
        after_abbreviation[dots] = [word in ABBREVIATIONS for word in _words_before(arrays, run_starts[dots], joins)]
    cuts.append(best[ended & ~after_abbreviation])
    cuts.append(np.flatnonzero(joins) + 1)  # each text begins a sentence search anew
    cuts = np.sort(np.concatenate(cuts))
    cuts = cuts[np.append(cuts[1:] != cuts[:-1], True) & (cuts <= length)]
    return _trimmed(arrays, cuts, np.append(cuts[1:], length))


TRIM_STEPS = 8


def _trimmed(arrays: TextArrays, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The segments [start, end) without the whitespace (str.isspace) at either edge, those left
    empty dropped. A few steps over all the segments at once trim the usual one or two spaces;
    the segments with more are trimmed one at a time."""
    space = arrays.character_class(str.isspace)
    lefts, rights = starts.copy(), ends.copy()
    for _ in range(TRIM_STEPS):
        lefts += (lefts < rights) & space[lefts]
        rights -= (rights > lefts) & space[np.maximum(rights - 1, 0)]
    longer = np.flatnonzero((lefts < rights) & (space[lefts] | space[np.maximum(rights - 1, 0)]))
    for index in longer.tolist():
        segment = arrays.text[lefts[index]:rights[index]]
        stripped = segment.lstrip()
        lefts[index] = rights[index] - len(stripped)
        rights[index] = lefts[index] + len(stripped.rstrip())
    kept = lefts < rights
    return np.stack([lefts[kept], rights[kept]], axis=1).astype(np.int64).reshape(-1, 2)


def _words_before(arrays: TextArrays, positions: np.ndarray, joins: np.ndarray) -> list[str | None]:
    """`_word_before` at each position, when it may be an abbreviation: the last run of word
    characters that ends at or before it, within its own text; None otherwise."""
    run_starts, run_ends = arrays.word_runs
    if not len(run_starts):
        return [None] * len(positions)
    last = np.searchsorted(run_ends, positions, side="right") - 1
    text_starts = np.concatenate(([0], np.flatnonzero(joins) + 1))
    found = (last >= 0) & (run_starts[last] >= text_starts[np.searchsorted(text_starts, positions, side="right") - 1])
    # Only a word as short as an abbreviation can be one: the others are not sliced out.
    short = found & (run_ends[last] - run_starts[last] <= max(map(len, ABBREVIATIONS)))
    return [arrays.text[run_starts[index]:run_ends[index]] if is_short else None
            for index, is_short in zip(last.tolist(), short.tolist())]


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
