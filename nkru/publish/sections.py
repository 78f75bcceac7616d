"""The generated sections that describe the corpus itself: configs, fields, first rows, sizes,
noise, and the statistics of each layer. Every figure comes from the built tables."""

from __future__ import annotations

import json
from collections import Counter

import pyarrow as pa
import pyarrow.compute as pc

from nkru import __version__
from nkru.corpus import Corpus
from nkru.features import features_of
from nkru.publish.markdown import escape_cell, markdown_table
from nkru.schema import (
    COARSE_BY_ENTITY_LABEL,
    COARSE_LABELS,
    CONFIG_FILES,
    CONFIGS,
    DCT_ANCHOR,
    ENTITY_LABELS,
    LAYERS,
    STANCE_ATTRIBUTIONS,
    STANCE_POLARITIES,
    STANCE_TARGET_IDS,
    TIMEX_TYPES,
    TIMEX_VALUE_FUNCTIONS,
)

CITATION = """@misc{{nkru_fr_2026,
  title        = {{{{NKRU-fr}}: French news on the North Korea--Russia rapprochement (2023)
                  annotated for named entities, temporal expressions and stances}},
  year         = {{2026}},
  version      = {{{version}}},
  note         = {{Dataset; five documents, entity, TIMEX3 and stance layers with double annotation}}
}}"""
INSTANCE_STRING_WIDTH = 120
INSTANCE_LIST_LENGTH = 12


def citation_section() -> str:
    return f"```bibtex\n{CITATION.format(version=__version__)}\n```\n"


def version_section() -> str:
    return f"Version {__version__}.\n"


def configs_section(corpus: Corpus) -> str:
    return markdown_table(["config", "file", "rows (split `test`)"],
                          [[f"`{config}`", f"`{CONFIG_FILES[config]}`", corpus.arrow_table(config).num_rows]
                           for config in CONFIGS])


def ids_section(corpus: Corpus) -> str:
    """The form of each table's ids, from the layers' declarations, with the first one as example."""
    rows = []
    for layer in LAYERS:
        if layer.id_prefix is not None:
            form = f"`<doc_id>-{layer.id_prefix}<number>`"
        elif layer.id_form is not None:
            form = layer.id_form
        else:
            form = "a name of its closed vocabulary (ClassLabel)"
        example = getattr(corpus.first_row(layer.config), layer.id_column)
        rows.append([f"`{layer.config}`", f"`{layer.id_column}`", form, f"`{example}`"])
    return markdown_table(["config", "id column", "form", "first id"], rows)


def data_fields_section() -> str:
    rows = [[f"`{config}`", f"`{name}`", f"`{escape_cell(repr(feature))}`"]
            for config in CONFIGS for name, feature in features_of(config).items()]
    return markdown_table(["config", "field", "type (datasets feature)"], rows)


def data_instances_section(corpus: Corpus) -> str:
    blocks = []
    for config in CONFIGS:
        first = corpus.stored_first_row(config)
        for key, value in first.items():
            if isinstance(value, str) and len(value) > INSTANCE_STRING_WIDTH:
                first[key] = value[:INSTANCE_STRING_WIDTH] + "…"
            elif isinstance(value, list) and len(value) > INSTANCE_LIST_LENGTH:
                first[key] = value[:INSTANCE_LIST_LENGTH] + ["…"]
        blocks.append(f"`{config}` (first row; long values cut here, not in the data; ClassLabel columns hold "
                      f"indices into their names):\n\n```json\n{json.dumps(first, ensure_ascii=False)}\n```\n")
    return "\n".join(blocks)


def corpus_statistics_section(corpus: Corpus) -> str:
    ner = corpus.arrow_table("ner")
    tokens, sentences = Counter(), Counter()
    for doc_id, count in zip(ner["doc_id"].to_pylist(), pc.list_value_length(ner["tokens"]).to_pylist()):
        tokens[doc_id] += count
        sentences[doc_id] += 1
    documents = corpus.documents
    rows = [[f"`{d.doc_id}`", d.source_file, d.dct, d.char_count, tokens[d.doc_id], sentences[d.doc_id]]
            for d in documents]
    rows.append(["all", "", "", sum(d.char_count for d in documents), sum(tokens.values()), sum(sentences.values())])
    return markdown_table(["document", "source file", "dct", "characters", "tokens", "sentences"], rows)


def noise_section(noise: list[dict]) -> str:
    rows = [[f"`{row['doc_id']}`", f"{row['start']}–{row['end']}", row["kind"],
             f"`{escape_cell(row['quote'].strip())}`", escape_cell(row["note"])] for row in noise]
    return markdown_table(["document", "offsets", "kind", "text", "note"], rows)


def entity_statistics_section(corpus: Corpus) -> str:
    mentions, registry = corpus.mentions, corpus.registry
    doc_ids = [document.doc_id for document in corpus.documents]
    by_doc_label = Counter((mention.doc_id, mention.label) for mention in mentions)
    by_label = Counter(mention.label for mention in mentions)
    fine = markdown_table(["type", "CoNLL-4", *doc_ids, "total"],
                          [[label, COARSE_BY_ENTITY_LABEL[label], *(by_doc_label[(doc, label)] for doc in doc_ids),
                            by_label[label]] for label in ENTITY_LABELS]
                          + [["all", "", *(sum(by_doc_label[(doc, label)] for label in ENTITY_LABELS)
                                           for doc in doc_ids), len(mentions)]])
    by_coarse = Counter(mention.coarse_label for mention in mentions)
    coarse = markdown_table(["CoNLL-4 type", "mentions"], [[label, by_coarse[label]] for label in COARSE_LABELS])
    variants = sorted(registry, key=lambda entry: (-len(entry.surface_forms), entry.entity_id))
    varied = [entry for entry in variants if len(entry.surface_forms) > 1]
    variant_table = markdown_table(["entity", "type", "mentions", "surface forms"],
                                   [[entry.canonical_name, entry.label, entry.mention_count,
                                     ", ".join(entry.surface_forms)] for entry in varied])
    return (f"Mentions per fine type and document:\n\n{fine}\nMentions per CoNLL-4 type:\n\n{coarse}\n"
            f"The registry holds {len(registry)} entities; {len(varied)} of them are written in more than one "
            f"way:\n\n{variant_table}")


