"""croissant.json: Croissant 1.1 metadata (with the Responsible-AI fields that apply) describing
every shipped Parquet file, its SHA-256 and its fields, built with mlcroissant from the schema
(needs the `test` extra's mlcroissant). `nkru croissant` writes it; a test validates it offline and
reads its records back against the Parquet files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from nkru import __version__
from nkru.errors import NkruError
from nkru.schema import CONFIG_FILES, LAYER_BY_CONFIG, Labels, ListOf, Scalar

CROISSANT_FILE = "croissant.json"
# The licence in two parts (LICENSE.md, whose name the card's `license_name` gives): CC BY 4.0 for what
# the project made; for the source texts, nothing, since their publishers' rights are not cleared.
LICENCE_NAME = "nkru-fr-mixed"
LICENCE_FILE = "LICENSE.md"
CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"
# The release is cited by its year alone (README.md, "Citation"); the project declares no day.
RELEASE_YEAR = "2026"
RAI = {
    "data_collection": "Five French news reports (July–September 2023) on the North Korea–Russia military "
                       "rapprochement, received as plain-text files and shipped byte for byte; no new text was "
                       "collected. Provenance, dates and noise are documented per document in DATASHEET.md.",
    "data_collection_type": ["Secondary Data Analysis"],
    "data_collection_timeframe": ["2023-07-28", "2023-09-17"],
    "data_preprocessing_protocol": ["None: texts are kept byte for byte, translation noise and web boilerplate "
                                    "included; a regex tokenizer and sentence splitter derive the ner config."],
    "data_annotation_protocol": ["Span annotation of named entities (9 types), TimeML TIMEX3 dates and stances, "
                                 "following ANNOTATION_GUIDELINES.md; each layer annotated twice independently, by "
                                 "two instances of a large language model, and every disagreement adjudicated with "
                                 "a recorded reason; agreement in DATASHEET.md."],
    "data_annotation_platform": ["Plain-text sources (quote + occurrence) located by code; no annotation tool."],
    "annotations_per_item": "2 independent annotations per layer, then adjudication",
    "annotator_demographics": ["Both annotators are instances of a large language model acting as annotators; no "
                               "human annotator demographics apply."],
    "machine_annotation_tools": ["A large language model: both annotators of every layer were instances of it",
                                 "spaCy fr_core_news_sm and fr_core_news_md 3.8.0, for the recall review only"],
    "data_biases": ["Five reports, all on one topic and period, several translated from other languages; Korean and "
                    "Russian voices appear only through Western and state-media reporting."],
    "data_limitations": ["Too small to train a model; a test set for French NER, TIMEX3 and stance on news about "
                         "North Korea and Russia. Publishers' rights to the texts are not cleared."],
    "data_use_cases": ["Evaluating French NER, temporal-expression and stance systems; studying annotation of noisy "
                       "translated news."],
    "data_social_impact": "Describes political and military events; stances are annotated as expressed in the "
                          "texts, not endorsed.",
    "personal_sensitive_information": ["Names of public figures (heads of state, ministers, officials, experts) as "
                                       "reported in the press; no private individuals."],
    "data_release_maintenance_plan": "Maintained in the project repository; errors are fixed through issues and "
                                     "each release is rebuilt from the editable sources.",
}


def _field(mlc, config: str, name: str, kind, file_id: str):
    array = isinstance(kind, ListOf)
    inner = kind.item if array else kind
    if isinstance(inner, Labels):
        data_type, description = mlc.DataType.INTEGER, f"index into {list(inner.names)}"
    elif isinstance(inner, Scalar) and inner.dtype.startswith("int"):
        data_type, description = mlc.DataType.INTEGER, inner.dtype
    elif isinstance(inner, Scalar) and inner.dtype == "string":
        data_type, description = mlc.DataType.TEXT, "string"
    elif isinstance(inner, Scalar) and inner.dtype == "bool":
        data_type, description = mlc.DataType.BOOL, "bool"
    else:
        raise NkruError(f"{config}.{name}: no Croissant type for {kind!r}")
    return mlc.Field(
        id=f"{config}/{name}", name=name, description=description, data_types=[data_type],
        is_array=array or None, array_shape="-1" if array else None,
        source=mlc.Source(file_object=file_id, extract=mlc.Extract(column=name)),
        references=_references(mlc, config, name),
    )


def _key(config: str) -> list[str]:
    """The field that identifies a record set's records: its layer's id column."""
    return [f"{config}/{LAYER_BY_CONFIG[config].id_column}"]


def _references(mlc, config: str, column: str):
    """The id field a column points to, from its layer's declared links (an empty Source if none).

    A link within one layer (a timex's `anchor`, `anchor_timex_id`, `begin_point`, `end_point`) is left out:
    it also holds `dct` or the document's creation-time TIMEX3 id, which is no row of the layer."""
    for link in LAYER_BY_CONFIG[config].links:
        if link.column == column and link.layer != config:
            return mlc.Source(field=f"{link.layer}/{LAYER_BY_CONFIG[link.layer].id_column}")
    return mlc.Source()


def _licences(mlc) -> list:
    """The licence's two parts, so that CC BY 4.0 is never read as covering the source texts."""
    return [
        mlc.CreativeWork(name="CC-BY-4.0", url=CC_BY_4,
                         description=f"The annotations, code and documentation ({LICENCE_NAME}, {LICENCE_FILE}); "
                                     "not the source texts."),
        mlc.CreativeWork(name="Source texts: rights not cleared",
                         description="The five source texts are third-party news reports, some of them translations "
                                     "of agency copy. Their publishers' and translators' rights are not cleared by "
                                     "this package: users may not assume a licence to republish, redistribute outside "
                                     f"research, or commercially exploit them ({LICENCE_NAME}, {LICENCE_FILE})."),
    ]


def _with_release_year(jsonld: dict) -> dict:
    """The JSON-LD with `datePublished` as the cited year: mlcroissant would write the year's 1 January,
    a day the project never declared."""
    return {key: RELEASE_YEAR if key == "datePublished" else value for key, value in jsonld.items()}


def _file(mlc, config: str, file_id: str, relative: str, corpus_root: Path):
    """A config's Parquet file, or (a sharded layer) the set of its per-document files."""
    if LAYER_BY_CONFIG[config].sharded:
        return mlc.FileSet(id=file_id, name=file_id, includes=[relative], encoding_formats=["application/x-parquet"])
    return mlc.FileObject(id=file_id, name=file_id, content_url=relative, encoding_formats=["application/x-parquet"],
                          sha256=hashlib.sha256((corpus_root / relative).read_bytes()).hexdigest())


def croissant_metadata(corpus_root: Path) -> dict:
    try:
        import mlcroissant as mlc
    except ImportError as error:
        raise NkruError("croissant.json needs mlcroissant: pip install '.[test]'") from error
    files, record_sets = [], []
    for config, relative in CONFIG_FILES.items():
        file_id = f"{config}-parquet"
        files.append(_file(mlc, config, file_id, relative, corpus_root))
        record_sets.append(mlc.RecordSet(id=config, name=config, key=_key(config), fields=[
            _field(mlc, config, name, kind, file_id) for name, kind in LAYER_BY_CONFIG[config].kinds.items()]))
    metadata = mlc.Metadata(
        name="NKRU-fr",
        description="Five French news reports (July–September 2023) on the military rapprochement between North "
                    "Korea and Russia, with named-entity, TIMEX3 date and stance annotations.",
        conforms_to="http://mlcommons.org/croissant/1.1",
        in_language=["fr"],
        license=_licences(mlc),
        version=__version__,
        date_published=RELEASE_YEAR,
        cite_as="NKRU-fr: a French news corpus on the North Korea–Russia rapprochement (2023), annotated for "
                f"entities, dates and stances. Version {__version__}.",
        keywords=["named entity recognition", "TimeML", "stance", "French", "news"],
        distribution=files, record_sets=record_sets, **RAI,
    )
    return _with_release_year(metadata.to_json())


def write_croissant(corpus_root: Path) -> Path:
    from nkru.atomic import write_atomically

    target = corpus_root / CROISSANT_FILE
    write_atomically(target, json.dumps(croissant_metadata(corpus_root), ensure_ascii=False, indent=1) + "\n")
    return target
