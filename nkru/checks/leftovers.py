"""Leftovers of an interrupted write: the staging folder of a build killed before it finished, and
the temporary files and folders of the atomic writers (nkru.atomic), in the folders the build
writes. A few directory listings; nothing is read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from nkru.atomic import STAGING_FOLDER, TEMPORARY_NAME, staging_state
from nkru.checks.findings import Finding
from nkru.corpus import Corpus
from nkru.schema import LAYERS

# The folders the build writes into (the corpus root, dataset/, annotations/, a sharded layer's
# folder), relative to the corpus root.
WRITTEN_FOLDERS = sorted({"."} | {str(PurePosixPath(layer.file).parent) for layer in LAYERS} |
                         {layer.file for layer in LAYERS if layer.sharded})


def build_leftovers(corpus: Corpus) -> Iterator[Finding]:
    """A staging folder (`nkru build` finishes a committed one and deletes an uncommitted one) and
    every temporary `.<name>.<random>` or `.<folder>.old` beside the corpus files."""
    if corpus.root is None:
        return
    state = staging_state(corpus.root)
    if state == "committed":
        yield Finding("build_leftovers", STAGING_FOLDER, "", "", "an interrupted build left its staging folder, "
                      "committed: the files may be part old, part new until `nkru build` finishes swapping the new "
                      "ones in", str(corpus.root / STAGING_FOLDER))
    elif state == "uncommitted":
        yield Finding("build_leftovers", STAGING_FOLDER, "", "", "an interrupted build left its staging folder, "
                      "uncommitted: `nkru build` deletes it and leaves the files as they are",
                      str(corpus.root / STAGING_FOLDER))
    for folder in WRITTEN_FOLDERS:
        directory = corpus.root / folder
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if TEMPORARY_NAME.fullmatch(path.name):
                yield Finding("build_leftovers", folder, "", "", "an interrupted write left a temporary "
                              f"{'folder' if path.is_dir() else 'file'} (delete it)", path.name)
