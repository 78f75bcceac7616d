"""Writing files and folders so that a failure never leaves a half-written one: through a
temporary file or folder beside the target, renamed into place."""

from __future__ import annotations

import os
import re
import shutil
import signal
import tempfile
from pathlib import Path

from nkru.errors import NkruError

SAFE_FILE_STEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
# The names of the temporaries below, left behind only by a killed process: `.<target name>.` and
# tempfile's eight random characters, or `.<folder name>.old` (a folder being replaced).
TEMPORARY_NAME = re.compile(r"\..+\.(?:[a-z0-9_]{8}|old)")


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


def _followed_link(folder: Path) -> Path:
    """A link given as an output folder stands for the folder it points to, which is the one
    written or replaced; the link itself stays."""
    return Path(os.path.realpath(folder)) if folder.is_symlink() else folder


def replace_folder(target: Path, fill) -> None:
    """Build a folder's content in a temporary sibling, then swap it into place."""
    target = _followed_link(target)
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


# A build's many files swapped in as one (see Staging). The staging folder sits in the output
# root, so that every rename stays on one file system.
STAGING_FOLDER = ".nkru-build"
STAGED = "staged"
RETIRED = "retired"
# Written (by an atomic rename) once everything is staged: its presence is the commit point.
COMMIT_JOURNAL = "COMMITTED"
# For the tests: kill the process (SIGKILL) just before the staging's step number N (from 1).
KILL_AT_VARIABLE = "NKRU_BUILD_KILL_AT"


