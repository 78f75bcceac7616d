"""TimeML (`timeml/<doc_id>.tml`): each document's text with its temporal expressions as inline
TIMEX3 elements, laid out as TempEval-3's `.tml` files are (DOCID, DCT, TITLE where the document
has one, TEXT).

- DCT: one TIMEX3 with tid `t0` (the document's `dct_timex_id`, `<doc_id>-t0`, without its
  document prefix), value the document's `dct` as given (a day, or only a month where no day could
  be inferred), type DATE, temporalFunction false, functionInDocument CREATION_TIME; its text is
  the dct string itself, since most texts print no date to copy.
- tid: the timex_id without its document prefix (`nkru-000-t007` -> `t007`), so that
  timex_id = `<doc_id>-<tid>`; the DCT's unpadded `t0` is never a row's tid.
- anchorTimeID, beginPoint, endPoint: the tids of `anchor_timex_id`, `begin_point`, `end_point`
  (`<doc_id>-t0` -> `t0`); the `anchor` column must agree with anchor_timex_id (`dct` is `t0`).
- temporalFunction is the `temporal_function` column; valueFromFunction holds the rule's name
  (`weekday_before` …, ANNOTATION_GUIDELINES.md), where TimeML 1.2.1 has the id of a function
  defined elsewhere: no such definitions are written.
- mod, quant and freq are written only when set; functionInDocument is the `function` column (the
  vocabularies are the same); note is TimeML's free-text `comment` attribute.
- TEXT holds the document text exactly: its text nodes, joined, give it back character for
  character (no whitespace is added inside TEXT; `\\r` is written as a character reference).

The header TIMEX of the texts that print ` date 2023-09 ` keeps its function CREATION_TIME, so
such a file has two CREATION_TIME TIMEX3: the header as printed and the DCT, which may be finer.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree
from xml.sax.saxutils import escape

from nkru.atomic import checked_file_stem, replace_folder
from nkru.errors import ExportError
from nkru.export import ExportFormat
from nkru.schema import DCT_ANCHOR, LAYER_BY_CONFIG, Document, Timex, dct_timex_id

if TYPE_CHECKING:
    from nkru.corpus import Corpus

TIMEML_FOLDER = "timeml"
DATES = LAYER_BY_CONFIG["dates"]
# XML 1.0 cannot carry these characters at all, escaped or not.
NOT_XML_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A parser turns a literal \r (and \r\n) into \n, and a literal \n or \t in an attribute into a space.
TEXT_ESCAPES = {"\r": "&#13;"}
ATTRIBUTE_ESCAPES = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def _xml_text(doc_id: str, value: str, escapes: dict[str, str]) -> str:
    found = NOT_XML_CHARACTERS.search(value)
    if found:
        raise ExportError(f"{doc_id}: expected text that XML 1.0 can carry, found {found.group()!r} in {value!r}")
    return escape(value, escapes)


def tid_of(timex: Timex) -> str:
    """The TimeML tid of a timex: its timex_id without the `<doc_id>-` prefix."""
    match = DATES.id_regex().fullmatch(timex.timex_id)
    if match is None or match["doc_id"] != timex.doc_id:
        raise ExportError(f"{timex.doc_id}: expected a timex id {timex.doc_id}-{DATES.id_prefix}<digits>, "
                          f"found {timex.timex_id!r}")
    return timex.timex_id.removeprefix(f"{timex.doc_id}-")


def _tid(doc_id: str, timex_id: str) -> str:
    return timex_id.removeprefix(f"{doc_id}-")


def _timex3(doc_id: str, attributes: dict[str, str | None], text: str) -> str:
    written = "".join(f' {name}="{_xml_text(doc_id, value, ATTRIBUTE_ESCAPES)}"'
                      for name, value in attributes.items() if value is not None)
    return f"<TIMEX3{written}>{_xml_text(doc_id, text, TEXT_ESCAPES)}</TIMEX3>"


def timeml_document(document: Document, timexes: list[Timex]) -> str:
    """The .tml text of one document and its timexes."""
    doc_id, text = document.doc_id, document.text
    if document.dct_timex_id != dct_timex_id(doc_id):
        raise ExportError(f"{doc_id}: expected the creation-time TIMEX3 id {dct_timex_id(doc_id)!r}, found "
                          f"{document.dct_timex_id!r}")
    tids = {timex.timex_id: tid_of(timex) for timex in timexes}
    tids[document.dct_timex_id] = _tid(doc_id, document.dct_timex_id)
    dct = _timex3(doc_id, {"tid": tids[document.dct_timex_id], "type": "DATE", "value": document.dct,
                           "temporalFunction": "false", "functionInDocument": "CREATION_TIME"}, document.dct)
    pieces, cursor = [], 0
    for timex in sorted(timexes, key=lambda timex: (timex.start, timex.end)):
        if timex.start < cursor:
            raise ExportError(f"{doc_id}: {timex.timex_id} overlaps the timex before it; inline TIMEX3 cannot nest")
        if text[timex.start:timex.end] != timex.text or timex.start >= timex.end:
            raise ExportError(f"{doc_id}: {timex.timex_id}: expected text[{timex.start}:{timex.end}] to be "
                              f"{timex.text!r}, found {text[timex.start:timex.end]!r}")
        anchor = document.dct_timex_id if timex.anchor == DCT_ANCHOR else timex.anchor
        if anchor is not None and anchor not in tids:
            raise ExportError(f"{doc_id}: {timex.timex_id}: expected an anchor {DCT_ANCHOR!r} or a timex id of the "
                              f"document, found {timex.anchor!r}")
        if timex.anchor_timex_id != anchor:
            raise ExportError(f"{doc_id}: {timex.timex_id}: expected anchor_timex_id {anchor!r} (its anchor "
                              f"{timex.anchor!r}), found {timex.anchor_timex_id!r}")
        points = {}
        for attribute, point in (("beginPoint", timex.begin_point), ("endPoint", timex.end_point)):
            if point is not None and point not in tids:
                raise ExportError(f"{doc_id}: {timex.timex_id}: expected {attribute} to name the dct or a timex of "
                                  f"the document, found {point!r}")
            points[attribute] = None if point is None else tids[point]
        pieces.append(_xml_text(doc_id, text[cursor:timex.start], TEXT_ESCAPES))
        pieces.append(_timex3(doc_id, {
            "tid": tids[timex.timex_id], "type": timex.type, "value": timex.value, "mod": timex.mod,
            "temporalFunction": "true" if timex.temporal_function else "false", "functionInDocument": timex.function,
            "anchorTimeID": None if anchor is None else tids[anchor], "valueFromFunction": timex.value_from_function,
            **points, "quant": timex.quant, "freq": timex.freq, "comment": timex.note}, timex.text))
        cursor = timex.end
    pieces.append(_xml_text(doc_id, text[cursor:], TEXT_ESCAPES))
    title = "" if document.title is None else f"<TITLE>{_xml_text(doc_id, document.title, TEXT_ESCAPES)}</TITLE>\n"
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<TimeML>\n<DOCID>{escape(doc_id)}</DOCID>\n'
            f"<DCT>{dct}</DCT>\n{title}<TEXT>{''.join(pieces)}</TEXT>\n</TimeML>\n")


def export_timeml(corpus: Corpus, out_dir: Path) -> list[Path]:
    timexes_by_doc = corpus.rows_by_doc("dates")

    def fill(folder: Path) -> None:
        for document in corpus.documents:
            path = folder / f"{checked_file_stem(document.doc_id, 'doc_id')}.tml"  # first: a doc_id naming no file
            path.write_text(timeml_document(document, timexes_by_doc.get(document.doc_id, [])), encoding="utf-8",
                            newline="")

    target = out_dir / TIMEML_FOLDER
    replace_folder(target, fill)
    return [target]


def read_timeml(path: Path) -> dict:
    """Parse one .tml file back: doc_id, the DCT's attributes, title, text and the timexes as rows
    (offsets counted over TEXT's text nodes; the inverse of the mapping above)."""
    root = ElementTree.parse(path).getroot()
    doc_id = root.findtext("DOCID")
    dct_tid = root.find("DCT/TIMEX3").get("tid")
    text_element = root.find("TEXT")
    text, timexes = text_element.text or "", []

    def timex_id(tid: str | None) -> str | None:
        return None if tid is None else f"{doc_id}-{tid}"

    for element in text_element:
        start = len(text)
        text += element.text or ""
        anchor_tid = element.get("anchorTimeID")
        timexes.append(Timex(
            doc_id=doc_id, timex_id=timex_id(element.get("tid")), start=start, end=len(text),
            text=element.text or "", type=element.get("type"), value=element.get("value"), mod=element.get("mod"),
            function=element.get("functionInDocument"),
            anchor=DCT_ANCHOR if anchor_tid == dct_tid else timex_id(anchor_tid), note=element.get("comment"),
            temporal_function=element.get("temporalFunction") == "true",
            value_from_function=element.get("valueFromFunction"), anchor_timex_id=timex_id(anchor_tid),
            begin_point=timex_id(element.get("beginPoint")), end_point=timex_id(element.get("endPoint")),
            quant=element.get("quant"), freq=element.get("freq")))
        text += element.tail or ""
    return {"doc_id": doc_id, "dct": root.find("DCT/TIMEX3").attrib, "dct_timex_id": timex_id(dct_tid),
            "title": root.findtext("TITLE"), "text": text, "timexes": timexes}


FORMAT = ExportFormat("timeml", "TimeML .tml files (TIMEX3 and the DCT, as in TempEval-3)", ("documents", "dates"),
                      export_timeml, position=5)
