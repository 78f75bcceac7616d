"""The viewer's run pages (nkru/view/run_pages.py): the gold itself with five known errors
injected, drawn and counted; read back with the standard library's parser (no browser needed)."""

import dataclasses
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import CHECKOUT

from nkru.cli import main
from nkru.errors import ViewError
from nkru.evaluation.benchmark import gold_and_sentences
from nkru.evaluation.labels import LabelSet
from nkru.evaluation.outcomes import Outcome, OutcomeKind
from nkru.evaluation.predictions import Scope, prediction_lines, predictions_from_spans
from nkru.evaluation.results import run_record
from nkru.evaluation.runs import save_run
from nkru.evaluation.scoring import Profile, count_run, profiles_for
from nkru.reader import read_corpus
from nkru.schema import COARSE_BY_ENTITY_LABEL
from nkru.view.run_pages import (
    document_page,
    outcomes_by_doc,
    run_page_name,
    run_pages,
    view_profile,
    write_run_pages,
)
from nkru.view.site import VIEW_CONFIGS, page_name, write_site

RUN = "injected"
STORED_RUN = "fr_core_news_sm"  # a stored CoNLL-4 run in benchmarks/
DOC = "nkru-001"
GOLD_CONFIGS = ("documents", "entities", "ner")
ERROR_KINDS = [kind for kind in OutcomeKind if kind is not OutcomeKind.HIT]
FILTER_COUNT = re.compile(r'data-outcome-filter="(\w+)" checked> <span[^>]*>[^<]*</span> '
                          r'\(<span class="count">(\d+)</span>\)')


class PageReader(HTMLParser):
    """Every element's tag and attributes, and the text inside #text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.inside_text = 0
        self.text_parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if self.inside_text or attributes.get("id") == "text":
            self.inside_text += 1

    def handle_endtag(self, tag):
        if self.inside_text:
            self.inside_text -= 1

    def handle_data(self, data):
        if self.inside_text:
            self.text_parts.append(data)

    def marks(self, kind: str | None = None) -> list[dict]:
        """The outcome marks (a mark split by a crossing one counted once)."""
        return [attributes for tag, attributes in self.elements
                if tag == "mark" and "data-outcome" in attributes and "data-fragment" not in attributes
                and (kind is None or attributes["data-outcome"] == kind)]

    def rows(self) -> list[dict]:
        return [attributes for tag, attributes in self.elements if tag == "tr" and "data-outcome" in attributes]

    def links(self) -> list[str]:
        return [attributes["href"] for tag, attributes in self.elements if tag == "a" and "href" in attributes]


def read_page(path: Path) -> tuple[str, PageReader]:
    html = path.read_text(encoding="utf-8")
    reader = PageReader()
    reader.feed(html)
    reader.close()
    return html, reader


def injected_errors(gold: dict[str, list], text: str) -> tuple[list, dict[OutcomeKind, tuple]]:
    """DOC's gold spans with one error of each kind injected; each kind -> (gold span, predicted span)."""
    spans = sorted(gold[DOC])
    dropped, retyped, shifted, shifted_retyped = spans[0], spans[2], spans[4], spans[6]

    def other_label(label):
        return "ORG" if label != "ORG" else "PER"

    assert not text[shifted[0] + 1].isspace() and not text[shifted_retyped[1] - 2].isspace()
    type_error = (retyped[0], retyped[1], other_label(retyped[2]))
    boundary = (shifted[0] + 1, shifted[1], shifted[2])
    boundary_and_type = (shifted_retyped[0], shifted_retyped[1] - 1, other_label(shifted_retyped[2]))
    spare = next(match for match in re.finditer(r"\w{6,}", text)
                 if not any(start < match.end() and match.start() < end for start, end, _ in spans))
    false_positive = (spare.start(), spare.end(), "PER")
    predicted = [type_error if span == retyped else boundary if span == shifted
                 else boundary_and_type if span == shifted_retyped else span
                 for span in spans if span != dropped] + [false_positive]
    return predicted, {
        OutcomeKind.FALSE_NEGATIVE: (dropped, None), OutcomeKind.TYPE: (retyped, type_error),
        OutcomeKind.BOUNDARY: (shifted, boundary), OutcomeKind.BOUNDARY_AND_TYPE: (shifted_retyped, boundary_and_type),
        OutcomeKind.FALSE_POSITIVE: (None, false_positive),
    }


def scored_run(gold_corpus, spans_by_doc, label_set=None):
    """(record, predictions) of a run, scored as `nkru benchmark` scores one."""
    gold, sentences, texts = gold_and_sentences(gold_corpus)
    predictions = predictions_from_spans(spans_by_doc, texts, RUN, label_set)
    counts = count_run(gold, predictions.spans, sentences, predictions.scope, profiles_for(predictions.label_set))
    record = run_record({"runner": "test", "model": "the gold with errors"}, predictions, counts, 20, 0, {},
                        list(texts))
    return record, predictions


@pytest.fixture(scope="module")
def gold_corpus():
    return read_corpus(CHECKOUT, GOLD_CONFIGS)


