"""Property-based fuzzing of the editable sources' readers: a copy of the checkout's sources
(dataset/ and annotations/) with one file broken at a time, read by what `nkru build` reads them
with: `build_tables` (which runs `read_sources`: documents.toml and the texts, the entity registry,
the target inventory and the entity, date and stance annotation files), `read_review_files` (the
review records) and `read_noise` (dataset/noise.tsv). Whatever the file holds, a reader returns rows
or raises an NkruError (which the command line prints as one line, exit 2); any other exception
fails the test.

The breakages: arbitrary bytes; arbitrary text; a cell (a TOML value, for documents.toml) replaced by
arbitrary or awkward text (a huge or non-ASCII number, a NUL, a path, nesting 100,000 deep); lines
deleted, repeated or swapped; a column dropped or added on every line; a BOM, CRLF or lone CR line
ends, an invalid UTF-8 byte; a text changed with its SHA-256 in documents.toml updated to match.
Then a few broken copies through `nkru build`, and the values the readers leave to the checks.

Budget (derandomized, so every run draws the same examples; about 20 s on two cores):
6 properties × 100 examples (arbitrary bytes, arbitrary text, a cell or TOML value replaced, lines
edited, a column dropped or added, line ends and encoding), a text edited with its checksum × 50,
and the build's checks (`run_checks`) on what the readers accept after a cell replaced × 30.
"""

import hashlib
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nkru.build.tables import build_tables
from nkru.checks import run_checks
from nkru.cli import main
from nkru.corpus import Corpus
from nkru.sources.documents import DOCUMENTS_SOURCE, read_document_rows
from nkru.sources.noise import NOISE_SOURCE, read_noise
from nkru.sources.review import EXCLUSIONS_FILE, LABEL_EXCEPTIONS_FILE, MODEL_PREDICTIONS_FILE, read_review_files

from conftest import CHECKOUT, refused_or_read

