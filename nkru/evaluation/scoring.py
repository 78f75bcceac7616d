"""Scoring predicted entity spans against the gold mentions.

Character spans are scored with nervaluate (strict, exact, partial and type matching, SemEval-2013
style), tokens with seqeval (IOB2, mode strict) as a cross-check, both overall and per CoNLL-4
label, under two profiles: `conll` (fine types mapped to CoNLL-4, NORP to MISC) and `names` (NORP
mentions left out of the gold and NORP-labelled predictions left out, the rest mapped as in
`conll`). Predicted spans are projected onto the corpus's tokens for seqeval: every token that
overlaps a span takes its label.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from nkru.errors import NkruError
from nkru.schema import COARSE_BY_ENTITY_LABEL, COARSE_LABELS, Sentence

PROFILES = ("conll", "names")
NERVALUATE_MODES = ("strict", "exact", "partial", "ent_type")


def profile_spans(spans: list[tuple[int, int, str]], profile: str) -> list[tuple[int, int, str]]:
    """Spans with fine labels mapped to CoNLL-4 (CoNLL-4 labels kept), NORP dropped for `names`."""
    if profile not in PROFILES:
        raise NkruError(f"unknown profile {profile!r}; expected one of {PROFILES}")
    kept = [span for span in spans if not (profile == "names" and span[2] == "NORP")]
    return [(start, end, COARSE_BY_ENTITY_LABEL.get(label, label)) for start, end, label in kept]


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class ProfileScores:
    span: dict[str, dict[str, Score]]   # mode -> label or "ALL" -> score (nervaluate)
    token: dict[str, Score]             # label or "ALL" -> score (seqeval, strict IOB2)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, record: dict) -> ProfileScores:
        return cls(span={mode: {label: Score(**score) for label, score in labels.items()}
                         for mode, labels in record["span"].items()},
                   token={label: Score(**score) for label, score in record["token"].items()})


def _nervaluate(gold_by_doc: dict, predicted_by_doc: dict) -> dict[str, dict[str, Score]]:
    from nervaluate import Evaluator

    doc_ids = list(gold_by_doc)
    # nervaluate's ends are inclusive; ours are half-open.
    to_entities = lambda spans: [{"label": label, "start": start, "end": end - 1} for start, end, label in spans]  # noqa: E731
    results = Evaluator([to_entities(gold_by_doc[doc]) for doc in doc_ids],
                        [to_entities(predicted_by_doc.get(doc, [])) for doc in doc_ids],
                        tags=list(COARSE_LABELS), loader="default").evaluate()
    scores = {}
    for mode in NERVALUATE_MODES:
        scores[mode] = {"ALL": _score(results["overall"][mode])}
        for label in COARSE_LABELS:
            # nervaluate leaves out a label found in neither the gold nor the predictions.
            found = results["entities"].get(label)
            scores[mode][label] = _score(found[mode]) if found else Score(0.0, 0.0, 0.0)
    return scores


def _score(result) -> Score:
    return Score(float(result.precision), float(result.recall), float(result.f1))


def _token_tags(tokens: list[tuple[int, int]], spans: list[tuple[int, int, str]]) -> list[str]:
    tags = ["O"] * len(tokens)
    for start, end, label in spans:
        covered = [index for index, (token_start, token_end) in enumerate(tokens) if token_start < end and start < token_end]
        for position, index in enumerate(covered):
            tags[index] = f"{'B' if position == 0 else 'I'}-{label}"
    return tags


def _seqeval(sentences: list[Sentence], gold_by_doc: dict, predicted_by_doc: dict) -> dict[str, Score]:
    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2

    gold_tags, predicted_tags = [], []
    for sentence in sentences:
        tokens = list(zip(sentence.token_starts, sentence.token_ends))
        start, end = sentence.sentence_start, sentence.sentence_end
        inside = lambda spans: [s for s in spans if start <= s[0] and s[0] < end]  # noqa: E731
        gold_tags.append(_token_tags(tokens, inside(gold_by_doc[sentence.doc_id])))
        predicted_tags.append(_token_tags(tokens, inside(predicted_by_doc.get(sentence.doc_id, []))))
    report = classification_report(gold_tags, predicted_tags, mode="strict", scheme=IOB2, output_dict=True,
                                   zero_division=0)
    def as_score(entry) -> Score:
        return Score(float(entry["precision"]), float(entry["recall"]), float(entry["f1-score"]))

    scores = {label: as_score(report[label]) if label in report else Score(0.0, 0.0, 0.0) for label in COARSE_LABELS}
    scores["ALL"] = as_score(report["micro avg"])
    return scores


def score(gold_by_doc: dict, predicted_by_doc: dict, sentences: list[Sentence]) -> dict[str, ProfileScores]:
    """Scores under each profile. `gold_by_doc` and `predicted_by_doc` map doc_id to (start, end, label)
    spans with fine or CoNLL-4 labels; `sentences` are rows of the `ner` config."""
    result = {}
    for profile in PROFILES:
        gold = {doc: profile_spans(spans, profile) for doc, spans in gold_by_doc.items()}
        predicted = {doc: profile_spans(spans, profile) for doc, spans in predicted_by_doc.items()}
        result[profile] = ProfileScores(span=_nervaluate(gold, predicted), token=_seqeval(sentences, gold, predicted))
    return result
