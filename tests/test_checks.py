"""Every check passes on the shipped corpus and fails on a copy corrupted for it."""

import copy
import hashlib
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from nkru.checks import CHECKS, run_checks
from nkru.corpus import Corpus
from nkru.reader import read_corpus_directory
from nkru.schema import CONFIG_FILES, COARSE_NER_TAGS, CONFIGS, layer_of
from nkru.sources.review import EXCLUSIONS_FILE, LABEL_EXCEPTIONS_FILE, MODEL_PREDICTION_COLUMNS, MODEL_PREDICTIONS_FILE

from conftest import CHECKOUT


@pytest.fixture(scope="module")
def shipped() -> Corpus:
    return read_corpus_directory(CHECKOUT)


def _mention(corpus, text, number=1):
    """The number-th mention (in table order) whose surface text is `text`."""
    return [mention for mention in corpus.tables["entities"] if mention.text == text][number - 1]


def _entry(corpus, entity_id):
    return next(entry for entry in corpus.tables["entity_registry"] if entry.entity_id == entity_id)


# Each corruption mutates a deep copy of the corpus in place; the named check must report it.
def shift_start(corpus):
    _mention(corpus, "Pyongyang", 2).start += 1


def widen_to_whitespace(corpus):
    mention = _mention(corpus, "Moscou")
    mention.start -= 1
    mention.text = corpus.texts_by_doc[mention.doc_id][mention.start:mention.end]


def cut_a_word(corpus):
    mention = _mention(corpus, "Sergei Shoigu")
    mention.end -= 1
    mention.text = mention.text[:-1]


def change_stored_text(corpus):
    _mention(corpus, "Kremlin").text = "Kremln"


def end_past_the_text(corpus):
    mention = corpus.tables["entities"][-1]
    mention.end = len(corpus.texts_by_doc[mention.doc_id]) + 3


def unknown_doc_id(corpus):
    corpus.tables["entities"][0].doc_id = "nkru-999"


def overlap_the_next_mention(corpus):
    first, following = corpus.tables["entities"][0], corpus.tables["entities"][1]
    first.end = following.start + 1


def unknown_label(corpus):
    _mention(corpus, "KCNA").label = 42


def coarse_mismatch(corpus):
    _mention(corpus, "KCNA").coarse_label = "PER"


def duplicate_mention_id(corpus):
    corpus.tables["entities"][1].mention_id = corpus.tables["entities"][0].mention_id


def dangling_entity_id(corpus):
    _mention(corpus, "Kim").entity_id = "kim_jong_il"


def registry_type_clash(corpus):
    _entry(corpus, "kremlin").label = "GPE"
    _entry(corpus, "kremlin").coarse_label = "LOC"


def missing_registry_row(corpus):
    corpus.tables["entity_registry"] = [e for e in corpus.tables["entity_registry"] if e.entity_id != "tokyo"]


def duplicate_registry_row(corpus):
    corpus.tables["entity_registry"].append(copy.copy(_entry(corpus, "tokyo")))


def wrong_mention_count(corpus):
    _entry(corpus, "moscow").mention_count += 1


def surface_form_dropped_from_registry(corpus):
    _entry(corpus, "sergei_shoigu").surface_forms.remove("Choïgu")


def same_form_two_labels(corpus):
    mention = _mention(corpus, "Moscou", 2)
    mention.label, mention.coarse_label = "LOC", "LOC"


def annotated_form_dropped_once(corpus):
    dropped = _mention(corpus, "Pyongyang", 3)
    corpus.tables["entities"].remove(dropped)


def document_text_changed(corpus):
    row = corpus.tables["documents"][2]
    row.text = row.text.replace("Vladivostok", "Vladivostock", 1)


def char_count_changed(corpus):
    corpus.tables["documents"][0].char_count += 1


def duplicate_document(corpus):
    corpus.tables["documents"].append(copy.copy(corpus.tables["documents"][0]))


def exclusion_removed(corpus):
    corpus.review.exclusions.remove(next(row for row in corpus.review.exclusions if row["quote"] == "@nknewsorg"))


def exclusion_points_nowhere(corpus):
    corpus.review.exclusions[0]["occurrence"] = "99"


def exclusion_points_at_a_mention(corpus):
    corpus.review.exclusions.append({"doc_id": "nkru-002", "quote": "Kremlin", "occurrence": "1", "reason": "x"})


def _timex(corpus, text, number=1):
    return [timex for timex in corpus.tables["dates"] if timex.text == text][number - 1]


def shift_a_timex(corpus):
    _timex(corpus, "2021").end += 1


def timex_in_no_document(corpus):
    _timex(corpus, "2021").doc_id = "nkru-042"


def unknown_timex_type(corpus):
    _timex(corpus, "2020").type = 9


