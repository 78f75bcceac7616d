"""Checks over the `stances` and `stance_targets` tables."""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from nkru.checks.findings import Finding, needs
from nkru.corpus import Corpus
from nkru.schema import STANCE_TARGET_IDS
from nkru.tokens import sentence_bounds

# Quotation marks of these texts: an opening mark and the marks that close it. The texts mix
# straight and curly quotes ("soutien indéfectible … en Ukraine” opens with " and closes with ”).
CLOSERS_BY_OPENER = {"«": "»", "“": "”\"", "\"": "\"”"}
QUOTATION_MARKS = re.compile(
    "[" + re.escape("".join(sorted(set("".join(CLOSERS_BY_OPENER) + "".join(CLOSERS_BY_OPENER.values()))))) + "]")


def _finding(name, stance, message, value):
    return Finding(name, "stances", stance.doc_id, stance.stance_id, message, value)


def inside_quotation(text: str, start: int, end: int) -> bool:
    """Whether [start, end) lies between an opening quotation mark and its closing mark, within
    one paragraph."""
    paragraph_start = text.rfind("\n", 0, start) + 1
    paragraph_end = text.find("\n", end)
    paragraph_end = len(text) if paragraph_end == -1 else paragraph_end
    opener = None
    # only quotation marks change the state: the scan visits them alone
    for character in QUOTATION_MARKS.findall(text, paragraph_start, start):
        if opener is None:
            opener = character if character in CLOSERS_BY_OPENER else None
        elif character in CLOSERS_BY_OPENER[opener]:
            opener = None
    if opener is None:
        return False
    between = text[start:end]
    return not any(mark in between for mark in CLOSERS_BY_OPENER[opener]) and any(
        mark in text[end:paragraph_end] for mark in CLOSERS_BY_OPENER[opener])


def stance_inventory(corpus: Corpus) -> Iterator[Finding]:
    for stance in corpus.stances:
        for column in ("target_id", "polarity", "attribution"):
            value = getattr(stance, column)
            if corpus.label_name("stances", column, value) is None:
                yield _finding("stance_inventory", stance, f"{column} is outside its closed set", value)
    listed = [corpus.label_name("stance_targets", "target_id", row.target_id) for row in corpus.stance_targets]
    if corpus.has("stance_targets") and listed != list(STANCE_TARGET_IDS):
        yield Finding("stance_inventory", "stance_targets", "", "", "the inventory differs from the schema's", listed)


def stance_spans_present(corpus: Corpus) -> Iterator[Finding]:
    for stance in corpus.stances:
        for span in ("target", "cue"):
            if getattr(stance, f"{span}_start") is None or not getattr(stance, f"{span}_text"):
                yield _finding("stance_spans_present", stance, f"a stance needs a {span}",
                               getattr(stance, f"{span}_text"))


def stance_attribution(corpus: Corpus) -> Iterator[Finding]:
    """AUTHOR if and only if there is no holder; QUOTED only when the cue is inside quotation marks."""
    for stance in corpus.stances:
        attribution = corpus.label_name("stances", "attribution", stance.attribution)
        has_holder = stance.holder_start is not None
        if (attribution == "AUTHOR") == has_holder:
            yield _finding("stance_attribution", stance, "AUTHOR must go with no holder, and only with no holder",
                           (attribution, stance.holder_text))
        text = corpus.texts_by_doc.get(stance.doc_id)
        if attribution == "QUOTED" and text is not None and isinstance(stance.cue_start, int) and not (
                inside_quotation(text, stance.cue_start, stance.cue_end)):
            yield _finding("stance_attribution", stance, "QUOTED cue is not inside quotation marks", stance.cue_text)


# A holder span that is a pronoun or a possessive phrase (`il`, `a-t-il`, `son pays`) names its
# entity through coreference, not through a mention (ANNOTATION_SPEC.md §4, holder span).
ANAPHORIC_HOLDER_WORDS = frozenset({
    "il", "elle", "ils", "elles", "lui", "eux", "nous", "on",
    "son", "sa", "ses", "leur", "leurs", "notre", "nos"})


def anaphoric_holder(holder_text: str) -> bool:
    """Whether a holder span is a pronoun or starts with a possessive determiner."""
    words = holder_text.split()
    return bool(words) and words[0].lower() in ANAPHORIC_HOLDER_WORDS


