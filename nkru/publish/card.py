"""The generated part of the dataset card: the `configs` and `dataset_info` keys of README.md's YAML.

The rest of the YAML header (licence, tasks, …) and the card's body are written by hand; publishing
replaces only these two keys, from the schema and the built tables.
"""

from __future__ import annotations

import re

import yaml

from nkru.corpus import Corpus
from nkru.errors import SourceError
from nkru.features import features_of
from nkru.reader import read_fold_tables
from nkru.schema import (
    CONFIG_FILES,
    CONFIGS,
    DEFAULT_CONFIG,
    FOLD_CONFIGS,
    FOLD_LAYER,
    SPLIT,
    fold_documents,
    layer_of,
)

FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.DOTALL)


def split_card(readme_text: str) -> tuple[dict, str]:
    """The card's YAML header as a dict, and the Markdown body after it."""
    match = FRONT_MATTER.match(readme_text)
    if match is None:
        raise SourceError("README.md: expected a YAML header between two '---' lines at the top")
    try:
        header = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        raise SourceError(f"README.md: the YAML header does not parse ({error})") from error
    if not isinstance(header, dict):
        raise SourceError(f"README.md: the YAML header must be a mapping, got {type(header).__name__}")
    return header, readme_text[match.end():]


def generated_metadata(corpus: Corpus) -> dict:
    """`configs` and `dataset_info` for every config and fold, from the schema and each built table's
    row count and Arrow size in bytes (as `datasets` reports them once it has read the file)."""
    configs = [{"config_name": name, "data_files": [{"split": SPLIT, "path": CONFIG_FILES[name]}],
                **({"default": True} if name == DEFAULT_CONFIG else {})} for name in CONFIGS]
    dataset_info = []
    for name in CONFIGS:
        table = corpus.arrow_table(name)
        dataset_info.append({
            "config_name": name,
            "features": features_of(name)._to_yaml_list(),
            "splits": [{"name": SPLIT, "num_bytes": table.nbytes, "num_examples": table.num_rows}],
        })
    doc_ids = sorted(set(corpus.arrow_table(FOLD_LAYER).column("doc_id").to_pylist()))
    layer = layer_of(FOLD_LAYER)
    for index, name in enumerate(FOLD_CONFIGS):
        splits = fold_documents(index, doc_ids)
        configs.append({"config_name": name, "data_files": [
            {"split": split, "path": [layer.shard(doc_id) for doc_id in documents]} for split, documents in splits.items()]})
        tables = read_fold_tables(corpus.root, name)
        dataset_info.append({"config_name": name, "features": features_of(FOLD_LAYER)._to_yaml_list(),
                             "splits": [{"name": split, "num_bytes": table.nbytes, "num_examples": table.num_rows}
                                        for split, table in tables.items()]})
    return {"configs": configs, "dataset_info": dataset_info}


def render_card(readme_text: str, corpus: Corpus) -> str:
    """README.md with its generated YAML keys replaced; everything else kept as it is."""
    header, body = split_card(readme_text)
    header.update(generated_metadata(corpus))
    dumped = yaml.safe_dump(header, sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{dumped}---\n{body}"
