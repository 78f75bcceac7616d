"""What a check reports, and the registry of named checks."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


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


CheckFunction = Callable[["object"], Iterable[Finding]]
CHECKS: dict[str, CheckFunction] = {}


def check(name: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check under `name`; it takes a Corpus and yields Findings."""
    def register(function: CheckFunction) -> CheckFunction:
        if name in CHECKS:
            raise ValueError(f"check {name!r} is registered twice")
        CHECKS[name] = function
        function.check_name = name
        return function
    return register
