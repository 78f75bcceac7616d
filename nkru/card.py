"""The generated part of the dataset card: the `configs` and `dataset_info` keys of README.md's YAML.

The rest of the YAML header (licence, tasks, …) and the card's body are written by hand; the build
replaces only these two keys, from the schema and the built tables.
"""

from __future__ import annotations

import re

import yaml

from nkru.errors import SourceError
from nkru.schema import CONFIG_FEATURES, CONFIG_FILES, SPLIT

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


def generated_metadata(split_sizes: dict[str, tuple[int, int]]) -> dict:
    """`configs` and `dataset_info` for every config, from the schema and each table's
    (row count, Arrow size in bytes)."""
    configs = [
        {"config_name": name, "data_files": [{"split": SPLIT, "path": CONFIG_FILES[name]}]}
        for name in CONFIG_FEATURES
    ]
    dataset_info = [
        {
            "config_name": name,
            "features": features._to_yaml_list(),
            "splits": [
                {"name": SPLIT, "num_bytes": split_sizes[name][1], "num_examples": split_sizes[name][0]}
            ],
        }
        for name, features in CONFIG_FEATURES.items()
    ]
    return {"configs": configs, "dataset_info": dataset_info}


def render_card(readme_text: str, split_sizes: dict[str, tuple[int, int]]) -> str:
    """README.md with its generated YAML keys replaced; everything else kept as it is."""
    header, body = split_card(readme_text)
    header.update(generated_metadata(split_sizes))
    dumped = yaml.safe_dump(header, sort_keys=False, allow_unicode=True, width=100)
    return f"---\n{dumped}---\n{body}"
