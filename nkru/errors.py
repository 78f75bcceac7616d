"""The project's exceptions, in one hierarchy: each message says what was expected and what was found.

Every error raised on purpose is an `NkruError`; the command line prints its message as one line
and exits with 2.
"""

from __future__ import annotations

import enum


class NkruError(Exception):
    """Base class of every error this package raises on purpose."""


class UnknownConfigError(NkruError, ValueError):
    """A config name that the corpus does not have (also a ValueError, as `load` always raised)."""


class SourceError(NkruError):
    """An editable source (documents.toml, a text, an annotation or review file) is missing or
    disagrees with itself."""


class FileProblem(enum.StrEnum):
    """What is wrong with a shipped table's file (a str, so it also compares equal to its value)."""

    MISSING = "missing"
    UNREADABLE = "unreadable"
    SCHEMA = "schema"
    NULLS = "nulls"
    METADATA = "metadata"
    LABELS = "labels"


class CorpusFileError(NkruError):
    """A shipped table is missing, unreadable, or does not match its declared schema; `problem`
    says which."""

    def __init__(self, message: str, problem: FileProblem = FileProblem.UNREADABLE):
        super().__init__(message)
        self.problem = FileProblem(problem)


class PredictionsError(NkruError):
    """A predictions file that does not follow the format; the message names the line."""


class ExportError(NkruError):
    """A table that cannot be written in an export format as it stands."""


class ViewError(NkruError):
    """An annotation the viewer cannot draw, or a site folder it must not replace."""


class DeclarationError(NkruError):
    """A layer, column kind or export format declared wrongly in the package itself (the tests
    catch it before a release)."""
