"""Running a local transformers token-classification model over the corpus, sentence by sentence, timed, for
the benchmark (needs the hf extra: transformers and torch). Nothing is downloaded: the model is a folder."""

from __future__ import annotations

import time
from pathlib import Path

from nkru.errors import NkruError
from nkru.evaluation.runners import ModelRun, Span
from nkru.schema import Sentence

AGGREGATION_STRATEGY = "simple"
# RoBERTa-family models (CamemBERT among them) number their positions from the padding index + 1, so a
# config's max_position_embeddings of 514 allows 512 tokens.
POSITION_OFFSET = 2
# A sentence longer than the model's window is read in windows that overlap by this share of a window.
STRIDE_SHARE = 4


def run_hf(path: str, texts_by_doc: dict[str, str], sentences: list[Sentence], batch_size: int = 16) -> ModelRun:
    """The model's entity spans in each document, with the labels it gives (entity groups), found sentence by
    sentence in batches; a sentence longer than the model's window is read in overlapping windows."""
    transformers, torch = _import_libraries()
    folder = _model_folder(path)
    tokenizer, model = _load_model(transformers, path, folder)
    window = _window(path, tokenizer, model.config)
    tokenizer.model_max_length = window
    stride = window // STRIDE_SHARE
    pipeline = transformers.pipeline("token-classification", model=model, tokenizer=tokenizer,
                                     aggregation_strategy=AGGREGATION_STRATEGY, device=-1)
    harness_start = time.perf_counter()
    pieces = _sentence_pieces(texts_by_doc, sentences)
    model_start = time.perf_counter()
    entities_by_piece = pipeline([text for _, _, text in pieces], batch_size=batch_size, stride=stride) if pieces else []
    seconds = time.perf_counter() - model_start
    predicted = _spans_by_doc(texts_by_doc, pieces, entities_by_piece)
    harness_seconds = time.perf_counter() - harness_start - seconds
    return ModelRun(model=f"hf:{path}",
                    version=f"{folder.name} (transformers {transformers.__version__}, torch {torch.__version__})",
                    pipes=["token-classification"], seconds=seconds, predicted=predicted,
                    harness_seconds=harness_seconds,
                    details={"aggregation_strategy": AGGREGATION_STRATEGY, "batch_size": batch_size, "stride": stride,
                             "window": window})


def _import_libraries():
    try:
        import torch
        import transformers
    except ImportError as error:
        raise NkruError("the hf: runner needs transformers and torch: pip install 'nkru-fr[hf]'") from error
    return transformers, torch


def _model_folder(path: str) -> Path:
    folder = Path(path).expanduser()
    if not folder.is_dir():
        raise NkruError(f"hf:{path}: expected a local model folder (nothing is downloaded); "
                        f"found no folder at {folder.resolve()}")
    return folder


def _load_model(transformers, path: str, folder: Path):
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(folder, local_files_only=True)
        model = transformers.AutoModelForTokenClassification.from_pretrained(folder, local_files_only=True)
    except (OSError, ValueError) as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise NkruError(f"hf:{path}: expected a token-classification model and its tokenizer in {folder}; "
                        f"loading failed: {first_line}") from error
    if not tokenizer.is_fast:
        raise NkruError(f"hf:{path}: expected a fast tokenizer (tokenizer.json), which gives character offsets "
                        f"and splits long sentences; found {type(tokenizer).__name__}")
    return tokenizer, model.eval()


def _window(path: str, tokenizer, config) -> int:
    """The most tokens, special ones included, that the model reads at once: the tokenizer's declared length
    when the model's positions allow it."""
    positions = getattr(config, "max_position_embeddings", None)
    if positions is None:
        if tokenizer.model_max_length > 100_000:  # transformers' stand-in for "not declared"
            raise NkruError(f"hf:{path}: expected the tokenizer's model_max_length or the config's "
                            "max_position_embeddings; found neither")
        return tokenizer.model_max_length
    return tokenizer.model_max_length if tokenizer.model_max_length <= positions else positions - POSITION_OFFSET


def _sentence_pieces(texts_by_doc: dict[str, str], sentences: list[Sentence]) -> list[tuple[str, int, str]]:
    """(doc_id, sentence_start, sentence text) for each sentence of a document being run."""
    return [(sentence.doc_id, sentence.sentence_start,
             texts_by_doc[sentence.doc_id][sentence.sentence_start:sentence.sentence_end])
            for sentence in sentences if sentence.doc_id in texts_by_doc]


def _spans_by_doc(texts_by_doc: dict[str, str], pieces: list[tuple[str, int, str]],
                  entities_by_piece: list[list[dict]]) -> dict[str, list[Span]]:
    spans_by_doc: dict[str, list[Span]] = {doc_id: [] for doc_id in texts_by_doc}
    for (doc_id, offset, _), entities in zip(pieces, entities_by_piece, strict=True):
        spans_by_doc[doc_id].extend((offset + int(entity["start"]), offset + int(entity["end"]),
                                     entity["entity_group"]) for entity in entities)
    return {doc_id: sorted(spans) for doc_id, spans in spans_by_doc.items()}