FUZZ = settings(max_examples=100, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
TEXT_FUZZ = settings(FUZZ, max_examples=50)
CHECKS_FUZZ = settings(FUZZ, max_examples=30)

REVIEW_FILES = (EXCLUSIONS_FILE, LABEL_EXCEPTIONS_FILE, MODEL_PREDICTIONS_FILE)
TSV_FILES = sorted(str(path.relative_to(CHECKOUT)) for folder in ("annotations/entities", "annotations/dates",
                                                                    "annotations/stances")
                   for path in (CHECKOUT / folder).glob("*.tsv")) + [
    "annotations/entity_registry.tsv", "annotations/stance_targets.tsv", MODEL_PREDICTIONS_FILE, NOISE_SOURCE]
SOURCE_FILES = [DOCUMENTS_SOURCE, *TSV_FILES]
TEXT_FILES = sorted(str(path.relative_to(CHECKOUT)) for path in (CHECKOUT / "dataset/texts").glob("*.txt"))

AWKWARD_CELLS = ["", "-", "0", "1", "-1", "01", "²", "١", "٣", "9" * 5000, "1" * 20, "x#²", "Kim#" + "9" * 5000,
                 "#1", "Kim#", "Kim#1", "Kim", "\x00", "\ufeff", " ", "\u00a0", "dct", "DATE", "PER", "FAVOR",
                 "nkru-000", "nkru-999", "../../x", "a" * 10_000, "\\", "'", '"']
AWKWARD_TOML_VALUES = ["3", "-1", "[1, 2]", "[]", "{a = 1}", "true", "false", '""', '"\\u0000"', '"x\\u0000y"',
                       '"../texts"', '"."', '"/etc/passwd"', "1979-05-27", "07:32:00", "nan", "inf", "9" * 5000,
                       '"2023-02-30"', '"2023-07\\n"', '"2023-13"', '"０２０２-07"', "[" * 100_000 + "]" * 100_000,
                       "{a = " * 10_000 + "1" + "}" * 10_000, '"""x"""', "'nkru-000'", '"nkru-000"']


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    """A copy of the checkout's editable sources, restored after each example."""
    copy = tmp_path_factory.mktemp("fuzz-sources")
    for folder in ("dataset", "annotations"):
        shutil.copytree(CHECKOUT / folder, copy / folder)
    return copy


@pytest.fixture(scope="module")
def texts_by_doc(sources):
    return {document.doc_id: document.text for document in read_document_rows(sources)}


def read_with_one_file_replaced(root, texts_by_doc, replaced: dict[str, bytes]):
    """Write `replaced` (relative path -> bytes) into the copy, read it as the build does, then
    restore the files."""
    originals = {name: (root / name).read_bytes() for name in replaced}
    try:
        for name, data in replaced.items():
            (root / name).write_bytes(data)
        if NOISE_SOURCE in replaced:
            return refused_or_read(read_noise, root, texts_by_doc)
        if any(name in REVIEW_FILES for name in replaced):
            return refused_or_read(read_review_files, root)
        return refused_or_read(build_tables, root)
    finally:
        for name, data in originals.items():
            (root / name).write_bytes(data)


def lines_of(root, name: str) -> list[str]:
    return (root / name).read_text(encoding="utf-8").split("\n")


def joined(lines: list[str]) -> bytes:
    return "\n".join(lines).encode("utf-8")


@FUZZ
@given(name=st.sampled_from(SOURCE_FILES), data=st.binary(max_size=400))
def test_arbitrary_bytes(sources, texts_by_doc, name, data):
    read_with_one_file_replaced(sources, texts_by_doc, {name: data})


@FUZZ
@given(name=st.sampled_from(SOURCE_FILES), text=st.text(max_size=400))
def test_arbitrary_text(sources, texts_by_doc, name, text):
    read_with_one_file_replaced(sources, texts_by_doc, {name: text.encode("utf-8")})


awkward_text = st.sampled_from(AWKWARD_CELLS) | st.text(max_size=20)


@st.composite
def one_cell_replaced(draw, root) -> tuple[str, bytes]:
    """A source file with one cell (for documents.toml, one value) replaced by awkward text or by
    another cell of its column (which the readers more often accept, for the checks to judge)."""
    name = draw(st.sampled_from(SOURCE_FILES))
    lines = lines_of(root, name)
    if name == DOCUMENTS_SOURCE:
        values = [index for index, line in enumerate(lines) if " = " in line]
        index = draw(st.sampled_from(values))
        value = draw(st.sampled_from(AWKWARD_TOML_VALUES) | awkward_text.map(lambda text: f'"{_toml_escaped(text)}"'))
        lines[index] = lines[index].split(" = ", 1)[0] + " = " + value
        return name, joined(lines)
    index, other = (draw(st.integers(0, len(lines) - 1)) for _ in range(2))
    cells, other_cells = lines[index].split("\t"), lines[other].split("\t")
    column = draw(st.integers(0, len(cells) - 1))
    if column < len(other_cells) and draw(st.booleans()):
        cells[column] = other_cells[column]
    else:
        cells[column] = draw(awkward_text)
    lines[index] = "\t".join(cells)
    return name, joined(lines)


def _toml_escaped(text: str) -> str:
    return "".join(character if character.isprintable() and character not in '"\\' else f"\\U{ord(character):08X}"
                   for character in text)


@FUZZ
@given(data=st.data())
def test_a_cell_replaced(sources, texts_by_doc, data):
    name, replaced = data.draw(one_cell_replaced(sources))
    read_with_one_file_replaced(sources, texts_by_doc, {name: replaced})


@FUZZ
@given(name=st.sampled_from(SOURCE_FILES), data=st.data())
def test_lines_deleted_repeated_or_swapped(sources, texts_by_doc, name, data):
    lines = lines_of(sources, name)
    for _ in range(data.draw(st.integers(1, 3))):
        if not lines:
            break
        index, other = (data.draw(st.integers(0, len(lines) - 1)) for _ in range(2))
        action = data.draw(st.sampled_from(("delete", "repeat", "swap")))
        if action == "delete":
            del lines[index]
        elif action == "repeat":
            lines.insert(other, lines[index])
        else:
            lines[index], lines[other] = lines[other], lines[index]
    read_with_one_file_replaced(sources, texts_by_doc, {name: joined(lines)})


@FUZZ
@given(name=st.sampled_from(TSV_FILES), data=st.data())
def test_a_column_dropped_or_added(sources, texts_by_doc, name, data):
    rows = [line.split("\t") for line in lines_of(sources, name)]
    column = data.draw(st.integers(0, max(len(row) for row in rows)))
    if data.draw(st.booleans()):
        rows = [row[:column] + row[column + 1:] for row in rows]
    else:
        cell = data.draw(awkward_text)
        rows = [row[:column] + [cell] + row[column:] for row in rows]
    read_with_one_file_replaced(sources, texts_by_doc, {name: joined(["\t".join(row) for row in rows])})


@FUZZ
@given(name=st.sampled_from(SOURCE_FILES), newline=st.sampled_from(("\r\n", "\r", "\n")), bom=st.booleans(),
       data=st.data())
def test_line_ends_and_encoding(sources, texts_by_doc, name, newline, bom, data):
    encoded = newline.join(lines_of(sources, name)).encode("utf-8")
    if bom:
        encoded = b"\xef\xbb\xbf" + encoded
    if data.draw(st.booleans()):
        at = data.draw(st.integers(0, len(encoded)))
        encoded = encoded[:at] + data.draw(st.sampled_from((b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00"))) + encoded[at:]
    read_with_one_file_replaced(sources, texts_by_doc, {name: encoded})


@TEXT_FUZZ
@given(name=st.sampled_from(TEXT_FILES), data=st.data())
def test_a_text_edited_with_its_checksum_updated(sources, texts_by_doc, name, data):
    text = (sources / name).read_bytes()
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 100)))
    piece = data.draw(st.binary(max_size=20) | st.text(max_size=20).map(str.encode)
                      | st.sampled_from((b"\xff", b"\xc3", b"\r\n", b"\x00", b"\xef\xbb\xbf")))
    edited = text[:start] + piece + text[end:]
    documents = (sources / DOCUMENTS_SOURCE).read_text(encoding="utf-8")
    documents = documents.replace(hashlib.sha256(text).hexdigest(), hashlib.sha256(edited).hexdigest())
    read_with_one_file_replaced(sources, texts_by_doc, {name: edited, DOCUMENTS_SOURCE: documents.encode("utf-8")})


@CHECKS_FUZZ
@given(data=st.data())
def test_the_checks_judge_what_the_sources_accept(sources, data):
    """What the readers accept, the build's checks judge without a traceback."""
    name, replaced = data.draw(one_cell_replaced(sources))
    original = (sources / name).read_bytes()
    try:
        (sources / name).write_bytes(replaced)
        tables = refused_or_read(build_tables, sources)
        review = refused_or_read(read_review_files, sources)
        if tables is not None and review is not None:
            run_checks(Corpus(tables=dict(tables), root=sources, review=review))
    finally:
        (sources / name).write_bytes(original)


# Through the command line: one line on stderr, exit 2, nothing written; the review's three cases
# (a 5,000-digit number, nesting 100,000 deep, a list for a string) as the sources can hold them.

@pytest.mark.parametrize("name, old, new", [
    ("annotations/entities/nkru-002.tsv", "Kremlin\t1\t", "Kremlin\t²\t"),
    ("annotations/stances/nkru-000.tsv", "Occident#1", "Occident#" + "9" * 5000),
    (DOCUMENTS_SOURCE, 'dct = "2023-07-28"', "dct = " + "9" * 5000),
    (DOCUMENTS_SOURCE, 'dct = "2023-07-28"', "dct = " + "[" * 100_000 + "]" * 100_000),
    (DOCUMENTS_SOURCE, 'dct = "2023-07-28"', 'dct = ["2023-07-28"]'),
    (DOCUMENTS_SOURCE, 'source_file = "000_7bcf288dc2a0551b.txt"', 'source_file = "000\\u0000.txt"'),
])
def test_a_broken_source_ends_the_build_in_one_line(corpus_copy, tmp_path, capsys, name, old, new):
    path = corpus_copy / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "--source", str(corpus_copy), "--out", str(out)]) == 2
    stderr = capsys.readouterr().err
    assert stderr.count("\n") == 1 and stderr.startswith("nkru build: "), stderr
    assert not list(out.rglob("*.parquet"))