def unknown_mod(corpus):
    _timex(corpus, "début du mois").mod = "EARLY"


def duration_value_on_a_date(corpus):
    _timex(corpus, "2021").value = "P1Y"


def date_value_on_a_duration(corpus):
    _timex(corpus, "un an").value = "2022"


def duration_and_date_swapped(corpus):
    _timex(corpus, "un an").type = "DATE"


def weekday_off_by_one(corpus):
    _timex(corpus, "jeudi").value = "2023-07-26"


def last_month_wrong(corpus):
    _timex(corpus, "mois dernier").value = "2023-06"


def last_tuesday_two_weeks_back(corpus):
    _timex(corpus, "mardi dernier").value = "2023-09-05"


def month_in_the_wrong_year(corpus):
    _timex(corpus, "juillet").value = "2022-07"


def this_weekend_elsewhere(corpus):
    _timex(corpus, "ce week-end").value = "2023-W25-WE"


def extent_with_its_article(corpus):
    timex = _timex(corpus, "12 juillet")
    timex.start -= len("le ")
    timex.text = "le 12 juillet"


def dangling_anchor(corpus):
    _timex(corpus, "Thursday").anchor = "nkru-000-t099"


def self_anchor(corpus):
    timex = _timex(corpus, "Thursday")
    timex.anchor = timex.timex_id


def header_timex_not_creation_time(corpus):
    _timex(corpus, "2023-08").function = "NONE"


def header_timex_other_value(corpus):
    _timex(corpus, "2023-09").value = "2023-10"


def creation_time_without_header(corpus):
    _timex(corpus, "July 28, 2023").function = "CREATION_TIME"


def dct_removed(corpus):
    corpus.tables["documents"][3].dct = ""


def dct_outside_header_month(corpus):
    corpus.tables["documents"][4].dct = "2023-09-15"


def duplicate_timex_id(corpus):
    corpus.tables["dates"][3].timex_id = corpus.tables["dates"][2].timex_id


def _stance(corpus, cue_text, number=1):
    return [stance for stance in corpus.tables["stances"] if stance.cue_text == cue_text][number - 1]


def cue_shifted(corpus):
    _stance(corpus, "redoutent").cue_start += 1


def cue_outside_the_text(corpus):
    stance = _stance(corpus, "redoutent")
    stance.cue_end = len(corpus.texts_by_doc[stance.doc_id]) + 10


def cue_removed(corpus):
    stance = _stance(corpus, "redoutent")
    stance.cue_start = stance.cue_end = stance.cue_text = None


def holder_text_changed(corpus):
    _stance(corpus, "salué").holder_text = "Vladimir Putin"


def polarity_outside_the_set(corpus):
    _stance(corpus, "redoutent").polarity = 7


def unknown_target_id(corpus):
    _stance(corpus, "redoutent").target_id = 42


def attribution_outside_the_set(corpus):
    _stance(corpus, "redoutent").attribution = 5


def author_with_a_holder(corpus):
    _stance(corpus, "redoutent").attribution = "AUTHOR"


def reported_without_a_holder(corpus):
    stance = _stance(corpus, "redoutent")
    stance.holder_start = stance.holder_end = stance.holder_text = stance.holder_entity_id = None


def quoted_cue_outside_quotes(corpus):
    _stance(corpus, "redoutent").attribution = "QUOTED"


def holder_link_dangling(corpus):
    _stance(corpus, "salué").holder_entity_id = "vladimir_lenin"


def holder_link_to_another_entity(corpus):
    _stance(corpus, "salué").holder_entity_id = "kim_jong_un"


def holder_two_sentences_before_the_cue(corpus):
    stance = _stance(corpus, "redoutent")
    text = corpus.texts_by_doc[stance.doc_id]
    start = text.index("Alliés historiques")
    end = start + len("Alliés")
    stance.holder_start, stance.holder_end, stance.holder_text = start, end, text[start:end]


def pronoun_holder_without_antecedent(corpus):
    stance = _stance(corpus, "violerait")
    assert stance.holder_text == "il"
    stance.holder_entity_id = "admiral_shaposhnikov"


def pronoun_holder_linked_before_its_antecedent(corpus):
    stance = _stance(corpus, "violerait")
    first_kirby = min(mention.start for mention in corpus.mentions_by_doc[stance.doc_id]
                      if mention.entity_id == "john_kirby")
    assert first_kirby < stance.holder_start
    for mention in corpus.mentions_by_doc[stance.doc_id]:
        if mention.entity_id == "john_kirby":
            mention.start, mention.end = stance.holder_end + 1, stance.holder_end + 2


def target_count_off(corpus):
    corpus.tables["stance_targets"][0].stance_count += 1


def inventory_row_dropped(corpus):
    corpus.tables["stance_targets"].pop()


