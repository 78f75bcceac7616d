"""The static HTML viewer (`nkru view --out DIR`): an index of the documents and one page per
document with its entity mentions, temporal expressions and stances drawn over the text.

The site is plain files (pages, `viewer.css`, `viewer.js`) that load nothing from the network.
Pages read well without JavaScript: the layer toggles are checkboxes that CSS `:has()` acts on,
each annotation's details show on hover or keyboard focus through CSS, and the stance list and
the entity and date tables repeat everything as text. The script only links a stance in the list
to its spans in the text. The text container's text content is the document text, unchanged.
"""

from __future__ import annotations

import re
from collections import Counter
from html import escape
from pathlib import Path

from nkru.atomic import replace_folder
from nkru.corpus import Corpus
from nkru.errors import ViewError
from nkru.schema import (
    COARSE_BY_ENTITY_LABEL,
    ENTITY_LABELS,
    LAYER_BY_CONFIG,
    NIL_TITLE,
    Document,
    Mention,
    RegistryEntity,
    Stance,
    Timex,
    dct_timex_id,
)
from nkru.view.marks import Mark, render_marked_text
from nkru.wikipedia import article_address

STATIC_FOLDER = Path(__file__).parent / "static"
STATIC_FILES = ("viewer.css", "viewer.js")
VIEW_CONFIGS = ("documents", "entities", "entity_registry", "dates", "stances", "stance_targets")
# The span layers the pages draw over the text, each with a toggle (viewer.css hides each one).
DRAWN_LAYERS = ("entities", "dates", "stances")
PAGE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")

ENTITY_LABEL_NAMES = {
    "PER": "person", "ORG": "organisation", "GPE": "geopolitical entity", "LOC": "location",
    "FAC": "facility", "NORP": "nationality, religious or political group", "EVENT": "named event",
    "PRODUCT": "product", "WORK": "work of art or publication",
}
STANCE_ROLES = tuple(span.role for span in LAYER_BY_CONFIG["stances"].spans)
# Among marks over the same characters, the lower rank is drawn outside: a stance's boxes around
# the entity highlight they often coincide with.
MARK_RANK = {"target": 0, "holder": 1, "cue": 2, "entity": 3, "timex": 4}


def require_view_configs(corpus: Corpus) -> None:
    """The viewer draws these configs; each must be there, and every row must name a document."""
    missing = [config for config in VIEW_CONFIGS if not corpus.has(config)]
    if missing:
        raise ViewError(f"the viewer needs the configs {', '.join(VIEW_CONFIGS)}; missing: {', '.join(missing)}")
    doc_ids = set(corpus.texts_by_doc)
    for config in ("entities", "dates", "stances"):
        for row in corpus.rows(config):
            if row.doc_id not in doc_ids:
                raise ViewError(f"{config}: row for unknown document {row.doc_id!r}")


def registry_by_id(corpus: Corpus) -> dict[str, RegistryEntity]:
    return {entity.entity_id: entity for entity in corpus.registry}


def target_names(corpus: Corpus) -> dict[str, str]:
    return {target.target_id: target.name for target in corpus.stance_targets}


def page_name(doc_id: str) -> str:
    if not PAGE_NAME.fullmatch(doc_id):
        raise ViewError(f"doc_id {doc_id!r} cannot name a page: expected letters, digits, '.', '_' or '-'")
    return f"{doc_id}.html"


def display_title(document: Document) -> str:
    """The headline; a text without one (its `title` is null) is named by its doc_id."""
    return document.title or f"{document.doc_id} (no headline)"


def short_stance_id(stance: Stance) -> str:
    return stance.stance_id.removeprefix(f"{stance.doc_id}-")


def entity_tip(mention: Mention, registry: dict[str, RegistryEntity]) -> str:
    label = mention.label
    tip = f"{label} ({ENTITY_LABEL_NAMES[label]}; CoNLL {mention.coarse_label})"
    entity = registry.get(mention.entity_id)
    if entity is None:
        return f"{tip} · entity {mention.entity_id!r} is not in the registry"
    other_forms = [form for form in entity.surface_forms if form != mention.text]
    tip += f" · entity: {entity.canonical_name}"
    tip += f" · other forms: {', '.join(other_forms)}" if other_forms else " · no other surface form"
    tip += f" · {entity.mention_count} mentions in the corpus"
    if entity.wikipedia_title is None:
        return tip + " · Wikipedia: unconfirmed (the article could not be read)"
    return tip + (" · Wikipedia: NIL (no article)" if entity.wikipedia_title == NIL_TITLE
                  else f" · Wikipedia: {entity.wikipedia_title}")


