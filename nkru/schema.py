"""Every shipped table's schema, declared once.

The builder writes these features into the Parquet files, the loader casts to them, the dataset
card's YAML is generated from them and the tests compare all three. Nothing here imports the rest
of the package.
"""

from __future__ import annotations

from types import MappingProxyType

from datasets import Features, Value

SPLIT = "test"

DOCUMENT_FEATURES = Features(
    {
        "doc_id": Value("string"),
        "text": Value("string"),
        "title": Value("string"),
        "dct": Value("string"),
        "dct_evidence": Value("string"),
        "dct_header": Value("string"),
        "source_file": Value("string"),
        "sha256": Value("string"),
        "char_count": Value("int32"),
    }
)

# config name -> its features, in the order the configs are presented.
CONFIG_FEATURES: MappingProxyType[str, Features] = MappingProxyType(
    {
        "documents": DOCUMENT_FEATURES,
    }
)

# config name -> its Parquet file, relative to the corpus root.
CONFIG_FILES: MappingProxyType[str, str] = MappingProxyType(
    {
        "documents": "dataset/documents.parquet",
    }
)
