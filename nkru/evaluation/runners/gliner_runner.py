"""Running a local GLiNER model over the corpus, sentence by sentence, timed, for the benchmark (needs the
gliner extra). GLiNER looks for the entity types it is given as text prompts ("personne", "pays"…); each
prompt stands for one of our labels. Nothing is downloaded: the model is a folder."""

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


def run_gliner(path: str, texts_by_doc: dict[str, str], sentences: list[Sentence],
               labels_with_prompts: dict[str, str], threshold: float = 0.5, batch_size: int = 16) -> ModelRun:
    """The spans the model finds for each prompt in each document, found sentence by sentence in batches
    and labelled with the label the prompt stands for (`labels_with_prompts` maps prompt text -> label)."""
    if not labels_with_prompts:
        raise NkruError(f"gliner:{path}: expected at least one prompt -> label pair; found none")
    folder = local_model_folder("gliner", path)
    gliner, transformers, torch = _import_libraries()
    model = _load_model(gliner, path, folder)
    prompts = list(labels_with_prompts)
    predicted, seconds, harness_seconds = predict_by_sentence(
        texts_by_doc, sentences,
        lambda texts: model.inference(texts, prompts, flat_ner=True, threshold=threshold, batch_size=batch_size),
        lambda entities: [(entity["start"], entity["end"], labels_with_prompts[entity["label"]])
                          for entity in entities])
    return ModelRun(model=f"gliner:{path}",
                    version=f"{folder.name} (gliner {gliner.__version__}, transformers {transformers.__version__}, "
                            f"torch {torch.__version__})",
                    pipes=[type(model).__name__], seconds=seconds, predicted=predicted,
                    harness_seconds=harness_seconds,
                    details={"labels_with_prompts": dict(labels_with_prompts), "threshold": threshold,
                             "batch_size": batch_size, "flat_ner": True, "max_words": model.config.max_len})


def _import_libraries():
    try:
        import gliner
        import torch
        import transformers
    except ImportError as error:
        raise NkruError("the gliner: runner needs gliner: pip install 'nkru-fr[gliner]'") from error
    return gliner, transformers, torch


def _load_model(gliner, path: str, folder: Path):
    try:
        model = gliner.GLiNER.from_pretrained(str(folder), local_files_only=True)
    except (OSError, ValueError) as error:
        raise NkruError(f"gliner:{path}: expected a GLiNER model (gliner_config.json, weights, tokenizer) in "
                        f"{folder}; loading failed: {first_line(error)}") from error
    return model.eval()
