"""Property-based fuzzing of the predictions readers that `nkru benchmark --predictions` uses
(entities: `read_predictions` in the spans, tokens and pipeline formats; dates: `read_date_predictions`
on JSON Lines and on a folder of TimeML files; stances: `read_stance_predictions` on SemEval-2022
JSON, its JSON Lines and stances rows), each against the checkout's gold corpus. Whatever the file
holds, a reader returns predictions or raises an NkruError (which the command line prints as one
line, exit 2); any other exception fails the test.

The inputs: arbitrary bytes; arbitrary text lines; arbitrary JSON values (huge integers and
NaN/Infinity included); the gold written in each format, then edited (a field replaced by a wrong
type, a negative, huge or out-of-range offset, an unknown label or id; a field deleted or a list item
repeated, making spans overlap; lines deleted, repeated, swapped or replaced), its bytes with a BOM,
CRLF or lone CR line ends or an invalid UTF-8 byte; JSON nested 100,000 deep; for TimeML, XML
malformed, with a wrong root, entities (undefined, external, exponential), huge attributes, TIMEX3
added, removed or nested, and encodings expat cannot use. What the readers accept, the command line
scores end to end. Then the three cases a review found, through the command line.

Budget (derandomized, so every run draws the same examples; about 15 s on two cores):
11 reader properties × 100 examples (entities: bytes, text lines, JSON values, edited gold;
dates: bytes, JSON values, edited JSON Lines, edited TimeML folders; stances: bytes, JSON values,
edited gold) and 3 command-line properties × 25 examples (edited gold, one per layer).
"""

import contextlib
import copy
import io
import json
import shutil
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nkru.cli import main
from nkru.corpus import Corpus
from nkru.evaluation.benchmark import GOLD_CONFIGS, Gold, gold_of
from nkru.evaluation.date_benchmark import DATE_CONFIGS, DateGold, date_gold_of
from nkru.evaluation.date_predictions import read_date_predictions
from nkru.evaluation.labels import LABEL_ALIASES, LabelSet
from nkru.evaluation.prediction_formats import PredictionFormat
from nkru.evaluation.predictions import read_predictions
from nkru.evaluation.stance_predictions import (
    STANCE_CONFIGS,
    StanceGold,
    read_stance_predictions,
    stance_gold_of,
)
from nkru.export.semeval22 import StanceSentences
from nkru.export.timeml import timeml_document
from nkru.reader import read_corpus
from nkru.schema import STANCE_ATTRIBUTIONS, STANCE_TARGET_IDS

from conftest import CHECKOUT, refused_or_read

EXAMPLES = 100
COMMAND_LINE_EXAMPLES = 25
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
COMMAND_LINE_FUZZ = settings(FUZZ, max_examples=COMMAND_LINE_EXAMPLES)

# json.dumps cannot write an integer of more digits than Python converts, nor JSON nested deeper
# than the recursion limit: these strings stand for them and are replaced in the JSON text.
HUGE_MARK = "\x00huge integer\x00"
HUGE_INTEGER = "9" * 5000
DEEP_MARK = "\x00deep list\x00"
DEEP_JSON = "[" * 100_000 + "]" * 100_000
NEAR_LIMIT_MARK = "\x00near the recursion limit\x00"
NEAR_LIMIT_JSON = '{"a": ' * 900 + "1" + "}" * 900
MARKS = {HUGE_MARK: HUGE_INTEGER, DEEP_MARK: DEEP_JSON, NEAR_LIMIT_MARK: NEAR_LIMIT_JSON}

SPECIAL_INTEGERS = (-1, 0, 1, 2**31 - 1, 2**31, 2**53 + 1, 2**63, -(2**63), 10**100, 10**4000)
LABELS = [alias for label, aliases in LABEL_ALIASES.items() for alias in (label, *aliases)]
TAGS = ["O", "", "B-PER", "I-PER", "E-LOC", "S-ORG", "L-GPE", "U-MISC", "b_loc", "PER", "B-", "X-Y", "B-HUMAN"]
WORDS = ["nkru-000", "nkru-004", "nkru-999", "nkru-000-s001", "nkru-000-s999", "../x", "PER", "DATE", "date",
         "2023-07-27", "P1D", "FAVOR", "Positive", "Negative", "0:3", "١:٢", "3:0", "-", "", " ", "\u00a0", "²",
         *STANCE_TARGET_IDS, *STANCE_ATTRIBUTIONS]
