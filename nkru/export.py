"""Exports of the shipped tables to formats other tools read, each written atomically (a
temporary file or folder beside the target, renamed into place), so a failure leaves nothing
half-written.

conll: CoNLL-2003-style IOB2 text, one `token<TAB>tag` per line, a blank line between sentences,
`-DOCSTART-` before each document; `nkru-fr.conll` has the CoNLL-4 tags, `nkru-fr.fine.conll` the
fine ones. spacy: a DocBin (`nkru-fr.spacy`) whose docs reproduce each text exactly and carry the
gold mentions as `doc.ents` with fine labels (needs spaCy). brat: `brat/<doc_id>.txt` and `.ann`
with entities, TIMEX3 (type, value, mod, anchor in AnnotatorNotes) and stances (events with
Holder and Target arguments and Polarity, Attribution and TargetId attributes), plus
`annotation.conf`. semeval22: SemEval-2022 Task 10 structured sentiment JSON, one object per document
(`sent_id` = doc_id, `text` = the whole document), each stance an opinion whose Source, Target
and Polar_expression hold [[texts], ["start:end"]] with document offsets, and whose Polarity maps
FAVOR/AGAINST/NEUTRAL to Positive/Negative/Neutral. Writing is atomic: a temporary file in the
same folder, renamed into place.
"""

from __future__ import annotations

import json
from pathlib import Path

from nkru.atomic import replace_file, replace_folder, write_atomically, write_files_atomically
from nkru.errors import NkruError
from nkru.schema import STANCE_POLARITIES

SEMEVAL_POLARITY = {"FAVOR": "Positive", "AGAINST": "Negative", "NEUTRAL": "Neutral"}
SEMEVAL_FILE = "nkru-fr.semeval22.json"


def _span(stance: dict, name: str) -> list[list[str]]:
    if stance[f"{name}_start"] is None:
        return [[], []]
    return [[stance[f"{name}_text"]], [f"{stance[f'{name}_start']}:{stance[f'{name}_end']}"]]


def semeval22_records(documents: list[dict], stances: list[dict]) -> list[dict]:
    opinions_by_doc: dict[str, list[dict]] = {document["doc_id"]: [] for document in documents}
    for stance in stances:
        opinions_by_doc[stance["doc_id"]].append({
            "Source": _span(stance, "holder"),
            "Target": _span(stance, "target"),
            "Polar_expression": _span(stance, "cue"),
            "Polarity": SEMEVAL_POLARITY[STANCE_POLARITIES[stance["polarity"]]],
            "Intensity": "Standard",
        })
    return [{"sent_id": document["doc_id"], "text": document["text"], "opinions": opinions_by_doc[document["doc_id"]]}
            for document in documents]


def export_semeval22(documents: list[dict], stances: list[dict], out_dir: Path) -> Path:
    target = out_dir / SEMEVAL_FILE
    write_atomically(target, json.dumps(semeval22_records(documents, stances), ensure_ascii=False, indent=1) + "\n")
    return target


def read_semeval22(path: Path) -> list[dict]:
    """Read an export back: per document, its text and opinions with (start, end) tuples."""
    records = json.loads(path.read_text(encoding="utf-8"))
    parsed = []
    for record in records:
        opinions = []
        for opinion in record["opinions"]:
            spans = {}
            for key in ("Source", "Target", "Polar_expression"):
                texts, offsets = opinion[key]
                spans[key] = [(text, *map(int, offset.split(":"))) for text, offset in zip(texts, offsets)]
            opinions.append({**spans, "Polarity": opinion["Polarity"]})
        parsed.append({"doc_id": record["sent_id"], "text": record["text"], "opinions": opinions})
    return parsed


