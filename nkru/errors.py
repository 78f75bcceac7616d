"""The project's exceptions: each message says what was expected and what was found."""


class NkruError(Exception):
    """Base class of every error this package raises on purpose."""


class SourceError(NkruError):
    """An editable source (documents.toml, a text) is missing or disagrees with itself."""


class CorpusFileError(NkruError):
    """A shipped table is missing, unreadable, or does not match its declared schema."""
