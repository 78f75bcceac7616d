"""What the model runners add around the model: harness seconds against model seconds, on a tiny model.

    python benchmarks/runner_overhead.py [--runner hf|gliner] [--repeats 3] [--batch-size 16] [--out PATH]

The model is built offline from the corpus's texts (benchmarks/tiny_models.py), so its inference is about
as fast as inference gets and the harness share is an upper bound for any real model. Model seconds are
the time inside the library's calls (the transformers pipeline, GLiNER's inference); harness seconds are
the rest of the run (slicing the sentences, moving the offsets, sorting), loading excluded. Target: a
harness share under 10 %.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(CHECKOUT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from tiny_models import build_tiny_gliner, build_tiny_token_classifier

from nkru.reader import read_corpus

TARGET_SHARE = 0.10
GLINER_PROMPTS = {"personne": "PER", "pays": "GPE", "organisation": "ORG"}


def run_once(runner: str, model_folder: Path, texts: dict[str, str], sentences: list, batch_size: int):
    if runner == "hf":
        from nkru.evaluation.runners.hf_runner import run_hf

        return run_hf(str(model_folder), texts, sentences, batch_size=batch_size)
    from nkru.evaluation.runners.gliner_runner import run_gliner

    return run_gliner(str(model_folder), texts, sentences, GLINER_PROMPTS, threshold=0.5, batch_size=batch_size)


def measure(runner: str, repeats: int, batch_size: int) -> dict:
    corpus = read_corpus(None, ("documents", "entities", "ner"))
    texts, sentences = dict(corpus.texts_by_doc), corpus.sentences
    build = build_tiny_token_classifier if runner == "hf" else build_tiny_gliner
    with tempfile.TemporaryDirectory(prefix="nkru-tiny-model-") as scratch:
        model_folder = build(Path(scratch) / f"tiny-{runner}", texts.values())
        runs = [run_once(runner, model_folder, texts, sentences, batch_size) for _ in range(repeats)]
    model_seconds = sum(run.seconds for run in runs)
    harness_seconds = sum(run.harness_seconds for run in runs)
    return {"runner": runner, "version": runs[0].version, "details": runs[0].details, "documents": len(texts),
            "sentences": len(sentences), "characters": sum(map(len, texts.values())),
            "entities": runs[0].entity_count,
            "repeats": [{"model_seconds": run.seconds, "harness_seconds": run.harness_seconds} for run in runs],
            "model_seconds": model_seconds, "harness_seconds": harness_seconds,
            "harness_share": harness_seconds / (model_seconds + harness_seconds)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runner", choices=("hf", "gliner"), default="hf")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--out", type=Path, help="also write the figures to this JSON file")
    arguments = parser.parse_args()
    result = measure(arguments.runner, arguments.repeats, arguments.batch_size)
    for number, repeat in enumerate(result["repeats"], start=1):
        print(f"run {number}: model {repeat['model_seconds']:.3f} s, harness {repeat['harness_seconds'] * 1000:.2f} ms")
    print(f"{result['runner']} on {result['sentences']} sentences x {len(result['repeats'])}: "
          f"model {result['model_seconds']:.3f} s, harness {result['harness_seconds']:.4f} s, "
          f"harness share {result['harness_share']:.2%} (target < {TARGET_SHARE:.0%})")
    if arguments.out:
        record = {"command": "python benchmarks/runner_overhead.py " + " ".join(sys.argv[1:]),
                  "machine": {"python": platform.python_version(), "cpus": len(os.sched_getaffinity(0)),
                              "platform": platform.platform()}, **result}
        arguments.out.parent.mkdir(parents=True, exist_ok=True)
        arguments.out.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {arguments.out}")
    return 0 if result["harness_share"] < TARGET_SHARE else 1


if __name__ == "__main__":
    sys.exit(main())
