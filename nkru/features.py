"""The layers' `datasets.Features` and Arrow schemas, made from `nkru.schema` on first use.

Kept apart from the schema so that reading the declarations costs no import of `datasets`.
"""

from __future__ import annotations

import functools

import pyarrow as pa
from datasets import ClassLabel, Features, List, Value

from nkru.errors import DeclarationError
from nkru.schema import ColumnKind, Labels, ListOf, Scalar, layer_of


def feature_of(kind: ColumnKind):
    if isinstance(kind, Scalar):
        return Value(kind.dtype)
    if isinstance(kind, Labels):
        return ClassLabel(names=list(kind.names))
    if isinstance(kind, ListOf):
        return List(feature_of(kind.item))
    raise DeclarationError(f"no datasets feature for the column kind {kind!r}")


@functools.cache
def _features(config: str) -> Features:
    return Features({name: feature_of(kind) for name, kind in layer_of(config).kinds.items()})


def features_of(config: str) -> Features:
    """The config's features (a fresh copy: `datasets` may keep and change what it is given)."""
    return _features(config).copy()


@functools.cache
def arrow_schema_of(config: str) -> pa.Schema:
    """The config's Arrow schema (Features.arrow_schema rebuilds it on every access, which costs
    more than reading a small file)."""
    return _features(config).arrow_schema