def wikipedia_cell(entity: RegistryEntity | None) -> str:
    """An entity's link as a table cell: its English Wikipedia article, or NIL."""
    if entity is None:
        return "<td></td>"
    if entity.wikipedia_title is None:
        return '<td class="wikipedia unconfirmed">unconfirmed</td>'
    if entity.wikipedia_title == NIL_TITLE:
        return '<td class="wikipedia nil">NIL</td>'
    return (f'<td class="wikipedia"><a href="{escape(article_address(entity.wikipedia_title))}" lang="en" '
            f'rel="noopener">{escape(entity.wikipedia_title)}</a></td>')


def anchor_description(timex: Timex) -> str:
    if timex.anchor is None:
        return "none"
    if timex.anchor == "dct":
        return "document creation time"
    return timex.anchor.removeprefix(f"{timex.doc_id}-")


def point_description(timex: Timex, point: str) -> str:
    """A TIMEX3 id as the viewer names it: the document creation time, or the timex's short id."""
    return "document creation time" if point == dct_timex_id(timex.doc_id) else point.removeprefix(f"{timex.doc_id}-")


def timeml_attributes(timex: Timex) -> list[str]:
    """The TimeML attributes a timex sets beyond its type, value, mod and anchor, in words."""
    described = []
    if timex.temporal_function:
        described.append(f"temporal function: {timex.value_from_function or 'no rule'}")
    for name, point in (("begins", timex.begin_point), ("ends", timex.end_point)):
        if point is not None:
            described.append(f"{name}: {point_description(timex, point)}")
    described += [f"{name} {value}" for name, value in (("quant", timex.quant), ("freq", timex.freq)) if value]
    return described


def timex_tip(timex: Timex) -> str:
    tip = f"{timex.type} · value {timex.value}"
    if timex.mod:
        tip += f" · mod {timex.mod}"
    tip += f" · anchor: {anchor_description(timex)}"
    tip += "".join(f" · {attribute}" for attribute in timeml_attributes(timex))
    return tip + (f" · {timex.note}" if timex.note else "")


def holder_description(stance: Stance) -> str:
    return stance.holder_text if stance.holder_start is not None else "the author"


def stance_summary(stance: Stance, target_names: dict[str, str]) -> str:
    return (f"{short_stance_id(stance)}: {holder_description(stance)} → "
            f"{target_names.get(stance.target_id, stance.target_id)} · {stance.polarity} · "
            f"cue «{stance.cue_text}» · {stance.attribution}")