def duplicate_stance_id(corpus):
    corpus.tables["stances"][1].stance_id = corpus.tables["stances"][0].stance_id


def mention_id_of_another_document(corpus):
    corpus.tables["entities"][0].mention_id = "nkru-001-m999"


def stance_id_shaped_like_a_sentence_id(corpus):
    stance = _stance(corpus, "redoutent")
    stance.stance_id = f"{stance.doc_id}-s901"


def registry_id_that_is_a_target_id(corpus):
    _entry(corpus, "tokyo").entity_id = "sanctions"


def sentence_id_without_a_number(corpus):
    corpus.tables["ner"][0].sentence_id = "nkru-000-s"


def ner_tag_dropped(corpus):
    row = next(row for row in corpus.tables["ner"] if any(tag != "O" for tag in row.ner_tags))
    index = next(index for index, tag in enumerate(row.ner_tags) if tag != "O")
    row.ner_tags[index] = "O"


def ner_coarse_tag_changed(corpus):
    row = next(row for row in corpus.tables["ner"] if any(tag != "O" for tag in row.coarse_ner_tags))
    index = next(index for index, tag in enumerate(row.coarse_ner_tags) if tag != "O")
    row.coarse_ner_tags[index] = COARSE_NER_TAGS[COARSE_NER_TAGS.index(row.coarse_ner_tags[index]) + 2]


def ner_token_changed(corpus):
    corpus.tables["ner"][0].tokens[0] = "Kimm"


def ner_lists_of_different_lengths(corpus):
    corpus.tables["ner"][0].token_ends.pop()


# Table structure, token layer, text form, dates, stances and surface consistency (issue 19).
def _timex_row(corpus, timex_id):
    return next(timex for timex in corpus.tables["dates"] if timex.timex_id == timex_id)


def two_mentions_swapped(corpus):
    mentions = corpus.tables["entities"]
    mentions[3], mentions[4] = mentions[4], mentions[3]


def registry_rows_swapped(corpus):
    registry = corpus.tables["entity_registry"]
    registry[0], registry[1] = registry[1], registry[0]


def ner_documents_interleaved(corpus):
    sentences = corpus.tables["ner"]
    first = [row for row in sentences if row.doc_id == "nkru-001"]
    second = [row for row in sentences if row.doc_id == "nkru-002"]
    start = sentences.index(first[0])
    mixed = [row for pair in zip(first, second) for row in pair] + first[len(second):] + second[len(first):]
    sentences[start:start + len(mixed)] = mixed


def ner_tag_out_of_range(corpus):
    corpus.tables["ner"][4].ner_tags[0] = 99


def ner_inside_without_begin(corpus):
    sentence = corpus.tables["ner"][0]
    sentence.ner_tags[sentence.ner_tags.index("O")] = "I-ORG"


def ner_token_dropped(corpus):
    sentence = corpus.tables["ner"][3]
    for column in ("tokens", "token_starts", "token_ends", "ner_tags", "coarse_ner_tags"):
        del getattr(sentence, column)[2]


def ner_tokens_swapped(corpus):
    sentence = corpus.tables["ner"][3]
    for column in ("tokens", "token_starts", "token_ends"):
        values = getattr(sentence, column)
        values[2], values[3] = values[3], values[2]


def ner_sentence_deleted(corpus):
    del corpus.tables["ner"][7]


def ner_sentence_offsets_moved(corpus):
    corpus.tables["ner"][5].sentence_start += 1


def _retexted(corpus, doc_id, text):
    """The document's text replaced, with its checksum and length (a consistent edit)."""
    document = next(row for row in corpus.tables["documents"] if row.doc_id == doc_id)
    document.text, document.char_count = text, len(text)
    document.sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()


def zero_width_space_appended(corpus):
    _retexted(corpus, "nkru-001", corpus.texts_by_doc["nkru-001"] + "\u200b")


def final_newline_added(corpus):
    _retexted(corpus, "nkru-002", corpus.texts_by_doc["nkru-002"] + "\n")


def final_full_stop_removed(corpus):
    _retexted(corpus, "nkru-001", corpus.texts_by_doc["nkru-001"][:-1])


def day_off_its_written_number(corpus):
    _timex(corpus, "12 juillet").value = "2023-07-13"


def year_off_its_written_number(corpus):
    _timex(corpus, "1950").value = "1951"


def duration_count_off(corpus):
    _timex(corpus, "un an").value = "P2Y"


def english_month_off(corpus):
    _timex(corpus, "July 28, 2023").value = "2023-06-28"


def timex_duplicated(corpus):
    timex = copy.deepcopy(_timex(corpus, "1953"))
    dates = corpus.tables["dates"]
    timex.timex_id = f"{timex.doc_id}-t999"
    dates.insert(dates.index(_timex(corpus, "1953")) + 1, timex)