FIELDS = ["doc_id", "spans", "start", "end", "label", "sentence_id", "tags", "entities", "entity_group", "entity",
          "type", "value", "mod", "sent_id", "text", "opinions", "Source", "Target", "Polar_expression",
          "Polarity", "target_id", "cue_start", "cue_end", "target_start", "target_end", "holder_start",
          "holder_end", "polarity", "attribution", "stance_id"]

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.sampled_from(SPECIAL_INTEGERS), st.floats(),
                    st.text(max_size=12), st.sampled_from(WORDS + LABELS + TAGS), st.sampled_from(list(MARKS)))
json_values = st.recursive(scalars, lambda children: st.lists(children, max_size=4)
                           | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=6), children, max_size=4),
                           max_leaves=12)
# What replaces a field of a valid record: anything, or an offset near the texts' lengths.
hostile = st.one_of(json_values, st.integers(-5, 8000), st.sampled_from(SPECIAL_INTEGERS),
                    st.sampled_from(WORDS + LABELS + TAGS))


def json_text(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    for mark, replacement in MARKS.items():
        text = text.replace(json.dumps(mark, ensure_ascii=False), replacement)
    return text


def _slots(value, path=()):
    """(path to a container, key or index in it) of every place inside a JSON value."""
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        yield path, key
        yield from _slots(child, (*path, key))


@st.composite
def edited_record(draw, record):
    """A valid record with one to three fields replaced, deleted or (in a list) repeated."""
    record = copy.deepcopy(record)
    for _ in range(draw(st.integers(1, 3))):
        slots = list(_slots(record))
        if not slots:
            return draw(hostile)
        path, key = draw(st.sampled_from(slots))
        container = record
        for step in path:
            container = container[step]
        action = draw(st.sampled_from(("replace", "replace", "delete", "repeat")))
        if action == "delete":
            del container[key]
        elif action == "repeat" and isinstance(container, list):
            container.append(copy.deepcopy(container[key]))
        else:
            container[key] = draw(hostile)
    return record


class RawLine(str):
    """A line put in as it is (not a record to edit)."""


@st.composite
def edited_lines(draw, records: list) -> list[str]:
    """The records as JSON Lines, a few of them edited, and lines deleted, repeated, swapped or added."""
    lines = list(records)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            lines.append(RawLine(draw(st.text(max_size=30))))
            continue
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(("edit",) * 6 + ("delete", "repeat", "swap", "text", "json")))
        if action == "edit" and not isinstance(lines[index], RawLine):
            lines[index] = draw(edited_record(lines[index]))
        elif action == "delete":
            del lines[index]
        elif action == "repeat":
            lines.insert(index, lines[index])
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif action == "text":
            lines[index] = RawLine(draw(st.text(max_size=30)))
        else:
            lines.insert(index, draw(json_values))
    return [line if isinstance(line, RawLine) else json_text(line) for line in lines]


