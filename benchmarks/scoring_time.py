"""How long `nkru benchmark --predictions FILE` takes beyond its start-up, with the default 1,000
sentence-bootstrap replicates under every profile the run can express.

Start-up is what every run pays before it sees the predictions: the interpreter, the imports
(nervaluate, seqeval with scikit-learn, datasets) and reading the gold. Scoring is the rest: reading
and checking the predictions, the per-sentence counts, the bootstrap, the JSON record and the
terminal table. Each is the median of `--rounds` fresh processes.

    python benchmarks/scoring_time.py --out benchmarks/results/scoring.json
"""

import argparse
import json
import platform
import statistics
import subprocess
import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
LIMIT_SECONDS = 1.0
INPUTS = {
    "fr_core_news_sm (CoNLL-4, 2 profiles)": "benchmarks/predictions/ner/fr_core_news_sm.jsonl",
    "rule_baseline (fine, 3 profiles)": "benchmarks/predictions/ner/rule_baseline.jsonl",
}

ONE_RUN = """
import json, sys, time
started = time.perf_counter()
from pathlib import Path
from nkru.evaluation.benchmark import GOLD_CONFIGS, ScoringOptions, gold_of, score_run
from nkru.evaluation.predictions import read_predictions
from nkru.evaluation.report import score_lines
from nkru.reader import read_corpus
import nervaluate, seqeval.metrics
gold = gold_of(read_corpus(None, GOLD_CONFIGS))
ready = time.perf_counter()
predictions = read_predictions(Path(sys.argv[1]), gold.texts, gold.sentences)
record = score_run(gold, predictions, {"name": "timed"}, ScoringOptions())
json.dumps(record)
"\\n".join(score_lines("timed", record))
done = time.perf_counter()
print(json.dumps({"startup": ready - started, "scoring": done - ready,
                  "replicates": record["bootstrap"]["replicates"], "profiles": list(record["profiles"])}))
"""


def measure(predictions: Path, rounds: int) -> dict:
    runs = []
    for _ in range(rounds):
        output = subprocess.run([sys.executable, "-c", ONE_RUN, str(predictions)], capture_output=True, text=True,
                                check=True, cwd=CHECKOUT).stdout
        runs.append(json.loads(output))
    return {"startup_seconds": round(statistics.median(run["startup"] for run in runs), 3),
            "scoring_seconds": round(statistics.median(run["scoring"] for run in runs), 3),
            "slowest_scoring_seconds": round(max(run["scoring"] for run in runs), 3),
            "replicates": runs[0]["replicates"], "profiles": runs[0]["profiles"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", type=Path)
    arguments = parser.parse_args()
    results = {name: measure(CHECKOUT / relative, arguments.rounds) for name, relative in INPUTS.items()}
    record = {"limit_seconds": LIMIT_SECONDS, "rounds": arguments.rounds, "python": platform.python_version(),
              "results": results}
    for name, result in results.items():
        print(f"{name}: start-up {result['startup_seconds']:.2f} s, scoring {result['scoring_seconds']:.3f} s "
              f"(slowest {result['slowest_scoring_seconds']:.3f} s), {result['replicates']} replicates, "
              f"profiles {', '.join(result['profiles'])}")
    if arguments.out:
        arguments.out.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {arguments.out}")


if __name__ == "__main__":
    main()
