"""Scale: the corpus replicated k times through build, validate and span -> IOB2 conversion.

    python benchmarks/scale.py [--factors 1 10 100 1000] [--out benchmarks/results/scale.json]

For each factor, the editable sources are copied k times into a temporary corpus. Copy 0 keeps
its ids; copy r renames each document (`nkru-003` becomes `nkru-<r>003`, see copy_id) and its
text file, annotation files and review rows with it, so the mention, timex, stance and sentence
ids follow. Each stage runs in ROUNDS fresh Python processes per factor, each reporting the
stage's wall time per run (imports excluded) and the process's peak resident memory:
- build: what `nkru build` does, `nkru.build.build(root, root)` (sources to Parquet files and
  SHA256SUMS) then `nkru.publish.publish(root)` (the card and the generated sections); rebuilding
  gives the same files, so it can be repeated;
- validate: `nkru validate ROOT`, every check including the checksums, which must pass;
- iob2: the entity spans of every document turned into IOB2 tags over its tokenised sentences
  (`nkru.build.ner_table.ner_table`, as the build does), from the read `documents` and `entities`.
A process first runs the stage once untimed: the first run pays one-off costs (memory obtained
from the system, which is slow on this virtual machine, lazily compiled patterns, first calls
into Arrow) that weigh on a run of milliseconds and vanish in a run of a minute, so timing it
would make x1 look cheap and the growth ratios steep. Then it runs the stage until its timed
runs add up to MIN_TIMED_SECONDS (at least once) and reports their mean. The processor's speed
also drifts: the same stage differs by up to 40 % from one process to the next, in CPU time as in
wall time. So the factors are measured in ROUNDS rounds, each running every factor's stages one
after the other, and a stage's time at a factor is the median over the rounds of the processes'
means (the fastest run is recorded too).
Near-linear growth is asserted: each x10 in data may cost at most x12 in time, and validate at
x1000 must finish within 20 s; what exceeds either is recorded under `problems`.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(CHECKOUT))

from nkru.publish.performance import STAGES  # noqa: E402  (the stages the published table shows)

ROUNDS = 3
MIN_TIMED_SECONDS = 1.0
GROWTH_LIMIT = 12.0          # time ratio allowed for x10 data
VALIDATE_LIMIT_SECONDS = 20  # at the largest factor, x1000 (issue 19)
# Sources copied once, as they are: they name no document, or only documents of copy 0.
SHARED_SOURCES = ("annotations/entity_registry.tsv", "annotations/stance_targets.tsv",
                  "annotations/entities/label_exceptions.tsv", "annotations/shared_wikipedia_titles.tsv",
                  "annotations/double_annotation", "benchmarks/results",
                  "README.md", "DATASHEET.md")
# Sources with one row per document and a doc_id column, replicated row by row.
PER_ROW_SOURCES = ("annotations/entities/reviewed_exclusions.tsv", "annotations/model_review/spacy_predictions.tsv",
                   "dataset/noise.tsv")
PER_DOCUMENT_FOLDERS = ("annotations/entities", "annotations/dates", "annotations/stances")


def copy_id(doc_id: str, copy_number: int) -> str:
    """The id of a document's copy: `nkru-003` stays itself in copy 0 and is `nkru-12003` in copy 12,
    a document id of the declared form (nkru.schema.DOC_ID_PATTERN), distinct for every copy."""
    prefix, number = doc_id.rsplit("-", 1)
    return doc_id if copy_number == 0 else f"{prefix}-{copy_number}{number}"


def replicate_sources(source: Path, target: Path, factor: int) -> None:
    """Write the editable sources of the corpus replicated `factor` times into `target`."""
    import tomllib

    for relative in SHARED_SOURCES:
        if (source / relative).is_dir():
            shutil.copytree(source / relative, target / relative)
        else:
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / relative, target / relative)
    documents = tomllib.loads((source / "dataset/documents.toml").read_text(encoding="utf-8"))["documents"]
    (target / "dataset/texts").mkdir(parents=True)
    for folder in PER_DOCUMENT_FOLDERS:
        (target / folder).mkdir(parents=True, exist_ok=True)
    toml_entries = []
    for copy_number in range(factor):
        for document in documents:
            doc_id = copy_id(document["doc_id"], copy_number)
            stem = Path(document["source_file"]).stem
            source_file = document["source_file"] if copy_number == 0 else f"{stem}-r{copy_number}.txt"
            shutil.copyfile(source / "dataset/texts" / document["source_file"], target / "dataset/texts" / source_file)
            for folder in PER_DOCUMENT_FOLDERS:
                shutil.copyfile(source / folder / f"{document['doc_id']}.tsv", target / folder / f"{doc_id}.tsv")
            toml_entries.append({**document, "doc_id": doc_id, "source_file": source_file})
    (target / "dataset/documents.toml").write_text("".join(
        "[[documents]]\n" + "".join(f"{key} = {json.dumps(value, ensure_ascii=False)}\n" for key, value in entry.items())
        + "\n" for entry in toml_entries), encoding="utf-8")
    for relative in PER_ROW_SOURCES:
        header, *rows = (source / relative).read_text(encoding="utf-8").splitlines()
        column = header.split("\t").index("doc_id")
        lines = [header]
        for copy_number in range(factor):
            for row in rows:
                cells = row.split("\t")
                cells[column] = copy_id(cells[column], copy_number)
                lines.append("\t".join(cells))
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        (target / relative).write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_stage(stage: str, root: Path) -> dict:
    """Run one stage here (in the child process): its mean and fastest timed run, the number of
    timed runs and the process's peak memory."""
    if stage == "build":
        import datasets

        from nkru.build import build
        from nkru.publish import publish
        from nkru.sources.locate import occurrence_starts

        def rebuild():
            occurrence_starts.cache_clear()  # each run locates its quotes afresh, as the first did
            build(root, root)
            publish(root)

        datasets.disable_progress_bars()
        times, _ = _timed_runs(rebuild)
    elif stage == "validate":
        import contextlib
        import io

        from nkru.cli import main

        def validate():
            with contextlib.redirect_stdout(io.StringIO()) as printed:
                if main(["validate", str(root)]) != 0:
                    raise SystemExit(f"validate found problems in the replicated corpus:\n{printed.getvalue()[:2000]}")

        times, _ = _timed_runs(validate)
    else:
        import pyarrow as pa
        import pyarrow.compute as pc

        from nkru.build.ner_table import ner_table
        from nkru.reader import read_corpus
        from nkru.schema import NER_TAGS

        corpus = read_corpus(root, ("documents", "entities"))
        documents, mentions = corpus.documents, corpus.mentions
        times, table = _timed_runs(lambda: ner_table(documents, mentions))
        begins = [index for index, tag in enumerate(NER_TAGS) if tag.startswith("B-")]
        assert pc.sum(pc.is_in(pc.list_flatten(table["ner_tags"]), pa.array(begins))).as_py() == len(mentions)
    return {"mean_seconds": statistics.fmean(times), "fastest_seconds": min(times), "runs": len(times),
            "peak_rss_mib": _peak_rss_mib()}


