"""What a check is and what it reports."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nkru.corpus import Corpus


@dataclass(frozen=True)
class Finding:
    """One violated property: which check, where (config, document, row) and the offending value."""

    check: str
    config: str
    doc_id: str
    row_id: str
    message: str
    value: object = None

    def __str__(self) -> str:
        return f"{self.config}\t{self.doc_id or '-'}\t{self.row_id or '-'}\t[{self.check}] {self.message}: {self.value!r}"


def needs(*configs: str):
    """Mark a check as reading these configs besides its own: run_checks skips it when one could not
    be read, whose own finding (table_present, table_schema…) already says so, instead of letting
    it report every row that refers to the missing table."""
    def mark(check):
        check.needs = configs
        return check
    return mark


# A check takes a corpus and yields a Finding for every place where its property fails; its name
# is the function's name.
CheckFunction = Callable[["Corpus"], Iterator[Finding]]
