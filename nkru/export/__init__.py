"""Exports of the shipped tables to the formats other tools read: one module per format.

Each module of this package defines FORMAT, an ExportFormat: its name on the command line, a
one-line description, the configs it reads and the function that writes it. `export_formats`
finds them all, so a new format is one new module. Every export is written atomically (a
temporary file or folder beside the target, renamed into place): a failure leaves nothing
half-written. Module level imports stay light: `nkru export --help` lists the formats without
loading `datasets`.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from nkru.errors import DeclarationError

if TYPE_CHECKING:
    from nkru.corpus import Corpus


@dataclass(frozen=True)
class ExportFormat:
    name: str
    description: str
    configs: tuple[str, ...]
    write: Callable[[Corpus, Path], list[Path]]
    # Where the format comes in `nkru export --help`, which lists the formats in this order.
    position: int
    # The optional dependencies it needs beyond the base install, as the name of their extra.
    extra: str | None = None


@functools.cache
def export_formats() -> dict[str, ExportFormat]:
    """Format name -> its ExportFormat, for every module of this package, in position order."""
    formats = []
    for module in pkgutil.iter_modules(__path__):
        found = getattr(importlib.import_module(f"{__name__}.{module.name}"), "FORMAT", None)
        if not isinstance(found, ExportFormat):
            raise DeclarationError(f"{__name__}.{module.name} defines no FORMAT (an ExportFormat)")
        formats.append(found)
    return {export_format.name: export_format for export_format in sorted(formats, key=lambda f: f.position)}
