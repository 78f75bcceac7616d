"""The leaderboard's figure: strict F1 and its 95 % interval per stored run, profile and label
(needs the `docs` extra). The values plotted are written into the PNG as a tEXt chunk
(`nkru-f1`, JSON), so a test checks the committed figure against the stored records without
matplotlib."""

from __future__ import annotations

import json
from pathlib import Path

from nkru.errors import NkruError

BENCHMARK_FIGURE = "docs/benchmark_f1.png"
F1_KEY = "nkru-f1"


def plotted_f1(records: list[tuple[str, dict]]) -> dict[str, dict[str, dict[str, list[float]]]]:
    """profile -> label -> run -> [f1, low, high], strict mode."""
    values: dict = {}
    for name, record in records:
        for profile, labels in record["profiles"].items():
            for label, modes in labels.items():
                strict = modes["strict"]
                low, high = strict["f1_ci95"] or (strict["f1"], strict["f1"])
                values.setdefault(profile, {}).setdefault(label, {})[name] = [strict["f1"], low, high]
    return values


def draw_benchmark_figure(records: list[tuple[str, dict]], target: Path) -> Path:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as error:
        raise NkruError("the figure needs matplotlib: pip install '.[docs]'") from error
    from nkru.atomic import replace_file

    values = plotted_f1(records)
    names = [name for name, _ in records]
    figure, axes_row = plt.subplots(1, len(values), figsize=(5 * len(values), 4.5), dpi=100, squeeze=False)
    width = 0.8 / max(len(names), 1)
    for axes, (profile, labels) in zip(axes_row[0], values.items()):
        for offset, name in enumerate(names):
            shown = [label for label in labels if name in labels[label]]
            positions = [list(labels).index(label) + (offset - (len(names) - 1) / 2) * width for label in shown]
            f1 = [labels[label][name][0] for label in shown]
            below = [labels[label][name][0] - labels[label][name][1] for label in shown]
            above = [labels[label][name][2] - labels[label][name][0] for label in shown]
            axes.bar(positions, f1, width=width, yerr=[below, above], capsize=2, label=name)
        axes.set_xticks(range(len(labels)), list(labels), rotation=45, fontsize="small")
        axes.set_ylim(0, 1.05)
        axes.set_title(f"{profile}: strict F1, 95 % sentence-bootstrap interval", fontsize="small")
    axes_row[0][0].set_ylabel("F1")
    axes_row[0][-1].legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", title="run")
    figure.tight_layout()
    metadata = {"Software": None, F1_KEY: json.dumps(values, sort_keys=True)}
    replace_file(target, lambda path: figure.savefig(path, format="png", metadata=metadata))
    plt.close(figure)
    return target
