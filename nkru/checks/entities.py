"""Checks over the `entities` table: offsets, boundaries, the flat layer, labels and identifiers."""

from collections import Counter

from nkru.checks.findings import Finding, check
from nkru.schema import COARSE_BY_ENTITY_LABEL


def _finding(name, mention, message, value):
    return Finding(name, "entities", mention["doc_id"], mention["mention_id"], message, value)


def _mentions_with_text(corpus):
    """Mentions whose document exists and whose offsets fall inside its text."""
    for mention in corpus.tables.get("entities", []):
        text = corpus.texts_by_doc.get(mention["doc_id"])
        if text is not None and 0 <= mention["start"] < mention["end"] <= len(text):
            yield mention, text


@check("entity_doc_id")
def entity_doc_id(corpus):
    for mention in corpus.tables.get("entities", []):
        if mention["doc_id"] not in corpus.texts_by_doc:
            yield _finding("entity_doc_id", mention, "doc_id is not in the documents table", mention["doc_id"])


@check("entity_offsets")
def entity_offsets(corpus):
    for mention in corpus.tables.get("entities", []):
        text = corpus.texts_by_doc.get(mention["doc_id"])
        if text is not None and not 0 <= mention["start"] < mention["end"] <= len(text):
            yield _finding("entity_offsets", mention, f"expected 0 <= start < end <= {len(text)}",
                           (mention["start"], mention["end"]))


@check("entity_text")
def entity_text(corpus):
    for mention, text in _mentions_with_text(corpus):
        if text[mention["start"]:mention["end"]] != mention["text"]:
            yield _finding("entity_text", mention,
                           f"stored text differs from the document's {text[mention['start']:mention['end']]!r}",
                           mention["text"])


@check("entity_boundaries")
def entity_boundaries(corpus):
    for mention, text in _mentions_with_text(corpus):
        start, end = mention["start"], mention["end"]
        span = text[start:end]
        if span != span.strip():
            yield _finding("entity_boundaries", mention, "span starts or ends on whitespace", span)
        elif (start > 0 and text[start - 1].isalnum() and span[0].isalnum()) or (
            end < len(text) and text[end].isalnum() and span[-1].isalnum()
        ):
            yield _finding("entity_boundaries", mention, "span cuts a word",
                           text[max(0, start - 5):end + 5])


@check("entity_overlap")
def entity_overlap(corpus):
    for mentions in corpus.mentions_by_doc.values():
        ordered = sorted(mentions, key=lambda mention: (mention["start"], mention["end"]))
        for previous, mention in zip(ordered, ordered[1:]):
            if mention["start"] < previous["end"]:
                yield _finding("entity_overlap", mention, f"overlaps {previous['mention_id']} in the flat layer",
                               (mention["start"], mention["end"]))


@check("entity_label_inventory")
def entity_label_inventory(corpus):
    for mention in corpus.tables.get("entities", []):
        for column in ("label", "coarse_label"):
            if corpus.label_name("entities", column, mention[column]) is None:
                yield _finding("entity_label_inventory", mention, f"{column} is outside the label set", mention[column])


@check("entity_coarse_mapping")
def entity_coarse_mapping(corpus):
    for config in ("entities", "entity_registry"):
        for row in corpus.tables.get(config, []):
            label = corpus.label_name(config, "label", row["label"])
            coarse = corpus.label_name(config, "coarse_label", row["coarse_label"])
            if label is not None and coarse is not None and COARSE_BY_ENTITY_LABEL[label] != coarse:
                yield Finding("entity_coarse_mapping", config, row.get("doc_id", ""),
                              row.get("mention_id", row["entity_id"]),
                              f"{label} maps to {COARSE_BY_ENTITY_LABEL[label]}, the row has", coarse)


@check("unique_mention_ids")
def unique_mention_ids(corpus):
    counts = Counter(mention["mention_id"] for mention in corpus.tables.get("entities", []))
    for mention in corpus.tables.get("entities", []):
        if counts[mention["mention_id"]] > 1:
            yield _finding("unique_mention_ids", mention, "mention_id is used by several rows",
                           counts[mention["mention_id"]])
