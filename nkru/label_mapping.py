"""This corpus's tag ids renumbered for another label list (another corpus, a model's head), by name.

A `ClassLabel` column stores indices, and two label lists with the same names rarely share an
order: the `coarse_ner_tags` of the `ner` config put B-LOC at 3, conll2003's `ner_tags` put B-ORG
there. Ids are therefore matched through their names, exactly or through aliases the caller
gives, and a label with no counterpart is refused, never guessed.

Standard library only: the `datasets` objects are handled through the methods they carry.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from nkru.errors import NkruError

Batch = Mapping[str, Any]


def label_id_map(source_names: Sequence[str], target_names: Sequence[str],
                 aliases: Mapping[str, str] | None = None) -> dict[int, int]:
    """Each source id -> the id of the target label of the same name, or else of its alias's name.

    An exact match wins over an alias. NkruError if a target name is repeated, or if any source
    label has no counterpart (the message names them all).
    """
    aliases = aliases or {}
    repeated = sorted(name for name, count in Counter(target_names).items() if count > 1)
    if repeated:
        raise NkruError(f"expected distinct target label names, found repeated: {', '.join(repeated)}")
    target_ids = {name: target_id for target_id, name in enumerate(target_names)}
    mapping: dict[int, int] = {}
    unmatched: list[str] = []
    for source_id, name in enumerate(source_names):
        counterpart = name if name in target_ids else aliases.get(name)
        if counterpart in target_ids:
            mapping[source_id] = target_ids[counterpart]
        else:
            unmatched.append(name if counterpart is None else f"{name} (alias {counterpart})")
    if unmatched:
        raise NkruError(f"expected every source label among the target labels ({', '.join(target_names)}) "
                        f"or aliased to one; found no counterpart for {', '.join(unmatched)}")
    return mapping


def remap_tags(mapping: Mapping[int, int], column: str = "coarse_ner_tags") -> Callable[[Batch], dict[str, list]]:
    """A function for `Dataset.map(..., batched=True)` that rewrites each tag id of `column` through
    `mapping` (from `label_id_map`).

    Give `map` the target names' features too (`remapped_features`): without them `datasets` keeps
    the column's old `ClassLabel`, which would decode the new ids with the old names.
    """
    def remap(batch: Batch) -> dict[str, list]:
        if column not in batch:
            raise NkruError(f"expected a column {column!r}, found columns {', '.join(batch)}")
        try:
            return {column: [[mapping[tag] for tag in tags] for tags in batch[column]]}
        except KeyError as error:
            raise NkruError(f"{column}: expected tag ids among {sorted(mapping)}, found {error.args[0]!r}") from None
    return remap


def remapped_features(features: Any, column: str, target_names: Sequence[str]) -> Any:
    """A copy of a `datasets.Features` whose `column` (a `ClassLabel`, or a list of them) has
    `target_names` for names; the other columns are unchanged."""
    declared = features.to_dict()
    if column not in declared:
        raise NkruError(f"expected a column {column!r}, found columns {', '.join(declared)}")
    label = declared[column]
    while label.get("_type") != "ClassLabel" and isinstance(label.get("feature"), dict):
        label = label["feature"]
    if label.get("_type") != "ClassLabel":
        raise NkruError(f"expected {column!r} to hold class labels, found {features[column]}")
    label["names"] = list(target_names)
    return type(features).from_dict(declared)


__all__ = ["label_id_map", "remap_tags", "remapped_features"]
