"""The generated benchmark tables, rendered from the stored runs' results records
(nkru.evaluation.runs): publishing scores nothing itself."""

from __future__ import annotations


MODE_COLUMNS = (("exact", "exact F1"), ("partial", "partial F1"), ("ent_type", "type F1"))


def _f1_with_interval(entry: dict) -> str:
    low, high = entry["f1_ci95"]
    return f"{entry['f1']:.3f} [{low:.3f}, {high:.3f}]"


def _seconds(value) -> str:
    return "–" if value is None else f"{value:.2f}"


def runs_table(records: list[tuple[str, dict]]) -> str:
    lines = ["| run | runner | version | label set | scope | seconds | entities | entities per second |",
             "|---|---|---|---|---|---|---|---|"]
    for name, record in records:
        run = record["run"]
        rate = record["entities_per_second"]
        lines.append(f"| `{name}` | `{run['runner']}` | {run['version']} | {record['predictions']['label_set']} | "
                     f"{record['scope']['description']} | {_seconds(run.get('seconds'))} | {record['entities']} | "
                     f"{'–' if rate is None else f'{rate:.0f}'} |")
    return "\n".join(lines) + "\n"


def overall_table(records: list[tuple[str, dict]]) -> str:
    lines = ["| run | profile | strict P | strict R | strict F1 [95 % CI] | exact F1 | partial F1 | type F1 | "
             "seqeval F1 |", "|---|---|---|---|---|---|---|---|---|"]
    for name, record in records:
        for profile, labels in record["profiles"].items():
            modes = labels["ALL"]
            strict = modes["strict"]
            others = " | ".join(f"{modes[mode]['f1']:.3f}" for mode, _ in MODE_COLUMNS)
            lines.append(f"| `{name}` | {profile} | {strict['precision']:.3f} | {strict['recall']:.3f} | "
                         f"{_f1_with_interval(strict)} | {others} | {record['seqeval'][profile]['ALL']['f1']:.3f} |")
    return "\n".join(lines) + "\n"


def per_label_table(records: list[tuple[str, dict]]) -> str:
    lines = ["| run | profile | label | gold | predicted | strict F1 [95 % CI] | partial F1 |", "|---|---|---|---|---|---|---|"]
    for name, record in records:
        for profile, labels in record["profiles"].items():
            for label, modes in labels.items():
                if label == "ALL":
                    continue
                counts = record["counts"][profile][label]
                lines.append(f"| `{name}` | {profile} | {label} | {counts['gold']} | {counts['predicted']} | "
                             f"{_f1_with_interval(modes['strict'])} | {modes['partial']['f1']:.3f} |")
    return "\n".join(lines) + "\n"


def benchmark_section(records: list[tuple[str, dict]]) -> str:
    bootstrap = {(record["bootstrap"]["replicates"], record["bootstrap"]["seed"]) for _, record in records}
    settings = "; ".join(f"{replicates} replicates, seed {seed}" for replicates, seed in sorted(bootstrap))
    return (f"Intervals: 95 % percentile intervals of a sentence bootstrap ({settings}).\n\n"
            + runs_table(records) + "\n" + overall_table(records) + "\n" + per_label_table(records))



def date_benchmark_section(records: list[tuple[str, dict]]) -> str:
    """The dates leaderboard: TempEval-3's measures with intervals, then each run's errors by kind."""
    from nkru.evaluation.date_scoring import MEASURES

    header = "| run | runner | version | " + " | ".join(MEASURES) + " |"
    lines = [header, "|" + "---|" * (3 + len(MEASURES))]
    for name, record in records:
        cells = []
        for measure in MEASURES:
            entry = record["measures"][measure]
            interval = "" if entry["ci95"] is None else f" [{entry['ci95'][0]:.3f}, {entry['ci95'][1]:.3f}]"
            cells.append(f"{entry['value']:.3f}{interval}")
        lines.append(f"| `{name}` | `{record['run']['runner']}` | {record['run']['version']} | " + " | ".join(cells) + " |")
    errors = ["| run | error kind | count | first example |", "|---|---|---|---|"]
    for name, record in records:
        for kind, entry in record["errors"].items():
            errors.append(f"| `{name}` | {kind} | {entry['count']} | {entry['example']} |")
    counts = "; ".join(f"`{name}`: {record['counts']['gold']} gold, {record['counts']['predicted']} predicted, "
                       f"{record['counts']['relaxed']} relaxed matches" for name, record in records)
    return "\n".join(lines) + "\n\n" + counts + ".\n\n" + "\n".join(errors) + "\n"


STANCE_COLUMNS = (("sf1", "Sentiment Graph F1"), ("source_f1", "Source F1"), ("target_f1", "Target F1"),
                  ("expression_f1", "Exp F1"), ("target_accuracy", "target_id accuracy"),
                  ("polarity_accuracy", "polarity accuracy"))


def stance_benchmark_section(records: list[tuple[str, dict]]) -> str:
    """The stances leaderboard: each measure with its interval, and the counts behind it."""
    lines = ["| run | runner | version | " + " | ".join(title for _, title in STANCE_COLUMNS) + " |",
             "|" + "---|" * (3 + len(STANCE_COLUMNS))]
    for name, record in records:
        cells = []
        for measure, _ in STANCE_COLUMNS:
            entry = record["measures"][measure]
            interval = "" if entry["ci95"] is None else f" [{entry['ci95'][0]:.3f}, {entry['ci95'][1]:.3f}]"
            cells.append(f"{entry['value']:.3f}{interval}")
        lines.append(f"| `{name}` | `{record['run']['runner']}` | {record['run']['version']} | " + " | ".join(cells) + " |")
    counts = "; ".join(f"`{name}`: {record['counts']['gold']} gold stances, {record['counts']['predicted']} predicted, "
                       f"{record['counts']['matched']} matched one to one" for name, record in records)
    return "\n".join(lines) + "\n\n" + counts + ".\n"