def _peak_rss_mib() -> float:
    """This process's peak resident memory. Not getrusage's ru_maxrss: Linux carries it over from
    the parent through fork and exec, so a child would report the benchmark's own peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def _timed_runs(run) -> tuple[list[float], object]:
    """Seconds of each timed call of `run` after one untimed call (see MIN_TIMED_SECONDS), and the
    last call's result. Each call starts from the same heap: the previous result freed, then a
    full garbage collection."""
    times, result = [], run()
    while sum(times) < MIN_TIMED_SECONDS:
        result = None
        gc.collect()
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return times, result


def measure(stage: str, root: Path) -> dict:
    """One fresh process's report of `stage` on the corpus at `root`."""
    result = subprocess.run([sys.executable, __file__, "--stage", stage, "--root", str(root)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"stage {stage} failed on {root}:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def summarise(reports: list[dict]) -> dict:
    """Several processes' reports of one stage at one factor: the median of their mean runs, the
    fastest run, the runs made and the highest peak memory."""
    return {"seconds": statistics.median(report["mean_seconds"] for report in reports),
            "fastest_seconds": min(report["fastest_seconds"] for report in reports), "processes": len(reports),
            "runs": sum(report["runs"] for report in reports),
            "peak_rss_mib": max(report["peak_rss_mib"] for report in reports)}


def corpus_size(root: Path) -> dict:
    import pyarrow.parquet as pq

    from nkru.schema import layer_of

    def row_count(config: str) -> int:
        layer = layer_of(config)
        paths = sorted((root / layer.file).glob("*.parquet")) if layer.sharded else [root / layer.file]
        return sum(pq.read_metadata(path).num_rows for path in paths)

    rows = {config: row_count(config) for config in ("documents", "entities", "dates", "stances", "ner")}
    characters = sum(path.stat().st_size for path in (root / "dataset/texts").iterdir())
    return {**rows, "text_bytes": characters}


def growth_problems(results: list[dict]) -> list[str]:
    problems = []
    for smaller, larger in zip(results, results[1:]):
        data_ratio = larger["factor"] / smaller["factor"]
        for stage in STAGES:
            time_ratio = larger[stage]["seconds"] / smaller[stage]["seconds"]
            allowed = GROWTH_LIMIT * data_ratio / 10
            if time_ratio > allowed:
                problems.append(f"{stage}: x{data_ratio:g} data took x{time_ratio:.1f} time "
                                f"(x{smaller['factor']} -> x{larger['factor']}), over the x{allowed:g} allowed")
    largest = results[-1]
    if largest["factor"] >= 1000 and largest["validate"]["seconds"] > VALIDATE_LIMIT_SECONDS:
        problems.append(f"validate at x{largest['factor']} took {largest['validate']['seconds']:.1f} s, "
                        f"over {VALIDATE_LIMIT_SECONDS} s")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10, 100, 1000])
    parser.add_argument("--out", type=Path, default=CHECKOUT / "benchmarks/results/scale.json")
    parser.add_argument("--workspace", type=Path, help="where to write the replicated corpora (default: /tmp)")
    parser.add_argument("--stage", choices=STAGES, help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.stage:
        print(json.dumps(run_stage(arguments.stage, arguments.root)))
        return 0

    reports = {(factor, stage): [] for factor in arguments.factors for stage in STAGES}
    with tempfile.TemporaryDirectory(dir=arguments.workspace, prefix="nkru-scale-") as temporary:
        roots = {factor: Path(temporary) / f"x{factor}" for factor in arguments.factors}
        for factor, root in roots.items():
            replicate_sources(CHECKOUT, root, factor)
        for round_number in range(1, ROUNDS + 1):
            for factor, root in roots.items():
                for stage in STAGES:
                    reports[factor, stage].append(measure(stage, root))
                print(f"round {round_number}/{ROUNDS} x{factor}: " + ", ".join(
                    f"{stage} {reports[factor, stage][-1]['mean_seconds']:.3f} s" for stage in STAGES), flush=True)
        results = [{"factor": factor, **{stage: summarise(reports[factor, stage]) for stage in STAGES},
                    "size": corpus_size(root)} for factor, root in roots.items()]
    print(f"{'factor':>6} {'docs':>6} {'mentions':>8} {'text MB':>8} " + " ".join(
        f"{stage + ' s':>11} {stage + ' MiB':>12}" for stage in STAGES))
    for result in results:
        size = result["size"]
        print(f"{result['factor']:>6} {size['documents']:>6} {size['entities']:>8} {size['text_bytes'] / 1e6:>8.1f} "
              + " ".join(f"{result[stage]['seconds']:>11.3f} {result[stage]['peak_rss_mib']:>12.0f}"
                         for stage in STAGES))
    problems = growth_problems(results)
    for problem in problems:
        print(f"NOT LINEAR: {problem}")
    record = {
        "command": "python benchmarks/scale.py " + " ".join(sys.argv[1:]),
        "machine": {"python": platform.python_version(), "cpus": len(__import__("os").sched_getaffinity(0)),
                    "platform": platform.platform()},
        "growth_limit": GROWTH_LIMIT, "validate_limit_seconds": VALIDATE_LIMIT_SECONDS,
        "rounds": ROUNDS, "min_timed_seconds": MIN_TIMED_SECONDS,
        "results": results, "problems": problems,
    }
    arguments.out.parent.mkdir(parents=True, exist_ok=True)
    arguments.out.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {arguments.out}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