# What the source readers accept and leave for the checks to judge: once crashes of the checks
# (nkru/checks/dates.py, nkru/timex.py), now findings or nothing.
@pytest.mark.parametrize("name, old, new, expected_check", [
    # timex_weekday: FULL_DATE matches, date.fromisoformat refuses (checks/dates.py)
    ("annotations/dates/nkru-000.tsv", "jeudi\t1\tDATE\t2023-07-27\t", "jeudi\t1\tDATE\t2023-02-30\t",
     "timex_value_grammar"),
    ("annotations/dates/nkru-000.tsv", "jeudi\t1\tDATE\t2023-07-27\t", "jeudi\t1\tDATE\t0000-01-01\t",
     "timex_value_grammar"),
    # written_value_conflicts: '²'.isdigit(), then no \d match (timex.py)
    ("annotations/dates/nkru-000.tsv", "1950\t1\tDATE\t1950\t", "1950\t1\tDATE\t²\t", "timex_value_grammar"),
    # weekday_window: a week around the last day of the calendar (timex.py)
    (DOCUMENTS_SOURCE, 'dct = "2023-07-28"', 'dct = "9999-12-31"', "timex_relative_to_dct"),
])
def test_the_checks_judge_values_the_readers_accept(corpus_copy, name, old, new, expected_check):
    path = corpus_copy / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    tables = build_tables(corpus_copy)
    findings = run_checks(Corpus(tables=dict(tables), root=corpus_copy, review=read_review_files(corpus_copy)))
    assert expected_check in {finding.check for finding in findings}
