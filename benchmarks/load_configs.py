"""Time `nkru.loader.load` against `pyarrow.parquet.read_table` of the same file, per config.

    python benchmarks/load_configs.py [--repeat N]

Prints the median and minimum wall time of each, in milliseconds, and their ratio; both are run in
this one process, alternately, after one warm-up call each.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nkru.loader import CONFIGS, corpus_root, load  # noqa: E402
from nkru.schema import CONFIG_FILES  # noqa: E402


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    repeat = parser.parse_args().repeat
    root = corpus_root()
    print(f"corpus: {root}; {repeat} runs each")
    print(f"{'config':<12} {'rows':>6} {'read_table ms (median/min)':>28} {'load ms (median/min)':>22} {'ratio':>6}")
    for config in CONFIGS:
        path = root / CONFIG_FILES[config]
        rows = load(config)["test"].num_rows
        pq.read_table(path)
        read_times, load_times = [], []
        for _ in range(repeat):
            read_times.append(timed(lambda: pq.read_table(path)))
            load_times.append(timed(lambda: load(config)))
        read_median, load_median = statistics.median(read_times), statistics.median(load_times)
        print(f"{config:<12} {rows:>6} {read_median:>18.3f} / {min(read_times):.3f} "
              f"{load_median:>12.3f} / {min(load_times):.3f} {load_median / read_median:>6.1f}")


if __name__ == "__main__":
    main()