@needs("entity_registry", "entities")
def stance_holder_link(corpus: Corpus) -> Iterator[Finding]:
    """holder_entity_id names a registry entity that the holder span names: one of its mentions
    overlaps the span, or the span is a pronoun or possessive phrase overlapping no mention and
    the entity is mentioned before it in the document (its antecedent)."""
    table = corpus.arrow_table("stances")
    if table is None:
        return
    linked = np.flatnonzero(pc.is_valid(table["holder_entity_id"]).to_numpy(zero_copy_only=False))
    if len(linked) == 0:
        return
    rows = table.take(pa.array(linked)).select(["doc_id", "holder_entity_id", "holder_start", "holder_end"])
    registry = pa.array([entry.entity_id for entry in corpus.registry], type=pa.string())
    known = pc.is_in(rows["holder_entity_id"], value_set=registry).to_numpy(zero_copy_only=False)
    has_span = pc.is_valid(rows["holder_start"]).to_numpy(zero_copy_only=False) & pc.is_valid(
        rows["holder_end"]).to_numpy(zero_copy_only=False)
    starts = rows["holder_start"].fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
    ends = rows["holder_end"].fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
    same_entity = corpus.overlaps_entity_mentions(rows["doc_id"], rows["holder_entity_id"], starts, ends)
    unsettled = ~(known & has_span & same_entity)
    if not unsettled.any():
        return
    any_mention = corpus.overlaps_mentions(rows["doc_id"], starts, ends)
    stances = corpus.stances
    for position in np.flatnonzero(unsettled):
        stance = stances[int(linked[position])]
        entity_id = stance.holder_entity_id
        if not known[position]:
            yield _finding("stance_holder_link", stance, "holder_entity_id is not in the registry", entity_id)
        elif not has_span[position]:
            yield _finding("stance_holder_link", stance, "holder_entity_id without a holder span", entity_id)
        elif any_mention[position] or not anaphoric_holder(stance.holder_text or ""):
            yield _finding("stance_holder_link", stance, f"no mention of {entity_id!r} overlaps the holder span",
                           stance.holder_text)
        elif not any(mention.entity_id == entity_id and mention.end <= stance.holder_start
                     for mention in corpus.mentions_by_doc.get(stance.doc_id, ())):
            yield _finding("stance_holder_link", stance,
                           f"the pronoun or possessive holder has no earlier mention of {entity_id!r}",
                           stance.holder_text)


def _stored_target_id(target_id) -> str:
    """A target row's id as stored (its index), which is how unique_ids names the same rows."""
    return str(STANCE_TARGET_IDS.index(target_id) if target_id in STANCE_TARGET_IDS else target_id)


@needs("stances")
def stance_target_counts(corpus: Corpus) -> Iterator[Finding]:
    counts = Counter(stance.target_id for stance in corpus.stances)
    for row in corpus.stance_targets:
        if row.stance_count != counts[row.target_id]:
            yield Finding("stance_target_counts", "stance_targets", "", _stored_target_id(row.target_id),
                          f"{counts[row.target_id]} stances have this target, the inventory says", row.stance_count)


def _role_span(stance, role: str) -> tuple[int, int] | None:
    start, end = getattr(stance, f"{role}_start"), getattr(stance, f"{role}_end")
    return (start, end) if isinstance(start, int) and isinstance(end, int) else None


def stance_role_spans(corpus: Corpus) -> Iterator[Finding]:
    """The holder shares no character with the target or the cue: who holds a stance is not what
    it is about nor the words that carry it (the target may coincide with the cue, or hold it:
    `amitié et la solidarité militantes`; ANNOTATION_GUIDELINES.md, Stances)."""
    for stance in corpus.stances:
        holder, target, cue = (_role_span(stance, role) for role in ("holder", "target", "cue"))
        for role, span in (("target", target), ("cue", cue)):
            if holder and span and holder[0] < span[1] and span[0] < holder[1]:
                yield _finding("stance_role_spans", stance, f"holder span overlaps the {role} span", (holder, span))


def stance_paragraphs(corpus: Corpus) -> Iterator[Finding]:
    """The target lies in the cue's paragraph."""
    for doc_id, stances in corpus.rows_by_doc("stances").items():
        text = corpus.texts_by_doc.get(doc_id)
        if text is None:
            continue
        breaks = [line_break.start() for line_break in re.finditer("\n", text)]
        for stance in stances:
            target, cue = (_role_span(stance, role) for role in ("target", "cue"))
            if not cue or not 0 <= cue[0] <= len(text):
                continue
            if target and bisect.bisect_left(breaks, target[0]) != bisect.bisect_left(breaks, cue[0]):
                yield _finding("stance_paragraphs", stance, "target span is in another paragraph than the cue",
                               stance.target_text)


def stance_holder_sentence(corpus: Corpus) -> Iterator[Finding]:
    """The holder lies in the cue's sentence, or in the sentence before it when the cue's sentence
    names nobody (ANNOTATION_SPEC.md §4, version 1.1: the holder span). Sentences are the `ner`
    config's (the ner checks hold them to the splitter); a document without any is split here."""
    starts_by_doc = defaultdict(list)
    for doc_id, start in corpus.column_rows("ner", ("doc_id", "sentence_start")):
        starts_by_doc[doc_id].append(start)
    for doc_id, stances in corpus.rows_by_doc("stances").items():
        text = corpus.texts_by_doc.get(doc_id)
        if not stances or text is None:
            continue
        sentence_starts = sorted(starts_by_doc.get(doc_id) or [start for start, _ in sentence_bounds(text)])
        for stance in stances:
            holder, cue = _role_span(stance, "holder"), _role_span(stance, "cue")
            if not holder or not cue:
                continue
            cue_sentence = bisect.bisect_right(sentence_starts, cue[0])
            holder_sentence = bisect.bisect_right(sentence_starts, holder[0])
            if holder_sentence not in (cue_sentence, cue_sentence - 1):
                yield _finding("stance_holder_sentence", stance,
                               f"holder span is {holder_sentence - cue_sentence:+d} sentences from the cue's",
                               stance.holder_text)
