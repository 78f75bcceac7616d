"""The run pages of the viewer (`nkru view --run NAME`): what a stored run got right and wrong,
drawn over the text of each document it was scored on, beside the gold viewer's pages.

`run-NAME.html` gives the run's scores and each document's count of every outcome kind;
`run-NAME-<doc_id>.html` marks every outcome in the text (a hit, a type or boundary error with
both the gold and the predicted span, a false positive, a false negative), has a checkbox per kind
that shows or hides its marks and its rows, and lists every error with its context. The pages join
a site that `write_site` wrote (they share its stylesheet and script and link to its pages).

Both sides are mapped into one profile (nkru.evaluation.scoring) before the outcomes are read
(nkru.evaluation.outcomes), document by document over whole spans.
"""

from __future__ import annotations

import re
from collections import Counter
from html import escape
from pathlib import Path

from nkru.atomic import write_files_atomically
from nkru.corpus import Corpus
from nkru.errors import ViewError
from nkru.evaluation.benchmark import gold_and_sentences
from nkru.evaluation.labels import LabelSet
from nkru.evaluation.outcomes import Outcome, OutcomeKind, profile_outcomes
from nkru.evaluation.predictions import Predictions
from nkru.evaluation.scoring import (
    MODES,
    Profile,
    profiles_for,
)
from nkru.view.marks import Mark, render_marked_text
from nkru.view.site import display_title, page_name

Span = tuple[int, int, str]

KIND_NAMES = {
    OutcomeKind.HIT: "hit",
    OutcomeKind.TYPE: "type error",
    OutcomeKind.BOUNDARY: "boundary error",
    OutcomeKind.BOUNDARY_AND_TYPE: "boundary and type error",
    OutcomeKind.FALSE_POSITIVE: "false positive",
    OutcomeKind.FALSE_NEGATIVE: "false negative",
}
KIND_DESCRIPTIONS = {
    OutcomeKind.HIT: "same offsets, same type",
    OutcomeKind.TYPE: "same offsets, another type",
    OutcomeKind.BOUNDARY: "overlapping offsets, same type",
    OutcomeKind.BOUNDARY_AND_TYPE: "overlapping offsets, another type",
    OutcomeKind.FALSE_POSITIVE: "a predicted span that overlaps no gold mention",
    OutcomeKind.FALSE_NEGATIVE: "a gold mention that no predicted span overlaps",
}
MODE_NAMES = {"strict": "strict", "exact": "exact", "partial": "partial", "ent_type": "type"}
CONTEXT_CHARACTERS = 40
WHITESPACE = re.compile(r"\s+")
# Among marks over the same characters the lower rank is drawn outside: an outcome around the
# gold and predicted extents of its boundary error.
MARK_RANK = {"outcome": 0, "gold": 1, "predicted": 2}


def run_page_name(run: str, doc_id: str | None = None) -> str:
    """`run-NAME.html`, the run's index, or `run-NAME-<doc_id>.html`, its page of a document."""
    try:
        return page_name(f"run-{run}" if doc_id is None else f"run-{run}-{doc_id}")
    except ViewError:
        raise ViewError(f"run {run!r} or document {doc_id!r} cannot name a page: expected letters, digits, "
                        "'.', '_' or '-'") from None


def view_profile(requested: str | None, label_set: LabelSet) -> Profile:
    """The profile asked for, by default the finest the run's labels express; one they cannot
    express is refused."""
    if requested is None:
        return Profile.FINE if label_set is LabelSet.FINE else Profile.CONLL
    if requested not in tuple(Profile):
        raise ViewError(f"unknown profile {requested!r}; expected one of {', '.join(Profile)}")
    profile = Profile(requested)
    if profile not in profiles_for(label_set):
        expressible = ", ".join(str(option) for option in profiles_for(label_set))
        raise ViewError(f"the run uses the {label_set} label set, which cannot express the {profile} profile; "
                        f"use --profile {expressible.replace(', ', ' or ')}")
    return profile