def document_marks(corpus: Corpus, doc_id: str, registry: dict[str, RegistryEntity],
                   names: dict[str, str]) -> list[Mark]:
    marks = []
    for mention in corpus.rows_by_doc("entities")[doc_id]:
        mention_id = mention.mention_id
        marks.append(Mark(mention.start, mention.end, MARK_RANK["entity"], "mark", (
            ("class", f"annotation entity label-{mention.label}"), ("id", mention_id),
            ("data-layer", "entity"), ("data-id", mention_id), ("data-label", mention.label),
            ("data-entity", mention.entity_id), ("data-tip", entity_tip(mention, registry)),
            ("tabindex", "0"), ("aria-describedby", f"row-{mention_id}"),
        )))
    for timex in corpus.rows_by_doc("dates")[doc_id]:
        timex_id = timex.timex_id
        marks.append(Mark(timex.start, timex.end, MARK_RANK["timex"], "span", (
            ("class", "annotation timex"), ("id", timex_id), ("data-layer", "timex"), ("data-id", timex_id),
            ("data-type", timex.type), ("data-value", timex.value), ("data-tip", timex_tip(timex)),
            ("tabindex", "0"), ("aria-describedby", f"row-{timex_id}"),
        )))
    for stance in corpus.rows_by_doc("stances")[doc_id]:
        stance_id = stance.stance_id
        summary = stance_summary(stance, names)
        for role in STANCE_ROLES:
            if getattr(stance, f"{role}_start") is None:
                continue
            marks.append(Mark(getattr(stance, f"{role}_start"), getattr(stance, f"{role}_end"), MARK_RANK[role],
                              "span", (
                ("class", f"annotation stance-role role-{role} polarity-{stance.polarity}"),
                ("id", f"{stance_id}-{role}"), ("data-layer", "stance"), ("data-stance", stance_id),
                ("data-role", role), ("data-badge", f"{short_stance_id(stance)} {role}"),
                ("data-tip", f"{role} of {summary}"), ("tabindex", "0"), ("aria-describedby", f"item-{stance_id}"),
            )))
    return marks


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{escape(title)}</title>\n<link rel=\"stylesheet\" href=\"viewer.css\">\n"
        "<script src=\"viewer.js\" defer></script>\n</head>\n<body>\n"
        f"{body}"
        "<footer><p>Generated by <code>nkru view</code> from the NKRU-fr Parquet tables.</p></footer>\n"
        "</body>\n</html>\n"
    )


def _layer_toggles(counts: dict[str, int]) -> str:
    labels = {config: LAYER_BY_CONFIG[config].title for config in DRAWN_LAYERS}
    boxes = "".join(
        f'<label><input type="checkbox" id="show-{layer}" checked> {labels[layer]} ({counts[layer]})</label>\n'
        for layer in labels
    )
    return f'<fieldset class="layers">\n<legend>Show layers</legend>\n{boxes}</fieldset>\n'


def _legend(label_counts: Counter) -> str:
    entity_items = "".join(
        f'<li><mark class="swatch label-{label}" data-label="{label}">{label}</mark> '
        f"{ENTITY_LABEL_NAMES[label]} ({COARSE_BY_ENTITY_LABEL[label]}): {label_counts[label]}</li>\n"
        for label in ENTITY_LABELS if label_counts[label]
    )
    return (
        '<section class="legend" aria-labelledby="legend-title">\n<h2 id="legend-title">Legend</h2>\n'
        f'<ul class="legend-entities layer-entities">\n{entity_items}</ul>\n'
        '<ul class="legend-other">\n'
        '<li class="layer-dates"><span class="swatch timex">underlined</span> temporal expression '
        "(TIMEX3); its type and normalised value show on hover or focus</li>\n"
        '<li class="layer-stances"><span class="swatch role-holder">solid box</span> stance holder, '
        '<span class="swatch role-target">dashed box</span> stance target, '
        '<span class="swatch role-cue">wavy underline</span> cue; colour by polarity: '
        '<span class="polarity polarity-FAVOR">FAVOR</span> <span class="polarity polarity-AGAINST">AGAINST</span> '
        '<span class="polarity polarity-NEUTRAL">NEUTRAL</span></li>\n'
        "<li>Every annotation can be focused with the Tab key; its details show on hover or focus.</li>\n"
        "</ul>\n</section>\n"
    )


def _stance_list(stances: list[Stance], target_names: dict[str, str]) -> str:
    items = []
    for stance in stances:
        stance_id, polarity = stance.stance_id, stance.polarity
        holder = (f'<a href="#{escape(stance_id)}-holder" lang="fr">{escape(stance.holder_text)}</a>'
                  if stance.holder_start is not None else "<em>the author</em>")
        target_name = target_names.get(stance.target_id, stance.target_id)
        items.append(
            f'<li id="item-{escape(stance_id)}" class="stance polarity-{polarity}" data-stance="{escape(stance_id)}">'
            f'<span class="stance-id">{escape(short_stance_id(stance))}</span> {holder} → '
            f'<a href="#{escape(stance_id)}-target" lang="fr">{escape(stance.target_text)}</a> '
            f'<span class="target-name">({escape(target_name)})</span> '
            f'<span class="polarity polarity-{polarity}">{polarity}</span> '
            f'cue <a href="#{escape(stance_id)}-cue" lang="fr">«{escape(stance.cue_text)}»</a> '
            f'<span class="attribution">{stance.attribution}</span></li>\n'
        )
    return (f'<section id="stances" class="layer-stances" aria-labelledby="stances-title">\n'
            f'<h2 id="stances-title">Stances ({len(stances)})</h2>\n'
            f'<ol class="stance-list">\n{"".join(items)}</ol>\n</section>\n')


