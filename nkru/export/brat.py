"""brat standoff (`brat/<doc_id>.txt` and `.ann`, plus `annotation.conf`) with every layer:
entity mentions typed by their fine label; TIMEX3 with type, value, mod, function and anchor in
AnnotatorNotes; stances as events triggered by their cue, with Holder and Target arguments and
Polarity, Attribution and TargetId attributes. The configuration is derived from the schema."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from nkru.atomic import checked_file_stem, replace_folder
from nkru.errors import ExportError
from nkru.export import ExportFormat
from nkru.schema import LAYER_BY_CONFIG

if TYPE_CHECKING:
    from nkru.corpus import Corpus

ENTITIES, STANCES = LAYER_BY_CONFIG["entities"], LAYER_BY_CONFIG["stances"]
TIMEX_TYPE = "TIMEX3"
STANCE_EVENT = "Stance"
TRIGGER_ROLE = "cue"
# The stances' label columns written as brat attributes, in this order.
STANCE_ATTRIBUTES = ("polarity", "attribution", "target_id")


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _role_type(role: str) -> str:
    return f"{STANCE_EVENT}{_camel(role)}"


def annotation_conf() -> str:
    """brat's annotation.conf for the layers this export writes, from their declarations."""
    entity_types = [*ENTITIES.labels("label"), TIMEX_TYPE, *(_role_type(span.role) for span in STANCES.spans)]
    arguments = ", ".join(f"{_camel(span.role)}{'?' if span.optional else ''}:{_role_type(span.role)}"
                          for span in STANCES.spans if span.role != TRIGGER_ROLE)
    attributes = [f"{_camel(column)}\tArg:{STANCE_EVENT}, Value:{'|'.join(STANCES.labels(column))}"
                  for column in STANCE_ATTRIBUTES]
    return ("[entities]\n" + "\n".join(entity_types) + "\n\n[relations]\n\n[events]\n"
            f"{STANCE_EVENT}\t{arguments}\n\n[attributes]\n" + "\n".join(attributes) + "\n")


def brat_annotation(doc_id: str, corpus: Corpus) -> str:
    """The .ann text of one document."""
    lines, next_id = [], {"T": 0, "E": 0, "A": 0, "#": 0}

    def new(kind: str) -> str:
        next_id[kind] += 1
        return f"{kind}{next_id[kind]}"

    def text_bound(kind: str, start: int, end: int, text: str) -> str:
        if "\n" in text:
            raise ExportError(f"{doc_id}: a span over a line break cannot be written as one brat annotation: {text!r}")
        identifier = new("T")
        lines.append(f"{identifier}\t{kind} {start} {end}\t{text}")
        return identifier

    for mention in corpus.rows_by_doc("entities").get(doc_id, []):
        text_bound(mention.label, mention.start, mention.end, mention.text)
    for timex in corpus.rows_by_doc("dates").get(doc_id, []):
        identifier = text_bound(TIMEX_TYPE, timex.start, timex.end, timex.text)
        note = (f"timex_id={timex.timex_id} type={timex.type} value={timex.value} mod={timex.mod or '-'} "
                f"function={timex.function} anchor={timex.anchor or '-'}")
        lines.append(f"{new('#')}\tAnnotatorNotes {identifier}\t{note}")
    for stance in corpus.rows_by_doc("stances").get(doc_id, []):
        bounds = {}
        # The declaration lists the trigger last; the files have always been written trigger first.
        for span in reversed(STANCES.spans):
            start = getattr(stance, span.start)
            if start is not None:
                bounds[span.role] = text_bound(_role_type(span.role), start, getattr(stance, span.end),
                                               getattr(stance, span.text))
        arguments = " ".join(f"{STANCE_EVENT if role == TRIGGER_ROLE else _camel(role)}:{identifier}"
                             for role, identifier in bounds.items())
        event = new("E")
        lines.append(f"{event}\t{arguments}")
        for column in STANCE_ATTRIBUTES:
            lines.append(f"{new('A')}\t{_camel(column)} {event} {getattr(stance, column)}")
        if stance.holder_entity_id:
            lines.append(f"{new('#')}\tAnnotatorNotes {event}\tholder_entity_id={stance.holder_entity_id}")
    return "\n".join(lines) + "\n"


def export_brat(corpus: Corpus, out_dir: Path) -> list[Path]:
    def fill(folder: Path) -> None:
        for document in corpus.documents:
            stem = checked_file_stem(document.doc_id, "doc_id")
            (folder / f"{stem}.txt").write_text(document.text, encoding="utf-8", newline="")
            (folder / f"{stem}.ann").write_text(brat_annotation(document.doc_id, corpus), encoding="utf-8")
        (folder / "annotation.conf").write_text(annotation_conf(), encoding="utf-8")

    target = out_dir / "brat"
    replace_folder(target, fill)
    return [target]


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


FORMAT = ExportFormat("brat", "standoff with entities, dates and stances",
                      ("documents", "entities", "dates", "stances"), export_brat, position=3)
