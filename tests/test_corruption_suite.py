"""`nkru validate --no-manifest` catches every corrupted copy of the corpus with the right check;
the checksum manifest catches them all again on its own."""

import pytest

from conftest import CHECKOUT
from corruption_suite import CRASHED, GENERATORS, Shipped, corruptions, pristine_copy, report, run_suite, validate_checks

PER_KIND = 14
SEED = 2023
# The kinds the suite must cover, at least (the list).
REQUIRED_KINDS = {
    "span shifted by ±1", "stored span text changed", "unknown entity label", "coarse/fine mismatch",
    "overlapping mentions", "duplicated id", "dangling entity_id", "registry type clash", "missing registry row",
    "mention of an annotated surface form dropped", "TIMEX value off the grammar", "DURATION/DATE mismatch",
    "weekday/date mismatch", "dct removed", "stance holder link dangling", "polarity outside the set",
    "cue outside the text", "one character of a document text changed (file)", "Parquet file truncated",
    "column type changed", "config file missing",
    # issue 19: what a hostile pass got past validate
    "rows out of the build's order", "ner sentences out of order", "id naming another document",
    "null in a required column", "every row of a table removed", "datasets features in the Parquet metadata changed",
    "IOB2 tag outside the label range", "I- tag without its B-", "token dropped, merged or swapped",
    "sentence deleted or its offsets moved", "BOM, CR, zero-width or NFD text introduced consistently",
    "text changed with its checksum", "TIMEX value contradicting its words", "TIMEX repeated or nested",
    "TIMEX anchors in a cycle", "stance holder span equal to another role's", "stance target in another paragraph",
    "one occurrence of a form linked to another entity", "extent swallowing punctuation",
    "source edited and not rebuilt", "leftovers of an interrupted build",
    # issue 20: the TimeML attributes
    "dct TIMEX3 id changed", "TIMEX temporal_function flipped", "TIMEX value_from_function changed",
    "TIMEX anchor or point naming no timex of its document",
    "TIMEX begin/end points out of order, off the calendar or off a duration", "TIMEX points in a cycle",
    "TIMEX quant/freq off a SET or malformed",
    # issue 20: the registry's Wikipedia links
    "Wikipedia title malformed", "Wikipedia address missing, malformed or on a NIL",
    "link evidence missing or a bare NIL verdict", "two entities linked to one title, unlisted",
    "registry row repeated with another title",
}


@pytest.fixture(scope="module")
def shipped():
    return Shipped.read(CHECKOUT)


@pytest.fixture(scope="module")
def suite(shipped):
    return corruptions(shipped, PER_KIND, SEED)


def test_the_suite_is_large_and_varied(suite):
    kinds = {corruption.kind for corruption in suite}
    assert len(suite) >= 600
    assert len(kinds) >= 48
    assert REQUIRED_KINDS <= kinds, sorted(REQUIRED_KINDS - kinds)
    assert len({(corruption.kind, corruption.what) for corruption in suite}) == len(suite), "a corruption repeats"


def test_the_suite_is_reproducible(shipped, suite):
    again = corruptions(shipped, PER_KIND, SEED)
    assert [(c.kind, c.what) for c in again] == [(c.kind, c.what) for c in suite]


def test_a_clean_copy_passes_with_and_without_the_manifest(shipped, tmp_path):
    copy = pristine_copy(shipped, tmp_path / "clean")
    assert validate_checks(copy, compare_manifest=True) == (0, set())
    assert validate_checks(copy, compare_manifest=False) == (0, set())


def test_validate_without_the_manifest_catches_every_corruption_with_the_right_check(shipped, suite):
    outcomes = run_suite(shipped, suite)
    summary = report(outcomes)
    print("\n" + summary)
    caught = sum(outcome.caught for outcome in outcomes)
    assert caught == len(outcomes), summary
    assert not any(outcome.exit_code == CRASHED for outcome in outcomes), summary


def test_the_manifest_alone_catches_one_corruption_of_every_kind(shipped, suite):
    first_of_each_kind = list({corruption.kind: corruption for corruption in reversed(suite)}.values())
    assert len(first_of_each_kind) == len(GENERATORS)
    # An interrupted build's leftovers are files that no manifest lists: build_leftovers' alone.
    covered = [corruption for corruption in first_of_each_kind if corruption.check != "build_leftovers"]
    for outcome in run_suite(shipped, covered, compare_manifest=True):
        assert outcome.exit_code == 1 and "manifest_checksums" in outcome.checks, outcome.corruption


def test_a_missing_check_shows_as_missed_corruptions(shipped, suite, monkeypatch):
    from nkru.checks import CHECKS

    monkeypatch.delitem(CHECKS, "timex_weekday")
    weekday = [corruption for corruption in suite if corruption.check == "timex_weekday"][:3]
    outcomes = run_suite(shipped, weekday)
    assert not any(outcome.caught for outcome in outcomes)
    assert "corruption suite: 0/3 caught (0.0 %) over 1 kinds, 0 crashed" in report(outcomes)
    assert report(outcomes).count("MISSED weekday/date mismatch") == 3


def test_a_crashing_check_shows_as_a_crash_not_a_catch(shipped, suite, monkeypatch):
    from nkru.checks import CHECKS

    def crash(corpus):
        raise RuntimeError("boom")
        yield

    monkeypatch.setitem(CHECKS, "timex_weekday", crash)
    outcomes = run_suite(shipped, [corruption for corruption in suite if corruption.check == "timex_weekday"][:1])
    assert outcomes[0].exit_code == CRASHED and not outcomes[0].caught
    assert "0/1 caught (0.0 %) over 1 kinds, 1 crashed" in report(outcomes)
