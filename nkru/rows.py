"""Typed rows and Arrow tables, both ways: the one place where label names become the stored
indices (building) and indices become names again (reading), row by row or, for the token-level
IOB2 tags, as whole arrays of spans.

A table is converted column by column: each column is gathered once and Arrow builds it in one
call, which at x1000 the corpus (benchmarks/scale.py) took the 400,000 entity mentions from
4.6 s with `Dataset.from_list` to about 1 s. An index outside its label set is kept as the int it
is, both ways, so that a damaged table reads back as it is and the checks can report it.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable, Mapping, Sequence

import numpy as np
import pyarrow as pa

from nkru.allocation import collector_paused
from nkru.errors import SourceError
from nkru.features import arrow_schema_of
from nkru.schema import LAYER_BY_CONFIG, Labels, ListOf, Row


def row_values(row: Row | Mapping) -> dict:
    """A row's columns as a dict, in column order (a mapping row is returned as it is)."""
    if isinstance(row, Mapping):
        return dict(row)
    return {name: getattr(row, name) for name in row.__slots__}


def table_from_rows(config: str, rows: Sequence[Row | Mapping]) -> pa.Table:
    """The Arrow table of `config` holding `rows` (typed rows, or mappings with exactly the
    config's columns), label names stored as their indices."""
    layer = LAYER_BY_CONFIG[config]
    mapping_rows = bool(rows) and isinstance(rows[0], Mapping)
    if mapping_rows and set(rows[0]) != set(layer.columns):
        raise SourceError(f"{config}: expected the columns {sorted(layer.columns)}, found {sorted(rows[0])}")
    columns = {}
    for name, kind in layer.kinds.items():
        values = [row[name] for row in rows] if mapping_rows else [getattr(row, name) for row in rows]
        if isinstance(kind, Labels):
            values = encoded(values, kind.names, f"{config}.{name}")
        elif isinstance(kind, ListOf) and isinstance(kind.item, Labels):
            values = [None if items is None else encoded(items, kind.item.names, f"{config}.{name}")
                      for items in values]
        columns[name] = values
    return pa.Table.from_pydict(columns, schema=arrow_schema_of(config))


def rows_from_table(config: str, table: pa.Table) -> list[Row]:
    """The typed rows of a table of `config`'s schema, label indices given as names."""
    layer = LAYER_BY_CONFIG[config]
    with collector_paused():
        columns = []
        for name, kind in layer.kinds.items():
            values = table.column(name).to_pylist()
            if isinstance(kind, Labels):
                values = decoded(values, kind.names)
            elif isinstance(kind, ListOf) and isinstance(kind.item, Labels):
                values = [None if items is None else decoded(items, kind.item.names) for items in values]
            columns.append(values)
        return list(map(layer.row, *columns))


def encoded(values: Iterable, names: Sequence[str], where: str) -> list:
    """Label names as their indices in `names` (an int is kept as it is; None stays None)."""
    index = _index(tuple(names))
    indices = []
    for value in values:
        if value is None or isinstance(value, int):
            indices.append(value)
        elif isinstance(value, str) and value in index:
            indices.append(index[value])
        else:
            raise SourceError(f"{where}: unknown label {value!r}; expected one of {list(names)}")
    return indices


def decoded(values: Iterable, names: Sequence[str]) -> list:
    """Label indices as names (an index outside `names`, or None, is kept as it is)."""
    size = len(names)
    return [names[value] if value is not None and 0 <= value < size else value for value in values]


def label_name(value, names: Collection[str]) -> str | None:
    """A decoded label cell's name, or None when it holds no name of `names` (a kept index)."""
    return value if isinstance(value, str) and value in names else None


@functools.cache
def _index(names: tuple[str, ...]) -> dict[str, int]:
    return {name: number for number, name in enumerate(names)}


def iob2_spans(starts, ends, rows, tags, tag_names: Sequence[str]) -> tuple[np.ndarray, ...]:
    """(row, start, end, type) arrays of the spans that a column of IOB2 tag indices encodes, for
    whole batches of sentences at once (numpy arrays of one value per token: its start, end, row
    and tag index). Decoded as nkru.tokens.iob_to_spans does: an I- that does not continue its
    type starts a new span; a tag index outside `tag_names` reads as O."""
    # Small integer codes per token (a string per token would cost more than the rest together):
    # the prefix (O 0, B 1, I 2) and the type's index among `types`.
    types = np.array(sorted({name[2:] for name in tag_names}))
    prefix_codes = np.array(["OBI".index(name[0]) for name in tag_names])
    type_codes = np.searchsorted(types, [name[2:] for name in tag_names])
    tags = np.where((tags >= 0) & (tags < len(tag_names)), tags, tag_names.index("O"))
    prefix, kind = prefix_codes[tags], type_codes[tags]
    tagged = prefix != 0
    continues = np.zeros(len(tags), bool)
    continues[1:] = (prefix[1:] == 2) & tagged[:-1] & (kind[1:] == kind[:-1]) & (rows[1:] == rows[:-1])
    begins = tagged & ~continues
    lasts = tagged & ~np.append(continues[1:], False)
    return rows[begins], starts[begins], ends[lasts], types[kind[begins]]
