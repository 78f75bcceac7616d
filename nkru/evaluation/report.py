"""What `nkru benchmark` shows and writes besides the JSON record: the terminal tables, and the
error table (`--errors PATH`, TSV: every false positive, false negative, boundary and type error)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from nkru.evaluation.outcomes import OutcomeKind, profile_outcomes
from nkru.evaluation.predictions import Predictions
from nkru.evaluation.scoring import Profile

CONTEXT_CHARS = 40
ERROR_COLUMNS = ("profile", "doc_id", "kind", "gold_start", "gold_end", "gold_text", "gold_label", "predicted_start",
                 "predicted_end", "predicted_text", "predicted_label", "context")
PROFILE_TITLES = {"conll": "CoNLL-4", "names": "CoNLL-4 without NORP", "fine": "the nine fine types"}


def _interval(entry: dict) -> str:
    if entry["f1_ci95"] is None:
        return "–"
    low, high = entry["f1_ci95"]
    return f"[{low:.3f}, {high:.3f}]"


def score_lines(name: str, record: dict) -> list[str]:
    """The terminal tables: per profile and label, nervaluate's four modes (P/R/F1 and the F1
    interval in strict mode) and seqeval's F1."""
    bootstrap = record["bootstrap"]
    lines = [f"{name}: {record['scope']['description']}, {bootstrap['sentences']} sentences; 95 % intervals from "
             f"{bootstrap['replicates']} sentence-bootstrap replicates (seed {bootstrap['seed']})"]
    header = (f"  {'label':<8}{'gold':>5}{'pred':>5}  {'strict P':>8} {'R':>5} {'F1':>5} {'F1 95 % CI':<16}"
              f"{'exact F1':>9}{'partial F1':>11}{'type F1':>8}{'seqeval F1':>11}")
    for profile, labels in record["profiles"].items():
        lines += ["", f"[{profile}] {PROFILE_TITLES[profile]}", header]
        for label, modes in labels.items():
            strict, counts = modes["strict"], record["counts"][profile][label]
            lines.append(f"  {label:<8}{counts['gold']:>5}{counts['predicted']:>5}  {strict['precision']:>8.3f} "
                         f"{strict['recall']:>5.3f} {strict['f1']:>5.3f} {_interval(strict):<16}"
                         f"{modes['exact']['f1']:>9.3f}{modes['partial']['f1']:>11.3f}{modes['ent_type']['f1']:>8.3f}"
                         f"{record['seqeval'][profile][label]['f1']:>11.3f}")
    for profile, reason in record["not_scored"].items():
        lines += ["", f"[{profile}] not scored: {reason}"]
    return lines


def error_rows(gold_by_doc: dict, sentences: list, predictions: Predictions, texts: dict[str, str],
               profiles: list[str]):
    """Every outcome but the hits, under each profile, as rows of ERROR_COLUMNS."""
    for profile_name in profiles:
        outcomes_by_doc = profile_outcomes(gold_by_doc, sentences, predictions, Profile(profile_name))
        for doc_id, outcomes in outcomes_by_doc.items():
            text = texts[doc_id]
            for outcome in outcomes:
                if outcome.kind is not OutcomeKind.HIT:
                    yield (profile_name, doc_id, str(outcome.kind), *_side(outcome.gold, text),
                           *_side(outcome.predicted, text), context_snippet(text, outcome.start, outcome.end))


def _side(span, text: str) -> tuple:
    if span is None:
        return "", "", "", ""
    start, end, label = span
    return start, end, _one_line(text[start:end]), label


def _one_line(text: str) -> str:
    return " ".join(text.split())


def context_snippet(text: str, start: int, end: int) -> str:
    before = _one_line(text[max(0, start - CONTEXT_CHARS):start])
    after = _one_line(text[end:end + CONTEXT_CHARS])
    return f"{before} [{_one_line(text[start:end])}] {after}".strip()


def write_errors(path: Path, rows, columns: tuple[str, ...] = ERROR_COLUMNS) -> tuple[Path, int]:
    from nkru.atomic import write_atomically

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    write_atomically(path, buffer.getvalue())
    return path, count
