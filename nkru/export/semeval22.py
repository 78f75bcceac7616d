"""SemEval-2022 Task 10 structured sentiment JSON (`semeval22/test.json`), from the stances.

The task's layout: a dataset folder holding one JSON list per split (`test.json`, the corpus's one
split), one record per sentence, `{"sent_id", "text", "opinions"}`. Here a sentence is one of the
`ner` config (`sent_id` = its sentence_id) and `text` is its tokens joined by single spaces, since
the task's scorer splits `text` on spaces and compares token index sets.

Each stance is an opinion of its cue's sentence: Polar_expression = the cue, Target = the target,
Source = the holder, each `[[texts], ["start:end"]]` with offsets on `text`; a span covers the
tokens it overlaps, so it starts and ends on a space. As in the task's data, whatever is not in
the sentence is empty (`[[], []]`): the Source of an author's stance (no holder) or of a holder
named in another sentence, the Target of a target in another sentence. Polarity: FAVOR, AGAINST
and NEUTRAL (an explicitly balanced evaluation) become Positive, Negative and Neutral; Intensity
is "Standard" (the corpus annotates none). Each opinion also carries the corpus's `stance_id`,
`target_id` and `attribution`, which the task's scorer ignores.
"""

from __future__ import annotations

import bisect
import json
from pathlib import Path
from typing import TYPE_CHECKING

from nkru.atomic import write_atomically
from nkru.errors import ExportError
from nkru.export import ExportFormat
from nkru.schema import SPLIT, Sentence, Stance

if TYPE_CHECKING:
    from nkru.corpus import Corpus

SEMEVAL_POLARITY = {"FAVOR": "Positive", "AGAINST": "Negative", "NEUTRAL": "Neutral"}
SEMEVAL_INTENSITY = "Standard"
SEMEVAL_FILE = f"semeval22/{SPLIT}.json"
# The opinion's span keys and the stance roles they hold.
ROLE_BY_KEY = {"Source": "holder", "Target": "target", "Polar_expression": "cue"}
EXTRA_FIELDS = ("stance_id", "target_id", "attribution")
EMPTY_SPAN: list[list[str]] = [[], []]


def sentence_text(sentence: Sentence) -> str:
    return " ".join(sentence.tokens)


def token_offsets(sentence: Sentence) -> list[tuple[int, int]]:
    """[start, end) of each token in the sentence's text (its tokens joined by single spaces)."""
    offsets, position = [], 0
    for token in sentence.tokens:
        offsets.append((position, position + len(token)))
        position += len(token) + 1
    return offsets


def _named(stance: Stance) -> str:
    """The start of a message about a stance: its id, if it has one (predicted rows may not)."""
    return f"{stance.stance_id}: " if stance.stance_id else ""


