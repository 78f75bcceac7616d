"""The performance benchmarks in one command: load times and scale, results stored in
`benchmarks/results/`; then `nkru publish` renders README.md's `performance` section from them.

    python benchmarks/performance.py              # run both (about 10 minutes), then publish
    python benchmarks/performance.py --docs-only  # only publish, from the stored results

tests/test_performance_results.py fails if README.md's section differs from the stored results.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(CHECKOUT))

from nkru.publish.performance import LOAD_RESULTS, SCALE_RESULTS  # noqa: E402

SCRIPTS = (("load_configs.py", LOAD_RESULTS), ("scale.py", SCALE_RESULTS))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs-only", action="store_true", help="only publish README.md from the stored results")
    arguments = parser.parse_args()
    if not arguments.docs_only:
        for script, out in SCRIPTS:
            code = subprocess.run([sys.executable, str(CHECKOUT / "benchmarks" / script),
                                   "--out", str(CHECKOUT / out)]).returncode
            if code != 0:
                print(f"benchmarks/{script} exited with {code}; README.md is published from what was stored")
    from nkru.publish import publish

    for path in publish(CHECKOUT):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
