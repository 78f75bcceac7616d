"""Writing files so that a failure never leaves a half-written one: through a temporary file in
the same folder, renamed into place."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from nkru.errors import NkruError


def replace_file(target: Path, write) -> None:
    """Call `write(temporary_path)` on a temporary file beside `target`, then rename it into place."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        os.close(handle)
    except OSError as error:
        raise NkruError(f"cannot write into {target.parent} ({error})") from error
    try:
        write(Path(temporary))
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would make shipped files private
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_atomically(target: Path, content: str) -> None:
    """Write `content` (UTF-8) to `target` through a temporary file in the same folder."""
    replace_file(target, lambda path: path.write_text(content, encoding="utf-8"))
