"""The layers' declarations: columns and features, span roles and links that name real columns,
and ids of different kinds that can never be equal."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nkru.errors import DeclarationError
from nkru.features import features_of
from nkru.schema import (
    CONFIGS, DOC_ID_PATTERN, ENTITY_ID_PATTERN, ID_PREFIXES, LAYER_BY_CONFIG, LAYERS, STANCE_TARGET_IDS, Labels, dct_timex_id,
    ListOf,
)


def test_each_layer_declares_its_columns_once_and_features_follow():
    for layer in LAYERS:
        assert list(features_of(layer.config)) == list(layer.columns)
        assert layer.id_column in layer.columns
        for span in layer.spans:
            assert {span.start, span.end, span.text} <= set(layer.columns), (layer.config, span.role)
        for link in layer.links:
            assert link.column in layer.columns and link.layer in CONFIGS, (layer.config, link)


def test_label_columns_name_their_vocabulary():
    assert LAYER_BY_CONFIG["entities"].labels("label")[0] == "PER"
    assert LAYER_BY_CONFIG["ner"].labels("ner_tags")[0] == "O"
    kinds = [kind for layer in LAYERS for kind in layer.kinds.values()]
    assert any(isinstance(kind, Labels) for kind in kinds) and any(isinstance(kind, ListOf) for kind in kinds)


def test_row_ids_follow_the_layer_prefix():
    assert LAYER_BY_CONFIG["entities"].row_id("nkru-000", 1) == "nkru-000-m001"
    assert LAYER_BY_CONFIG["stances"].row_id("nkru-000", 1) == "nkru-000-st001"
    assert LAYER_BY_CONFIG["ner"].row_id("nkru-000", 1) == "nkru-000-s001"


# The premises of the argument in nkru/schema.py (ID_PREFIXES) that no two kinds of id are equal.

def test_per_document_prefixes_are_letters_and_differ():
    prefixes = list(ID_PREFIXES.values())
    assert all(re.fullmatch(r"[a-z]+", prefix) for prefix in prefixes)
    assert len(set(prefixes)) == len(prefixes)
    assert {"entities", "dates", "stances", "ner"} <= set(ID_PREFIXES)


def test_document_ids_have_one_hyphen_and_end_in_digits():
    assert DOC_ID_PATTERN == r"nkru-\d{3,}"


def test_named_ids_have_no_hyphen_and_registry_ids_are_never_target_ids():
    assert not any("-" in target for target in STANCE_TARGET_IDS)
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", target) for target in STANCE_TARGET_IDS)
    assert not any(re.fullmatch(ENTITY_ID_PATTERN, target) for target in STANCE_TARGET_IDS)
    assert re.fullmatch(ENTITY_ID_PATTERN, "sergei_shoigu")


def _kind_of(identifier: str) -> set[str]:
    """Every kind of id whose form `identifier` has."""
    kinds = {config for config, prefix in ID_PREFIXES.items()
             if re.fullmatch(rf"{DOC_ID_PATTERN}-{prefix}\d{{3,}}", identifier)}
    if re.fullmatch(DOC_ID_PATTERN, identifier):
        kinds.add("documents")
    if re.fullmatch(ENTITY_ID_PATTERN, identifier):
        kinds.add("entity_registry")
    if identifier in STANCE_TARGET_IDS:
        kinds.add("stance_targets")
    return kinds


@given(doc_id=st.from_regex(DOC_ID_PATTERN, fullmatch=True), number=st.integers(1, 99_999),
       registry_id=st.from_regex(ENTITY_ID_PATTERN, fullmatch=True), target=st.sampled_from(STANCE_TARGET_IDS))
def test_an_id_of_one_kind_has_the_form_of_no_other(doc_id, number, registry_id, target):
    generated = {config: LAYER_BY_CONFIG[config].row_id(doc_id, number) for config in ID_PREFIXES}
    generated |= {"documents": doc_id, "entity_registry": registry_id, "stance_targets": target}
    for kind, identifier in generated.items():
        assert _kind_of(identifier) == {kind}, (kind, identifier)


def test_the_old_clash_would_be_caught():
    """Before the stances had their own prefix, a stance id and a sentence id could be equal."""
    sentence_id = LAYER_BY_CONFIG["ner"].row_id("nkru-000", 1)
    assert sentence_id == "nkru-000-s001" and _kind_of(sentence_id) == {"ner"}
    assert _kind_of("nkru-000-st001") == {"stances"}


def test_folds_leave_one_document_out_and_deal_a_larger_corpus_into_five_groups():
    from nkru.schema import fold_documents

    five = [f"nkru-00{number}" for number in range(5)]
    assert fold_documents(0, five) == {"train": five[2:], "validation": [five[1]], "test": [five[0]]}
    assert fold_documents(4, five) == {"train": five[1:4], "validation": [five[0]], "test": [five[4]]}
    ten = five + [f"nkru-1{number:03d}" for number in range(5)]
    fold = fold_documents(1, list(reversed(ten)))
    assert fold["test"] == ["nkru-001", "nkru-1001"] and fold["validation"] == ["nkru-002", "nkru-1002"]
    assert sorted(fold["train"] + fold["test"] + fold["validation"]) == sorted(ten)
    with pytest.raises(DeclarationError, match="need 5 documents or more"):
        fold_documents(0, five[:4])


@given(doc_id=st.from_regex(DOC_ID_PATTERN, fullmatch=True))
def test_a_creation_time_timex_id_has_the_form_of_no_row_id(doc_id):
    assert dct_timex_id(doc_id) == f"{doc_id}-t0"
    assert _kind_of(dct_timex_id(doc_id)) == set()