def anchors_in_a_cycle(corpus):
    thursday, tweet = _timex(corpus, "Thursday"), _timex(corpus, "July 28, 2023")
    tweet.anchor = thursday.timex_id


def durations_bounded_by_each_other(corpus):
    one_day, other_day = _timex(corpus, "Un jour"), _timex(corpus, "un jour")
    one_day.begin_point, other_day.begin_point = other_day.timex_id, one_day.timex_id


def dct_timex_id_of_another_form(corpus):
    corpus.tables["documents"][1].dct_timex_id = "nkru-001-t000"


def absolute_year_as_a_temporal_function(corpus):
    _timex(corpus, "1950").temporal_function = True


def anchored_weekday_not_a_temporal_function(corpus):
    timex = _timex(corpus, "jeudi")
    timex.temporal_function, timex.value_from_function = False, None


def duration_as_a_temporal_function(corpus):
    _timex(corpus, "Ces derniers mois").temporal_function = True


def last_tuesday_by_the_wrong_rule(corpus):
    _timex(corpus, "mardi dernier").value_from_function = "same_day"


def temporal_function_without_its_rule(corpus):
    _timex(corpus, "cette semaine").value_from_function = None


def rule_on_an_absolute_year(corpus):
    _timex(corpus, "2021").value_from_function = "past_ref"


def rule_outside_the_set(corpus):
    _timex(corpus, "mois dernier").value_from_function = "last_month_or_so"


def last_spring_value_off_its_rule(corpus):
    _timex(corpus, "printemps dernier").value = "2022-SP"


def anchor_timex_id_not_the_anchor(corpus):
    _timex(corpus, "Thursday").anchor_timex_id = "nkru-000-t0"


def end_point_dangling(corpus):
    _timex(corpus, "Ces derniers mois").end_point = "nkru-003-t099"


def end_point_at_another_documents_dct(corpus):
    _timex(corpus, "un an").end_point = "nkru-002-t0"


def begin_point_after_the_end_point(corpus):
    _timex(corpus, "Un jour").begin_point = _timex(corpus, "dimanche", 2).timex_id


def end_point_on_a_date(corpus):
    _timex(corpus, "juillet").end_point = "nkru-003-t0"


def end_point_off_the_calendar(corpus):
    _timex(corpus, "Ces derniers mois").end_point = _timex(corpus, "récemment", 2).timex_id


def quant_on_a_date(corpus):
    _timex(corpus, "2020").quant = "EVERY"


def set_with_a_freq_in_words(corpus):
    timex = _timex(corpus, "un jour")
    timex.type, timex.quant, timex.freq = "SET", "EVERY", "twice"


def set_with_a_quant_outside_the_set(corpus):
    timex = _timex(corpus, "un jour")
    timex.type, timex.quant, timex.freq = "SET", "ALWAYS", "1X"


def holder_span_is_the_target(corpus):
    stance = _stance(corpus, "redoutent")
    stance.holder_start, stance.holder_end, stance.holder_text = stance.target_start, stance.target_end, stance.target_text
    stance.holder_entity_id = None


def target_in_another_paragraph(corpus):
    stance = _stance(corpus, "redoutent")
    text = corpus.texts_by_doc[stance.doc_id]
    start = text.index("\n", stance.cue_end) + 1
    while not text[start].isalpha():
        start += 1
    end = start + len(text[start:].split()[0].strip(",.;:"))
    stance.target_start, stance.target_end, stance.target_text = start, end, text[start:end]


def mention_linked_to_another_entity(corpus):
    _mention(corpus, "Pyongyang", 2).entity_id = "moscow"


def extent_swallows_a_comma(corpus):
    mention = next(mention for mention in corpus.tables["entities"]
                   if corpus.texts_by_doc[mention.doc_id][mention.end:mention.end + 1] == ",")
    mention.end += 1
    mention.text += ","


def _linked(corpus, title="Sergei_Shoigu"):
    """The registry entry of sergei_shoigu, linked to `title` with a well-formed address."""
    entry = _entry(corpus, "sergei_shoigu")
    entry.wikipedia_title, entry.wikipedia_address = title, "https://en.wikipedia.org/wiki/Sergei_Shoigu"
    return entry


def _nil(corpus, entity_id="sergei_shoigu"):
    entry = _entry(corpus, entity_id)
    entry.wikipedia_title, entry.wikipedia_address = "NIL", None
    entry.link_evidence = 'searched "Sergei Shoigu" on en.wikipedia.org: no article'
    return entry


def title_with_a_space(corpus):
    _linked(corpus, "Sergei Shoigu")


def title_with_a_lower_case_first_letter(corpus):
    _linked(corpus, "sergei_Shoigu")