def outcomes_by_doc(gold_corpus: Corpus, predictions: Predictions, doc_ids: list[str], profile: Profile
                    ) -> dict[str, list[Outcome]]:
    """The outcomes of each document in `doc_ids`, gold and predicted spans both mapped into `profile`."""
    gold_by_doc, sentences, _ = gold_and_sentences(gold_corpus)
    unknown = [doc_id for doc_id in doc_ids if doc_id not in gold_by_doc]
    if unknown:
        raise ViewError(f"the run was scored on {', '.join(unknown)}, which the corpus does not have")
    found = profile_outcomes(gold_by_doc, sentences, predictions, profile)
    return {doc_id: found.get(doc_id, []) for doc_id in doc_ids}


def _span_text(text: str, span: Span) -> str:
    return text[span[0]:span[1]]


def _side_description(side: str, span: Span, text: str) -> str:
    return f"{side} {span[2]} «{_span_text(text, span)}» {span[0]}–{span[1]}"


def outcome_tip(outcome: Outcome, text: str) -> str:
    sides = [_side_description(side, span, text)
             for side, span in (("gold", outcome.gold), ("predicted", outcome.predicted)) if span is not None]
    return " · ".join([KIND_NAMES[outcome.kind], *sides])


def outcome_badge(outcome: Outcome) -> str:
    """The short label drawn after a mark: the type, or the gold type → the predicted one."""
    gold, predicted = outcome.gold, outcome.predicted
    if outcome.kind is OutcomeKind.HIT:
        return gold[2]
    if outcome.kind is OutcomeKind.FALSE_POSITIVE:
        return f"+{predicted[2]}"
    if outcome.kind is OutcomeKind.FALSE_NEGATIVE:
        return f"−{gold[2]}"
    labels = predicted[2] if gold[2] == predicted[2] else f"{gold[2]}→{predicted[2]}"
    return labels + (" bounds" if outcome.kind in (OutcomeKind.BOUNDARY, OutcomeKind.BOUNDARY_AND_TYPE) else "")


def _outcome_id(number: int) -> str:
    return f"outcome-{number}"


def outcome_marks(outcomes: list[Outcome], text: str) -> list[Mark]:
    """One mark per outcome over its gold and predicted spans together; a boundary error also
    marks each side's own extent inside it."""
    marks = []
    for number, outcome in enumerate(outcomes):
        kind = outcome.kind
        attributes = [("class", f"annotation outcome outcome-{kind}"), ("id", _outcome_id(number)),
                      ("data-outcome", str(kind))]
        for side, span in (("gold", outcome.gold), ("predicted", outcome.predicted)):
            if span is not None:
                attributes += [(f"data-{side}-label", span[2]), (f"data-{side}-start", str(span[0])),
                               (f"data-{side}-end", str(span[1]))]
        attributes += [("data-badge", outcome_badge(outcome)), ("data-tip", outcome_tip(outcome, text)),
                       ("tabindex", "0")]
        if kind is not OutcomeKind.HIT:
            attributes.append(("aria-describedby", f"row-{_outcome_id(number)}"))
        marks.append(Mark(outcome.start, outcome.end, MARK_RANK["outcome"], "mark", tuple(attributes)))
        if kind in (OutcomeKind.BOUNDARY, OutcomeKind.BOUNDARY_AND_TYPE):
            for side, span in (("gold", outcome.gold), ("predicted", outcome.predicted)):
                marks.append(Mark(span[0], span[1], MARK_RANK[side], "span", (
                    ("class", f"extent extent-{side}"), ("data-extent", side), ("data-extent-of", str(kind)))))
    return marks


def _context(text: str, start: int, end: int) -> str:
    left_start, right_end = max(start - CONTEXT_CHARACTERS, 0), min(end + CONTEXT_CHARACTERS, len(text))
    left = ("…" if left_start else "") + WHITESPACE.sub(" ", text[left_start:start])
    right = WHITESPACE.sub(" ", text[end:right_end]) + ("…" if right_end < len(text) else "")
    return (f'<span class="context-side">{escape(left)}</span><strong>{escape(text[start:end])}</strong>'
            f'<span class="context-side">{escape(right)}</span>')


