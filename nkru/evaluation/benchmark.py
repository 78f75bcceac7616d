"""The NER benchmark: the gold side of a corpus, and a run's predictions scored into a results record."""

from __future__ import annotations

from dataclasses import dataclass

from nkru.corpus import Corpus
from nkru.errors import NkruError
from nkru.evaluation.bootstrap import DEFAULT_REPLICATES, DEFAULT_SEED
from nkru.evaluation.predictions import Predictions
from nkru.evaluation.results import corpus_of_record, run_record
from nkru.evaluation.scoring import Profile, count_run, profiles_for
from nkru.schema import Sentence

Spans = dict[str, list[tuple[int, int, str]]]  # doc_id -> (start, end, label) spans
GOLD_CONFIGS = ("documents", "entities", "ner")
MAX_REPLICATES = 100_000


@dataclass(frozen=True)
class Gold:
    spans: Spans                  # fine labels
    sentences: list[Sentence]
    texts: dict[str, str]
    corpus: dict                  # version and SHA-256 of the files read


def gold_and_sentences(corpus: Corpus) -> tuple[Spans, list[Sentence], dict[str, str]]:
    """(gold spans with fine labels, the `ner` sentences, doc_id -> text) of a corpus."""
    texts = dict(corpus.texts_by_doc)
    gold = {doc_id: [] for doc_id in texts}
    for mention in corpus.mentions:
        gold[mention.doc_id].append((mention.start, mention.end, mention.label))
    return gold, corpus.sentences, texts


def gold_of(corpus: Corpus) -> Gold:
    """The gold side of a corpus read with (at least) GOLD_CONFIGS."""
    spans, sentences, texts = gold_and_sentences(corpus)
    return Gold(spans, sentences, texts, corpus_of_record(corpus.root, GOLD_CONFIGS))


@dataclass(frozen=True)
class ScoringOptions:
    profiles: tuple[Profile, ...] | None = None   # None: every profile the run's labels can express
    replicates: int = DEFAULT_REPLICATES
    seed: int = DEFAULT_SEED

    def __post_init__(self):
        if self.profiles is not None:
            object.__setattr__(self, "profiles", tuple(Profile(profile) for profile in self.profiles))
        if not 0 <= self.replicates <= MAX_REPLICATES:
            raise NkruError(f"--bootstrap {self.replicates}: expected 0 to {MAX_REPLICATES} replicates")
        if not 0 <= self.seed < 2**63:
            raise NkruError(f"--seed {self.seed}: expected 0 to 2**63 - 1")


def chosen_profiles(predictions: Predictions, options: ScoringOptions) -> tuple[Profile, ...]:
    possible = profiles_for(predictions.label_set)
    if options.profiles is None:
        return possible
    refused = [profile for profile in options.profiles if profile not in possible]
    if refused:
        raise NkruError(f"--profile {refused[0]}: the predictions use the {predictions.label_set} label set, which the "
                        f"{refused[0]} profile cannot score (it can: {', '.join(possible)})")
    return options.profiles


def score_run(gold: Gold, predictions: Predictions, run: dict, options: ScoringOptions) -> dict:
    """The results record of `predictions` (nkru.evaluation.results); `run` says what produced them."""
    counts = count_run(gold.spans, predictions.spans, gold.sentences, predictions.scope,
                       chosen_profiles(predictions, options))
    return run_record(run, predictions, counts, options.replicates, options.seed, gold.corpus, list(gold.texts))
