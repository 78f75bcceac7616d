"""Tag ids renumbered by name for another label list: conll2003's order against ours, every id mapped,
labels without a counterpart refused by name, and the `ner` config's tags unchanged in name after `map`."""

import re

import pytest

from nkru.errors import NkruError
from nkru.label_mapping import label_id_map, remap_tags, remapped_features
from nkru.loader import load
from nkru.schema import COARSE_BY_ENTITY_LABEL, COARSE_NER_TAGS, NER_TAGS

# conll2003's `ner_tags` ClassLabel names, in its order.
CONLL2003_TAGS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC")
FINE_TO_COARSE = {f"{prefix}-{fine}": f"{prefix}-{coarse}"
                  for fine, coarse in COARSE_BY_ENTITY_LABEL.items() for prefix in ("B", "I")}


@pytest.fixture(scope="module")
def ner():
    return load("ner")["test"]


def test_the_two_orders_differ_where_conll2003_puts_org_first():
    assert COARSE_NER_TAGS[3] == "B-LOC" and CONLL2003_TAGS[3] == "B-ORG"


def test_coarse_tags_map_to_conll2003_by_name():
    assert label_id_map(COARSE_NER_TAGS, CONLL2003_TAGS) == {0: 0, 1: 1, 2: 2, 3: 5, 4: 6, 5: 3, 6: 4, 7: 7, 8: 8}


def test_every_id_maps_and_names_survive_the_round_trip():
    mapping = label_id_map(COARSE_NER_TAGS, CONLL2003_TAGS)
    assert sorted(mapping) == list(range(len(COARSE_NER_TAGS)))
    assert sorted(mapping.values()) == list(range(len(CONLL2003_TAGS)))
    assert [CONLL2003_TAGS[mapping[source_id]] for source_id in range(len(COARSE_NER_TAGS))] == list(COARSE_NER_TAGS)
    back = label_id_map(CONLL2003_TAGS, COARSE_NER_TAGS)
    assert {source_id: back[target_id] for source_id, target_id in mapping.items()} == {
        source_id: source_id for source_id in mapping}


def test_the_same_list_maps_to_itself():
    assert label_id_map(NER_TAGS, NER_TAGS) == {index: index for index in range(len(NER_TAGS))}


def test_fine_tags_are_refused_naming_every_label_without_a_counterpart():
    unmatched = [tag for tag in NER_TAGS if tag not in CONLL2003_TAGS]
    assert unmatched[:2] == ["B-GPE", "I-GPE"]
    with pytest.raises(NkruError, match=rf"found no counterpart for {re.escape(', '.join(unmatched))}$") as raised:
        label_id_map(NER_TAGS, CONLL2003_TAGS)
    assert "\n" not in str(raised.value)


def test_aliases_fold_fine_tags_into_the_coarse_ones():
    mapping = label_id_map(NER_TAGS, CONLL2003_TAGS, aliases=FINE_TO_COARSE)
    assert CONLL2003_TAGS[mapping[NER_TAGS.index("B-GPE")]] == "B-LOC"
    assert CONLL2003_TAGS[mapping[NER_TAGS.index("I-NORP")]] == "I-MISC"
    assert CONLL2003_TAGS[mapping[NER_TAGS.index("B-ORG")]] == "B-ORG"
    assert sorted(mapping) == list(range(len(NER_TAGS)))


def test_an_exact_match_wins_over_an_alias():
    assert label_id_map(("O", "B-LOC"), CONLL2003_TAGS, aliases={"B-LOC": "B-MISC"}) == {0: 0, 1: 5}


def test_an_alias_to_a_missing_label_is_named_with_its_alias():
    with pytest.raises(NkruError, match=r"found no counterpart for B-GPE \(alias B-PLACE\), I-GPE$"):
        label_id_map(("O", "B-GPE", "I-GPE"), CONLL2003_TAGS, aliases={"B-GPE": "B-PLACE"})


def test_repeated_target_names_are_refused():
    with pytest.raises(NkruError, match="found repeated: B-PER$"):
        label_id_map(("O", "B-PER"), ("O", "B-PER", "B-PER"))


def test_remap_tags_rewrites_one_column_of_a_batch():
    remap = remap_tags({0: 0, 3: 5, 5: 3})
    batch = {"coarse_ner_tags": [[0, 3], [5, 0, 3]], "tokens": [["a", "b"], ["c", "d", "e"]]}
    assert remap(batch) == {"coarse_ner_tags": [[0, 5], [3, 0, 5]]}


def test_remap_tags_refuses_an_id_outside_the_mapping():
    with pytest.raises(NkruError, match=r"^ner_tags: expected tag ids among \[0, 1\], found 7$"):
        remap_tags({0: 0, 1: 1}, column="ner_tags")({"ner_tags": [[0, 7]]})


def test_remap_tags_refuses_a_batch_without_its_column():
    with pytest.raises(NkruError, match=r"^expected a column 'coarse_ner_tags', found columns tokens, ner_tags$"):
        remap_tags({0: 0})({"tokens": [["a"]], "ner_tags": [[0]]})


def test_remapped_features_rename_only_that_column(ner):
    features = remapped_features(ner.features, "coarse_ner_tags", CONLL2003_TAGS)
    assert features["coarse_ner_tags"].feature.names == list(CONLL2003_TAGS)
    assert ner.features["coarse_ner_tags"].feature.names == list(COARSE_NER_TAGS)
    assert {name: feature for name, feature in features.items() if name != "coarse_ner_tags"} == {
        name: feature for name, feature in ner.features.items() if name != "coarse_ner_tags"}


@pytest.mark.parametrize(("column", "expected"), [("entity", "expected a column 'entity', found columns doc_id, "),
                                                  ("tokens", "expected 'tokens' to hold class labels, found List")])
def test_remapped_features_refuse_a_column_without_labels(ner, column, expected):
    with pytest.raises(NkruError, match=f"^{re.escape(expected)}"):
        remapped_features(ner.features, column, CONLL2003_TAGS)


def test_the_ner_config_keeps_its_tag_names_under_conll2003_ids(ner):
    mapping = label_id_map(ner.features["coarse_ner_tags"].feature.names, CONLL2003_TAGS)
    remapped = ner.map(remap_tags(mapping), batched=True,
                       features=remapped_features(ner.features, "coarse_ner_tags", CONLL2003_TAGS))
    before, after = ner.features["coarse_ner_tags"].feature, remapped.features["coarse_ner_tags"].feature
    assert after.names == list(CONLL2003_TAGS)
    assert [after.int2str(tags) for tags in remapped["coarse_ner_tags"]] == [
        before.int2str(tags) for tags in ner["coarse_ner_tags"]]
    assert remapped["coarse_ner_tags"] != ner["coarse_ner_tags"]  # B-LOC and B-ORG occur, so ids did move
    assert remapped["tokens"] == ner["tokens"] and remapped["ner_tags"] == ner["ner_tags"]


def test_fine_tags_folded_through_aliases_are_the_coarse_tags(ner):
    mapping = label_id_map(ner.features["ner_tags"].feature.names, CONLL2003_TAGS, aliases=FINE_TO_COARSE)
    folded = ner.map(remap_tags(mapping, column="ner_tags"), batched=True,
                     features=remapped_features(ner.features, "ner_tags", CONLL2003_TAGS))
    coarse = ner.features["coarse_ner_tags"].feature
    assert [folded.features["ner_tags"].feature.int2str(tags) for tags in folded["ner_tags"]] == [
        coarse.int2str(tags) for tags in ner["coarse_ner_tags"]]
