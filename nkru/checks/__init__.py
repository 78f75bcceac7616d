"""Small named checks over a corpus directory's tables; each yields Findings naming where and what.

The same checks serve `nkru validate`, the build's callers and the tests.
"""

from nkru.checks import dates, documents, entities, files, ner, registry, spans, stances, surface  # noqa: F401  (registers the checks)
from nkru.checks.findings import CHECKS, Finding


def run_checks(corpus, names=None) -> list[Finding]:
    """Findings of every registered check (or only those named), in registration order."""
    selected = CHECKS if names is None else {name: CHECKS[name] for name in names}
    return [finding for function in selected.values() for finding in function(corpus)]


__all__ = ["CHECKS", "Finding", "run_checks"]
