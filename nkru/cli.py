"""The `nkru` command line: build | publish | load | validate | export | view | benchmark | compare |
figure | croissant | model-review.

Each command imports what it needs when it runs, so that `nkru --help` and `nkru COMMAND --help`
load none of datasets, pandas, pyarrow or spaCy.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace
from pathlib import Path

from nkru.errors import NkruError
from nkru.export import export_formats
from nkru.schema import CONFIGS, FOLD_CONFIGS

EXAMPLE_WIDTH = 100


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="nkru", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    build_parser = commands.add_parser("build", help="editable sources -> Parquet files and card YAML")
    build_parser.add_argument("--source", type=Path, default=Path("."), help="corpus checkout (default: .)")
    build_parser.add_argument("--out", type=Path, help="where to write (default: the checkout itself)")

    publish_parser = commands.add_parser("publish", help="regenerate the generated parts of README.md and "
                                         "DATASHEET.md from the built corpus (nkru build runs it too)")
    publish_parser.add_argument("--source", type=Path, default=Path("."), help="corpus checkout (default: .)")
    publish_parser.add_argument("--out", type=Path, help="the built corpus, where the two files are written "
                                "(default: the checkout itself)")

    load_parser = commands.add_parser("load", help="load configs and print rows and one example")
    load_parser.add_argument("configs", nargs="*", help="configs to load (default: all, the ner folds included)")
    load_parser.add_argument("--data-dir", type=Path, help="corpus directory (default: installed data)")

    validate_parser = commands.add_parser("validate", help="run every consistency check over a corpus directory")
    validate_parser.add_argument("directory", nargs="?", type=Path, default=Path("."),
                                 help="corpus directory (default: .)")
    validate_parser.add_argument("--no-manifest", action="store_true",
                                 help="skip the SHA256SUMS comparison, so that only the semantic checks judge")

    export_parser = commands.add_parser("export", help="export the shipped tables to another format")
    formats = export_formats()
    export_parser.add_argument("--format", required=True, choices=list(formats),
                               help="; ".join(f"{name}: {export_format.description}"
                                              for name, export_format in formats.items()))
    export_parser.add_argument("--out", type=Path, required=True, help="output folder")
    export_parser.add_argument("--data-dir", type=Path, help="corpus directory (default: installed data)")

    view_parser = commands.add_parser("view", help="write the static HTML viewer: an index and a page per document")
    view_parser.add_argument("--out", type=Path, required=True, help="site folder, new or a previous viewer site")
    view_parser.add_argument("--data-dir", type=Path, help="corpus directory (default: installed data)")
    view_parser.add_argument("--screenshot", type=Path, help="also save a PNG of one page (needs the browser extra "
                             "and Debian's chromium)")
    view_parser.add_argument("--screenshot-doc", default="nkru-004", help="the page to capture (default: nkru-004)")
    view_parser.add_argument("--screenshot-focus", help="id of the annotation to focus, so its details show")
    view_parser.add_argument("--run", help="also write a page per document marking this stored run's hits and errors "
                             "against the gold (see nkru benchmark --save)")
    view_parser.add_argument("--runs", type=Path, help="folder of stored runs (default: benchmarks/ beside the corpus)")
    view_parser.add_argument("--profile", choices=["conll", "names", "fine"],
                             help="the profile the run's errors are judged in (default: fine for a fine-grained run, "
                             "else conll)")

    bench_parser = commands.add_parser(
        "benchmark", help="score a NER model or a predictions file against the gold entities",
        description="Score a NER system against the gold entities, under the conll, names and fine profiles, with "
        "95 % sentence-bootstrap intervals. README's 'NER benchmark' documents the formats and the outputs.")
    source = bench_parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--model", help="spacy:PIPELINE (an installed spaCy pipeline), hf:FOLDER (a local transformers "
                        "token-classification model), gliner:FOLDER (a local GLiNER model) or python:MODULE:FUNCTION "
                        "(a callable from text to (start, end, label) triples); nothing is downloaded")
    source.add_argument("--predictions", type=Path, help="a JSON Lines file of predictions (see --format)")
    source.add_argument("--write-docs", action="store_true",
                        help="re-score the stored runs and regenerate the benchmark tables of README.md and DATASHEET.md "
                        "in the checkout --source")
    bench_parser.add_argument("--layer", choices=["entities", "dates", "stances", "links"], default="entities",
                              help="what to score (default: entities). dates: --predictions takes JSON Lines of "
                              "{doc_id, spans: [{start, end, type, value, mod}]} or a folder of TimeML .tml files, "
                              "--model python:MODULE:FUNCTION a callable (text, creation_time) -> such spans; "
                              "stances: --predictions takes SemEval-2022 JSON or JSON Lines of stances rows; "
                              "links: --predictions takes JSON Lines of {doc_id, start, end, wikipedia_title} "
                              "(a title or NIL), one mention a line")
    bench_parser.add_argument("--format", choices=["spans", "tokens", "pipeline"],
                              help="predictions format (default: detected): spans = {doc_id, spans: [{start, end, "
                              "label}]}; tokens = {sentence_id, tags: [...]} in IOB1/IOB2/IO/BIOES; pipeline = {doc_id, "
                              "entities: [...]} as a transformers token-classification pipeline returns them")
    bench_parser.add_argument("--labels", choices=["fine", "coarse"],
                              help="the run's label set when its labels do not tell (default: coarse unless a fine-only "
                              "label is used)")
    bench_parser.add_argument("--partial", action="store_true",
                              help="score only the documents (sentences) the predictions cover, and say so everywhere")
    bench_parser.add_argument("--profile", choices=["conll", "names", "fine", "all"], default="all",
                              help="which profile to score (default: all the run's labels can express)")
    bench_parser.add_argument("--bootstrap", type=int, default=None, metavar="N",
                              help="sentence-bootstrap replicates for the 95 %% intervals (default: 1000; 0: none)")
    bench_parser.add_argument("--seed", type=int, default=None, help="bootstrap seed (default: 20230913)")
    bench_parser.add_argument("--json", type=Path, dest="json_path", metavar="PATH",
                              help="write the whole results record as JSON")
    bench_parser.add_argument("--errors", type=Path, metavar="PATH",
                              help="write every false positive, false negative, boundary and type error as TSV")
    bench_parser.add_argument("--save", metavar="NAME", help="store the run (predictions and results) as NAME")
    bench_parser.add_argument("--runs", type=Path, help="folder of stored runs (default: benchmarks/ beside the corpus)")
    bench_parser.add_argument("--data-dir", type=Path, help="corpus directory (default: installed data)")
    bench_parser.add_argument("--threshold", type=float, default=0.5, help="gliner: score threshold (default: 0.5)")
    bench_parser.add_argument("--batch-size", type=int, default=16, help="texts per model call (default: 16)")
    bench_parser.add_argument("--source", type=Path, default=Path("."),
                              help="with --write-docs: the corpus checkout to publish into (default: .)")

    compare_parser = commands.add_parser("compare", help="paired bootstrap test between two results files "
                                         "(nkru benchmark --json, or stored runs' results)")
    compare_parser.add_argument("results", nargs=2, type=Path, metavar="RESULTS.json")
    compare_parser.add_argument("--bootstrap", type=int, default=None, metavar="N",
                                help="replicates (default: those of the first file)")
    compare_parser.add_argument("--seed", type=int, default=None, help="seed (default: that of the first file)")
    compare_parser.add_argument("--mode", default="strict", choices=["strict", "exact", "partial", "ent_type"],
                                help="nervaluate mode compared (default: strict)")

    figure_parser = commands.add_parser("figure", help="draw docs/label_distribution.png and docs/benchmark_f1.png "
                                        "(needs the docs extra)")
    figure_parser.add_argument("--source", type=Path, default=Path("."), help="corpus checkout (default: .)")

    croissant_parser = commands.add_parser("croissant", help="write croissant.json (needs the test extra)")
    croissant_parser.add_argument("--source", type=Path, default=Path("."), help="corpus checkout (default: .)")

    review_parser = commands.add_parser("model-review", help="store spaCy's predictions for the recall review")
    review_parser.add_argument("--source", type=Path, default=Path("."), help="corpus checkout (default: .)")
    review_parser.add_argument("--model", action="append", help="spaCy pipeline (default: fr_core_news_sm and _md)")

    arguments = parser.parse_args(argv)
    unknown = [name for name in getattr(arguments, "configs", []) if name not in (*CONFIGS, *FOLD_CONFIGS)]
    if unknown:
        parser.error(f"unknown config {unknown[0]!r}; valid configs: {', '.join((*CONFIGS, *FOLD_CONFIGS))}")
    try:
        if arguments.command == "build":
            return _build(arguments.source, arguments.out or arguments.source)
        if arguments.command == "publish":
            return _publish(arguments.source, arguments.out or arguments.source)
        if arguments.command == "validate":
            return _validate(arguments.directory, compare_manifest=not arguments.no_manifest)
        if arguments.command == "benchmark":
            return _benchmark(arguments)
        if arguments.command == "compare":
            return _compare(arguments)
        if arguments.command == "croissant":
            from nkru.publish.croissant import write_croissant

            print(f"wrote {write_croissant(arguments.source)}")
            return 0
        if arguments.command == "figure":
            from nkru.evaluation.runs import default_runs_root, stored_records
            from nkru.publish.benchmark_figure import (
                BENCHMARK_FIGURE,
                draw_benchmark_figure,
            )
            from nkru.publish.figures import FIGURE, draw_label_distribution
            from nkru.reader import read_corpus

            corpus = read_corpus(arguments.source, ("documents", "entities"))
            print(f"wrote {draw_label_distribution(corpus, arguments.source / FIGURE)}")
            records = stored_records(default_runs_root(arguments.source))
            print(f"wrote {draw_benchmark_figure(records, arguments.source / BENCHMARK_FIGURE)}")
            return 0
        if arguments.command == "export":
            return _export(arguments.format, arguments.out, arguments.data_dir)
        if arguments.command == "view":
            return _view(arguments)
        if arguments.command == "model-review":
            return _model_review(arguments.source, arguments.model)
        return _load(arguments.configs, arguments.data_dir)
    except NkruError as error:
        print(f"nkru {arguments.command}: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader of our output stopped early (`| head`): nothing more to say, and Python's own
        # flush at exit must not fail again on the closed pipe.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except (Exception, RecursionError) as error:
        # Input that no check foresaw must still end in one line, not a traceback; NKRU_DEBUG=1
        # shows the traceback, for a bug report.
        if os.environ.get("NKRU_DEBUG"):
            raise
        print(f"nkru {arguments.command}: unexpected {type(error).__name__}: {str(error)[:300]} (a bug: please "
              "report it; NKRU_DEBUG=1 shows where)", file=sys.stderr)
        return 2


def _build(source: Path, out: Path) -> int:
    """The tables, SHA256SUMS, README.md and DATASHEET.md staged together, then swapped in at once."""
    import datasets

    from nkru.atomic import Staging
    from nkru.build import build
    from nkru.publish import publish

    datasets.disable_progress_bars()
    with Staging(out) as staging:
        if staging.recovered:
            print(f"nkru build: {staging.recovered}")
        build(source, out, staging)
        publish(source, out, staging)
        written = staging.commit()
    for path in written:
        print(f"wrote {path}")
    print(f"nkru build: {len(written)} files written into {out}")
    return 0


def _publish(source: Path, out: Path) -> int:
    from nkru.atomic import Staging
    from nkru.publish import publish

    recovered = Staging(out).recover()
    if recovered:
        print(f"nkru publish: {recovered}")
    for path in publish(source, out):
        print(f"wrote {path}")
    return 0


def _validate(directory: Path, compare_manifest: bool) -> int:
    """Exit 0 and one summary line when clean; exit 1 and one line per finding otherwise."""
    from nkru.checks import CHECKS, run_checks
    from nkru.reader import read_corpus_directory

    names = [name for name in CHECKS if compare_manifest or name != "manifest_checksums"]
    findings = run_checks(read_corpus_directory(directory, compare_manifest=compare_manifest), names)
    for finding in findings:
        print(finding)
    skipped = "" if compare_manifest else " (checksums not compared: --no-manifest)"
    if findings:
        failed = sorted({finding.check for finding in findings})
        print(f"nkru validate: {directory} fails {len(failed)} of {len(names)} checks with {len(findings)} findings "
              f"({', '.join(failed)}){skipped}", file=sys.stderr)
        return 1
    print(f"nkru validate: {directory} passes all {len(names)} checks{skipped}")
    return 0


def _benchmark(arguments) -> int:
    from nkru.evaluation.benchmark import GOLD_CONFIGS, ScoringOptions, gold_of
    from nkru.evaluation.report import score_lines
    from nkru.evaluation.scoring import Profile
    from nkru.reader import read_corpus

    if arguments.write_docs:
        return _rescore_stored_runs(arguments.source, arguments.runs)
    if arguments.layer != "entities":
        return _benchmark_layer(arguments)
    runs_root = _save_target(arguments)
    replicates, seed = _scoring_settings(arguments)
    options = ScoringOptions(profiles=None if arguments.profile == "all" else (Profile(arguments.profile),),
                             replicates=replicates, seed=seed)
    gold = gold_of(read_corpus(arguments.data_dir, GOLD_CONFIGS))
    predictions, run, name = (_model_predictions(arguments, gold) if arguments.model
                              else _file_predictions(arguments, gold))
    record = _score(gold, predictions, run, options)
    if predictions.trimmed or predictions.emptied:
        print(f"trimmed leading or trailing whitespace off {predictions.trimmed} spans; dropped {predictions.emptied} "
              "spans of whitespace only")
    print("\n".join(score_lines(name, record)))
    rows = None
    if arguments.errors:
        from nkru.evaluation.report import ERROR_COLUMNS, error_rows

        rows = (ERROR_COLUMNS, error_rows(gold.spans, gold.sentences, predictions, gold.texts, list(record["profiles"])))
    from nkru.evaluation.runs import entity_prediction_lines

    _write_outputs(arguments, record, rows, entity_prediction_lines(predictions), runs_root, "ner")
    return 0


def _save_target(arguments) -> Path | None:
    """Where `--save NAME` will store the run, checked before any work (None without --save)."""
    if not arguments.save:
        return None
    from nkru.evaluation.runs import checked_run_name

    checked_run_name(arguments.save)
    return _runs_root(arguments.runs, arguments.data_dir, writing=True)


def _scoring_settings(arguments) -> tuple[int, int]:
    from nkru.evaluation.benchmark import ScoringOptions
    from nkru.evaluation.bootstrap import DEFAULT_REPLICATES, DEFAULT_SEED

    options = ScoringOptions(replicates=DEFAULT_REPLICATES if arguments.bootstrap is None else arguments.bootstrap,
                             seed=DEFAULT_SEED if arguments.seed is None else arguments.seed)
    return options.replicates, options.seed


def _benchmark_layer(arguments) -> int:
    """`--layer dates` or `--layer stances`: read or run, score, print, write the asked outputs."""
    if arguments.model and not arguments.model.startswith("python:"):
        raise NkruError(f"--layer {arguments.layer} runs python:MODULE:FUNCTION models only; give other systems' "
                        "output with --predictions")
    for option in ("format", "labels"):
        if getattr(arguments, option):
            raise NkruError(f"--{option} is for --layer entities")
    if arguments.profile != "all":
        raise NkruError("--profile is for --layer entities")
    runs_root = _save_target(arguments)
    replicates, seed = _scoring_settings(arguments)
    if arguments.layer == "dates":
        return _benchmark_dates(arguments, replicates, seed, runs_root)
    if arguments.layer == "links":
        return _benchmark_links(arguments, replicates, seed, runs_root)
    return _benchmark_stances(arguments, replicates, seed, runs_root)


def _benchmark_dates(arguments, replicates: int, seed: int, runs_root: Path | None) -> int:
    from nkru.evaluation import date_benchmark
    from nkru.evaluation.date_predictions import date_prediction_lines, read_date_predictions
    from nkru.reader import read_corpus

    gold = date_benchmark.date_gold_of(read_corpus(arguments.data_dir, date_benchmark.DATE_CONFIGS))
    if arguments.model:
        from nkru.evaluation.runners.python_runner import load_callable

        target = arguments.model.removeprefix("python:")
        function, version = load_callable(target)
        predictions, seconds = date_benchmark.run_date_model(function, target, gold)
        name = arguments.save or arguments.model
        run = {"name": name, "runner": arguments.model, "model": arguments.model, "version": version,
               "seconds": round(seconds, 3)}
    else:
        predictions = read_date_predictions(arguments.predictions, gold.texts, arguments.partial)
        name = arguments.save or arguments.predictions.name
        run = {"name": name, "runner": "predictions", "model": arguments.predictions.name, "version": "unknown",
               "seconds": None}
    record = date_benchmark.score_date_run(gold, predictions, run, replicates, seed)
    if predictions.trimmed:
        print(f"trimmed leading or trailing whitespace off {predictions.trimmed} spans")
    print("\n".join(date_benchmark.date_score_lines(name, record)))
    rows = (date_benchmark.ERROR_COLUMNS, date_benchmark.date_error_rows(gold, predictions)) if arguments.errors else None
    _write_outputs(arguments, record, rows, date_prediction_lines(predictions.spans), runs_root, "dates")
    return 0


def _benchmark_links(arguments, replicates: int, seed: int, runs_root: Path | None) -> int:
    from nkru.evaluation.link_predictions import link_prediction_lines, read_link_predictions
    from nkru.evaluation.link_scoring import LINK_CONFIGS, link_gold_of, link_score_lines, score_link_run
    from nkru.reader import read_corpus

    if arguments.model:
        raise NkruError("--layer links scores a predictions file: give the linker's output with --predictions")
    if arguments.errors:
        raise NkruError("--errors is for --layer entities and dates; the links record lists its counts per sentence")
    gold = link_gold_of(read_corpus(arguments.data_dir, LINK_CONFIGS))
    predictions = read_link_predictions(arguments.predictions, gold.texts, arguments.partial)
    name = arguments.save or arguments.predictions.name
    run = {"name": name, "runner": "predictions", "model": arguments.predictions.name, "version": "unknown",
           "seconds": None}
    record = score_link_run(gold, predictions, run, replicates, seed)
    print("\n".join(link_score_lines(name, record)))
    _write_outputs(arguments, record, None, link_prediction_lines(predictions), runs_root, "links")
    return 0


def _stance_gold(data_dir: Path | None):
    from nkru.evaluation.stance_predictions import STANCE_CONFIGS, stance_gold_of
    from nkru.export.semeval22 import StanceSentences
    from nkru.reader import read_corpus

    corpus = read_corpus(data_dir, STANCE_CONFIGS)
    return corpus, stance_gold_of(corpus, StanceSentences(corpus.sentences))


def _benchmark_stances(arguments, replicates: int, seed: int, runs_root: Path | None) -> int:
    from nkru.evaluation import stance_predictions
    from nkru.evaluation.stance_scoring import score_stance_run, stance_score_lines

    if arguments.errors:
        raise NkruError("--errors is for --layer entities and dates; the stances record lists its counts per sentence")
    corpus, gold = _stance_gold(arguments.data_dir)
    if arguments.model:
        from nkru.evaluation.runners.python_runner import load_callable

        target = arguments.model.removeprefix("python:")
        function, version = load_callable(target)
        predictions, seconds = stance_predictions.run_stance_function(function, target, dict(corpus.texts_by_doc), gold)
        name = arguments.save or arguments.model
        run = {"name": name, "runner": arguments.model, "model": arguments.model, "version": version,
               "seconds": round(seconds, 3)}
    else:
        predictions = stance_predictions.read_stance_predictions(arguments.predictions, gold, arguments.partial)
        name = arguments.save or arguments.predictions.name
        run = {"name": name, "runner": "predictions", "model": arguments.predictions.name, "version": "unknown",
               "seconds": None}
    record = score_stance_run(gold, predictions, run, replicates, seed)
    print("\n".join(stance_score_lines(name, record)))
    _write_outputs(arguments, record, None, stance_predictions.stance_prediction_lines(predictions), runs_root,
                   "stances")
    return 0


def _write_outputs(arguments, record: dict, errors: tuple | None, lines: list[str], runs_root: Path | None,
                   layer: str) -> None:
    """The outputs asked for: `--json` (the record), `--errors` ((columns, rows) of the error table)
    and `--save` (`lines`, what was scored, with the record)."""
    from nkru.evaluation.results import write_record

    if arguments.json_path:
        print(f"wrote {write_record(arguments.json_path, record)}")
    if errors is not None:
        from nkru.evaluation.report import write_errors

        columns, rows = errors
        path, count = write_errors(arguments.errors, rows, columns)
        print(f"wrote {path} ({count} errors; {record['scope']['description']})")
    if arguments.save:
        from nkru.evaluation.runs import save_run

        for path in save_run(runs_root, arguments.save, lines, record, layer):
            print(f"wrote {path}")


def _score(gold, predictions, run: dict, options) -> dict:
    from nkru.allocation import collector_paused
    from nkru.evaluation.benchmark import score_run

    with collector_paused():
        return score_run(gold, predictions, run, options)


def _model_predictions(arguments, gold):
    import time

    from nkru.evaluation.labels import LabelSet
    from nkru.evaluation.predictions import predictions_from_spans
    from nkru.evaluation.runners import RunnerOptions, run_model

    started = time.perf_counter()
    model_run = run_model(arguments.model, gold.texts, gold.sentences,
                          RunnerOptions(batch_size=arguments.batch_size, threshold=arguments.threshold))
    wall = time.perf_counter() - started
    label_set = LabelSet(arguments.labels) if arguments.labels else None
    predictions = predictions_from_spans(model_run.predicted, gold.texts, arguments.model, label_set)
    run = {"name": arguments.save or model_run.model, "runner": arguments.model, "model": model_run.model,
           "version": model_run.version, "pipes": model_run.pipes, "seconds": round(model_run.seconds, 3),
           "harness_seconds": round(model_run.harness_seconds, 3), "wall_seconds": round(wall, 3),
           **({"details": model_run.details} if model_run.details else {})}
    print(f"{arguments.model} {model_run.version}; {model_run.seconds:.2f} s of inference, "
          f"{model_run.entity_count} entities")
    return predictions, run, run["name"]


def _file_predictions(arguments, gold):
    from nkru.evaluation.labels import LabelSet
    from nkru.evaluation.prediction_formats import PredictionFormat
    from nkru.evaluation.predictions import read_predictions

    predictions = read_predictions(arguments.predictions, gold.texts, gold.sentences,
                                   PredictionFormat(arguments.format) if arguments.format else None,
                                   arguments.partial, LabelSet(arguments.labels) if arguments.labels else None)
    name = arguments.save or arguments.predictions.name
    run = {"name": name, "runner": "predictions", "model": arguments.predictions.name, "version": "unknown",
           "pipes": [], "seconds": None}
    return predictions, run, name


def _runs_root(runs: Path | None, data_dir: Path | None, writing: bool = False) -> Path:
    from nkru.evaluation.runs import default_runs_root
    from nkru.loader import PACKAGED_DATA, corpus_root

    if runs is not None:
        return runs
    root = data_dir if data_dir is not None else corpus_root()
    if writing and root.resolve() == PACKAGED_DATA.resolve():
        raise NkruError("the installed corpus is read-only: pass --runs DIR to say where to store runs")
    return default_runs_root(root)


def _rescore_stored_runs(source: Path, runs: Path | None) -> int:
    """Re-score every stored run of every layer against the checkout `source`, then publish."""
    from nkru.evaluation.benchmark import GOLD_CONFIGS, ScoringOptions, gold_of
    from nkru.evaluation.results import write_record
    from nkru.evaluation.runs import default_runs_root, read_stored_run, results_folder, stored_run_names
    from nkru.reader import read_corpus

    runs_root = runs or default_runs_root(source)
    gold = gold_of(read_corpus(source, GOLD_CONFIGS))
    for name in stored_run_names(runs_root):
        record, predictions = read_stored_run(runs_root, name, gold.texts, gold.sentences)
        bootstrap = record["bootstrap"]
        options = ScoringOptions(profiles=tuple(record["profiles"]), replicates=bootstrap["replicates"],
                                 seed=bootstrap["seed"])
        rescored = _score(gold, predictions, record["run"], options)
        print(f"wrote {write_record(results_folder(runs_root) / f'{name}.json', rescored)}")
    for path in (_rescore_stored_date_runs(source, runs_root) + _rescore_stored_stance_runs(source, runs_root)
                 + _rescore_stored_link_runs(source, runs_root)):
        print(f"wrote {path}")
    return _publish(source, source)


def _rescore_stored_date_runs(source: Path, runs_root: Path) -> list[Path]:
    from nkru.evaluation import date_benchmark
    from nkru.evaluation.date_predictions import read_date_predictions
    from nkru.evaluation.results import write_record
    from nkru.evaluation.runs import read_stored_record, results_folder, stored_predictions_path, stored_run_names
    from nkru.reader import read_corpus

    gold = date_benchmark.date_gold_of(read_corpus(source, date_benchmark.DATE_CONFIGS))
    written = []
    for name in stored_run_names(runs_root, "dates"):
        record = read_stored_record(runs_root, name, "dates")
        predictions = read_date_predictions(stored_predictions_path(runs_root, name, "dates"), gold.texts,
                                            record["scope"]["partial"])
        predictions = replace(predictions, format=record["predictions"]["format"],
                              trimmed=record["predictions"]["trimmed"])
        bootstrap = record["bootstrap"]
        rescored = date_benchmark.score_date_run(gold, predictions, record["run"], bootstrap["replicates"],
                                                 bootstrap["seed"])
        written.append(write_record(results_folder(runs_root, "dates") / f"{name}.json", rescored))
    return written


def _rescore_stored_stance_runs(source: Path, runs_root: Path) -> list[Path]:
    from nkru.evaluation.results import write_record
    from nkru.evaluation.runs import read_stored_record, results_folder, stored_predictions_path, stored_run_names
    from nkru.evaluation.stance_predictions import read_stance_predictions
    from nkru.evaluation.stance_scoring import score_stance_run

    _, gold = _stance_gold(source)
    written = []
    for name in stored_run_names(runs_root, "stances"):
        record = read_stored_record(runs_root, name, "stances")
        predictions = read_stance_predictions(stored_predictions_path(runs_root, name, "stances"), gold,
                                              record["scope"]["partial"])
        predictions = replace(predictions, format=record["predictions"]["format"])
        bootstrap = record["bootstrap"]
        rescored = score_stance_run(gold, predictions, record["run"], bootstrap["replicates"], bootstrap["seed"])
        written.append(write_record(results_folder(runs_root, "stances") / f"{name}.json", rescored))
    return written


def _rescore_stored_link_runs(source: Path, runs_root: Path) -> list[Path]:
    """The stored links runs re-scored (none stored: nothing to do; the generated documents show no
    links leaderboard yet)."""
    from nkru.evaluation.link_predictions import read_link_predictions
    from nkru.evaluation.link_scoring import LINK_CONFIGS, link_gold_of, score_link_run
    from nkru.evaluation.results import write_record
    from nkru.evaluation.runs import read_stored_record, results_folder, stored_predictions_path, stored_run_names
    from nkru.reader import read_corpus

    if not results_folder(runs_root, "links").is_dir():
        return []
    gold = link_gold_of(read_corpus(source, LINK_CONFIGS))
    written = []
    for name in stored_run_names(runs_root, "links"):
        record = read_stored_record(runs_root, name, "links")
        predictions = read_link_predictions(stored_predictions_path(runs_root, name, "links"), gold.texts,
                                            record["scope"]["partial"])
        bootstrap = record["bootstrap"]
        rescored = score_link_run(gold, predictions, record["run"], bootstrap["replicates"], bootstrap["seed"])
        written.append(write_record(results_folder(runs_root, "links") / f"{name}.json", rescored))
    return written


def _compare(arguments) -> int:
    from nkru.evaluation.compare import compare_records, comparison_lines
    from nkru.evaluation.results import read_record

    path_a, path_b = arguments.results
    comparisons = compare_records(read_record(path_a), read_record(path_b), arguments.bootstrap, arguments.seed,
                                  arguments.mode)
    print("\n".join(comparison_lines(path_a.stem, path_b.stem, comparisons)))
    return 0


def _export(format_name: str, out: Path, data_dir: Path | None) -> int:
    from nkru.reader import read_corpus

    export_format = export_formats()[format_name]
    for path in export_format.write(read_corpus(data_dir, export_format.configs), out):
        print(f"wrote {path}")
    return 0


def _view(arguments) -> int:
    from nkru.reader import read_corpus
    from nkru.view.site import VIEW_CONFIGS, page_name, write_site

    out = arguments.out
    corpus = read_corpus(arguments.data_dir, VIEW_CONFIGS)
    if arguments.screenshot and arguments.screenshot_doc not in corpus.texts_by_doc:
        raise NkruError(f"--screenshot-doc {arguments.screenshot_doc!r} is not a document; "
                        f"documents: {', '.join(corpus.texts_by_doc)}")
    run = _stored_run_to_view(arguments, corpus.root) if arguments.run else None
    written = write_site(corpus, out)
    print(f"wrote {len(written)} files into {out}; open {out / 'index.html'}")
    if run is not None:
        from nkru.view.run_pages import write_run_pages

        gold_corpus, record, predictions, profile = run
        pages = write_run_pages(gold_corpus, arguments.run, record, predictions, profile, out)
        print(f"wrote {len(pages)} run pages for {arguments.run} into {out}; open {pages[0]}")
    if arguments.screenshot:
        from nkru.view.browser import screenshot

        page = out / page_name(arguments.screenshot_doc)
        print(f"wrote {screenshot(page, arguments.screenshot, arguments.screenshot_focus)}")
    return 0


def _stored_run_to_view(arguments, corpus_root: Path):
    """(gold corpus, record, predictions, profile) of the run `nkru view --run` draws, read before
    the site is written so that a bad name or profile leaves the output folder as it was."""
    from nkru.evaluation.benchmark import GOLD_CONFIGS
    from nkru.evaluation.runs import default_runs_root, read_stored_run
    from nkru.reader import read_corpus
    from nkru.view.run_pages import view_profile

    gold_corpus = read_corpus(arguments.data_dir, GOLD_CONFIGS)
    record, predictions = read_stored_run(arguments.runs or default_runs_root(corpus_root), arguments.run,
                                          dict(gold_corpus.texts_by_doc), gold_corpus.sentences)
    return gold_corpus, record, predictions, view_profile(arguments.profile, predictions.label_set)


def _model_review(source: Path, models: list[str] | None) -> int:
    from nkru.evaluation.model_review import DEFAULT_MODELS, write_predictions

    path = write_predictions(source, models or DEFAULT_MODELS)
    print(f"wrote {path}; now run `nkru validate` to list the predictions still to review")
    return 0


def _load(configs: list[str], data_dir: Path | None) -> int:
    from nkru.loader import load
    from nkru.rows import row_values, rows_from_table
    from nkru.schema import FOLD_CONFIGS, FOLD_LAYER

    for config in configs or (*CONFIGS, *FOLD_CONFIGS):
        loaded = load(config, data_dir)
        if config in FOLD_CONFIGS:
            sizes = ", ".join(f"{split} {split_rows.num_rows} rows ({', '.join(sorted(set(split_rows['doc_id'])))})"
                              for split, split_rows in loaded.items())
            print(f"{config}: the {FOLD_LAYER} config's rows by document: {sizes}")
            continue
        split = loaded["test"]
        print(f"{config}: {split.num_rows} rows, columns {', '.join(split.column_names)}")
        first = rows_from_table(config, split.data.table.slice(0, 1))[0]
        print(f"  first row: {_shorten(row_values(first))}")
    return 0


def _shorten(row: dict) -> str:
    """One example row as JSON, long strings cut so that a row fits on a few lines."""
    def cut(value):
        if isinstance(value, str) and len(value) > EXAMPLE_WIDTH:
            return value[:EXAMPLE_WIDTH] + f"… ({len(value)} chars)"
        return value

    return json.dumps({key: cut(value) for key, value in row.items()}, ensure_ascii=False)
