"""Writing files and folders so that a failure never leaves a half-written one: through a
temporary file or folder beside the target, renamed into place."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from nkru.errors import NkruError

SAFE_FILE_STEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")


def checked_file_stem(name: str, what: str) -> str:
    """`name` if it can name a file inside an output folder: letters, digits, '.', '_' and '-',
    first a letter or digit (so no path separator, no '..', no hidden file); else a NkruError."""
    if not isinstance(name, str) or not SAFE_FILE_STEM.fullmatch(name):
        raise NkruError(f"{what} {name!r} cannot name a file: expected letters, digits, '.', '_' or '-', first a "
                        "letter or digit")
    return name


def _temporary_file_beside(target: Path) -> Path:
    """An empty temporary file in `target`'s folder (created if need be), for a rename into place."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        os.close(handle)
    except OSError as error:
        raise NkruError(f"cannot write into {target.parent} ({error})") from error
    return Path(temporary)


def replace_file(target: Path, write) -> None:
    """Call `write(temporary_path)` on a temporary file beside `target`, then rename it into place."""
    temporary = _temporary_file_beside(target)
    try:
        try:
            write(temporary)
        except OSError as error:
            raise NkruError(f"cannot write {target} ({error}); it is left as it was") from error
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would make shipped files private
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_atomically(target: Path, content: str) -> None:
    """Write `content` (UTF-8) to `target` through a temporary file in the same folder."""
    replace_file(target, lambda path: path.write_text(content, encoding="utf-8"))


def write_files_atomically(contents: dict[Path, str]) -> None:
    """Write several files (UTF-8) so that either all are replaced or none: every temporary file
    is written first, then all are renamed into place."""
    temporaries: dict[Path, Path] = {}
    try:
        for target, content in contents.items():
            temporaries[target] = _temporary_file_beside(target)
            try:
                temporaries[target].write_text(content, encoding="utf-8")
            except OSError as error:
                raise NkruError(f"cannot write {target} ({error}); nothing was written") from error
            os.chmod(temporaries[target], 0o644)
        for target, temporary in temporaries.items():
            os.replace(temporary, target)
    finally:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)


def replace_folder(target: Path, fill) -> None:
    """Build a folder's content in a temporary sibling, then swap it into place."""
    if target.is_symlink():
        # A link given as the output folder: the folder it points to is the one replaced; the link stays.
        target = Path(os.path.realpath(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
    except OSError as error:
        raise NkruError(f"cannot write into {target.parent} ({error})") from error
    try:
        try:
            fill(temporary)
        except OSError as error:
            raise NkruError(f"cannot write {target} ({error}); it is left as it was") from error
        os.chmod(temporary, 0o755)
        if target.exists():
            retired = target.with_name(f".{target.name}.old")
            os.replace(target, retired)
            os.replace(temporary, target)
            shutil.rmtree(retired)
        else:
            os.replace(temporary, target)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
