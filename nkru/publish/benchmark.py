"""The generated benchmark table, rendered from the stored results files (nkru.evaluation.runs):
publishing scores nothing itself."""

from __future__ import annotations

from nkru.evaluation.scoring import ProfileScores
from nkru.schema import COARSE_LABELS


def _cell(value: float) -> str:
    return f"{value:.3f}"


def benchmark_section(results: list[tuple[dict, dict[str, ProfileScores]]]) -> str:
    timing = ["| model | version | pipes that ran | seconds | entities | entities per second |",
              "|---|---|---|---|---|---|"]
    scores = ["| model | profile | label | strict P | strict R | strict F1 | partial P | partial R | partial F1 | "
              "exact F1 | type F1 | seqeval strict F1 |", "|" + "---|" * 12]
    for meta, profiles in results:
        timing.append(f"| `{meta['model']}` | {meta['version']} | {', '.join(meta['pipes'])} | {meta['seconds']:.2f} | "
                      f"{meta['entities']} | {meta['entities'] / meta['seconds']:.0f} |")
        for profile, result in profiles.items():
            for label in ("ALL", *COARSE_LABELS):
                strict, partial = result.span["strict"][label], result.span["partial"][label]
                scores.append(
                    f"| `{meta['model']}` | {profile} | {label} | {_cell(strict.precision)} | {_cell(strict.recall)} | "
                    f"{_cell(strict.f1)} | {_cell(partial.precision)} | {_cell(partial.recall)} | {_cell(partial.f1)} | "
                    f"{_cell(result.span['exact'][label].f1)} | {_cell(result.span['ent_type'][label].f1)} | "
                    f"{_cell(result.token[label].f1)} |")
    return "\n".join(timing) + "\n\n" + "\n".join(scores) + "\n"
