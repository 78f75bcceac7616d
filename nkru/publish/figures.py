"""The datasheet's figure: entity mentions per fine type and document (needs the `docs` extra).

The counts plotted are also written into the PNG as a tEXt chunk (`nkru-counts`, JSON), so a test
can check the committed figure against the data without matplotlib.
"""

from __future__ import annotations

import json
import struct
import zlib
from collections import Counter
from pathlib import Path

from nkru.corpus import Corpus
from nkru.errors import NkruError
from nkru.schema import ENTITY_LABELS

FIGURE = "docs/label_distribution.png"
COUNTS_KEY = "nkru-counts"


def label_counts(corpus: Corpus) -> dict[str, dict[str, int]]:
    """doc_id -> fine label -> mentions, every label present (zeros included)."""
    counts = Counter((mention.doc_id, mention.label) for mention in corpus.mentions)
    return {document.doc_id: {label: counts[(document.doc_id, label)] for label in ENTITY_LABELS}
            for document in corpus.documents}


def draw_label_distribution(corpus: Corpus, target: Path) -> Path:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as error:
        raise NkruError("the figure needs matplotlib: pip install '.[docs]'") from error
    from nkru.atomic import replace_file

    counts = label_counts(corpus)
    doc_ids = list(counts)
    figure, axes = plt.subplots(figsize=(10, 4.5), dpi=100)
    bottoms = [0] * len(doc_ids)
    for label in ENTITY_LABELS:
        heights = [counts[doc_id][label] for doc_id in doc_ids]
        axes.bar(doc_ids, heights, bottom=bottoms, label=label)
        bottoms = [bottom + height for bottom, height in zip(bottoms, heights)]
    axes.set_ylabel("entity mentions")
    axes.set_title("NKRU-fr: entity mentions per fine type and document")
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", title="fine type")
    figure.tight_layout()
    metadata = {"Software": None, COUNTS_KEY: json.dumps(counts, sort_keys=True)}
    replace_file(target, lambda path: figure.savefig(path, format="png", metadata=metadata))
    plt.close(figure)
    return target


def png_text_chunks(path: Path) -> dict[str, str]:
    """The tEXt chunks of a PNG file (keyword -> text)."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise NkruError(f"{path} is not a PNG file")
    chunks, position = {}, 8
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"tEXt":
            keyword, _, text = body.partition(b"\x00")
            chunks[keyword.decode("latin-1")] = text.decode("latin-1")
        elif kind == b"zTXt":
            keyword, _, rest = body.partition(b"\x00")
            chunks[keyword.decode("latin-1")] = zlib.decompress(rest[1:]).decode("latin-1")
        position += 12 + length
    return chunks