@st.composite
def encoded(draw, lines: list[str]) -> bytes:
    """Lines as UTF-8 bytes, with LF, CRLF or CR line ends, maybe a BOM or an invalid UTF-8 byte."""
    data = draw(st.sampled_from(("\n", "\r\n", "\r"))).join(lines).encode("utf-8")
    damage = draw(st.sampled_from(("none",) * 9 + ("bom", "byte", "cut")))
    if damage == "bom":
        data = b"\xef\xbb\xbf" + data
    elif damage == "byte":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from((b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00"))) + data[at:]
    elif damage == "cut":
        data = data[:draw(st.integers(0, len(data)))]
    return data


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz-predictions")


@dataclass(frozen=True, repr=False)
class GoldSides:
    """The checkout's gold for each layer, read once (and printed shortly in a failing example)."""

    entities: Gold
    dates: DateGold
    date_corpus: Corpus
    stances: StanceGold
    stance_corpus: Corpus
    timeml: dict[str, str]          # doc_id -> the gold dates as a .tml file

    def __repr__(self) -> str:
        return "GoldSides(the checkout's gold)"


@pytest.fixture(scope="module")
def gold() -> GoldSides:
    date_corpus, stance_corpus = read_corpus(CHECKOUT, DATE_CONFIGS), read_corpus(CHECKOUT, STANCE_CONFIGS)
    return GoldSides(gold_of(read_corpus(CHECKOUT, GOLD_CONFIGS)), date_gold_of(date_corpus), date_corpus,
                     stance_gold_of(stance_corpus, StanceSentences(stance_corpus.sentences)), stance_corpus,
                     timeml_files(date_corpus))


# Entities.

def entity_records(gold, prediction_format: PredictionFormat, per_token: bool = False) -> list[dict]:
    """The gold, one record per document (per sentence, for tokens), in `prediction_format`; for
    pipeline, aggregated or `per_token`."""
    if prediction_format is PredictionFormat.TOKENS:
        return [{"sentence_id": sentence.sentence_id, "tags": list(sentence.ner_tags)} for sentence in gold.sentences]
    if prediction_format is PredictionFormat.SPANS:
        return [{"doc_id": doc_id, "spans": [{"start": start, "end": end, "label": label}
                                             for start, end, label in spans]} for doc_id, spans in gold.spans.items()]
    if per_token:
        entities = {doc_id: [] for doc_id in gold.texts}
        for sentence in gold.sentences:
            entities[sentence.doc_id] += [{"entity": tag, "start": start, "end": end, "word": token}
                                          for tag, start, end, token in zip(sentence.ner_tags, sentence.token_starts,
                                                                            sentence.token_ends, sentence.tokens)
                                          if tag != "O"]
        return [{"doc_id": doc_id, "entities": found} for doc_id, found in entities.items()]
    return [{"doc_id": doc_id, "entities": [{"entity_group": label, "start": start, "end": end, "score": 0.9,
                                             "word": gold.texts[doc_id][start:end]} for start, end, label in spans]}
            for doc_id, spans in gold.spans.items()]


entity_options = st.tuples(st.sampled_from([None, *PredictionFormat]), st.booleans(),
                           st.sampled_from([None, *LabelSet]))


def read_entities(path, gold, options):
    prediction_format, partial, label_set = options
    return refused_or_read(read_predictions, path, gold.texts, gold.sentences, prediction_format, partial, label_set)


@FUZZ
@given(data=st.binary(max_size=300), options=entity_options)
def test_entity_reader_on_arbitrary_bytes(gold, scratch, data, options):
    (scratch / "entities.jsonl").write_bytes(data)
    read_entities(scratch / "entities.jsonl", gold.entities, options)


@FUZZ
@given(lines=st.lists(st.text(max_size=40), max_size=5), options=entity_options)
def test_entity_reader_on_arbitrary_text_lines(gold, scratch, lines, options):
    (scratch / "entities.jsonl").write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
    read_entities(scratch / "entities.jsonl", gold.entities, options)


@FUZZ
@given(values=st.lists(json_values, min_size=1, max_size=4), options=entity_options)
def test_entity_reader_on_arbitrary_json(gold, scratch, values, options):
    (scratch / "entities.jsonl").write_text("\n".join(map(json_text, values)), encoding="utf-8")
    read_entities(scratch / "entities.jsonl", gold.entities, options)


@st.composite
def edited_entity_file(draw, gold) -> tuple[bytes, PredictionFormat]:
    prediction_format = draw(st.sampled_from(list(PredictionFormat)))
    records = entity_records(gold, prediction_format, draw(st.booleans()))
    return draw(encoded(draw(edited_lines(records)))), prediction_format


@FUZZ
@given(data=st.data(), declared=st.booleans(), partial=st.booleans(), label_set=st.sampled_from([None, *LabelSet]))
def test_entity_reader_on_edited_gold(gold, scratch, data, declared, partial, label_set):
    """The format given (or not), as a user who knows what the file holds would."""
    edited, prediction_format = data.draw(edited_entity_file(gold.entities))
    (scratch / "entities.jsonl").write_bytes(edited)
    read_entities(scratch / "entities.jsonl", gold.entities, (prediction_format if declared else None, partial,
                                                               label_set))


# Dates.

def date_records(gold) -> list[dict]:
    return [{"doc_id": doc_id, "spans": [{"start": span.start, "end": span.end, "type": span.type, "value": span.value,
                                          "mod": span.mod} for span in spans]} for doc_id, spans in gold.spans.items()]


@FUZZ
@given(data=st.binary(max_size=300), partial=st.booleans())
def test_date_reader_on_arbitrary_bytes(gold, scratch, data, partial):
    (scratch / "dates.jsonl").write_bytes(data)
    refused_or_read(read_date_predictions, scratch / "dates.jsonl", gold.dates.texts, partial)


@FUZZ
@given(values=st.lists(json_values, min_size=1, max_size=4), partial=st.booleans())
def test_date_reader_on_arbitrary_json(gold, scratch, values, partial):
    (scratch / "dates.jsonl").write_text("\n".join(map(json_text, values)), encoding="utf-8")
    refused_or_read(read_date_predictions, scratch / "dates.jsonl", gold.dates.texts, partial)


@FUZZ
@given(data=st.data(), partial=st.booleans())
def test_date_reader_on_edited_gold(gold, scratch, data, partial):
    (scratch / "dates.jsonl").write_bytes(data.draw(encoded(data.draw(edited_lines(date_records(gold.dates))))))
    refused_or_read(read_date_predictions, scratch / "dates.jsonl", gold.dates.texts, partial)


# What may replace a piece of a TimeML file.
XML_PIECES = [
    "<TIMEX3>", "</TIMEX3>", "</TEXT>", "<TEXT>", "<TIMEX3 type='DATE' value='2023'><TIMEX3/></TIMEX3>",
    f"<TIMEX3 type='DATE' value='{'9' * 100_000}'>x</TIMEX3>",
    f"<TIMEX3 type='DATE' value='2023' mod='{'é' * 10_000}'>2023</TIMEX3>",
    "&amp;", "&bogus;", "&g;", "&#0;", "&#x110000;", "&#233;", "<![CDATA[<TIMEX3>]]>", "<?pi x?>",
    "<!-- <TIMEX3> -->", "\x00", "<a:b xmlns:a='urn:x'>", "<TimeML>", "</TimeML>", "<DOCID>nkru-001</DOCID>",
    "<DOCID></DOCID>", f"<DOCID>{'x' * 5000}</DOCID>", "<a>" * 20_000 + "</a>" * 20_000,
]
XML_PROLOGS = [
    '<?xml version="1.0" encoding="UTF-16"?>', '<?xml version="1.0" encoding="latin-1"?>',
    '<?xml version="1.0" encoding="bogus"?>', '<?xml version="1.0" encoding="rot13"?>', '<?xml version="1.1"?>',
    f'<!DOCTYPE TimeML [<!ENTITY e "{"x" * 1000}">]>', '<!DOCTYPE TimeML [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
    # Each entity ten of the one before: &g; is ten million characters (expat refuses to amplify so much).
    '<!DOCTYPE TimeML [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {name} "{f"&{before};" * 10}">' for before, name in zip("abcdef", "bcdefg")) + "]>",
]


def free_positions(document: str) -> list[int]:
    """The positions in the content of TEXT outside any tag or entity reference (none if an edit
    broke TEXT)."""
    positions, in_markup = [], False
    for index in range(document.find("<TEXT>") + len("<TEXT>"), document.find("</TEXT>") + 1):
        if not in_markup:
            positions.append(index)
        character = document[index]
        in_markup = character in "<&" or (in_markup and character not in ">;")
    return positions


@st.composite
def edited_timeml(draw, document: str) -> bytes:
    """A TimeML file of the gold, with a piece replaced, its root renamed, an attribute changed, a
    TIMEX3 added or removed, or a prologue put before it (and then maybe an entity used); or bytes."""
    if draw(st.integers(0, 7)) == 0:
        return draw(st.binary(max_size=200))
    for _ in range(draw(st.integers(1, 3))):
        action = draw(st.sampled_from(("piece", "text", "root", "attribute", "attribute", "wrap", "unwrap", "prolog")))
        if action == "wrap" and free_positions(document):
            positions = free_positions(document)
            start = draw(st.sampled_from(positions))
            following = [position for position in positions if position >= start]
            end = draw(st.sampled_from([position for position in following
                                        if "<" not in document[start:position]] or [start]))
            attributes = draw(st.sampled_from(('type="DATE" value="2023"', 'type="SET" value="P1W"', 'type="date"',
                                               'value="X"', "")))
            document = f"{document[:start]}<TIMEX3 {attributes}>{document[start:end]}</TIMEX3>{document[end:]}"
        elif action == "unwrap":
            openings = [index for index in free_positions(document) if document.startswith("<TIMEX3 ", index)]
            opening = draw(st.sampled_from(openings)) if openings else -1
            closing = document.find("</TIMEX3>", opening)
            if opening >= 0 and closing >= 0:
                content = document[document.index(">", opening) + 1:closing]
                document = document[:opening] + content + document[closing + len("</TIMEX3>"):]
        elif action in ("piece", "text"):
            start = draw(st.integers(0, len(document)))
            end = draw(st.integers(start, min(len(document), start + 200)))
            piece = draw(st.sampled_from(XML_PIECES)) if action == "piece" else draw(st.text(max_size=30))
            document = document[:start] + piece + document[end:]
        elif action == "root":
            document = document.replace("TimeML", draw(st.sampled_from(("timeml", "TEXT", "x", "TIMEX3"))))
        elif action == "attribute":
            name = draw(st.sampled_from(("type", "value", "mod", "tid")))
            value = draw(st.text(max_size=20).map(lambda text: text.replace("&", "&amp;").replace('"', "&quot;")
                                                  .replace("<", "&lt;")) | st.just("x" * 100_000))
            places = [index for index in range(len(document)) if document.startswith(f' {name}="', index)]
            if places:
                at = draw(st.sampled_from(places)) + len(f' {name}="')
                document = document[:at] + value + document[at:]
        else:
            document = document.replace('<?xml version="1.0" encoding="UTF-8"?>', draw(st.sampled_from(XML_PROLOGS)))
            document = document.replace("<TEXT>", "<TEXT>&e;", 1)
    return document.encode("utf-8", errors="surrogatepass")


def timeml_files(corpus) -> dict[str, str]:
    """doc_id -> the gold as a TimeML file, as `nkru export --format timeml` writes it."""
    timexes_by_doc = {}
    for timex in corpus.timexes:
        timexes_by_doc.setdefault(timex.doc_id, []).append(timex)
    return {document.doc_id: timeml_document(document, timexes_by_doc.get(document.doc_id, []))
            for document in corpus.documents}


@FUZZ
@given(data=st.data(), partial=st.booleans())
def test_date_reader_on_edited_timeml(gold, scratch, data, partial):
    files = gold.timeml
    folder = scratch / "timeml"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    doc_ids = data.draw(st.lists(st.sampled_from(sorted(files)), min_size=1, max_size=5, unique=True))
    for doc_id in doc_ids:
        (folder / f"{doc_id}.tml").write_text(files[doc_id], encoding="utf-8")
    edited = data.draw(st.sampled_from(doc_ids))
    (folder / f"{edited}.tml").write_bytes(data.draw(edited_timeml(files[edited])))
    refused_or_read(read_date_predictions, folder, gold.dates.texts, partial)


# Stances.

def stance_rows(corpus) -> list[dict]:
    columns = ("doc_id", "stance_id", "cue_start", "cue_end", "target_start", "target_end", "holder_start",
               "holder_end", "polarity", "target_id", "attribution")
    return [{column: getattr(stance, column) for column in columns} for stance in corpus.stances]


@FUZZ
@given(data=st.binary(max_size=300), partial=st.booleans())
def test_stance_reader_on_arbitrary_bytes(gold, scratch, data, partial):
    (scratch / "stances.json").write_bytes(data)
    refused_or_read(read_stance_predictions, scratch / "stances.json", gold.stances, partial)


@FUZZ
@given(values=st.lists(json_values, min_size=1, max_size=4), whole=st.booleans(), partial=st.booleans())
def test_stance_reader_on_arbitrary_json(gold, scratch, values, whole, partial):
    text = json_text(values) if whole else "\n".join(map(json_text, values))
    (scratch / "stances.json").write_text(text, encoding="utf-8")
    refused_or_read(read_stance_predictions, scratch / "stances.json", gold.stances, partial)


@st.composite
def edited_stance_file(draw, gold, corpus) -> bytes:
    """The gold as SemEval records (a JSON list or JSON Lines) or as stances rows, edited."""
    records = gold.records if draw(st.booleans()) else stance_rows(corpus)
    lines = draw(edited_lines(records))
    if records is gold.records and draw(st.booleans()):
        lines = ["[" + ",\n".join(lines) + "]"]
    return draw(encoded(lines))


@FUZZ
@given(data=st.data(), partial=st.booleans())
def test_stance_reader_on_edited_gold(gold, scratch, data, partial):
    (scratch / "stances.json").write_bytes(data.draw(edited_stance_file(gold.stances, gold.stance_corpus)))
    refused_or_read(read_stance_predictions, scratch / "stances.json", gold.stances, partial)


# End to end: what the readers accept, the command line scores, still with one line on refusal.

def run_command(arguments: list[str]) -> tuple[int, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["benchmark", *arguments, "--bootstrap", "0", "--partial"])
    return code, stderr.getvalue()


def assert_scored_or_refused(arguments: list[str]) -> None:
    code, stderr = run_command(arguments)
    assert (code, stderr) == (0, "") or (code == 2 and stderr.count("\n") == 1), (code, stderr)


@COMMAND_LINE_FUZZ
@given(data=st.data())
def test_command_line_on_edited_entity_files(gold, scratch, data):
    (scratch / "cli-entities.jsonl").write_bytes(data.draw(edited_entity_file(gold.entities))[0])
    assert_scored_or_refused(["--predictions", str(scratch / "cli-entities.jsonl"), "--errors",
                              str(scratch / "errors.tsv")])


@COMMAND_LINE_FUZZ
@given(data=st.data())
def test_command_line_on_edited_date_files(gold, scratch, data):
    (scratch / "cli-dates.jsonl").write_bytes(data.draw(encoded(data.draw(edited_lines(date_records(gold.dates))))))
    assert_scored_or_refused(["--layer", "dates", "--predictions", str(scratch / "cli-dates.jsonl"), "--errors",
                              str(scratch / "errors.tsv")])


@COMMAND_LINE_FUZZ
@given(data=st.data())
def test_command_line_on_edited_stance_files(gold, scratch, data):
    (scratch / "cli-stances.json").write_bytes(data.draw(edited_stance_file(gold.stances, gold.stance_corpus)))
    assert_scored_or_refused(["--layer", "stances", "--predictions", str(scratch / "cli-stances.json"), "--save",
                              "fuzz", "--runs", str(scratch / "runs")])


# The three cases the review found, through the command line: one line on stderr, exit 2.

HUGE_OFFSET = '{"start": ' + HUGE_INTEGER + ', "end": 3'
REGRESSIONS = {
    "entities": {
        "huge integer": '{"doc_id": "nkru-000", "spans": [' + HUGE_OFFSET + ', "label": "PER"}]}',
        "deep nesting": '{"doc_id": "nkru-000", "spans": ' + DEEP_JSON + "}",
        "list label": '{"doc_id": "nkru-000", "spans": [{"start": 0, "end": 3, "label": ["PER"]}]}',
        "list tag": '{"doc_id": "nkru-000", "entities": [{"start": 0, "end": 3, "entity": ["B-PER"]}]}',
        "list entity_group": '{"doc_id": "nkru-000", "entities": [{"start": 0, "end": 3, "entity_group": ["PER"]}]}',
    },
    "dates": {
        "huge integer": '{"doc_id": "nkru-000", "spans": [' + HUGE_OFFSET + ', "type": "DATE", "value": "2023"}]}',
        "deep nesting": '{"doc_id": "nkru-000", "spans": ' + DEEP_JSON + "}",
        "list label": '{"doc_id": "nkru-000", "spans": [{"start": 0, "end": 3, "type": ["DATE"], "value": "2023"}]}',
    },
    "stances": {
        "huge integer": '{"doc_id": "nkru-000", "cue_start": ' + HUGE_INTEGER + ', "cue_end": 3, "target_start": 0, '
                        '"target_end": 1, "polarity": "FAVOR"}',
        "deep nesting": "[" + DEEP_JSON + "]",
        "deep nesting, JSON Lines": '{"doc_id": ' + DEEP_JSON + "}",
        "list label": '{"doc_id": "nkru-000", "cue_start": 0, "cue_end": 3, "target_start": 0, "target_end": 1, '
                      '"polarity": ["FAVOR"]}',
    },
}


@pytest.mark.parametrize("layer, case", [(layer, case) for layer, cases in REGRESSIONS.items() for case in cases])
def test_the_reviewed_cases_end_in_one_line(tmp_path, capsys, layer, case):
    path = tmp_path / "predictions.jsonl"
    path.write_text(REGRESSIONS[layer][case] + "\n", encoding="utf-8")
    assert main(["benchmark", "--layer", layer, "--predictions", str(path), "--bootstrap", "0"]) == 2
    stderr = capsys.readouterr().err
    assert stderr.count("\n") == 1 and stderr.startswith(f"nkru benchmark: {path}"), stderr
