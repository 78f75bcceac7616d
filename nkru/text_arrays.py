"""A text as arrays: its code points, which of them `\\w` and `\\s` match, and its runs of word
characters.

Python's regular expressions scan about 50 ns a character, which at x1000 the corpus (23 million
characters) costs seconds per pass; the checks that look for words across the whole corpus work
on these arrays instead. The classes come from `re` itself, asked once per distinct character, so
that they are exactly what the package's patterns match.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

WORD_CHARACTER = re.compile(r"\w")
SPACE_CHARACTER = re.compile(r"\s")


@dataclass(frozen=True)
class TextArrays:
    text: str
    codes: np.ndarray = field(repr=False)  # the code point of each character (uint32)
    distinct_codes: np.ndarray = field(repr=False)  # the code points it holds, each once, in order
    known_classes: dict = field(default_factory=dict, repr=False, compare=False)  # character_class's answers

    @property
    def word(self) -> np.ndarray:
        """Whether `\\w` matches each character."""
        return self.character_class(_is_word_character)[:-1]

    @property
    def space(self) -> np.ndarray:
        """Whether `\\s` matches each character."""
        return self.character_class(_is_space_character)[:-1]

    @functools.cached_property
    def word_runs(self) -> tuple[np.ndarray, np.ndarray]:
        """[start, end) of every maximal run of word characters: what `(?<!\\w)\\w+` finds."""
        padded = np.concatenate(([False], self.word, [False]))
        return np.flatnonzero(padded[1:] & ~padded[:-1]), np.flatnonzero(padded[:-1] & ~padded[1:])

    def pieces(self, starts: np.ndarray, ends: np.ndarray) -> pa.LargeStringArray:
        """The text between each pair of offsets (0 <= start <= end <= its length), taken from the
        code points at once rather than sliced one piece at a time."""
        taken = self.codes_between(starts, ends)
        # A lone surrogate has no UTF-8 form: such a text raises UnicodeEncodeError.
        data = taken.tobytes().decode("utf-32-le", "surrogatepass").encode("utf-8")
        utf8_sizes = 1 + (taken >= 0x80).astype(np.int8) + (taken >= 0x800) + (taken >= 0x10000)
        byte_ends = np.concatenate([[0], np.cumsum(utf8_sizes, dtype=np.int64)])
        offsets = byte_ends[np.concatenate([[0], np.cumsum(ends - starts)])]
        return pa.LargeStringArray.from_buffers(len(starts), pa.py_buffer(offsets), pa.py_buffer(data))

    def codes_between(self, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        """The code points of the pieces between each pair of offsets, one piece after another."""
        lengths = ends - starts
        if len(starts) and (starts[1:] >= ends[:-1]).all():
            # In order and apart (tokens): a mask of the characters inside is cheaper than indexes.
            change = np.zeros(len(self.codes) + 1, dtype=np.int8)
            change[starts[lengths > 0]] += 1
            change[ends[lengths > 0]] -= 1
            return self.codes[np.cumsum(change[:-1], dtype=np.int8) > 0]
        before = np.cumsum(lengths) - lengths  # where each piece begins among the taken characters
        return self.codes[np.arange(int(lengths.sum()), dtype=np.int64) + np.repeat(starts - before, lengths)]

    def character_class(self, member: Callable[[str], bool]) -> np.ndarray:
        """Whether each character is in a class (`str.isalnum`), asked once per distinct character;
        one entry longer than the text, False, so that the offset just past the end (a span's end)
        can be looked up too."""
        if member not in self.known_classes:
            table = np.zeros(int(self.distinct_codes[-1]) + 1 if len(self.distinct_codes) else 0, dtype=bool)
            table[self.distinct_codes] = [bool(member(chr(code))) for code in self.distinct_codes]
            self.known_classes[member] = np.append(table[self.codes], False)
        return self.known_classes[member]


def text_arrays(text: str) -> TextArrays:
    # surrogatepass: a lone surrogate is a character of a str like any other, one code point long.
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    return TextArrays(text, codes, np.flatnonzero(np.bincount(codes)) if len(codes) else np.zeros(0, dtype=np.int64))


def _is_word_character(character: str) -> bool:
    return WORD_CHARACTER.fullmatch(character) is not None


def _is_space_character(character: str) -> bool:
    return SPACE_CHARACTER.fullmatch(character) is not None
