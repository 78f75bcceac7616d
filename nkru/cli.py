"""The `nkru` command line: build | publish | load | validate | export | view | benchmark | figure |
croissant | model-review.

Each command imports what it needs when it runs, so that `nkru --help` and `nkru COMMAND --help`
load none of datasets, pandas, pyarrow or spaCy.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from nkru.errors import NkruError
from nkru.export import export_formats
from nkru.schema import CONFIGS

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
    load_parser.add_argument("configs", nargs="*", help="configs to load (default: all)")
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

    bench_parser = commands.add_parser("benchmark", help="score NER predictions against the gold entities")
    source = bench_parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--model", help="spacy:PIPELINE, any installed spaCy pipeline (e.g. spacy:fr_core_news_sm)")
    source.add_argument("--predictions", type=Path, help="JSON Lines of {doc_id, spans: [{start, end, label}]}")
    source.add_argument("--write-docs", action="store_true",
                        help="re-score the stored runs and regenerate the results table in README.md and DATASHEET.md")
    bench_parser.add_argument("--save", action="store_true", help="store the run in benchmarks/predictions/")
    bench_parser.add_argument("--source", type=Path, default=Path("."), help="corpus checkout (default: .)")

    figure_parser = commands.add_parser("figure", help="draw docs/label_distribution.png (needs the docs extra)")
    figure_parser.add_argument("--source", type=Path, default=Path("."), help="corpus checkout (default: .)")

    croissant_parser = commands.add_parser("croissant", help="write croissant.json (needs the test extra)")
    croissant_parser.add_argument("--source", type=Path, default=Path("."), help="corpus checkout (default: .)")

    review_parser = commands.add_parser("model-review", help="store spaCy's predictions for the recall review")
    review_parser.add_argument("--source", type=Path, default=Path("."), help="corpus checkout (default: .)")
    review_parser.add_argument("--model", action="append", help="spaCy pipeline (default: fr_core_news_sm and _md)")

    arguments = parser.parse_args(argv)
    unknown = [name for name in getattr(arguments, "configs", []) if name not in CONFIGS]
    if unknown:
        parser.error(f"unknown config {unknown[0]!r}; valid configs: {', '.join(CONFIGS)}")
    try:
        if arguments.command == "build":
            return _build(arguments.source, arguments.out or arguments.source)
        if arguments.command == "publish":
            return _publish(arguments.source, arguments.out or arguments.source)
        if arguments.command == "validate":
            return _validate(arguments.directory, compare_manifest=not arguments.no_manifest)
        if arguments.command == "benchmark":
            return _benchmark(arguments)
        if arguments.command == "croissant":
            from nkru.publish.croissant import write_croissant

            print(f"wrote {write_croissant(arguments.source)}")
            return 0
        if arguments.command == "figure":
            from nkru.publish.figures import FIGURE, draw_label_distribution
            from nkru.reader import read_corpus

            corpus = read_corpus(arguments.source, ("documents", "entities"))
            print(f"wrote {draw_label_distribution(corpus, arguments.source / FIGURE)}")
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


def _build(source: Path, out: Path) -> int:
    import datasets

    from nkru.build import build

    datasets.disable_progress_bars()
    for path in build(source, out):
        print(f"wrote {path}")
    return _publish(source, out)


def _publish(source: Path, out: Path) -> int:
    from nkru.publish import publish

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
    from nkru.evaluation import runs
    from nkru.evaluation.benchmark import gold_and_sentences, print_scores
    from nkru.evaluation.scoring import score
    from nkru.reader import read_corpus

    source = arguments.source
    gold, sentences, texts = gold_and_sentences(read_corpus(source, ("documents", "entities", "ner")))
    if arguments.write_docs:
        for name, meta, predicted in runs.stored_runs(source, texts):
            record = runs.results_record(meta, score(gold, predicted, sentences))
            print(f"wrote {runs.save_results(source, name, record)}")
        return _publish(source, source)
    if arguments.model:
        kind, _, pipeline = arguments.model.partition(":")
        if kind != "spacy" or not pipeline:
            raise NkruError(f"--model expects spacy:PIPELINE, got {arguments.model!r}")
        from nkru.evaluation.runners import run_spacy

        run = run_spacy(pipeline, texts)
        print(f"{run.model} {run.version}; pipes that ran: {', '.join(run.pipes)}; {run.seconds:.2f} s, "
              f"{run.entity_count} entities, {run.entity_count / run.seconds:.0f} entities/s")
        name, predicted = pipeline, run.predicted
        scores = score(gold, predicted, sentences)
        if arguments.save:
            for path in runs.save_run(source, pipeline, run, scores):
                print(f"wrote {path}")
    else:
        from nkru.evaluation.predictions import read_predictions

        name, predicted = arguments.predictions.name, read_predictions(arguments.predictions, texts)
        scores = score(gold, predicted, sentences)
    print_scores(name, scores)
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
    written = write_site(corpus, out)
    print(f"wrote {len(written)} files into {out}; open {out / 'index.html'}")
    if arguments.screenshot:
        from nkru.view.browser import screenshot

        page = out / page_name(arguments.screenshot_doc)
        print(f"wrote {screenshot(page, arguments.screenshot, arguments.screenshot_focus)}")
    return 0


def _model_review(source: Path, models: list[str] | None) -> int:
    from nkru.evaluation.model_review import DEFAULT_MODELS, write_predictions

    path = write_predictions(source, models or DEFAULT_MODELS)
    print(f"wrote {path}; now run `nkru validate` to list the predictions still to review")
    return 0


def _load(configs: list[str], data_dir: Path | None) -> int:
    from nkru.loader import load
    from nkru.rows import row_values, rows_from_table

    for config in configs or CONFIGS:
        split = load(config, data_dir)["test"]
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