def error_rows(outcomes: list[Outcome], text: str) -> list[str]:
    """A table row per error (every outcome but the hits), numbered as the marks are."""
    rows = []
    for number, outcome in enumerate(outcomes):
        if outcome.kind is OutcomeKind.HIT:
            continue
        sides = [(side, span) for side, span in (("gold", outcome.gold), ("predicted", outcome.predicted)) if span]
        offsets = "<br>".join(f"{side} {span[0]}–{span[1]}" for side, span in sides)
        surfaces = "<br>".join(f'{side} <span lang="fr">«{escape(_span_text(text, span))}»</span>'
                               for side, span in sides)
        gold_label = outcome.gold[2] if outcome.gold else ""
        predicted_label = outcome.predicted[2] if outcome.predicted else ""
        rows.append(
            f'<tr id="row-{_outcome_id(number)}" data-outcome="{outcome.kind}">'
            f'<td><a href="#{_outcome_id(number)}">{KIND_NAMES[outcome.kind]}</a></td>'
            f'<td class="offsets">{offsets}</td><td>{surfaces}</td>'
            f"<td>{escape(gold_label)}</td><td>{escape(predicted_label)}</td>"
            f'<td class="context" lang="fr">{_context(text, outcome.start, outcome.end)}</td></tr>\n'
        )
    return rows


def _page(title: str, run: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{escape(title)}</title>\n<link rel=\"stylesheet\" href=\"viewer.css\">\n"
        "<script src=\"viewer.js\" defer></script>\n</head>\n<body class=\"run-page\">\n"
        f"{body}"
        f"<footer><p>Generated by <code>nkru view --run {escape(run)}</code> from the NKRU-fr Parquet tables and "
        "the stored run.</p></footer>\n</body>\n</html>\n"
    )


def _kind_filter(counts: Counter) -> str:
    boxes = "".join(
        f'<label><input type="checkbox" id="show-{kind}" data-outcome-filter="{kind}" checked> '
        f'<span class="swatch outcome-{kind}">{KIND_NAMES[kind]}</span> (<span class="count">{counts[kind]}</span>)'
        "</label>\n"
        for kind in OutcomeKind
    )
    # Hidden until viewer.js runs: the checkboxes act through the script, and the table lists
    # every error without it.
    return f'<fieldset class="outcomes" hidden>\n<legend>Show outcomes</legend>\n{boxes}</fieldset>\n'


def _legend() -> str:
    items = "".join(f'<li><mark class="swatch outcome-{kind}">{KIND_NAMES[kind]}</mark> {KIND_DESCRIPTIONS[kind]}</li>\n'
                    for kind in OutcomeKind)
    return (
        '<section class="legend" aria-labelledby="legend-title">\n<h2 id="legend-title">Legend</h2>\n'
        f'<ul class="legend-other">\n{items}'
        '<li>A mark covers the gold and the predicted span together; in a boundary error the '
        '<span class="extent extent-gold">gold extent</span> is underlined and the '
        '<span class="extent extent-predicted">predicted extent</span> overlined. The badge gives the type, '
        "gold → predicted where they differ; + a false positive's type, − a false negative's.</li>\n"
        "<li>Every mark can be focused with the Tab key; its spans and types show on hover or focus.</li>\n"
        "</ul>\n</section>\n"
    )


def document_page(run: str, profile: Profile, doc_id: str, title: str | None, text: str, outcomes: list[Outcome]
                  ) -> str:
    """The page of one document: its text with every outcome marked, the filter and the error table."""
    counts = Counter(outcome.kind for outcome in outcomes)
    headline = f' <span lang="fr">{escape(title)}</span>' if title else ""
    errors = error_rows(outcomes, text)
    body = (
        '<a class="skip" href="#text">Skip to the text</a>\n<header>\n'
        f'<nav><a href="{run_page_name(run)}">Run {escape(run)}</a> · '
        f'<a href="{page_name(doc_id)}">gold annotations of {escape(doc_id)}</a> · '
        '<a href="index.html">all documents</a></nav>\n'
        f'<h1><code>{escape(doc_id)}</code>{headline}</h1>\n'
        f'<p class="meta">Run <code>{escape(run)}</code> against the gold in the <code>{profile}</code> profile: '
        f"{counts[OutcomeKind.HIT]} hits, {len(errors)} errors.</p>\n</header>\n<main>\n"
        + _kind_filter(counts)
        + _legend()
        + f'<div id="text" class="text run-text" lang="fr" data-outcome-filtered>'
          f"{render_marked_text(text, outcome_marks(outcomes, text))}</div>\n"
        + '<section id="error-table" aria-labelledby="errors-title">\n'
          f'<h2 id="errors-title">Errors ({len(errors)})</h2>\n<table id="errors" data-outcome-filtered>\n'
          "<thead><tr><th>Kind</th><th>Offsets</th><th>Text</th><th>Gold type</th><th>Predicted type</th>"
          f'<th>Context</th></tr></thead>\n<tbody>\n{"".join(errors)}</tbody>\n</table>\n</section>\n'
        + "</main>\n"
    )
    return _page(f"{doc_id} · run {run} · NKRU-fr", run, body)


