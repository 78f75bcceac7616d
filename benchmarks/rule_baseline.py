"""A small rule-based French NER baseline, the README's example of the `python:` runner:

    nkru benchmark --model python:benchmarks/rule_baseline.py:predict

It reads no annotation: hand-written lists of countries and capitals (GPE), demonyms (NORP),
titles and first names (PER), and upper-case acronyms (ORG). Their author had read the five
texts, so the lists suit them better than a blind baseline's would: read its scores as a worked
example of the runner and a generous floor, not as a system's.
"""

import re

__version__ = "1.0"

COUNTRIES = (
    "Afghanistan", "Afrique du Sud", "Algérie", "Allemagne", "Arabie saoudite", "Argentine", "Australie", "Belgique",
    "Biélorussie", "Brésil", "Canada", "Chine", "Corée du Nord", "Corée du Sud", "Égypte", "Espagne", "États-Unis",
    "France", "Inde", "Indonésie", "Iran", "Irak", "Israël", "Italie", "Japon", "Mali", "Maroc", "Mexique",
    "Mongolie", "Niger", "Nigeria", "Pakistan", "Pologne", "Royaume-Uni", "Russie", "Syrie", "Taïwan", "Tunisie",
    "Turquie", "Ukraine", "Vietnam",
)
CAPITALS = (
    "Alger", "Berlin", "Bruxelles", "Kiev", "Kyiv", "Londres", "Madrid", "Minsk", "Moscou", "New Delhi", "Paris",
    "Pékin", "Pyongyang", "Rome", "Séoul", "Téhéran", "Tokyo", "Washington",
)
DEMONYM_STEMS = (
    "allemand", "américain", "britannique", "chinois", "coréen", "espagnol", "européen", "français", "indien",
    "iranien", "israélien", "italien", "japonais", "nord-coréen", "occidental", "russe", "soviétique", "sud-coréen",
    "syrien", "turc", "ukrainien",
)
TITLES = ("M.", "Mme", "président", "présidente", "ministre", "dirigeant", "leader", "général", "amiral")
FIRST_NAMES = ("Kim", "Vladimir", "Sergei", "Sergueï", "Joe", "Emmanuel", "Xi", "Antony", "Lloyd", "Dmitri")

_NAME = r"[A-ZÉÈ][\w'’-]+"
_PATTERNS = (
    ("GPE", re.compile(r"\b(?:" + "|".join(map(re.escape, COUNTRIES + CAPITALS)) + r")\b")),
    ("NORP", re.compile(r"\b(?:" + "|".join(map(re.escape, DEMONYM_STEMS)) + r")(?:ne|e)?s?\b", re.IGNORECASE)),
    ("PER", re.compile(r"\b(?:" + "|".join(map(re.escape, TITLES)) + r") (?P<name>" + _NAME + r"(?: " + _NAME + r")?)")),
    ("PER", re.compile(r"\b(?:" + "|".join(FIRST_NAMES) + r")(?: " + _NAME + r"){1,2}")),
    ("ORG", re.compile(r"\b[A-Z]{2,6}\b")),
)


def predict(text: str) -> list[tuple[int, int, str]]:
    """(start, end, label) spans, the earliest and then longest match winning where rules overlap."""
    candidates = sorted((match.start(_GROUP), -match.end(_GROUP), label) for label, pattern in _PATTERNS
                        for match in pattern.finditer(text) for _GROUP in ["name" if pattern.groupindex else 0])
    spans, last_end = [], 0
    for start, negative_end, label in candidates:
        if start >= last_end:
            spans.append((start, -negative_end, label))
            last_end = -negative_end
    return spans
