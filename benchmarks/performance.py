"""The performance benchmarks in one command: load times and scale, results in
`benchmarks/results/`, summary in README.md (the `performance` generated section).

    python benchmarks/performance.py              # run both (about 10 minutes), then write README.md
    python benchmarks/performance.py --docs-only  # rewrite README.md's section from the stored results

tests/test_performance_results.py fails if README.md's section differs from the stored results.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(CHECKOUT))

RESULTS = CHECKOUT / "benchmarks/results"
LOAD_RESULTS = RESULTS / "load.json"
SCALE_RESULTS = RESULTS / "scale.json"
STAGES = ("build", "validate", "iob2")


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
        ("Not near-linear: " + "; ".join(problems)) if problems else f"Near-linear: {verdict}.",
    ]) + "\n"


def write_docs() -> Path:
    from nkru.atomic import write_atomically
    from nkru.docs import replace_sections

    section = render_section(json.loads(LOAD_RESULTS.read_text(encoding="utf-8")),
                             json.loads(SCALE_RESULTS.read_text(encoding="utf-8")))
    readme = CHECKOUT / "README.md"
    write_atomically(readme, replace_sections(readme.read_text(encoding="utf-8"), {"performance": section}, "README.md"))
    return readme


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs-only", action="store_true", help="only rewrite README.md from the stored results")
    arguments = parser.parse_args()
    if not arguments.docs_only:
        for script, out in (("load_configs.py", LOAD_RESULTS), ("scale.py", SCALE_RESULTS)):
            code = subprocess.run([sys.executable, str(CHECKOUT / "benchmarks" / script), "--out", str(out)]).returncode
            if code != 0:
                print(f"benchmarks/{script} exited with {code}; README.md is written from what was stored")
    print(f"wrote {write_docs()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