def title_percent_encoded(corpus):
    _linked(corpus, "Serge%C3%AF_Shoigu")


def title_with_a_section(corpus):
    _linked(corpus, "Sergei_Shoigu#Career")


def title_in_wiki_markup(corpus):
    _linked(corpus, "[[Sergei_Shoigu]]")


def title_left_undecided(corpus):
    _linked(corpus, "UNDECIDED")


def linked_without_an_address(corpus):
    _linked(corpus).wikipedia_address = None


def address_over_ftp(corpus):
    _linked(corpus).wikipedia_address = "ftp://en.wikipedia.org/wiki/Sergei_Shoigu"


def _unconfirmed(corpus):
    return next(entry for entry in corpus.tables["entity_registry"] if entry.wikipedia_title is None)


def unconfirmed_with_an_address(corpus):
    _unconfirmed(corpus).wikipedia_address = "https://en.wikipedia.org/wiki/Mikoyan_MiG-31"


def unconfirmed_evidence_without_a_search(corpus):
    _unconfirmed(corpus).link_evidence = "The article could not be read."


def address_without_a_scheme(corpus):
    _linked(corpus).wikipedia_address = "en.wikipedia.org/wiki/Sergei_Shoigu"


def nil_with_an_address(corpus):
    _nil(corpus).wikipedia_address = "https://en.wikipedia.org/wiki/Sergei_Shoigu"


def evidence_emptied(corpus):
    _linked(corpus).link_evidence = "  "


def nil_evidence_without_a_search(corpus):
    _nil(corpus).link_evidence = "No article found."


def two_entities_linked_to_one_article(corpus):
    for entity_id in ("tokyo", "kremlin"):
        entry = _entry(corpus, entity_id)
        entry.wikipedia_title, entry.wikipedia_address = "Tokyo", "https://en.wikipedia.org/wiki/Tokyo"


def shared_title_listed_for_other_entities(corpus):
    two_entities_linked_to_one_article(corpus)
    corpus.review.shared_titles["Tokyo"] = frozenset({"tokyo", "moscow"})


def shared_title_listed_but_not_shared(corpus):
    _linked(corpus)
    corpus.review.shared_titles["Sergei_Shoigu"] = frozenset({"sergei_shoigu", "kremlin"})


def entity_linked_twice(corpus):
    twice = copy.copy(_linked(corpus))
    twice.wikipedia_title = "Sergey_Shoygu"
    corpus.tables["entity_registry"].append(twice)


