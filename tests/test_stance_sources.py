import pytest

from nkru.checks.stances import inside_quotation
from nkru.errors import SourceError
from nkru.sources.documents import read_document_rows
from nkru.sources.stances import STANCES_DIR, TARGETS_SOURCE, read_stance_rows, read_targets, target_rows

from conftest import CHECKOUT, replace_once


def _rows(root):
    return read_stance_rows(root, {row.doc_id: row.text for row in read_document_rows(root)})



def test_stances_are_located_and_author_stances_have_no_holder():
    rows = _rows(CHECKOUT)
    texts = {row.doc_id: row.text for row in read_document_rows(CHECKOUT)}
    for row in rows:
        for span in ("holder", "target", "cue"):
            if getattr(row, f"{span}_start") is not None:
                assert texts[row.doc_id][getattr(row, f"{span}_start"):getattr(row, f"{span}_end")] == getattr(row, f"{span}_text")
        assert (row.attribution == "AUTHOR") == (row.holder_text is None)
    menace = next(row for row in rows if row.cue_text == "ne constitue une menace pour personne")
    assert (menace.holder_text, menace.polarity, menace.attribution) == ("Choïgou", "FAVOR", "QUOTED")


def test_target_counts_come_from_the_stances():
    rows = _rows(CHECKOUT)
    targets = target_rows(read_targets(CHECKOUT), rows)
    assert sum(target.stance_count for target in targets) == len(rows)


@pytest.mark.parametrize("old, new, message", [
    ("redoutent#1\tREPORTED", "redoutent#4\tREPORTED", "cue 'redoutent' has no whole-word occurrence number 4"),
    ("redoutent#1\tREPORTED", "redoutent\tREPORTED", "cue must be quote#occurrence"),
    ("\tAGAINST\tredoutent#1", "\tHOSTILE\tredoutent#1", "unknown polarity 'HOSTILE'"),
    ("redoutent#1\tREPORTED", "redoutent#1\tRUMOURED", "unknown attribution 'RUMOURED'"),
    ("dprk_russia_military_cooperation\tAGAINST\tredoutent", "arms\tAGAINST\tredoutent", "unknown target_id 'arms'"),
    ("\tAGAINST\tredoutent#1", "\tAGAINST\t-", "a stance needs a target and a cue"),
])
def test_bad_stance_sources_are_refused(corpus_copy, old, new, message):
    replace_once(corpus_copy / STANCES_DIR / "nkru-002.tsv", old, new)
    with pytest.raises(SourceError, match=message):
        _rows(corpus_copy)


def test_the_inventory_must_match_the_schema(corpus_copy):
    replace_once(corpus_copy / TARGETS_SOURCE, "other\tOther", "misc\tOther")
    with pytest.raises(SourceError, match="expected the targets"):
        read_targets(corpus_copy)


@pytest.mark.parametrize("text, quoted", [
    ("Il a dit « nous vaincrons » hier.", "vaincrons"),
    ('Il a salué "le soutien indéfectible de la RPDC”.', "soutien"),
    ("Il a dit “oui” puis « non ».", "non"),
])
def test_inside_quotation(text, quoted):
    start = text.index(quoted)
    assert inside_quotation(text, start, start + len(quoted))
    assert not inside_quotation(text, 0, 2)


def test_a_closed_quotation_does_not_reach_the_next_paragraph():
    text = "« Oui », dit-il.\nIl refuse."
    start = text.index("refuse")
    assert not inside_quotation(text, start, start + len("refuse"))
