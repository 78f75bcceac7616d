"""The figures README states about the exports are the exports' own: counted here from a fresh
export, so that a corpus change that moves them fails until README is corrected."""

import json
import re

import pytest

from nkru.cli import main
from nkru.export.conll import read_conll
from nkru.export.semeval22 import SEMEVAL_FILE

from conftest import CHECKOUT

README = (CHECKOUT / "README.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    for export_format in ("semeval22", "conll"):
        assert main(["export", "--format", export_format, "--out", str(out)]) == 0
    return out


def _stated(pattern: str) -> tuple[int, ...]:
    match = re.search(pattern, README, re.DOTALL)
    assert match, pattern
    return tuple(int(group.replace(",", "")) for group in match.groups())


def test_semeval22_figures(exported):
    records = json.loads((exported / SEMEVAL_FILE).read_text(encoding="utf-8"))
    opinions = [opinion for record in records for opinion in record["opinions"]]
    with_opinions = sum(bool(record["opinions"]) for record in records)
    empty_source = [opinion for opinion in opinions if opinion["Source"] == [[], []]]
    authors = sum(opinion["attribution"] == "AUTHOR" for opinion in empty_source)
    empty_target = sum(opinion["Target"] == [[], []] for opinion in opinions)
    assert _stated(r"sentence of the `ner` config \((\d+)\)") == (len(records),)
    assert _stated(r"\((\d+) opinions in (\d+) sentences\)") == (len(opinions), with_opinions)
    assert _stated(r"`Source` is `\[\[\], \[\]\]` for (\d+) stances \((\d+) the author's own,\s+(\d+) whose") == (
        len(empty_source), authors, len(empty_source) - authors)
    assert _stated(r"and `Target` for (\d+) stances? whose target") == (empty_target,)


def test_conll_figures(exported):
    documents = read_conll(exported / "nkru-fr.conll")
    sentences = [sentence for document in documents for sentence in document]
    tokens = sum(len(sentence) for sentence in sentences)
    assert _stated(r"Both readers find the same (\d+) documents, (\d+) sentences and ([\d,]+) tokens") == (
        len(documents), len(sentences), tokens)
