"""`python:MODULE:FUNCTION`: any Python callable from a document's text to its entities.

MODULE is an importable module name (the current folder is searched first, as `python -m` does)
or the path of a .py file. FUNCTION takes one text and returns an iterable of `(start, end, label)`
triples or `{"start", "end", "label"}` dicts, character offsets into that text. Whatever the
callable raises or returns that is not that is one line naming the document, never a traceback.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import time
from pathlib import Path

from nkru.errors import NkruError
from nkru.evaluation.runners import ModelRun


def load_callable(target: str) -> tuple:
    """(the callable, its module's __version__ or 'unversioned')."""
    module_name, _, function_name = target.rpartition(":")
    if not module_name or not function_name:
        raise NkruError(f"python:{target}: expected python:MODULE:FUNCTION (MODULE a module name or a .py file)")
    module = _import(module_name, target)
    function = getattr(module, function_name, None)
    if not callable(function):
        raise NkruError(f"python:{target}: {module_name} has no function {function_name!r}")
    return function, str(getattr(module, "__version__", "unversioned"))


def _import(module_name: str, target: str):
    try:
        if module_name.endswith(".py"):
            path = Path(module_name)
            if not path.is_file():
                raise NkruError(f"python:{target}: found no file {path}")
            spec = importlib.util.spec_from_file_location(path.stem, path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
        if "" not in sys.path and str(Path.cwd()) not in sys.path:
            sys.path.insert(0, str(Path.cwd()))
        return importlib.import_module(module_name)
    except NkruError:
        raise
    except Exception as error:  # noqa: BLE001 - a user's module may raise anything while importing
        raise NkruError(f"python:{target}: importing {module_name} failed ({type(error).__name__}: {error})") from error


def call_per_document(function, target: str, arguments_by_doc: dict[str, tuple]) -> tuple[dict[str, list], float]:
    """doc_id -> list(function(*arguments)) for every document, and the seconds spent inside the
    callable; whatever it raises is one NkruError naming the document."""
    results, seconds = {}, 0.0
    for doc_id, arguments in arguments_by_doc.items():
        start = time.perf_counter()
        try:
            results[doc_id] = list(function(*arguments))
        except Exception as error:  # noqa: BLE001 - the callable is the user's
            raise NkruError(f"python:{target} raised {type(error).__name__} on {doc_id}: {error}") from error
        seconds += time.perf_counter() - start
    return results, seconds


def run_python(target: str, texts_by_doc: dict[str, str]) -> ModelRun:
    function, version = load_callable(target)
    results, seconds = call_per_document(function, target, {doc_id: (text,) for doc_id, text in texts_by_doc.items()})
    predicted = {doc_id: [_as_triple(entity, target, doc_id) for entity in entities]
                 for doc_id, entities in results.items()}
    return ModelRun(model=f"python:{target}", version=version, pipes=[target], seconds=seconds, predicted=predicted)


def _as_triple(entity: object, target: str, doc_id: str) -> tuple:
    if isinstance(entity, dict):
        entity = (entity.get("start"), entity.get("end"), entity.get("label"))
    if not isinstance(entity, (tuple, list)) or len(entity) != 3:
        raise NkruError(f"python:{target} returned {str(entity)[:60]!r} for {doc_id}; expected (start, end, label) "
                        "triples or {start, end, label} dicts")
    return tuple(entity)

