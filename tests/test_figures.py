import json

from nkru.publish.figures import COUNTS_KEY, FIGURE, label_counts, png_text_chunks
from nkru.reader import read_corpus

from conftest import CHECKOUT


def test_the_committed_figure_plots_the_current_counts():
    corpus = read_corpus(configs=("documents", "entities"))
    plotted = json.loads(png_text_chunks(CHECKOUT / FIGURE)[COUNTS_KEY])
    assert plotted == label_counts(corpus), "run `nkru figure` (pip install '.[docs]')"
    assert sum(sum(per_doc.values()) for per_doc in plotted.values()) == len(corpus.mentions)


def test_the_datasheet_embeds_the_figure():
    assert f"]({FIGURE})" in (CHECKOUT / "DATASHEET.md").read_text(encoding="utf-8")


def test_the_committed_benchmark_figure_plots_the_stored_runs():
    from nkru.evaluation.runs import default_runs_root, stored_records
    from nkru.publish.benchmark_figure import BENCHMARK_FIGURE, F1_KEY, plotted_f1

    plotted = json.loads(png_text_chunks(CHECKOUT / BENCHMARK_FIGURE)[F1_KEY])
    records = stored_records(default_runs_root(CHECKOUT))
    assert plotted == plotted_f1(records), "run `nkru figure` (pip install '.[docs]')"
    assert {name for labels in plotted["conll"].values() for name in labels} == {name for name, _ in records}
    for document in ("README.md", "DATASHEET.md"):
        assert f"]({BENCHMARK_FIGURE})" in (CHECKOUT / document).read_text(encoding="utf-8")