IN_MEMORY_CORRUPTIONS = [
    ("wikipedia_title_form", title_with_a_space),
    ("wikipedia_title_form", title_with_a_lower_case_first_letter),
    ("wikipedia_title_form", title_percent_encoded),
    ("wikipedia_title_form", title_with_a_section),
    ("wikipedia_title_form", title_in_wiki_markup),
    ("wikipedia_title_form", title_left_undecided),
    ("wikipedia_address_form", linked_without_an_address),
    ("wikipedia_address_form", address_over_ftp),
    ("wikipedia_address_form", unconfirmed_with_an_address),
    ("link_evidence_recorded", unconfirmed_evidence_without_a_search),
    ("wikipedia_address_form", address_without_a_scheme),
    ("wikipedia_address_form", nil_with_an_address),
    ("link_evidence_recorded", evidence_emptied),
    ("link_evidence_recorded", nil_evidence_without_a_search),
    ("wikipedia_title_shared", two_entities_linked_to_one_article),
    ("wikipedia_title_shared", shared_title_listed_for_other_entities),
    ("wikipedia_title_shared", shared_title_listed_but_not_shared),
    ("unique_ids", entity_linked_twice),
    ("row_order", two_mentions_swapped),
    ("row_order", registry_rows_swapped),
    ("row_order", ner_documents_interleaved),
    ("ner_tags_wellformed", ner_tag_out_of_range),
    ("ner_tags_wellformed", ner_inside_without_begin),
    ("ner_tokenization", ner_token_dropped),
    ("ner_tokenization", ner_tokens_swapped),
    ("ner_tokenization", ner_sentence_deleted),
    ("ner_tokenization", ner_sentence_offsets_moved),
    ("document_text_form", zero_width_space_appended),
    ("document_text_form", final_newline_added),
    ("document_text_pinned", final_full_stop_removed),
    ("document_text_pinned", zero_width_space_appended),
    ("timex_value_words", day_off_its_written_number),
    ("timex_value_words", year_off_its_written_number),
    ("timex_value_words", duration_count_off),
    ("timex_value_words", english_month_off),
    ("timex_overlap", timex_duplicated),
    ("timex_anchor_cycle", anchors_in_a_cycle),
    ("timex_anchor_cycle", durations_bounded_by_each_other),
    ("document_dct_timex_id", dct_timex_id_of_another_form),
    ("timex_temporal_function", absolute_year_as_a_temporal_function),
    ("timex_temporal_function", anchored_weekday_not_a_temporal_function),
    ("timex_temporal_function", duration_as_a_temporal_function),
    ("timex_value_from_function", last_tuesday_by_the_wrong_rule),
    ("timex_value_from_function", temporal_function_without_its_rule),
    ("timex_value_from_function", rule_on_an_absolute_year),
    ("timex_value_from_function", rule_outside_the_set),
    ("timex_value_from_function", last_spring_value_off_its_rule),
    ("timex_point_ids", anchor_timex_id_not_the_anchor),
    ("timex_point_ids", end_point_dangling),
    ("timex_point_ids", end_point_at_another_documents_dct),
    ("timex_point_order", begin_point_after_the_end_point),
    ("timex_point_order", end_point_on_a_date),
    ("timex_point_order", end_point_off_the_calendar),
    ("timex_set_attributes", quant_on_a_date),
    ("timex_set_attributes", set_with_a_freq_in_words),
    ("timex_set_attributes", set_with_a_quant_outside_the_set),
    ("stance_role_spans", holder_span_is_the_target),
    ("stance_paragraphs", target_in_another_paragraph),
    ("surface_entity_consistency", mention_linked_to_another_entity),
    ("span_edge_punctuation", extent_swallows_a_comma),
    ("ner_matches_entities", ner_tag_dropped),
    ("ner_matches_entities", ner_coarse_tag_changed),
    ("ner_tokenization", ner_token_changed),
    ("ner_tokens", ner_lists_of_different_lengths),
    ("span_text", cue_shifted),
    ("span_offsets", cue_outside_the_text),
    ("stance_spans_present", cue_removed),
    ("span_text", holder_text_changed),
    ("stance_inventory", polarity_outside_the_set),
    ("stance_inventory", unknown_target_id),
    ("stance_inventory", attribution_outside_the_set),
    ("stance_attribution", author_with_a_holder),
    ("stance_attribution", reported_without_a_holder),
    ("stance_attribution", quoted_cue_outside_quotes),
    ("stance_holder_link", holder_link_dangling),
    ("stance_holder_link", holder_link_to_another_entity),
    ("stance_holder_link", pronoun_holder_without_antecedent),
    ("stance_holder_link", pronoun_holder_linked_before_its_antecedent),
    ("stance_holder_sentence", holder_two_sentences_before_the_cue),
    ("stance_target_counts", target_count_off),
    ("stance_inventory", inventory_row_dropped),
    ("unique_ids", duplicate_stance_id),
    ("id_format", mention_id_of_another_document),
    ("id_format", stance_id_shaped_like_a_sentence_id),
    ("id_format", registry_id_that_is_a_target_id),
    ("id_format", sentence_id_without_a_number),
    ("span_text", shift_a_timex),
    ("span_doc_id", timex_in_no_document),
    ("timex_inventory", unknown_timex_type),
    ("timex_inventory", unknown_mod),
    ("timex_value_grammar", duration_value_on_a_date),
    ("timex_value_grammar", date_value_on_a_duration),
    ("timex_value_grammar", duration_and_date_swapped),
    ("timex_weekday", weekday_off_by_one),
    ("timex_relative_to_dct", last_month_wrong),
    ("timex_relative_to_dct", last_tuesday_two_weeks_back),
    ("timex_relative_to_dct", month_in_the_wrong_year),
    ("timex_relative_to_dct", this_weekend_elsewhere),
    ("timex_extent", extent_with_its_article),
    ("timex_anchor", dangling_anchor),
    ("timex_anchor", self_anchor),
    ("timex_creation_time", header_timex_not_creation_time),
    ("timex_creation_time", header_timex_other_value),
    ("timex_creation_time", creation_time_without_header),
    ("document_dct", dct_removed),
    ("document_dct", dct_outside_header_month),
    ("unique_ids", duplicate_timex_id),
    ("span_text", shift_start),
    ("span_boundaries", widen_to_whitespace),
    ("span_boundaries", cut_a_word),
    ("span_text", change_stored_text),
    ("span_offsets", end_past_the_text),
    ("span_doc_id", unknown_doc_id),
    ("entity_overlap", overlap_the_next_mention),
    ("entity_label_inventory", unknown_label),
    ("entity_coarse_mapping", coarse_mismatch),
    ("unique_ids", duplicate_mention_id),
    ("entity_registry_link", dangling_entity_id),
    ("entity_registry_link", registry_type_clash),
    ("entity_registry_link", missing_registry_row),
    ("unique_ids", duplicate_registry_row),
    ("registry_matches_mentions", wrong_mention_count),
    ("registry_matches_mentions", surface_form_dropped_from_registry),
    ("surface_label_consistency", same_form_two_labels),
    ("surface_coverage", annotated_form_dropped_once),
    ("document_sha256", document_text_changed),
    ("document_char_count", char_count_changed),
    ("unique_ids", duplicate_document),
    ("model_review_complete", exclusion_removed),
    ("reviewed_exclusions_valid", exclusion_points_nowhere),
    ("reviewed_exclusions_valid", exclusion_points_at_a_mention),
]


