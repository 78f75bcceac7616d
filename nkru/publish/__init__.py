"""Publishing: the generated parts of README.md (the card's YAML and the sections between
`generated` markers) and of DATASHEET.md, from the built corpus and the records beside it.

`publish` is the one writer of those two files. It reads the built tables through the corpus
reader, the annotation records (noise inventory, double annotation, model review), and the
stored benchmark and performance results; it computes no score and builds no table itself.
croissant.json and the figure are published by their own commands (nkru.publish.croissant,
nkru.publish.figures), each the one writer of its file.
"""

from __future__ import annotations

from pathlib import Path

from nkru.atomic import Staging
from nkru.corpus import Corpus
from nkru.evaluation.agreement import STANCES_1_1_DOUBLE_ANNOTATION_DIR
from nkru.evaluation.labels import alias_table_markdown, gliner_prompts_markdown
from nkru.evaluation.runs import default_runs_root, stored_records
from nkru.publish.agreement import (
    date_agreement_section,
    date_attribute_agreement_section,
    entity_agreement_section,
    link_agreement_section,
    stance_agreement_section,
)
from nkru.publish.benchmark import (
    benchmark_section,
    date_benchmark_section,
    stance_benchmark_section,
)
from nkru.publish.card import render_card
from nkru.publish.markdown import replace_sections
from nkru.publish.performance import performance_section
from nkru.publish.sections import (
    citation_section,
    configs_section,
    corpus_statistics_section,
    data_fields_section,
    data_instances_section,
    date_statistics_section,
    entity_statistics_section,
    ids_section,
    model_review_section,
    noise_section,
    stance_statistics_section,
    version_section,
)
from nkru.reader import read_corpus
from nkru.sources.noise import read_noise
from nkru.sources.review import read_review_files

README = "README.md"
DATASHEET = "DATASHEET.md"
PUBLISHED_DOCUMENTS = (README, DATASHEET)


def generated_sections(source_root: Path, corpus: Corpus) -> dict[str, dict[str, str]]:
    """document name -> {section name -> generated Markdown}, for the built `corpus` and the
    records and results below `source_root`."""
    configs, statistics = configs_section(corpus), corpus_statistics_section(corpus)
    link_agreement = link_agreement_section(source_root)
    benchmark = benchmark_section(stored_records(default_runs_root(source_root)))
    date_benchmark = date_benchmark_section(stored_records(default_runs_root(source_root), "dates"))
    stance_benchmark = stance_benchmark_section(stored_records(default_runs_root(source_root), "stances"))
    return {
        README: {
            "configs": configs,
            "ids": ids_section(corpus),
            "data-fields": data_fields_section(),
            "data-instances": data_instances_section(corpus),
            "corpus-statistics": statistics,
            "benchmark": benchmark,
            "date-benchmark": date_benchmark,
            "stance-benchmark": stance_benchmark,
            "link-agreement": link_agreement,
            "label-aliases": alias_table_markdown(),
            "gliner-prompts": gliner_prompts_markdown(),
            "performance": performance_section(source_root),
            "citation": citation_section(),
        },
        DATASHEET: {
            "configs": configs,
            "corpus-statistics": statistics,
            "noise": noise_section(read_noise(source_root, corpus.texts_by_doc)),
            "entity-statistics": entity_statistics_section(corpus),
            "entity-agreement": entity_agreement_section(source_root),
            "model-review": model_review_section(corpus),
            "date-statistics": date_statistics_section(corpus),
            "date-agreement": date_agreement_section(source_root),
            "date-attribute-agreement": date_attribute_agreement_section(source_root),
            "stance-statistics": stance_statistics_section(corpus),
            "stance-agreement": stance_agreement_section(source_root),
            "stance-agreement-1-1": stance_agreement_section(source_root, STANCES_1_1_DOUBLE_ANNOTATION_DIR),
            "link-agreement": link_agreement,
            "benchmark": benchmark,
            "date-benchmark": date_benchmark,
            "stance-benchmark": stance_benchmark,
            "version": version_section(),
        },
    }


def publish(source_root: Path, built_root: Path | None = None, staging: Staging | None = None) -> list[Path]:
    """Rewrite the generated parts of README.md and DATASHEET.md.

    The hand-written text is read from `source_root`, with the records and results beside it; the
    tables from `built_root` (default: `source_root`), where the two files are written, both or
    neither. With `staging` (`nkru build`'s, rooted at `built_root`), the tables are read from it,
    where the build staged them, and the two files are staged there too, for its commit.
    """
    built_root = source_root if built_root is None else built_root
    if staging is not None:
        return _stage_documents(source_root, staging.staged, staging)
    with Staging(built_root) as own_staging:
        _stage_documents(source_root, built_root, own_staging)
        return own_staging.commit()


def _stage_documents(source_root: Path, tables_root: Path, staging: Staging) -> list[Path]:
    corpus = read_corpus(tables_root)
    corpus.review = read_review_files(source_root)
    sections = generated_sections(source_root, corpus)
    for name in PUBLISHED_DOCUMENTS:
        text = replace_sections((source_root / name).read_text(encoding="utf-8"), sections[name], name)
        if name == README:
            text = render_card(text, corpus)
        staging.write_file(name, lambda path, text=text: path.write_text(text, encoding="utf-8"))
    return [staging.root / name for name in PUBLISHED_DOCUMENTS]
