"""Markdown pieces of the generated documentation: tables, and the generated sections of a file.

A section is the text between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`; publishing
replaces it and leaves the hand-written prose around it alone.
"""

from __future__ import annotations

import re
from collections import Counter

from nkru.errors import SourceError

SECTION = re.compile(r"(<!-- generated:(?P<name>[\w-]+) -->\n)(.*?)(<!-- /generated:(?P=name) -->)", re.DOTALL)


def replace_sections(markdown: str, sections: dict[str, str], document: str) -> str:
    """`markdown` with each named generated section replaced; every section must be present once."""
    found = Counter(match.group("name") for match in SECTION.finditer(markdown))
    missing = [name for name in sections if found[name] != 1]
    if missing:
        raise SourceError(f"{document}: expected exactly one generated section for each of {missing}")
    return SECTION.sub(lambda match: match.group(1) + sections.get(match.group("name"), match.group(3)) + match.group(4),
                       markdown)


def markdown_table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def escape_cell(text: str) -> str:
    return text.replace("|", "\\|")