def _interval(values: list[float] | None) -> str:
    if values is None:
        return "–"
    return f"[{values[0]:.3f}, {values[1]:.3f}]"


def _described(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {item}" for key, item in value.items())
    return str(value)


def _score_tables(record: dict, profile: Profile) -> str:
    scores = record.get("profiles", {}).get(str(profile))
    if scores is None:
        raise ViewError(f"the run's results hold no scores in the {profile} profile "
                        f"(profiles: {', '.join(record.get('profiles', {})) or 'none'})")
    rows = []
    for mode in MODES:
        entry = scores["ALL"][mode]
        rows.append(
            f'<tr data-mode="{mode}"><th scope="row">{MODE_NAMES[mode]}</th>'
            f'<td class="count">{entry["precision"]:.3f}</td><td class="count">{entry["recall"]:.3f}</td>'
            f'<td class="count" data-f1>{entry["f1"]:.3f}</td><td class="count">{_interval(entry["f1_ci95"])}</td>'
            + "".join(f'<td class="count">{entry[category]}</td>'
                      for category in ("correct", "incorrect", "partial", "missed", "spurious"))
            + "</tr>\n"
        )
    label_rows = []
    label_counts = record.get("counts", {}).get(str(profile), {})
    for label, modes in scores.items():
        if label == "ALL":
            continue
        entry = modes["strict"]
        counted = label_counts.get(label, {})
        label_rows.append(
            f'<tr data-label="{escape(label)}"><th scope="row">{escape(label)}</th>'
            f'<td class="count">{counted.get("gold", "")}</td><td class="count">{counted.get("predicted", "")}</td>'
            f'<td class="count">{entry["precision"]:.3f}</td><td class="count">{entry["recall"]:.3f}</td>'
            f'<td class="count">{entry["f1"]:.3f}</td><td class="count">{_interval(entry["f1_ci95"])}</td></tr>\n'
        )
    bootstrap = record.get("bootstrap", {})
    interval_note = (f"95% intervals from {bootstrap['replicates']} bootstrap resamples of the "
                     f"{bootstrap.get('sentences', '')} sentences" if "replicates" in bootstrap else "95% intervals")
    return (
        f'<table class="scores">\n<caption>All types, by mode ({escape(interval_note)})</caption>\n'
        "<thead><tr><th>Mode</th><th>Precision</th><th>Recall</th><th>F1</th><th>F1 95% CI</th><th>Correct</th>"
        "<th>Incorrect</th><th>Partial</th><th>Missed</th><th>Spurious</th></tr></thead>\n"
        f'<tbody>\n{"".join(rows)}</tbody>\n</table>\n'
        '<table class="scores">\n<caption>Each type, strict mode</caption>\n'
        "<thead><tr><th>Type</th><th>Gold</th><th>Predicted</th><th>Precision</th><th>Recall</th><th>F1</th>"
        "<th>F1 95% CI</th></tr></thead>\n"
        f'<tbody>\n{"".join(label_rows)}</tbody>\n</table>\n'
    )


def index_page(run: str, record: dict, profile: Profile, label_set: LabelSet, titles: dict[str, str],
               outcomes: dict[str, list[Outcome]]) -> str:
    facts = [(key, _described(value)) for key, value in record.get("run", {}).items() if value not in (None, "", [])]
    facts += [("label set", str(label_set)), ("profile", str(profile)),
              ("scope", record.get("scope", {}).get("description", f"{len(outcomes)} documents"))]
    other_profiles = [str(option) for option in profiles_for(label_set) if option is not profile]
    if other_profiles:
        facts.append(("other profiles", ", ".join(f"--profile {option}" for option in other_profiles)))
    described = "".join(f"<dt>{escape(str(key))}</dt><dd>{escape(value)}</dd>\n" for key, value in facts)
    rows = []
    totals = Counter()
    for doc_id, found in outcomes.items():
        counts = Counter(outcome.kind for outcome in found)
        totals.update(counts)
        cells = "".join(f'<td class="count" data-outcome="{kind}">{counts[kind]}</td>' for kind in OutcomeKind)
        rows.append(
            f'<tr data-doc="{escape(doc_id)}"><td><a href="{run_page_name(run, doc_id)}"><code>{escape(doc_id)}</code>'
            f'</a></td><td lang="fr">{escape(titles[doc_id])}</td>{cells}'
            f'<td class="count">{len(found) - counts[OutcomeKind.HIT]}</td>'
            f'<td><a href="{page_name(doc_id)}">gold</a></td></tr>\n'
        )
    total_cells = "".join(f'<td class="count" data-outcome="{kind}">{totals[kind]}</td>' for kind in OutcomeKind)
    total_errors = sum(totals.values()) - totals[OutcomeKind.HIT]
    headers = "".join(f"<th>{KIND_NAMES[kind]}</th>" for kind in OutcomeKind)
    body = (
        "<header>\n<nav><a href=\"index.html\">All documents</a></nav>\n"
        f"<h1>Run <code>{escape(run)}</code> against the gold</h1>\n"
        f'<dl class="run-facts">\n{described}</dl>\n</header>\n<main>\n'
        + _score_tables(record, profile)
        + '<table class="documents run-documents">\n<caption>Outcomes per document (open one to see them in the '
          "text)</caption>\n"
          f"<thead><tr><th>Document</th><th>Title</th>{headers}<th>Errors</th><th>Gold page</th></tr></thead>\n"
          f'<tbody>\n{"".join(rows)}</tbody>\n'
          f'<tfoot><tr><th scope="row" colspan="2">Run</th>{total_cells}<td class="count">{total_errors}</td>'
          "<td></td></tr></tfoot>\n</table>\n"
        + '<p class="meta">The outcomes are read document by document over whole spans; the scores above are '
          "nervaluate's, sentence by sentence, so a span that crosses a sentence boundary can count differently "
          "in the two.</p>\n</main>\n"
    )
    return _page(f"Run {run} · NKRU-fr", run, body)


def run_pages(gold_corpus: Corpus, run: str, record: dict, predictions: Predictions, profile: str | None
              ) -> dict[str, str]:
    """File name -> content of the run's pages, its index first."""
    label_set = LabelSet(record.get("predictions", {}).get("label_set", predictions.label_set))
    chosen = view_profile(profile, label_set)
    doc_ids = list(record.get("scope", {}).get("doc_ids", predictions.scope.doc_ids))
    outcomes = outcomes_by_doc(gold_corpus, predictions, doc_ids, chosen)
    titles = {document.doc_id: display_title(document) for document in gold_corpus.documents}
    texts = gold_corpus.texts_by_doc
    pages = {run_page_name(run): index_page(run, record, chosen, label_set, titles, outcomes)}
    headlines = {document.doc_id: document.title for document in gold_corpus.documents}
    for doc_id, found in outcomes.items():
        pages[run_page_name(run, doc_id)] = document_page(run, chosen, doc_id, headlines[doc_id], texts[doc_id],
                                                          found)
    return pages


def write_run_pages(gold_corpus: Corpus, run: str, record: dict, predictions: Predictions, profile: str | None,
                    out_dir: Path) -> list[Path]:
    """Write the run's pages into the viewer site `out_dir`, all or none; the paths, index first."""
    if not (out_dir / "index.html").is_file():
        raise ViewError(f"{out_dir} holds no viewer site; the run pages join one (write it first with "
                        f"nkru view --out {out_dir})")
    contents = {out_dir / name: content for name, content in run_pages(gold_corpus, run, record, predictions,
                                                                          profile).items()}
    write_files_atomically(contents)
    return list(contents)
