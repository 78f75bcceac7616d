"""The generated performance section, rendered from the stored results of the load and scale
benchmarks (benchmarks/results/load.json and scale.json, written by benchmarks/performance.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from nkru.errors import NkruError

LOAD_RESULTS = "benchmarks/results/load.json"
SCALE_RESULTS = "benchmarks/results/scale.json"
STAGES = ("build", "validate", "iob2")


def performance_section(corpus_root: Path) -> str:
    """The section for the results stored below `corpus_root`."""
    return render_section(_read(corpus_root / LOAD_RESULTS), _read(corpus_root / SCALE_RESULTS))


def _read(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise NkruError(f"expected the stored performance results {path} (python benchmarks/performance.py writes "
                        f"them), cannot read them ({error})") from error


def load_table(record: dict) -> list[str]:
    lines = [
        "| config | rows | cold: loader ms | cold: floor ms | cold ratio | warm: loader ms | warm: floor ms | warm ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in record["results"]:
        lines.append(f"| `{row['config']}` | {row['rows']} | {row['cold_ms']['loader']:.1f} | {row['cold_ms']['floor']:.1f} "
                     f"| {row['cold_ratio']:.2f} | {row['warm_ms']['loader']:.2f} | {row['warm_ms']['floor']:.2f} "
                     f"| {row['warm_ratio']:.2f} |")
    return lines


def _seconds(seconds: float) -> str:
    """Three significant digits at least, so that the millisecond stages at x1 keep theirs."""
    return f"{seconds:.3g}" if seconds < 100 else f"{seconds:.0f}"


def scale_table(record: dict) -> list[str]:
    lines = [
        "| factor | documents | mentions | text MB | build s | build peak MiB | validate s | validate peak MiB "
        "| span→IOB2 s | span→IOB2 peak MiB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in record["results"]:
        size = result["size"]
        cells = " | ".join(f"{_seconds(result[stage]['seconds'])} ({_seconds(result[stage]['fastest_seconds'])}) | "
                           f"{result[stage]['peak_rss_mib']:.0f}" for stage in STAGES)
        lines.append(f"| ×{result['factor']} | {size['documents']} | {size['entities']} | "
                     f"{size['text_bytes'] / 1e6:.3g} | {cells} |")
    return lines


def growth_lines(record: dict) -> list[str]:
    results = record["results"]
    lines = []
    for smaller, larger in zip(results, results[1:]):
        ratios = ", ".join(f"{stage} ×{larger[stage]['seconds'] / smaller[stage]['seconds']:.1f}" for stage in STAGES)
        lines.append(f"- ×{smaller['factor']} → ×{larger['factor']}: {ratios}")
    return lines


def _relative(command: str) -> str:
    """A recorded command with the checkout's absolute path left out."""
    return re.sub(r"\S*/(benchmarks/)", r"\1", command.strip())


def render_section(load_record: dict, scale_record: dict) -> str:
    machine = load_record["machine"]
    problems = scale_record["problems"]
    verdict = ("every ×10 step stays within the ×{0:g} allowed, and validate at the largest size takes {1:.1f} s "
               "(limit {2} s)").format(scale_record["growth_limit"], scale_record["results"][-1]["validate"]["seconds"],
                                       scale_record["validate_limit_seconds"])
    return "\n".join([
        f"Measured with `{_relative(load_record['command'])}` and `{_relative(scale_record['command'])}` on "
        f"{machine['cpus']} CPUs, Python {machine['python']}, datasets {machine['datasets']}, "
        f"pyarrow {machine['pyarrow']}.",
        "",
        f"Load time per config: cold is the median first call in {load_record['cold_runs']} fresh processes with "
        f"an empty cache, warm the median of {load_record['warm_runs']} calls in one process. The floor is "
        "`pyarrow.parquet.read_table` plus `datasets.Dataset(table)`; ratio = loader / floor.",
        "",
        *load_table(load_record),
        "",
        "Ratios below 1 mean the loader is faster than the floor: `datasets.Dataset(table)` given no "
        "fingerprint computes one by hashing, which the loader skips by passing the file's SHA-256.",
        "",
        "Scale: the corpus replicated with rewritten ids; imports are excluded. A fresh process runs a stage "
        "once untimed (one-off costs: memory from the system, first calls), then times it until its runs add "
        f"up to {scale_record['min_timed_seconds']:g} s. Time is the median over {scale_record['rounds']} rounds "
        "(each running every size's stages one after the other; this virtual machine's speed drifts by up to "
        "40 % between processes) of a process's mean run; the fastest run is in brackets. Peak MiB is the "
        "highest peak resident memory of the processes.",
        "",
        *scale_table(scale_record),
        "",
        "Time growth per ×10 in data:",
        "",
        *growth_lines(scale_record),
        "",
        ("Over the limits: " + "; ".join(problems) + ".") if problems else f"Within the limits: {verdict}.",
    ]) + "\n"