@pytest.fixture(scope="module")
def injected(gold_corpus):
    gold, _, texts = gold_and_sentences(gold_corpus)
    predicted, expected = injected_errors(gold, texts[DOC])
    record, predictions = scored_run(gold_corpus, {**gold, DOC: predicted})
    return record, predictions, expected


@pytest.fixture(scope="module")
def site(tmp_path_factory, gold_corpus, injected):
    out = tmp_path_factory.mktemp("viewer") / "site"
    write_site(read_corpus(CHECKOUT, VIEW_CONFIGS), out)
    record, predictions, _ = injected
    written = write_run_pages(gold_corpus, RUN, record, predictions, None, out)
    return out, written


def test_pages_are_written_index_first(site, gold_corpus):
    out, written = site
    assert written == [out / run_page_name(RUN)] + [out / run_page_name(RUN, doc_id)
                                                    for doc_id in gold_corpus.texts_by_doc]
    assert written[1].name == f"run-{RUN}-nkru-000.html"
    assert all(path.is_file() for path in written)
    assert (out / "index.html").is_file() and (out / page_name(DOC)).is_file()  # the gold site is still there


def test_each_injected_error_is_marked_once_with_its_kind(site, injected):
    out, _ = site
    _, _, expected = injected
    for path in out.glob(f"run-{RUN}-*.html"):
        _, page = read_page(path)
        for kind in ERROR_KINDS:
            assert len(page.marks(kind)) == (path.name == run_page_name(RUN, DOC)), (path.name, kind)
    _, page = read_page(out / run_page_name(RUN, DOC))
    for kind, (gold, predicted) in expected.items():
        (mark,) = page.marks(kind)
        for side, span in (("gold", gold), ("predicted", predicted)):
            if span is None:
                assert f"data-{side}-label" not in mark, kind
            else:
                assert (int(mark[f"data-{side}-start"]), int(mark[f"data-{side}-end"]), mark[f"data-{side}-label"]
                        ) == span, kind
        assert [row["id"] for row in page.rows() if row["data-outcome"] == kind] == [f"row-{mark['id']}"]
    boundary_extents = [attributes["data-extent"] for _, attributes in page.elements
                        if attributes.get("data-extent-of") == OutcomeKind.BOUNDARY]
    assert sorted(boundary_extents) == ["gold", "predicted"]


def test_every_other_gold_mention_is_a_hit(site, gold_corpus):
    out, _ = site
    hits = sum(len(read_page(path)[1].marks(OutcomeKind.HIT)) for path in out.glob(f"run-{RUN}-*.html"))
    assert hits == len(gold_corpus.mentions) - 4  # dropped, retyped, shifted, shifted and retyped


def test_filter_counts_add_up_to_the_outcomes(site):
    out, _ = site
    for path in out.glob(f"run-{RUN}-*.html"):
        html, page = read_page(path)
        counts = {kind: int(count) for kind, count in FILTER_COUNT.findall(html)}
        assert list(counts) == list(OutcomeKind), path.name
        assert counts == {kind: len(page.marks(kind)) for kind in OutcomeKind}, path.name
        assert sum(counts.values()) == len(page.marks())
        assert Counter(row["data-outcome"] for row in page.rows()) == Counter(
            {kind: counts[kind] for kind in ERROR_KINDS if counts[kind]}), path.name


def test_the_text_is_unchanged_and_the_page_links_back(site, gold_corpus):
    out, _ = site
    html, page = read_page(out / run_page_name(RUN, DOC))
    assert "".join(page.text_parts) == gold_corpus.texts_by_doc[DOC]
    assert run_page_name(RUN) in page.links() and page_name(DOC) in page.links()
    for mark in page.marks():
        if mark["data-outcome"] != OutcomeKind.HIT:
            assert f"#{mark['id']}" in page.links()  # its row in the error table links to it
    assert "http://" not in html and "https://" not in html


def test_the_index_gives_the_scores_and_links_every_document(site, injected, gold_corpus):
    out, _ = site
    record, _, _ = injected
    html, page = read_page(out / run_page_name(RUN))
    assert [link for link in page.links() if link.startswith(f"run-{RUN}-")] == [
        run_page_name(RUN, doc_id) for doc_id in gold_corpus.texts_by_doc]
    strict = record["profiles"]["fine"]["ALL"]["strict"]
    assert f'<td class="count" data-f1>{strict["f1"]:.3f}</td>' in html
    assert f"[{strict['f1_ci95'][0]:.3f}, {strict['f1_ci95'][1]:.3f}]" in html
    row = re.search(rf'<tr data-doc="{DOC}">.*?</tr>', html).group(0)
    assert dict(re.findall(r'data-outcome="(\w+)">(\d+)<', row)) == {
        str(kind): "1" if kind in ERROR_KINDS else str(len(gold_corpus.mentions_by_doc[DOC]) - 4)
        for kind in OutcomeKind}
    assert "the gold with errors" in html