def _corrupted(shipped, corrupt):
    """A corpus made from a deep copy of the shipped rows after `corrupt` edited them."""
    tables = {config: copy.deepcopy(shipped.rows(config)) for config in CONFIGS}
    review = copy.deepcopy(shipped.review)
    corrupt(Corpus(tables=tables, root=shipped.root, review=review))
    return Corpus(tables=tables, root=shipped.root, review=review)


def test_the_shipped_corpus_has_no_findings(shipped):
    assert run_checks(shipped) == []


@pytest.mark.parametrize("expected_check, corrupt", IN_MEMORY_CORRUPTIONS,
                         ids=[corrupt.__name__ for _, corrupt in IN_MEMORY_CORRUPTIONS])
def test_each_check_catches_its_corruption(shipped, expected_check, corrupt):
    findings = run_checks(_corrupted(shipped, corrupt))
    assert expected_check in {finding.check for finding in findings}, findings
    for finding in findings:
        assert finding.check and finding.config and finding.message


def _remove(path):
    def corrupt(root):
        (root / path).unlink()
    corrupt.__name__ = f"remove_{Path(path).name}"
    return corrupt


def truncate_entities_parquet(root):
    path = root / CONFIG_FILES["entities"]
    path.write_bytes(path.read_bytes()[: os.path.getsize(path) // 2])


def start_column_as_strings(root):
    path = root / CONFIG_FILES["entities"]
    table = pq.read_table(path)
    index = table.schema.get_field_index("start")
    pq.write_table(table.set_column(index, "start", table["start"].cast(pa.string())), path)


def _null_in(config, column, position):
    def corrupt(root):
        path = root / CONFIG_FILES[config]
        table = pq.read_table(path)
        index = table.schema.get_field_index(column)
        values = table[column].to_pylist()
        values[position] = None
        pq.write_table(table.set_column(index, table.schema.field(index), pa.array(values, table.schema.field(index).type)),
                       path)
    corrupt.__name__ = f"null_{config}_{column}"
    return corrupt


null_start = _null_in("entities", "start", 3)
null_document_text = _null_in("documents", "text", 1)


def stance_targets_emptied(root):
    path = root / CONFIG_FILES["stance_targets"]
    table = pq.read_table(path)
    pq.write_table(table.slice(0, 0), path)


def ner_emptied(root):
    for shard in (root / "annotations/ner").glob("*.parquet"):
        pq.write_table(pq.read_table(shard).slice(0, 0), shard)


def one_character_of_a_text_file(root):
    path = next((root / "dataset/texts").glob("002_*.txt"))
    path.write_bytes(path.read_bytes().replace(b"Vladivostok", b"Vladivostock", 1))


def prediction_offset_not_a_number(root):
    path = root / MODEL_PREDICTIONS_FILE
    header, first, *rest = path.read_text(encoding="utf-8").split("\n")
    cells = first.split("\t")
    cells[MODEL_PREDICTION_COLUMNS.index("start")] = "12a"
    path.write_text("\n".join([header, "\t".join(cells), *rest]), encoding="utf-8")


def parquet_file_rewritten(root):
    path = root / CONFIG_FILES["stance_targets"]
    pq.write_table(pq.read_table(path), path, compression="gzip")


def build_killed_while_staging(root):
    staged = root / ".nkru-build/staged"
    staged.mkdir(parents=True)
    (staged / "README.md").write_text("half a build", encoding="utf-8")


def _rewrite_features(change):
    def corrupt(root):
        path = root / CONFIG_FILES["entities"]
        table = pq.read_table(path)
        metadata = json.loads(table.schema.metadata[b"huggingface"])
        change(metadata["info"]["features"])
        pq.write_table(table.replace_schema_metadata({b"huggingface": json.dumps(metadata).encode()}), path)
    corrupt.__name__ = change.__name__
    return corrupt


def class_label_names_reordered(features):
    features["label"]["names"].reverse()


def class_label_names_removed(features):
    features["label"] = {"dtype": "int64", "_type": "Value"}


def features_metadata_removed(root):
    path = root / CONFIG_FILES["stances"]
    pq.write_table(pq.read_table(path).replace_schema_metadata(None), path)


def date_source_edited_without_a_rebuild(root):
    path = root / "annotations/dates/nkru-001.tsv"
    path.write_text(path.read_text(encoding="utf-8").replace("\tDATE\t", "\tDURATION\t", 1), encoding="utf-8")


ON_DISK_CORRUPTIONS = [
    ("sources_in_sync", date_source_edited_without_a_rebuild),
    ("table_metadata", _rewrite_features(class_label_names_reordered)),
    ("table_metadata", _rewrite_features(class_label_names_removed)),
    ("table_metadata", features_metadata_removed),
    ("table_present", _remove(CONFIG_FILES["entity_registry"])),
    ("table_readable", truncate_entities_parquet),
    ("table_schema", start_column_as_strings),
    ("table_values", null_start),
    ("table_values", null_document_text),
    ("table_rows", stance_targets_emptied),
    ("table_rows", ner_emptied),
    ("document_text_file", one_character_of_a_text_file),
    ("document_text_file", _remove("dataset/texts/001_3de3316c9cfa180a.txt")),
    ("manifest_checksums", parquet_file_rewritten),
    ("manifest_checksums", _remove("SHA256SUMS")),
    ("build_leftovers", build_killed_while_staging),
    ("review_files_readable", _remove(LABEL_EXCEPTIONS_FILE)),
    ("review_files_readable", _remove(EXCLUSIONS_FILE)),
    ("review_files_readable", prediction_offset_not_a_number),
]


@pytest.mark.parametrize("expected_check, corrupt", ON_DISK_CORRUPTIONS,
                         ids=[corrupt.__name__ for _, corrupt in ON_DISK_CORRUPTIONS])
def test_unreadable_files_are_findings(corpus_copy, expected_check, corrupt):
    corrupt(corpus_copy)
    assert expected_check in {finding.check for finding in run_checks(read_corpus_directory(corpus_copy))}


def test_every_check_has_a_corruption_that_it_catches():
    exercised = {name for name, _ in IN_MEMORY_CORRUPTIONS + ON_DISK_CORRUPTIONS}
    assert set(CHECKS) <= exercised, sorted(set(CHECKS) - exercised)


def _drop_last_column(path):
    table = pq.read_table(path)
    pq.write_table(table.drop_columns([table.column_names[-1]]), path)


@pytest.mark.parametrize("damage", ["schema", "removed"])
@pytest.mark.parametrize("config", CONFIGS)
def test_one_broken_table_is_one_finding_not_its_knock_on_effects(corpus_copy, config, damage):
    layer = layer_of(config)
    path = corpus_copy / (layer.shard("nkru-002") if layer.sharded else layer.file)
    _drop_last_column(path) if damage == "schema" else path.unlink()
    findings = run_checks(read_corpus_directory(corpus_copy, compare_manifest=False))
    assert len(findings) == 1, [str(finding) for finding in findings]
    expected = {"schema": "table_schema", "removed": "ner_tokenization" if layer.sharded else "table_present"}
    assert findings[0].check == expected[damage]


@pytest.mark.parametrize("change, expected_check", [
    (lambda text: text + "\u200b", "document_text_form"),
    (lambda text: "\ufeff" + text, "document_text_form"),
    (lambda text: text[:-1], "document_text_pinned"),
])
def test_a_text_changed_in_the_sources_with_its_checksum_is_refused_by_the_build(corpus_copy, capsys, change,
                                                                                 expected_check):
    from nkru.cli import main

    name = "001_3de3316c9cfa180a.txt"
    path = corpus_copy / "dataset/texts" / name
    before = path.read_bytes()
    after = change(before.decode("utf-8")).encode("utf-8")
    path.write_bytes(after)
    toml = corpus_copy / "dataset/documents.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(hashlib.sha256(before).hexdigest(),
                                                             hashlib.sha256(after).hexdigest()), encoding="utf-8")
    parquet_before = (corpus_copy / CONFIG_FILES["documents"]).read_bytes()
    assert main(["build", "--source", str(corpus_copy)]) == 2
    assert f"[{expected_check}]" in capsys.readouterr().err
    assert (corpus_copy / CONFIG_FILES["documents"]).read_bytes() == parquet_before


def test_a_title_shared_by_exactly_the_listed_entities_is_no_finding(shipped):
    def share(corpus):
        two_entities_linked_to_one_article(corpus)
        corpus.review.shared_titles["Tokyo"] = frozenset({"tokyo", "kremlin"})
    checks = {finding.check for finding in run_checks(_corrupted(shipped, share))}
    assert "wikipedia_title_shared" not in checks


def test_a_nil_whose_evidence_names_its_searches_is_no_finding(shipped):
    findings = run_checks(_corrupted(shipped, _nil))
    assert not [finding for finding in findings if finding.check.startswith(("wikipedia", "link_evidence"))]