def model_review_section(corpus: Corpus) -> str:
    review = corpus.review
    predictions = review.model_predictions
    overlapping = corpus.overlaps_mentions(predictions["doc_id"], predictions["start"], predictions["end"])
    models = predictions.select(["model", "model_version"])
    predicted = Counter(zip(*models.to_pydict().values()))
    model_only = Counter(zip(*models.filter(pa.array(~overlapping)).to_pydict().values()))
    rows = [[f"`{model}` {version}", count, model_only[(model, version)]]
            for (model, version), count in sorted(predicted.items())]
    return (markdown_table(["pipeline", "predicted entities", "overlapping no gold mention"], rows)
            + f"\nReviewed exclusions listed with their reason (every model-only span must be one, which the "
            f"`model_review_complete` check enforces): {len(review.exclusions)}.\n")


def date_statistics_section(corpus: Corpus) -> str:
    timexes = corpus.timexes
    doc_ids = [document.doc_id for document in corpus.documents]
    by_doc_type = Counter((timex.doc_id, timex.type) for timex in timexes)
    counts = markdown_table(["type", *doc_ids, "total"],
                            [[timex_type, *(by_doc_type[(doc, timex_type)] for doc in doc_ids),
                              sum(by_doc_type[(doc, timex_type)] for doc in doc_ids)] for timex_type in TIMEX_TYPES]
                            + [["all", *(sum(by_doc_type[(doc, t)] for t in TIMEX_TYPES) for doc in doc_ids),
                                len(timexes)]])
    anchored = Counter("dct" if timex.anchor == DCT_ANCHOR else "another timex" if timex.anchor else "none"
                       for timex in timexes)
    flagged = [timex for timex in timexes if timex.note]
    flags = markdown_table(["timex", "document", "text", "value", "note"],
                           [[timex.timex_id, timex.doc_id, timex.text, timex.value, timex.note] for timex in flagged])
    return (f"TIMEX3 per type and document:\n\n{counts}\nAnchors: {anchored['dct']} resolved from the dct, "
            f"{anchored['another timex']} from another timex, {anchored['none']} absolute.\n\n"
            f"{_timeml_attributes(corpus)}\n"
            f"Normalised as written although the text is factually off ({len(flagged)}):\n\n{flags}")


def _timeml_attributes(corpus: Corpus) -> str:
    """The TimeML attributes' figures: temporal functions by rule, duration points, SET attributes."""
    timexes = corpus.timexes
    rules = Counter(timex.value_from_function for timex in timexes if timex.temporal_function)
    table = markdown_table(["value_from_function", "timexes"],
                           [[f"`{rule}`", rules[rule]] for rule in TIMEX_VALUE_FUNCTIONS])
    dct_ids = {document.dct_timex_id for document in corpus.documents}
    begins = [timex.begin_point for timex in timexes if timex.begin_point is not None]
    ends = [timex.end_point for timex in timexes if timex.end_point is not None]
    sets = sum(timex.quant is not None or timex.freq is not None for timex in timexes)
    return (f"Temporal functions (`temporal_function` true, each computed from its anchor by its "
            f"`value_from_function` rule): {sum(rules.values())} of {len(timexes)}.\n\n{table}\n"
            f"Durations anchored by the text: {len(begins)} begin points ({sum(p in dct_ids for p in begins)} at the "
            f"dct), {len(ends)} end points ({sum(p in dct_ids for p in ends)} at the dct). Timexes with `quant` or "
            f"`freq`: {sets}.\n")


def stance_statistics_section(corpus: Corpus) -> str:
    stances = corpus.stances
    by_target_polarity = Counter((stance.target_id, stance.polarity) for stance in stances)
    targets = markdown_table(
        ["target", *STANCE_POLARITIES, "total"],
        [[f"`{target}`", *(by_target_polarity[(target, polarity)] for polarity in STANCE_POLARITIES),
          sum(by_target_polarity[(target, polarity)] for polarity in STANCE_POLARITIES)]
         for target in STANCE_TARGET_IDS]
        + [["all", *(sum(by_target_polarity[(t, p)] for t in STANCE_TARGET_IDS) for p in STANCE_POLARITIES),
            len(stances)]])
    doc_ids = [document.doc_id for document in corpus.documents]
    by_doc_attribution = Counter((stance.doc_id, stance.attribution) for stance in stances)
    attributions = markdown_table(["attribution", *doc_ids, "total"],
                                  [[attribution, *(by_doc_attribution[(doc, attribution)] for doc in doc_ids),
                                    sum(by_doc_attribution[(doc, attribution)] for doc in doc_ids)]
                                   for attribution in STANCE_ATTRIBUTIONS])
    linked = sum(stance.holder_entity_id is not None for stance in stances)
    return (f"Stances per target and polarity:\n\n{targets}\nStances per attribution and document:\n\n"
            f"{attributions}\nHolders linked to the entity registry: {linked} of {len(stances)} stances.\n")