def test_text_and_labels_are_escaped():
    text = 'A <script>alert("x")</script> & «Kim» B'
    outcomes = [Outcome("d", OutcomeKind.FALSE_POSITIVE, None, (2, 30, "PER")),
                Outcome("d", OutcomeKind.FALSE_NEGATIVE, (33, 36, "PER"), None)]
    html = document_page("run", Profile.FINE, "d", "<b>title</b>", text, outcomes)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)" in html  # in the tip and the table
    assert "&lt;script&gt;alert(\"x\")&lt;/script&gt;" in html and " &amp; «" in html  # in the text


def test_a_coarse_run_is_judged_in_conll_and_cannot_be_shown_in_fine(gold_corpus):
    gold, _, _ = gold_and_sentences(gold_corpus)
    coarse = {doc_id: [(start, end, COARSE_BY_ENTITY_LABEL[label]) for start, end, label in spans]
              for doc_id, spans in gold.items()}
    record, predictions = scored_run(gold_corpus, coarse, LabelSet.COARSE)
    assert view_profile(None, LabelSet.COARSE) is Profile.CONLL
    assert view_profile(None, LabelSet.FINE) is Profile.FINE
    pages = run_pages(gold_corpus, RUN, record, predictions, None)
    assert 'the <code>conll</code> profile' in pages[run_page_name(RUN, DOC)]
    assert all(f'data-outcome="{kind}"' not in page for name, page in pages.items() for kind in ERROR_KINDS
               if name != run_page_name(RUN))
    names = run_pages(gold_corpus, RUN, record, predictions, "names")[run_page_name(RUN, DOC)]
    norp_count = sum(mention.label == "NORP" for mention in gold_corpus.mentions_by_doc[DOC])
    assert names.count('data-outcome="hit"') == len(gold_corpus.mentions_by_doc[DOC]) - norp_count > 0
    with pytest.raises(ViewError, match="cannot express the fine profile"):
        run_pages(gold_corpus, RUN, record, predictions, "fine")


def test_the_pages_join_an_existing_site_only(tmp_path, gold_corpus, injected):
    record, predictions, _ = injected
    with pytest.raises(ViewError, match="holds no viewer site"):
        write_run_pages(gold_corpus, RUN, record, predictions, None, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_the_site_can_be_written_again_over_run_pages(tmp_path, gold_corpus, injected):
    record, predictions, _ = injected
    out = tmp_path / "site"
    view_corpus = read_corpus(CHECKOUT, VIEW_CONFIGS)
    write_site(view_corpus, out)
    write_run_pages(gold_corpus, RUN, record, predictions, None, out)
    write_site(view_corpus, out)  # the run pages are .html files, which a viewer site may hold
    assert not (out / run_page_name(RUN)).exists()


def test_cli_writes_the_pages_of_a_run_in_runs(tmp_path, injected, capsys):
    record, predictions, _ = injected
    save_run(tmp_path / "runs", RUN, prediction_lines(predictions.spans), record)
    assert main(["view", "--out", str(tmp_path / "site"), "--run", RUN, "--runs", str(tmp_path / "runs")]) == 0
    assert f"open {tmp_path / 'site' / run_page_name(RUN)}" in capsys.readouterr().out
    _, page = read_page(tmp_path / "site" / run_page_name(RUN, DOC))
    assert {kind: len(page.marks(kind)) for kind in ERROR_KINDS} == dict.fromkeys(ERROR_KINDS, 1)


def test_cli_writes_the_pages_of_a_stored_run(tmp_path, capsys):
    assert main(["view", "--out", str(tmp_path), "--run", STORED_RUN]) == 0
    output = capsys.readouterr()
    assert output.err == "" and f"run pages for {STORED_RUN}" in output.out
    assert (tmp_path / run_page_name(STORED_RUN)).is_file()
    _, page = read_page(tmp_path / run_page_name(STORED_RUN, "nkru-000"))
    assert page.marks(OutcomeKind.HIT) and page.marks()


@pytest.mark.parametrize("arguments, expected", [
    (["--run", "no-such-run"], "no stored run 'no-such-run'"),
    (["--run", STORED_RUN, "--profile", "fine"], "cannot express the fine profile"),
], ids=["unknown-run", "fine-profile-of-a-coarse-run"])
def test_cli_refuses_with_one_line(tmp_path, capsys, arguments, expected):
    assert main(["view", "--out", str(tmp_path / "site"), *arguments]) == 2
    error = capsys.readouterr().err
    assert error.startswith("nkru view: ") and error.count("\n") == 1 and expected in error, error


def test_a_run_scored_on_some_sentences_shows_only_their_outcomes(gold_corpus, injected):
    _, predictions, _ = injected
    first, second = [sentence for sentence in gold_corpus.sentences if sentence.doc_id == DOC][:2]
    some = dataclasses.replace(predictions, scope=Scope((DOC,), frozenset({first.sentence_id}), True))
    found = outcomes_by_doc(gold_corpus, some, [DOC], Profile.FINE)[DOC]
    in_first = [span for span in gold_corpus.mentions_by_doc[DOC] if span.start < second.sentence_start]
    assert len(in_first) > 1 and len(found) >= len(in_first) - 1  # one of them is the dropped mention
    assert all(outcome.start < second.sentence_start for outcome in found)
