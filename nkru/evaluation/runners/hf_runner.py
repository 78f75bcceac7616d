"""Running a local transformers token-classification model over the corpus, sentence by sentence, timed, for
the benchmark (needs the hf extra: transformers and torch). Nothing is downloaded: the model is a folder."""

from __future__ import annotations

from pathlib import Path

from nkru.errors import NkruError
from nkru.evaluation.runners import ModelRun
from nkru.evaluation.runners.local_models import (
    first_line,
    local_model_folder,
    predict_by_sentence,
)
from nkru.schema import Sentence

AGGREGATION_STRATEGY = "simple"
# RoBERTa-family models (CamemBERT among them) number their positions from the padding index + 1, so a
# config's max_position_embeddings of 514 allows 512 tokens.
POSITION_OFFSET = 2
# A sentence longer than the model's window is read in windows that overlap by this share of a window.
STRIDE_SHARE = 4
UNDECLARED_LENGTH = 100_000  # transformers' model_max_length is a huge stand-in when a tokenizer declares none


def run_hf(path: str, texts_by_doc: dict[str, str], sentences: list[Sentence], batch_size: int = 16) -> ModelRun:
    """The model's entity spans in each document, with the labels it gives (entity groups), found sentence by
    sentence in batches; a sentence longer than the model's window is read in overlapping windows."""
    folder = local_model_folder("hf", path)
    transformers, torch = _import_libraries()
    tokenizer, model = _load_model(transformers, path, folder)
    window = _window(path, tokenizer, model.config)
    tokenizer.model_max_length = window
    stride = window // STRIDE_SHARE
    pipeline = transformers.pipeline("token-classification", model=model, tokenizer=tokenizer,
                                     aggregation_strategy=AGGREGATION_STRATEGY, device=-1)
    predicted, seconds, harness_seconds = predict_by_sentence(
        texts_by_doc, sentences, lambda texts: pipeline(texts, batch_size=batch_size, stride=stride),
        lambda entities: [(entity["start"], entity["end"], entity["entity_group"]) for entity in entities])
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
    # Its loading progress bars and warnings would bury the benchmark's one-line messages.
    transformers.logging.set_verbosity_error()
    transformers.logging.disable_progress_bar()
    return transformers, torch


def _load_model(transformers, path: str, folder: Path):
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(folder, local_files_only=True)
        model = transformers.AutoModelForTokenClassification.from_pretrained(folder, local_files_only=True)
    except (OSError, ValueError) as error:
        raise NkruError(f"hf:{path}: expected a token-classification model and its tokenizer in {folder}; "
                        f"loading failed: {first_line(error)}") from error
    if not tokenizer.is_fast:
        raise NkruError(f"hf:{path}: expected a fast tokenizer (tokenizer.json), which gives character offsets "
                        f"and splits long sentences; found {type(tokenizer).__name__}")
    return tokenizer, model.eval()


def _window(path: str, tokenizer, config) -> int:
    """The most tokens, special ones included, that the model reads at once: the tokenizer's declared length
    when the model's positions allow it."""
    positions = getattr(config, "max_position_embeddings", None)
    declared = tokenizer.model_max_length
    if positions is None:
        if declared > UNDECLARED_LENGTH:
            raise NkruError(f"hf:{path}: expected the tokenizer's model_max_length or the config's "
                            "max_position_embeddings; found neither")
        return declared
    return declared if declared <= positions else positions - POSITION_OFFSET