def conll_lines(ner_rows: list[dict], tag_names: list[str], column: str) -> list[str]:
    lines, current_doc = [], None
    for row in ner_rows:
        if row["doc_id"] != current_doc:
            lines += ["-DOCSTART-\tO", ""]
            current_doc = row["doc_id"]
        lines += [f"{token}\t{tag_names[tag]}" for token, tag in zip(row["tokens"], row[column])]
        lines.append("")
    return lines


def export_conll(ner_rows: list[dict], fine_names: list[str], coarse_names: list[str], out_dir: Path) -> list[Path]:
    contents = {
        out_dir / name: "\n".join(conll_lines(ner_rows, names, column)) + "\n"
        for name, column, names in (("nkru-fr.conll", "coarse_ner_tags", coarse_names),
                                    ("nkru-fr.fine.conll", "ner_tags", fine_names))
    }
    write_files_atomically(contents)
    return list(contents)


def read_conll(path: Path) -> list[list[list[tuple[str, str]]]]:
    """Documents -> sentences -> (token, tag) pairs."""
    documents, sentence = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            documents.append([])
        elif not line:
            if sentence:
                documents[-1].append(sentence)
                sentence = []
        else:
            token, tag = line.split("\t")
            sentence.append((token, tag))
    return documents


def spacy_doc(vocab, text: str, tokens: list[tuple[int, int]], spans: list[tuple[int, int, str]]):
    """A spaCy Doc whose text is exactly `text`: our tokens, with any whitespace other than one
    space between two tokens kept as a whitespace token, and `spans` as its entities."""
    from spacy.tokens import Doc

    words, spaces, position = [], [], 0
    for start, end in tokens:
        gap = text[position:start]
        if gap:
            if gap == " " and words:
                spaces[-1] = True
            else:
                if words and gap.startswith(" "):
                    spaces[-1], gap = True, gap[1:]
                words.append(gap)
                spaces.append(False)
        words.append(text[start:end])
        spaces.append(False)
        position = end
    if text[position:]:
        words.append(text[position:])
        spaces.append(False)
    doc = Doc(vocab, words=words, spaces=spaces)
    if doc.text != text:
        raise NkruError("the spaCy doc does not reproduce the text")
    entities = [doc.char_span(start, end, label=label, alignment_mode="strict") for start, end, label in spans]
    if any(entity is None for entity in entities):
        raise NkruError("a mention does not fall on the spaCy doc's tokens")
    doc.ents = entities
    return doc


def export_spacy(documents: list[dict], mentions: list[dict], label_names: list[str], out_dir: Path) -> Path:
    try:
        import spacy
        from spacy.tokens import DocBin
    except ImportError as error:
        raise NkruError("the spaCy export needs spaCy: pip install '.[bench]'") from error
    from nkru.tokens import tokenize

    vocab = spacy.blank("fr").vocab
    doc_bin = DocBin(store_user_data=True)
    for document in documents:
        spans = [(m["start"], m["end"], label_names[m["label"]]) for m in mentions if m["doc_id"] == document["doc_id"]]
        doc = spacy_doc(vocab, document["text"], tokenize(document["text"]), spans)
        doc.user_data["doc_id"] = document["doc_id"]
        doc_bin.add(doc)
    target = out_dir / "nkru-fr.spacy"
    replace_file(target, doc_bin.to_disk)
    return target


BRAT_CONF = """[entities]
PER
ORG
GPE
LOC
FAC
NORP
EVENT
PRODUCT
WORK
TIMEX3
StanceHolder
StanceTarget
StanceCue

[relations]

[events]
Stance\tHolder?:StanceHolder, Target:StanceTarget

[attributes]
Polarity\tArg:Stance, Value:FAVOR|AGAINST|NEUTRAL
Attribution\tArg:Stance, Value:AUTHOR|REPORTED|QUOTED
TargetId\tArg:Stance, Value:{targets}
"""


