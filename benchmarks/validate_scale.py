"""Does validation stay linear as the corpus grows? Time every check on the corpus replicated k times.

    python benchmarks/validate_scale.py [--factors 1 2 4 8 16]

Each copy of a document gets its own doc_id (and its mentions, exclusions and model predictions
follow it), so the checks see k times as many documents, mentions and review rows. Prints the
total time and the time per thousand mentions, which stays flat when the checks are linear.
"""

from __future__ import annotations

import argparse
import copy
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nkru.checks import CHECKS, run_checks  # noqa: E402
from nkru.corpus import Corpus, read_corpus  # noqa: E402
from nkru.review_files import ReviewFiles  # noqa: E402


def replicated(corpus: Corpus, factor: int) -> Corpus:
    def renamed(rows, copy_number, *id_columns):
        out = []
        for row in rows:
            row = copy.copy(row)
            for column in id_columns:
                row[column] = f"{row[column]}-x{copy_number}"
            out.append(row)
        return out

    tables = {"documents": [], "entities": [], "entity_registry": corpus.tables["entity_registry"]}
    exclusions, predictions = [], []
    for number in range(factor):
        tables["documents"] += renamed(corpus.tables["documents"], number, "doc_id")
        tables["entities"] += renamed(corpus.tables["entities"], number, "doc_id", "mention_id")
        exclusions += renamed(corpus.review.exclusions, number, "doc_id")
        predictions += renamed(corpus.review.model_predictions, number, "doc_id")
    # The registry's counts and documents now differ from the mentions: skip that one check here.
    review = ReviewFiles(exclusions=exclusions, label_exceptions=corpus.review.label_exceptions,
                         model_predictions=predictions)
    return Corpus(root=corpus.root, tables=tables, load_errors={}, review=review)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 2, 4, 8, 16])
    factors = parser.parse_args().factors
    shipped = read_corpus(Path(__file__).resolve().parent.parent)
    names = [name for name in CHECKS if name != "registry_matches_mentions"]
    print(f"{'factor':>6} {'documents':>9} {'mentions':>9} {'checks s':>9} {'ms per 1k mentions':>19}")
    for factor in factors:
        corpus = replicated(shipped, factor)
        start = time.perf_counter()
        findings = run_checks(corpus, names)
        elapsed = time.perf_counter() - start
        mentions = len(corpus.tables["entities"])
        assert not findings, findings[:3]
        print(f"{factor:>6} {len(corpus.tables['documents']):>9} {mentions:>9} {elapsed:>9.3f} "
              f"{elapsed * 1e6 / mentions:>19.2f}")


if __name__ == "__main__":
    main()
