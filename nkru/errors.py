"""The project's exceptions: each message says what was expected and what was found."""


class NkruError(Exception):
    """Base class of every error this package raises on purpose."""


class UnknownConfigError(NkruError, ValueError):
    """A config name that the corpus does not have (also a ValueError, as `load` always raised)."""


class SourceError(NkruError):
    """An editable source (documents.toml, a text) is missing or disagrees with itself."""


class CorpusFileError(NkruError):
    """A shipped table is missing, unreadable, or does not match its declared schema.

    `problem` says which: "missing", "unreadable" or "schema".
    """

    PROBLEMS = ("missing", "unreadable", "schema")

    def __init__(self, message: str, problem: str = "unreadable"):
        if problem not in self.PROBLEMS:
            raise ValueError(f"problem must be one of {self.PROBLEMS}, got {problem!r}")
        super().__init__(message)
        self.problem = problem