def brat_annotation(doc_id: str, tables: dict, names: dict) -> str:
    """The .ann text of one document."""
    lines, next_id = [], {"T": 0, "E": 0, "A": 0, "#": 0}

    def new(kind: str) -> str:
        next_id[kind] += 1
        return f"{kind}{next_id[kind]}"

    def text_bound(kind: str, start: int, end: int, text: str) -> str:
        if "\n" in text:
            raise NkruError(f"{doc_id}: a span over a line break cannot be written as one brat annotation: {text!r}")
        identifier = new("T")
        lines.append(f"{identifier}\t{kind} {start} {end}\t{text}")
        return identifier

    for mention in (m for m in tables["entities"] if m["doc_id"] == doc_id):
        text_bound(names["label"][mention["label"]], mention["start"], mention["end"], mention["text"])
    for timex in (t for t in tables["dates"] if t["doc_id"] == doc_id):
        identifier = text_bound("TIMEX3", timex["start"], timex["end"], timex["text"])
        note = (f"timex_id={timex['timex_id']} type={names['type'][timex['type']]} value={timex['value']} "
                f"mod={timex['mod'] or '-'} function={names['function'][timex['function']]} anchor={timex['anchor'] or '-'}")
        lines.append(f"{new('#')}\tAnnotatorNotes {identifier}\t{note}")
    for stance in (s for s in tables["stances"] if s["doc_id"] == doc_id):
        cue = text_bound("StanceCue", stance["cue_start"], stance["cue_end"], stance["cue_text"])
        target = text_bound("StanceTarget", stance["target_start"], stance["target_end"], stance["target_text"])
        arguments = f"Stance:{cue} Target:{target}"
        if stance["holder_start"] is not None:
            holder = text_bound("StanceHolder", stance["holder_start"], stance["holder_end"], stance["holder_text"])
            arguments += f" Holder:{holder}"
        event = new("E")
        lines.append(f"{event}\t{arguments}")
        lines.append(f"{new('A')}\tPolarity {event} {names['polarity'][stance['polarity']]}")
        lines.append(f"{new('A')}\tAttribution {event} {names['attribution'][stance['attribution']]}")
        lines.append(f"{new('A')}\tTargetId {event} {names['target_id'][stance['target_id']]}")
        if stance["holder_entity_id"]:
            lines.append(f"{new('#')}\tAnnotatorNotes {event}\tholder_entity_id={stance['holder_entity_id']}")
    return "\n".join(lines) + "\n"


def export_brat(tables: dict, names: dict, out_dir: Path) -> Path:
    def fill(folder: Path) -> None:
        for document in tables["documents"]:
            (folder / f"{document['doc_id']}.txt").write_text(document["text"], encoding="utf-8", newline="")
            (folder / f"{document['doc_id']}.ann").write_text(brat_annotation(document["doc_id"], tables, names),
                                                              encoding="utf-8")
        (folder / "annotation.conf").write_text(BRAT_CONF.format(targets="|".join(names["target_id"])),
                                                encoding="utf-8")

    target = out_dir / "brat"
    replace_folder(target, fill)
    return target


def read_brat(path: Path) -> dict:
    """Parse one .ann file: text-bound annotations, events, attributes and notes by identifier."""
    parsed = {"T": {}, "E": {}, "A": {}, "#": {}}
    for line in path.read_text(encoding="utf-8").splitlines():
        identifier, rest = line.split("\t", 1)
        if identifier[0] == "T":
            kind_and_offsets, text = rest.split("\t")
            kind, start, end = kind_and_offsets.split(" ")
            parsed["T"][identifier] = (kind, int(start), int(end), text)
        elif identifier[0] == "E":
            parsed["E"][identifier] = dict(argument.split(":") for argument in rest.split(" "))
        elif identifier[0] == "A":
            name, owner, value = rest.split(" ")
            parsed["A"].setdefault(owner, {})[name] = value
        elif identifier[0] == "#":
            _, owner_and_note = rest.split(" ", 1)
            owner, note = owner_and_note.split("\t", 1)
            parsed["#"][owner] = note
    return parsed
