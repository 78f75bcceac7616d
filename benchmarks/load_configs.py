"""Load time of every config through `nkru.loader.load`, cold and warm, against the floor.

    python benchmarks/load_configs.py [--cold-runs 7] [--warm-runs 50] [--out benchmarks/results/load.json]

The floor is what any loader must do: `pyarrow.parquet.read_table` of the config's file wrapped
in a `datasets.Dataset`. Both are measured in the same run:
- cold: the first call in a fresh Python process with a fresh, empty Hugging Face cache
  (`HF_HOME`), imports excluded; one process per call, the median over the processes;
- warm: repeated calls in one process after a first one, alternating loader and floor; the median.
The ratio loader/floor says what the loader adds (hashing the file for the fingerprint, checking
the schema, attaching the features) on top of reading the file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(CHECKOUT))

WAYS = ("loader", "floor")


def load_once(way: str, config: str, root: Path):
    if way == "loader":
        from nkru.loader import load

        return load(config, root)
    import pyarrow as pa
    import pyarrow.parquet as pq
    from datasets import Dataset
    from datasets.table import InMemoryTable

    from nkru.schema import layer_of

    layer = layer_of(config)
    # A sharded layer's floor reads each of its per-document files, as any loader of it must.
    paths = sorted((root / layer.file).glob("*.parquet")) if layer.sharded else [root / layer.file]
    return Dataset(InMemoryTable(pa.concat_tables([pq.read_table(path) for path in paths])))


def timed_ms(way: str, config: str, root: Path) -> float:
    started = time.perf_counter()
    load_once(way, config, root)
    return (time.perf_counter() - started) * 1000


def cold_ms(way: str, config: str, root: Path) -> float:
    """One first call in a fresh process with an empty cache."""
    with tempfile.TemporaryDirectory(prefix="nkru-hf-home-") as hf_home:
        environment = {**os.environ, "HF_HOME": hf_home, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}
        result = subprocess.run([sys.executable, __file__, "--child", way, config, str(root)], env=environment,
                                capture_output=True, text=True, check=True)
    return float(result.stdout.strip().splitlines()[-1])


def measure(root: Path, cold_runs: int, warm_runs: int) -> list[dict]:
    from nkru.loader import CONFIGS, load

    results = []
    for config in CONFIGS:
        cold = {way: statistics.median(cold_ms(way, config, root) for _ in range(cold_runs)) for way in WAYS}
        for way in WAYS:
            load_once(way, config, root)
        warm_times = {way: [] for way in WAYS}
        for _ in range(warm_runs):
            for way in WAYS:
                warm_times[way].append(timed_ms(way, config, root))
        warm = {way: statistics.median(times) for way, times in warm_times.items()}
        results.append({
            "config": config, "rows": load(config, root)["test"].num_rows,
            "cold_ms": cold, "warm_ms": warm,
            "cold_ratio": cold["loader"] / cold["floor"], "warm_ratio": warm["loader"] / warm["floor"],
        })
    return results


def versions() -> dict:
    import datasets
    import pyarrow

    return {"python": platform.python_version(), "datasets": datasets.__version__, "pyarrow": pyarrow.__version__,
            "cpus": len(os.sched_getaffinity(0)), "platform": platform.platform()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold-runs", type=int, default=7)
    parser.add_argument("--warm-runs", type=int, default=50)
    parser.add_argument("--root", type=Path, default=CHECKOUT, help="corpus directory (default: the checkout)")
    parser.add_argument("--out", type=Path, default=CHECKOUT / "benchmarks/results/load.json")
    parser.add_argument("--child", nargs=3, metavar=("WAY", "CONFIG", "ROOT"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        way, config, root = arguments.child
        import datasets  # noqa: F401  (imports are not part of the time)
        import pyarrow.parquet  # noqa: F401

        import nkru.loader  # noqa: F401

        print(timed_ms(way, config, Path(root)))
        return 0

    results = measure(arguments.root, arguments.cold_runs, arguments.warm_runs)
    print(f"{'config':<16} {'rows':>5} {'cold loader/floor ms':>21} {'ratio':>6} {'warm loader/floor ms':>21} {'ratio':>6}")
    for row in results:
        print(f"{row['config']:<16} {row['rows']:>5} {row['cold_ms']['loader']:>10.2f} /{row['cold_ms']['floor']:>8.2f} "
              f"{row['cold_ratio']:>6.2f} {row['warm_ms']['loader']:>10.2f} /{row['warm_ms']['floor']:>8.2f} "
              f"{row['warm_ratio']:>6.2f}")
    record = {"command": "python benchmarks/load_configs.py " + " ".join(sys.argv[1:]), "machine": versions(),
              "cold_runs": arguments.cold_runs, "warm_runs": arguments.warm_runs, "results": results}
    arguments.out.parent.mkdir(parents=True, exist_ok=True)
    arguments.out.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {arguments.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