def _entity_table(mentions: list[Mention], registry: dict[str, RegistryEntity]) -> str:
    rows = []
    for mention in mentions:
        mention_id = mention.mention_id
        entity = registry.get(mention.entity_id)
        canonical = entity.canonical_name if entity else f"{mention.entity_id} (not in the registry)"
        other_forms = [form for form in entity.surface_forms if form != mention.text] if entity else []
        rows.append(
            f'<tr id="row-{escape(mention_id)}"><td><a href="#{escape(mention_id)}" lang="fr">'
            f'{escape(mention.text)}</a></td><td>{mention.label}</td><td>{mention.coarse_label}</td>'
            f'<td lang="fr">{escape(canonical)}</td><td lang="fr">{escape(", ".join(other_forms))}</td>'
            f'{wikipedia_cell(entity)}</tr>\n'
        )
    return (f'<section id="entity-table" class="layer-entities" aria-labelledby="entity-table-title">\n'
            f'<h2 id="entity-table-title">Entity mentions ({len(mentions)})</h2>\n<table>\n'
            "<thead><tr><th>Mention</th><th>Type</th><th>CoNLL</th><th>Registry entity</th>"
            "<th>Other surface forms</th><th>Wikipedia</th></tr></thead>\n"
            f'<tbody>\n{"".join(rows)}</tbody>\n</table>\n</section>\n')


def _date_table(timexes: list[Timex]) -> str:
    rows = []
    for timex in timexes:
        timex_id = timex.timex_id
        rows.append(
            f'<tr id="row-{escape(timex_id)}"><td><a href="#{escape(timex_id)}" lang="fr">{escape(timex.text)}</a>'
            f'</td><td>{timex.type}</td><td><code>{escape(timex.value)}</code></td>'
            f'<td>{escape(timex.mod or "")}</td><td>{escape(anchor_description(timex))}</td>'
            f'<td>{escape(" · ".join(timeml_attributes(timex)))}</td><td>{escape(timex.note or "")}</td></tr>\n'
        )
    return (f'<section id="date-table" class="layer-dates" aria-labelledby="date-table-title">\n'
            f'<h2 id="date-table-title">Temporal expressions ({len(timexes)})</h2>\n<table>\n'
            "<thead><tr><th>Expression</th><th>Type</th><th>Value</th><th>Mod</th><th>Anchor</th>"
            "<th>TimeML attributes</th><th>Note</th></tr></thead>\n"
            f'<tbody>\n{"".join(rows)}</tbody>\n</table>\n</section>\n')


def document_page(corpus: Corpus, index: int, registry: dict[str, RegistryEntity],
                  names: dict[str, str]) -> str:
    document = corpus.documents[index]
    doc_id, text = document.doc_id, document.text
    mentions, timexes = corpus.rows_by_doc("entities")[doc_id], corpus.rows_by_doc("dates")[doc_id]
    stances = corpus.rows_by_doc("stances")[doc_id]
    navigation = ['<a href="index.html">All documents</a>']
    if index > 0:
        navigation.append(f'<a href="{page_name(corpus.documents[index - 1].doc_id)}" rel="prev">← previous</a>')
    if index + 1 < len(corpus.documents):
        navigation.append(f'<a href="{page_name(corpus.documents[index + 1].doc_id)}" rel="next">next →</a>')
    body = (
        '<a class="skip" href="#text">Skip to the text</a>\n<header>\n'
        f'<nav aria-label="Documents">{" · ".join(navigation)}</nav>\n'
        f'<h1 lang="fr">{escape(display_title(document))}</h1>\n'
        f'<p class="meta"><code>{escape(doc_id)}</code> · document date {escape(document.dct)} · '
        f'{document.char_count} characters · source file <code>{escape(document.source_file)}</code></p>\n'
        "</header>\n<main>\n"
        + _layer_toggles({"entities": len(mentions), "dates": len(timexes), "stances": len(stances)})
        + _legend(Counter(mention.label for mention in mentions))
        + f'<div id="text" class="text" lang="fr">{render_marked_text(text, document_marks(corpus, doc_id, registry, names))}</div>\n'
        + _stance_list(stances, names)
        + _entity_table(mentions, registry)
        + _date_table(timexes)
        + "</main>\n"
    )
    return _page(f"{doc_id} · NKRU-fr", body)