class Staging:
    """Many files and folders below `root`, replaced all or nothing, even if the process is killed.

    1. Stage: `write_file(relative, write)` and `write_folder(relative, fill)` write each new file
       or folder whole below `<root>/.nkru-build/staged/` (the attribute `staged`), which mirrors
       `root` and can be read before the commit.
    2. Commit: `commit()` flushes them to disk and writes the journal `.nkru-build/COMMITTED`,
       listing what is staged, through a rename: before it the old files stand, after it the new
       ones will.
    3. Swap: each staged file is renamed over its target, each staged folder replaces its target
       folder whole (the old one moved into `.nkru-build/retired/`); then the journal and the
       staging folder are deleted.
    4. Recover: entering a Staging (so every build and publish) first finishes a committed staging
       folder left by a killed process (roll forward: the swap steps are idempotent) and deletes an
       uncommitted one (roll back); leaving it without a commit deletes what was staged.
    """

    def __init__(self, root: Path):
        self.root = _followed_link(root)
        self.staging_folder = self.root / STAGING_FOLDER
        self.staged = self.staging_folder / STAGED
        self.entries: dict[str, str] = {}  # relative path -> "file" or "folder", in staging order
        self.recovered: str | None = None
        self.steps_taken = 0
        kill_at = os.environ.get(KILL_AT_VARIABLE, "")
        self.kill_at = int(kill_at) if kill_at.isdigit() else None

    def __enter__(self) -> Staging:
        self.recovered = self.recover()
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if not (self.staging_folder / COMMIT_JOURNAL).exists():
            shutil.rmtree(self.staging_folder, ignore_errors=True)

    def write_file(self, relative: str, write) -> None:
        """Stage the new `<root>/<relative>`: `write(path)` writes it whole at `path`."""
        path = self._stage(relative, "file")
        try:
            write(path)
        except OSError as error:
            raise NkruError(f"cannot write {self.root / relative} ({error}); nothing was written") from error

    def write_folder(self, relative: str, fill) -> None:
        """Stage the new content of the folder `<root>/<relative>`, which will replace it whole:
        `fill(folder)` writes it into an empty folder."""
        path = self._stage(relative, "folder")
        try:
            path.mkdir()
            fill(path)
        except OSError as error:
            raise NkruError(f"cannot write {self.root / relative} ({error}); nothing was written") from error

    def _stage(self, relative: str, kind: str) -> Path:
        self._step(f"stage {relative}")
        if relative in self.entries:
            raise NkruError(f"{relative} is staged twice")
        self.entries[relative] = kind
        path = self.staged / relative
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise NkruError(f"cannot write into {self.root} ({error})") from error
        return path

    def commit(self) -> list[Path]:
        """Swap everything staged into place; the files now below `root`, those of folders included."""
        if not self.entries:
            return []
        written = []
        for relative, kind in self.entries.items():
            staged = self.staged / relative
            names = sorted(path.name for path in staged.iterdir()) if kind == "folder" else [""]
            written += [self.root / relative / name if name else self.root / relative for name in names]
        try:
            _flush_tree(self.staged)
            journal = self.staging_folder / COMMIT_JOURNAL
            partial = journal.with_name(f"{COMMIT_JOURNAL}.partial")
            self._step("write the journal")
            with partial.open("w", encoding="utf-8") as handle:
                handle.writelines(f"{kind}\t{relative}\n" for relative, kind in self.entries.items())
                handle.flush()
                os.fsync(handle.fileno())
            self._step("commit")
            os.replace(partial, journal)
            _flush(self.staging_folder)
        except OSError as error:
            raise NkruError(f"cannot write into {self.root} ({error}); it is left as it was") from error
        self._swap()
        return written

    def recover(self) -> str | None:
        """Finish (committed) or delete (uncommitted) a staging folder left by an interrupted
        process; what was done, or None when there was none."""
        state = staging_state(self.root)
        if state is None:
            return None
        if state == "committed":
            self._swap()
            return f"finished swapping in an interrupted build found in {self.staging_folder}"
        self._remove_staging()
        return f"deleted the uncommitted staging folder of an interrupted build, {self.staging_folder}"

    def _swap(self) -> None:
        journal = self.staging_folder / COMMIT_JOURNAL
        try:
            entries = [line.split("\t", 1) for line in journal.read_text(encoding="utf-8").splitlines()]
            for kind, relative in entries:
                staged, target = self.staged / relative, self.root / relative
                if not (staged.exists() or staged.is_symlink()):
                    continue  # swapped in before an interruption
                if kind == "folder":
                    self._retire(relative)
                self._step(f"swap {relative}")
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged, target)
            self._step("close the journal")
            journal.unlink()
        except (OSError, ValueError) as error:
            raise NkruError(f"cannot swap the staged build {self.staging_folder} into {self.root} ({error}); "
                            "running the build again finishes it") from error
        self._remove_staging()

    def _retire(self, relative: str) -> None:
        """Move the folder `<root>/<relative>` out of the way, into the staging folder."""
        target, retired = self.root / relative, self.staging_folder / RETIRED / relative
        if not (target.exists() or target.is_symlink()):
            return
        self._step(f"retire {relative}")
        if retired.exists():
            shutil.rmtree(retired)
        retired.parent.mkdir(parents=True, exist_ok=True)
        os.replace(target, retired)

    def _remove_staging(self) -> None:
        self._step("remove the staging folder")
        try:
            shutil.rmtree(self.staging_folder)
        except OSError as error:
            raise NkruError(f"cannot delete the staging folder {self.staging_folder} ({error})") from error

    def _step(self, name: str) -> None:
        self.steps_taken += 1
        if self.steps_taken == self.kill_at:
            os.kill(os.getpid(), signal.SIGKILL)


def staging_state(root: Path) -> str | None:
    """'committed' or 'uncommitted' when `root` holds a staging folder (an interrupted build), else None."""
    folder = root / STAGING_FOLDER
    if not (folder.exists() or folder.is_symlink()):
        return None
    return "committed" if (folder / COMMIT_JOURNAL).exists() else "uncommitted"


def _flush_tree(folder: Path) -> None:
    """fsync every file and folder below `folder`, so that a commit never points at data still in memory."""
    for current, _, files in os.walk(folder):
        for name in files:
            _flush(Path(current) / name)
        _flush(Path(current))


def _flush(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
