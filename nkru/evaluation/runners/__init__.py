"""Model runners for the NER benchmark: each turns the corpus's texts into predicted character
spans, timed. `--model KIND:TARGET` picks one: spacy:PIPELINE, hf:FOLDER, gliner:FOLDER,
python:MODULE:FUNCTION. Each runner imports its heavy dependencies when it runs, and a missing one
is a NkruError naming the extra to install.

A runner returns the labels its model uses (entity groups, spaCy labels…) unchanged, or, for
GLiNER, the fine type each prompt stands for: the benchmark maps them through the alias table
(nkru.evaluation.labels).
"""

from __future__ import annotations

from dataclasses import dataclass, field

Span = tuple[int, int, str]


@dataclass(frozen=True)
class ModelRun:
    model: str
    version: str
    pipes: list[str]
    seconds: float                      # the model's own inference time
    predicted: dict[str, list[Span]]    # doc_id -> [(start, end, raw label)]
    harness_seconds: float = 0.0        # the runner's own time beyond inference (batching, offsets)
    details: dict = field(default_factory=dict)

    @property
    def entity_count(self) -> int:
        return sum(len(spans) for spans in self.predicted.values())


RUNNER_KINDS = ("spacy", "hf", "gliner", "python")


@dataclass(frozen=True)
class RunnerOptions:
    batch_size: int = 16
    threshold: float = 0.5      # GLiNER's score threshold


def run_model(spec: str, texts_by_doc: dict[str, str], sentences: list, options: RunnerOptions) -> ModelRun:
    """Run the model `spec` names (KIND:TARGET) over every document."""
    from nkru.errors import NkruError

    kind, _, target = spec.partition(":")
    if kind not in RUNNER_KINDS or not target:
        raise NkruError(f"--model {spec!r}: expected one of spacy:PIPELINE, hf:FOLDER, gliner:FOLDER, "
                        "python:MODULE:FUNCTION")
    if options.batch_size < 1:
        raise NkruError(f"--batch-size {options.batch_size}: expected at least 1")
    if kind == "spacy":
        from nkru.evaluation.runners.spacy_runner import run_spacy

        return run_spacy(target, texts_by_doc, options.batch_size)
    if kind == "hf":
        from nkru.evaluation.runners.hf_runner import run_hf

        return run_hf(target, texts_by_doc, sentences, options.batch_size)
    if kind == "gliner":
        from nkru.evaluation.labels import GLINER_PROMPTS
        from nkru.evaluation.runners.gliner_runner import run_gliner

        if not 0 < options.threshold <= 1:
            raise NkruError(f"--threshold {options.threshold}: expected a score in (0, 1]")
        return run_gliner(target, texts_by_doc, sentences, dict(GLINER_PROMPTS), options.threshold, options.batch_size)
    from nkru.evaluation.runners.python_runner import run_python

    return run_python(target, texts_by_doc)