class StanceSentences:
    """The `ner` sentences of a corpus, to place stances in them as SemEval sentence records."""

    def __init__(self, sentences: list[Sentence]):
        self.sentences = sentences
        self.by_doc: dict[str, list[Sentence]] = {}
        for sentence in sentences:
            self.by_doc.setdefault(sentence.doc_id, []).append(sentence)
        for doc_sentences in self.by_doc.values():
            doc_sentences.sort(key=lambda sentence: sentence.sentence_start)
        self.starts = {doc_id: [sentence.sentence_start for sentence in doc_sentences]
                       for doc_id, doc_sentences in self.by_doc.items()}

    def sentence_at(self, doc_id: str, start: int, end: int) -> Sentence | None:
        """The sentence holding all of [start, end), or None when it lies in none or crosses a boundary."""
        if doc_id not in self.by_doc:
            raise ExportError(f"unknown doc_id {doc_id!r}; expected one of {', '.join(self.by_doc)}")
        index = bisect.bisect_right(self.starts[doc_id], start) - 1
        if index < 0:
            return None
        sentence = self.by_doc[doc_id][index]
        return sentence if start < end <= sentence.sentence_end else None

    def opinion(self, stance: Stance) -> tuple[str, dict]:
        """(sentence_id of the cue's sentence, the stance as an opinion of that sentence)."""
        sentence = self.sentence_at(stance.doc_id, stance.cue_start, stance.cue_end)
        if sentence is None:
            raise ExportError(f"{_named(stance)}the cue {stance.cue_start}:{stance.cue_end} does not lie within "
                              f"one sentence of {stance.doc_id}")
        opinion: dict = {key: self._span(stance, role, sentence) for key, role in ROLE_BY_KEY.items()}
        polarity = SEMEVAL_POLARITY.get(stance.polarity)
        if polarity is None:
            raise ExportError(f"{_named(stance)}polarity {stance.polarity!r}, expected one of "
                              f"{', '.join(SEMEVAL_POLARITY)}")
        opinion.update({"Polarity": polarity, "Intensity": SEMEVAL_INTENSITY})
        opinion.update({field: getattr(stance, field) for field in EXTRA_FIELDS})
        return sentence.sentence_id, opinion

    def _span(self, stance: Stance, role: str, sentence: Sentence) -> list[list[str]]:
        start, end = getattr(stance, f"{role}_start"), getattr(stance, f"{role}_end")
        if start is None:
            return EMPTY_SPAN
        if end <= sentence.sentence_start or start >= sentence.sentence_end:
            if self.sentence_at(stance.doc_id, start, end) is None:
                raise ExportError(f"{_named(stance)}the {role} {start}:{end} does not lie within one sentence of "
                                  f"{stance.doc_id}")
            return EMPTY_SPAN  # named in another sentence: implicit in this one, as in the task's data
        if start < sentence.sentence_start or end > sentence.sentence_end:
            raise ExportError(f"{_named(stance)}the {role} {start}:{end} crosses a boundary of the cue's sentence "
                              f"{sentence.sentence_id} ({sentence.sentence_start}:{sentence.sentence_end})")
        covered = [index for index, (token_start, token_end) in enumerate(zip(sentence.token_starts,
                                                                                sentence.token_ends))
                   if token_start < end and start < token_end]
        if not covered:
            raise ExportError(f"{_named(stance)}the {role} {start}:{end} covers no token of {sentence.sentence_id}")
        offsets = token_offsets(sentence)
        first, last = offsets[covered[0]][0], offsets[covered[-1]][1]
        return [[sentence_text(sentence)[first:last]], [f"{first}:{last}"]]

    def records(self, stances: list[Stance]) -> list[dict]:
        """One record per sentence, in the `ner` config's order, each with its stances' opinions."""
        opinions: dict[str, list[dict]] = {sentence.sentence_id: [] for sentence in self.sentences}
        for stance in stances:
            sentence_id, opinion = self.opinion(stance)
            opinions[sentence_id].append(opinion)
        return [{"sent_id": sentence.sentence_id, "text": sentence_text(sentence),
                 "opinions": opinions[sentence.sentence_id]} for sentence in self.sentences]


def semeval22_records(sentences: list[Sentence], stances: list[Stance]) -> list[dict]:
    return StanceSentences(sentences).records(stances)


def export_semeval22(corpus: Corpus, out_dir: Path) -> list[Path]:
    target = out_dir / SEMEVAL_FILE
    records = semeval22_records(corpus.sentences, corpus.stances)
    write_atomically(target, json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    return [target]


def read_semeval22(path: Path) -> list[dict]:
    """Read an export back: per sentence, its text and opinions with (text, start, end) spans."""
    records = json.loads(path.read_text(encoding="utf-8"))
    parsed = []
    for record in records:
        opinions = []
        for opinion in record["opinions"]:
            spans = {}
            for key in ROLE_BY_KEY:
                texts, offsets = opinion[key]
                spans[key] = [(text, *map(int, offset.split(":"))) for text, offset in zip(texts, offsets)]
            opinions.append({**opinion, **spans})
        parsed.append({"sent_id": record["sent_id"], "text": record["text"], "opinions": opinions})
    return parsed


FORMAT = ExportFormat("semeval22", "SemEval-2022 Task 10 JSON, one record per sentence (stances)", ("ner", "stances"),
                      export_semeval22, position=4)
