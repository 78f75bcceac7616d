"""The alias table that maps a system's label names onto the corpus's: matched case-insensitively,
after dropping an IOB/BIOES prefix (B-, I-, E-, S-, L-, U-). README's "Prediction formats" prints
the table (a test keeps it in sync).

A run uses one of two label sets: `fine` (the nine types of ANNOTATION_SPEC.md §2) or `coarse`
(CoNLL-4). PER, ORG and LOC belong to both; a run is fine when it uses a fine-only label (GPE,
FAC, NORP, EVENT, PRODUCT, WORK), coarse when it uses MISC, and both at once is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from types import MappingProxyType

from nkru.errors import PredictionsError
from nkru.schema import COARSE_LABELS, ENTITY_LABELS

TAG_PREFIX = re.compile(r"^[BIELSU][-_]", re.IGNORECASE)

LABEL_ALIASES: MappingProxyType[str, tuple[str, ...]] = MappingProxyType({
    "PER": ("per", "pers", "person"),
    "ORG": ("org", "organization", "organisation"),
    "LOC": ("loc", "location"),
    "GPE": ("gpe",),
    "FAC": ("fac", "facility"),
    "NORP": ("norp", "nationality"),
    "EVENT": ("event",),
    "PRODUCT": ("product",),
    "WORK": ("work", "work_of_art"),
    "MISC": ("misc", "miscellaneous"),
})
CANONICAL_BY_ALIAS: MappingProxyType[str, str] = MappingProxyType(
    {alias: label for label, aliases in LABEL_ALIASES.items() for alias in aliases})

# The text prompt GLiNER is given for each fine type, from the "what" column of ANNOTATION_SPEC.md §2.
GLINER_PROMPTS: MappingProxyType[str, str] = MappingProxyType({
    "person": "PER",
    "organisation": "ORG",
    "country, city or region with a government": "GPE",
    "geographic place without a government": "LOC",
    "named building or structure": "FAC",
    "nationality or demonym": "NORP",
    "named event": "EVENT",
    "weapon system, vehicle, aircraft or vessel": "PRODUCT",
    "title of a work": "WORK",
})

SHARED_LABELS = frozenset(ENTITY_LABELS) & frozenset(COARSE_LABELS)
FINE_ONLY_LABELS = frozenset(ENTITY_LABELS) - SHARED_LABELS
COARSE_ONLY_LABELS = frozenset(COARSE_LABELS) - SHARED_LABELS


class LabelSet(StrEnum):
    FINE = "fine"
    COARSE = "coarse"


def canonical_label(raw: object) -> str | None:
    """The corpus label that `raw` names, or None when the alias table has no entry for it."""
    if not isinstance(raw, str):
        return None
    return CANONICAL_BY_ALIAS.get(TAG_PREFIX.sub("", raw.strip()).casefold())


def label_set_of(labels: Iterable[str], declared: LabelSet | None = None) -> LabelSet:
    """The label set that canonical `labels` belong to; `declared` settles a run that uses only the
    shared labels (default: coarse, since CoNLL-4 systems are the common case)."""
    used = frozenset(labels)
    fine, coarse = used & FINE_ONLY_LABELS, used & COARSE_ONLY_LABELS
    if fine and coarse:
        raise PredictionsError(f"the predictions mix fine labels ({', '.join(sorted(fine))}) with CoNLL-4 labels "
                               f"({', '.join(sorted(coarse))}); use one label set")
    if declared is not None:
        if (declared is LabelSet.FINE and coarse) or (declared is LabelSet.COARSE and fine):
            found = ", ".join(sorted(fine or coarse))
            raise PredictionsError(f"--labels {declared} but the predictions use {found}")
        return declared
    if fine:
        return LabelSet.FINE
    return LabelSet.COARSE


def alias_table_markdown() -> str:
    """The alias table as README shows it."""
    lines = ["| corpus label | label set | also accepted (any case, with or without B-/I-/E-/S- prefix) |",
             "|---|---|---|"]
    for label, aliases in LABEL_ALIASES.items():
        label_set = "both" if label in SHARED_LABELS else ("fine" if label in FINE_ONLY_LABELS else "coarse")
        lines.append(f"| {label} | {label_set} | {', '.join(f'`{alias}`' for alias in aliases)} |")
    return "\n".join(lines) + "\n"


def gliner_prompts_markdown() -> str:
    lines = ["| fine type | GLiNER prompt |", "|---|---|"]
    lines += [f"| {label} | {prompt} |" for prompt, label in GLINER_PROMPTS.items()]
    return "\n".join(lines) + "\n"
