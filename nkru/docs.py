"""The generated sections of README.md and DATASHEET.md: every figure comes from the data.

A section is the text between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`; the build
replaces it and leaves the hand-written prose around it alone.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pyarrow.compute as pc

from nkru.agreement import (
    TIMEX_ATTRIBUTES,
    agreement_by_label,
    disagreements,
    grouping_agreement,
    read_adjudication,
    read_annotation,
    pair_stances,
    read_stance_adjudication,
    read_stance_annotation,
    read_timex_adjudication,
    read_timex_annotation,
    stance_disagreements,
    stance_polarity_kappa,
    stance_tuple_agreement,
    timex_agreement,
    timex_disagreements,
)
from nkru.errors import SourceError
from nkru.noise import read_noise
from nkru.schema import (
    COARSE_BY_ENTITY_LABEL,
    COARSE_LABELS,
    CONFIG_FILES,
    ENTITY_LABELS,
    STANCE_ATTRIBUTIONS,
    STANCE_POLARITIES,
    STANCE_TARGET_IDS,
    TIMEX_TYPES,
)

SECTION = re.compile(r"(<!-- generated:(?P<name>[\w-]+) -->\n)(.*?)(<!-- /generated:(?P=name) -->)", re.DOTALL)


def replace_sections(markdown: str, sections: dict[str, str], document: str) -> str:
    """`markdown` with each named generated section replaced; every section must be present once."""
    found = Counter(match.group("name") for match in SECTION.finditer(markdown))
    missing = [name for name in sections if found[name] != 1]
    if missing:
        raise SourceError(f"{document}: expected exactly one generated section for each of {missing}")
    return SECTION.sub(lambda match: match.group(1) + sections.get(match.group("name"), match.group(3)) + match.group(4),
                       markdown)


def _table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def configs_section(tables: dict[str, list[dict]]) -> str:
    return _table(["config", "file", "rows (split `test`)"],
                  [[f"`{name}`", f"`{CONFIG_FILES[name]}`", len(rows)] for name, rows in tables.items()])


def entity_statistics_section(tables: dict[str, list[dict]]) -> str:
    mentions, registry = tables["entities"], tables["entity_registry"]
    doc_ids = [row["doc_id"] for row in tables["documents"]]
    by_doc_label = Counter((mention["doc_id"], ENTITY_LABELS[mention["label"]]) for mention in mentions)
    by_label = Counter(ENTITY_LABELS[mention["label"]] for mention in mentions)
    fine = _table(["type", "CoNLL-4", *doc_ids, "total"],
                  [[label, COARSE_BY_ENTITY_LABEL[label], *(by_doc_label[(doc, label)] for doc in doc_ids),
                    by_label[label]] for label in ENTITY_LABELS]
                  + [["all", "", *(sum(by_doc_label[(doc, label)] for label in ENTITY_LABELS) for doc in doc_ids),
                      len(mentions)]])
    by_coarse = Counter(COARSE_LABELS[mention["coarse_label"]] for mention in mentions)
    coarse = _table(["CoNLL-4 type", "mentions"], [[label, by_coarse[label]] for label in COARSE_LABELS])
    variants = sorted(registry, key=lambda entry: (-len(entry["surface_forms"]), entry["entity_id"]))
    varied = [entry for entry in variants if len(entry["surface_forms"]) > 1]
    variant_table = _table(["entity", "type", "mentions", "surface forms"],
                           [[entry["canonical_name"], ENTITY_LABELS[entry["label"]], entry["mention_count"],
                             ", ".join(entry["surface_forms"])] for entry in varied])
    return (f"Mentions per fine type and document:\n\n{fine}\nMentions per CoNLL-4 type:\n\n{coarse}\n"
            f"The registry holds {len(registry)} entities; {len(varied)} of them are written in more than one "
            f"way:\n\n{variant_table}")


def entity_agreement_section(corpus_root: Path) -> str:
    rows_a, rows_b = read_annotation(corpus_root, "a"), read_annotation(corpus_root, "b")
    fine, coarse = agreement_by_label(rows_a, rows_b), agreement_by_label(rows_a, rows_b, coarse=True)

    def rows(result):
        return [[label, value.count_a, value.count_b, value.matched, f"{value.f1:.4f}"] for label, value in result.items()]

    header = ["type", "annotator A", "annotator B", "identical", "exact-span F1"]
    adjudication = read_adjudication(corpus_root)
    decided_for = Counter("A" if row["decision"] == row["annotator_a"] else "B" if row["decision"] == row["annotator_b"]
                          else "neither" for row in adjudication)
    same_groups, entities_a = grouping_agreement(rows_a, rows_b)
    disagreeing = disagreements(rows_a, rows_b)
    adjudicated = {(row["doc_id"], int(row["start"]), int(row["end"])) for row in adjudication}
    return (f"Fine types (exact span and type; SPAN = exact span whatever the type):\n\n{_table(header, rows(fine))}\n"
            f"CoNLL-4 types:\n\n{_table(header, rows(coarse))}\n"
            f"Disagreements: {len(disagreeing)}, of which adjudicated: {sum(key in adjudicated for key in disagreeing)} "
            f"(decided for A: {decided_for['A']}, for B: {decided_for['B']}, for neither: {decided_for['neither']}). "
            f"Entity grouping: on the spans both annotated, {same_groups} of annotator A's {entities_a} entities "
            f"have exactly the same mentions as one of annotator B's.\n")


def model_review_section(corpus) -> str:
    review = corpus.review
    predictions = review.model_predictions
    models = sorted({(row.model, row.model_version) for row in predictions})
    rows = []
    for model, version in models:
        own = [row for row in predictions if row.model == model]
        only = [row for row in own if not corpus.overlaps_a_mention(row.doc_id, row.start, row.end)]
        rows.append([f"`{model}` {version}", len(own), len(only)])
    return (_table(["pipeline", "predicted entities", "overlapping no gold mention"], rows)
            + f"\nReviewed exclusions listed with their reason (every model-only span must be one, which the "
            f"`model_review_complete` check enforces): {len(review.exclusions)}.\n")


def date_statistics_section(tables: dict[str, list[dict]]) -> str:
    timexes = tables["dates"]
    doc_ids = [row["doc_id"] for row in tables["documents"]]
    by_doc_type = Counter((timex["doc_id"], TIMEX_TYPES[timex["type"]]) for timex in timexes)
    counts = _table(["type", *doc_ids, "total"],
                    [[timex_type, *(by_doc_type[(doc, timex_type)] for doc in doc_ids),
                      sum(by_doc_type[(doc, timex_type)] for doc in doc_ids)] for timex_type in TIMEX_TYPES]
                    + [["all", *(sum(by_doc_type[(doc, t)] for t in TIMEX_TYPES) for doc in doc_ids), len(timexes)]])
    anchored = Counter("dct" if timex["anchor"] == "dct" else "another timex" if timex["anchor"] else "none"
                       for timex in timexes)
    flagged = [timex for timex in timexes if timex["note"]]
    flags = _table(["timex", "document", "text", "value", "note"],
                   [[timex["timex_id"], timex["doc_id"], timex["text"], timex["value"], timex["note"]]
                    for timex in flagged])
    return (f"TIMEX3 per type and document:\n\n{counts}\nAnchors: {anchored['dct']} resolved from the dct, "
            f"{anchored['another timex']} from another timex, {anchored['none']} absolute.\n\n"
            f"Normalised as written although the text is factually off ({len(flagged)}):\n\n{flags}")


def date_agreement_section(corpus_root: Path) -> str:
    rows_a, rows_b = read_timex_annotation(corpus_root, "a"), read_timex_annotation(corpus_root, "b")
    result = timex_agreement(rows_a, rows_b)
    extents = _table(["extent match", "annotator A", "annotator B", "matched", "F1"],
                     [[name, value.count_a, value.count_b, value.matched, f"{value.f1:.4f}"]
                      for name, value in [("strict", result.strict), ("relaxed", result.relaxed)]]
                     + [[f"strict, {timex_type}", value.count_a, value.count_b, value.matched, f"{value.f1:.4f}"]
                        for timex_type, value in result.strict_by_type.items()])
    attributes = _table(["attribute", "agree on relaxed matches", "accuracy"],
                        [[attribute, f"{result.attribute_matches[attribute]}/{result.relaxed.matched}",
                          f"{result.accuracy(attribute):.4f}"] for attribute in TIMEX_ATTRIBUTES])
    disagreeing = timex_disagreements(rows_a, rows_b)
    adjudicated = {(row["doc_id"], int(row["start"]), int(row["end"]), row["attribute"])
                   for row in read_timex_adjudication(corpus_root)}
    return (f"{extents}\n{attributes}\nDisagreements (an extent in one annotation only, or an attribute that "
            f"differs on an identical extent): {len(disagreeing)}, of which adjudicated: "
            f"{sum(item in adjudicated for item in disagreeing)}.\n")


def stance_statistics_section(tables: dict[str, list[dict]]) -> str:
    stances = tables["stances"]
    by_target_polarity = Counter((STANCE_TARGET_IDS[s["target_id"]], STANCE_POLARITIES[s["polarity"]]) for s in stances)
    targets = _table(["target", *STANCE_POLARITIES, "total"],
                     [[f"`{target}`", *(by_target_polarity[(target, polarity)] for polarity in STANCE_POLARITIES),
                       sum(by_target_polarity[(target, polarity)] for polarity in STANCE_POLARITIES)]
                      for target in STANCE_TARGET_IDS]
                     + [["all", *(sum(by_target_polarity[(t, p)] for t in STANCE_TARGET_IDS) for p in STANCE_POLARITIES),
                         len(stances)]])
    doc_ids = [row["doc_id"] for row in tables["documents"]]
    by_doc_attribution = Counter((s["doc_id"], STANCE_ATTRIBUTIONS[s["attribution"]]) for s in stances)
    attributions = _table(["attribution", *doc_ids, "total"],
                          [[attribution, *(by_doc_attribution[(doc, attribution)] for doc in doc_ids),
                            sum(by_doc_attribution[(doc, attribution)] for doc in doc_ids)]
                           for attribution in STANCE_ATTRIBUTIONS])
    linked = sum(stance["holder_entity_id"] is not None for stance in stances)
    return (f"Stances per target and polarity:\n\n{targets}\nStances per attribution and document:\n\n"
            f"{attributions}\nHolders linked to the entity registry: {linked} of {len(stances)} stances.\n")


def stance_agreement_section(corpus_root: Path) -> str:
    rows_a, rows_b = read_stance_annotation(corpus_root, "a"), read_stance_annotation(corpus_root, "b")
    rows = []
    for mode, exact in (("exact spans", True), ("overlapping spans", False)):
        result = stance_tuple_agreement(rows_a, rows_b, exact)
        rows.append([mode, result.count_a, result.count_b, len(pair_stances(rows_a, rows_b, exact)), result.matched,
                     f"{result.f1:.4f}"])
    kappa, paired = stance_polarity_kappa(rows_a, rows_b)
    disagreeing = stance_disagreements(rows_a, rows_b)
    adjudication = read_stance_adjudication(corpus_root)
    adjudicated = {(row["doc_id"], row["cue_a"], row["cue_b"], row["attribute"]) for row in adjudication}
    decided_for = Counter("A" if row["decision"] == row["annotator_a"] else "B" for row in adjudication)
    by_attribute = Counter(item[3] for item in disagreeing)
    table = _table(["matching", "annotator A", "annotator B", "paired by cue", "(holder, target_id, polarity) agree",
                    "tuple F1"], rows)
    return (f"{table}\nCohen's kappa on polarity over the {paired} stances paired by overlapping cues: {kappa:.4f}.\n\n"
            f"Disagreements: {len(disagreeing)} ({', '.join(f'{name}: {count}' for name, count in sorted(by_attribute.items()))}), "
            f"of which adjudicated: {sum(item in adjudicated for item in disagreeing)} "
            f"(decided for A: {decided_for['A']}, for B: {decided_for['B']}).\n")


def corpus_statistics_section(tables: dict[str, list[dict]], ner) -> str:
    """`ner`: the token table as Arrow (nkru.corpus.Corpus.arrow_table)."""
    tokens, sentences = Counter(), Counter()
    for doc_id, count in zip(ner["doc_id"].to_pylist(), pc.list_value_length(ner["tokens"]).to_pylist()):
        tokens[doc_id] += count
        sentences[doc_id] += 1
    rows = [[f"`{d['doc_id']}`", d["source_file"], d["dct"], d["char_count"], tokens[d["doc_id"]], sentences[d["doc_id"]]]
            for d in tables["documents"]]
    rows.append(["all", "", "", sum(d["char_count"] for d in tables["documents"]), sum(tokens.values()),
                 sum(sentences.values())])
    return _table(["document", "source file", "dct", "characters", "tokens", "sentences"], rows)


def noise_section(noise: list[dict]) -> str:
    rows = [[f"`{row['doc_id']}`", f"{row['start']}–{row['end']}", row["kind"], f"`{_escape(row['quote'].strip())}`",
             _escape(row["note"])] for row in noise]
    return _table(["document", "offsets", "kind", "text", "note"], rows)


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def data_fields_section() -> str:
    from nkru.schema import CONFIG_FEATURES

    rows = []
    for config, features in CONFIG_FEATURES.items():
        for name, feature in features.items():
            rows.append([f"`{config}`", f"`{name}`", f"`{_escape(repr(feature))}`"])
    return _table(["config", "field", "type (datasets feature)"], rows)


def data_instances_section(first_rows: dict[str, dict]) -> str:
    import json

    from nkru.schema import CONFIG_FEATURES

    blocks = []
    for config, row in first_rows.items():
        first = dict(row)
        for key, value in first.items():
            if isinstance(value, str) and len(value) > 120:
                first[key] = value[:120] + "…"
            elif isinstance(value, list) and len(value) > 12:
                first[key] = value[:12] + ["…"]
        blocks.append(f"`{config}` (first row; long values cut here, not in the data; ClassLabel columns hold "
                      f"indices into their names):\n\n```json\n{json.dumps(first, ensure_ascii=False)}\n```\n")
    assert list(first_rows) == list(CONFIG_FEATURES)
    return "\n".join(blocks)


def render_docs(corpus) -> dict[str, dict[str, str]]:
    """document name -> {section name -> generated Markdown}, for a Corpus built from the sources."""
    tables, ner = corpus.tables, corpus.arrow_table("ner")
    noise = read_noise(corpus.root, corpus.texts_by_doc)
    return {
        "README.md": {"configs": configs_section(tables), "data-fields": data_fields_section(),
                      "data-instances": data_instances_section({config: corpus.first_row(config) for config in tables}),
                      "corpus-statistics": corpus_statistics_section(tables, ner)},
        "DATASHEET.md": {
            "configs": configs_section(tables),
            "corpus-statistics": corpus_statistics_section(tables, ner),
            "noise": noise_section(noise),
            "entity-statistics": entity_statistics_section(tables),
            "entity-agreement": entity_agreement_section(corpus.root),
            "model-review": model_review_section(corpus),
            "date-statistics": date_statistics_section(tables),
            "date-agreement": date_agreement_section(corpus.root),
            "stance-statistics": stance_statistics_section(tables),
            "stance-agreement": stance_agreement_section(corpus.root),
        },
    }
