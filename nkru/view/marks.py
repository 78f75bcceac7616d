"""Annotations drawn over a text as HTML elements, nested where they nest and split where they cross."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from nkru.errors import ViewError


@dataclass(frozen=True)
class Mark:
    """One annotation to draw over the text as an element from `start` to `end`."""

    start: int
    end: int
    rank: int
    tag: str
    attributes: tuple[tuple[str, str], ...]

    def __post_init__(self):
        if not 0 <= self.start < self.end:
            raise ViewError(f"a mark needs 0 <= start < end, got {self.start}..{self.end}")

    def open_tag(self, fragment: bool = False) -> str:
        attributes = self.attributes
        if fragment:  # the continuation of a mark split by a crossing one: same layer and id, no focus stop
            attributes = tuple((name, value) for name, value in attributes if name not in ("id", "tabindex"))
            attributes += (("data-fragment", ""),)
        return f"<{self.tag}" + "".join(f' {name}="{escape(value)}"' for name, value in attributes) + ">"


def render_marked_text(text: str, marks: list[Mark]) -> str:
    """The text, escaped, with every mark as an element around its characters.

    Marks over the same or nested spans nest; a mark that crosses another's boundary is split
    into fragments (the later ones carry `data-fragment`), so the HTML stays well formed and the
    element tree's text is `text` itself.
    """
    if marks and max(mark.end for mark in marks) > len(text):
        raise ViewError(f"a mark ends after the text's {len(text)} characters")
    ordered = sorted(marks, key=lambda mark: (mark.start, -mark.end, mark.rank))
    boundaries = sorted({mark.start for mark in marks} | {mark.end for mark in marks})
    parts: list[str] = []
    open_marks: list[Mark] = []
    position = next_mark = 0
    for boundary in boundaries:
        parts.append(escape(text[position:boundary], quote=False))
        position = boundary
        ending = [index for index, mark in enumerate(open_marks) if mark.end == boundary]
        if ending:
            lowest = ending[0]
            continuing = [mark for mark in open_marks[lowest:] if mark.end != boundary]
            parts.extend(f"</{mark.tag}>" for mark in reversed(open_marks[lowest:]))
            del open_marks[lowest:]
            for mark in continuing:
                parts.append(mark.open_tag(fragment=True))
                open_marks.append(mark)
        while next_mark < len(ordered) and ordered[next_mark].start == boundary:
            parts.append(ordered[next_mark].open_tag())
            open_marks.append(ordered[next_mark])
            next_mark += 1
    parts.append(escape(text[position:], quote=False))
    return "".join(parts)