def index_page(corpus: Corpus) -> str:
    rows = []
    totals = Counter()
    for document in corpus.documents:
        doc_id = document.doc_id
        counts = {
            "characters": document.char_count,
            "mentions": len(corpus.rows_by_doc("entities")[doc_id]),
            "entities": len({mention.entity_id for mention in corpus.rows_by_doc("entities")[doc_id]}),
            "timexes": len(corpus.rows_by_doc("dates")[doc_id]),
            "stances": len(corpus.rows_by_doc("stances")[doc_id]),
        }
        totals.update(counts)
        cells = "".join(f'<td class="count" data-count="{name}">{value}</td>' for name, value in counts.items())
        rows.append(
            f'<tr data-doc="{escape(doc_id)}"><td><a href="{page_name(doc_id)}"><code>{escape(doc_id)}</code></a></td>'
            f'<td lang="fr">{escape(display_title(document))}</td><td class="date">{escape(document.dct)}</td>{cells}</tr>\n'
        )
    distinct_entities = len({mention.entity_id for mention in corpus.mentions})
    total_cells = "".join(
        f"<td class=\"count\">{distinct_entities if name == 'entities' else totals[name]}</td>"
        for name in ("characters", "mentions", "entities", "timexes", "stances")
    )
    body = (
        "<header>\n<h1>NKRU-fr</h1>\n<p>French news reports (July–September 2023) on the military "
        "rapprochement between North Korea and Russia, with named entities, temporal expressions and "
        "stances. Open a document to see its annotations over the text.</p>\n</header>\n<main>\n"
        '<table class="documents">\n<caption>Documents and their annotations</caption>\n'
        "<thead><tr><th>Document</th><th>Title</th><th>Date</th><th>Characters</th><th>Entity mentions</th>"
        "<th>Distinct entities</th><th>Temporal expressions</th><th>Stances</th></tr></thead>\n"
        f'<tbody>\n{"".join(rows)}</tbody>\n'
        f'<tfoot><tr><th scope="row" colspan="3">Corpus</th>{total_cells}</tr></tfoot>\n</table>\n</main>\n'
    )
    return _page("NKRU-fr · documents", body)


def site_pages(corpus: Corpus) -> dict[str, str]:
    """File name -> content, for every file of the site."""
    require_view_configs(corpus)
    registry, names = registry_by_id(corpus), target_names(corpus)
    pages = {"index.html": index_page(corpus)}
    for index, document in enumerate(corpus.documents):
        pages[page_name(document.doc_id)] = document_page(corpus, index, registry, names)
    for name in STATIC_FILES:
        pages[name] = (STATIC_FOLDER / name).read_text(encoding="utf-8")
    return pages


def write_site(corpus: Corpus, out_dir: Path) -> list[Path]:
    """Write the site into `out_dir`, replacing it whole; on failure `out_dir` is left as it was."""
    pages = site_pages(corpus)
    if out_dir.is_dir():
        foreign = sorted(path.name for path in out_dir.iterdir()
                         if not (path.is_file() and (path.suffix == ".html" or path.name in STATIC_FILES)))
        if foreign:
            raise ViewError(f"{out_dir} is not a viewer site (it holds {', '.join(foreign[:5])}); "
                            "the viewer replaces its folder whole, so give a new or empty folder")
    elif out_dir.exists():
        raise ViewError(f"{out_dir} exists and is not a folder")

    def fill(folder: Path) -> None:
        for name, content in pages.items():
            (folder / name).write_text(content, encoding="utf-8")

    replace_folder(out_dir, fill)
    return [out_dir / name for name in pages]
