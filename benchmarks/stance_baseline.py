"""A trivial French stance baseline, so that a run of the stances benchmark can be stored:

    nkru benchmark --layer stances --model python:benchmarks/stance_baseline.py:predict

`predict(text)` reads no annotation. A cue is a word of a small lexicon of evaluative French
stems (support, thanks and praise; condemnation, accusation, fear and threat), its polarity the
lexicon's; the target is the run of capitalised words (a name) nearest the cue in its sentence
(the sentence splitter of the `ner` config); the holder is always the author (none), and the
target_id comes from a few keywords of the sentence. Read its scores as a floor: without holders,
only the author's stances and those whose holder is in another sentence can be matched.
"""

from __future__ import annotations

import re

from nkru.tokens import sentence_bounds

__version__ = "1.0"

FAVOR_STEMS = ("soutien", "soutenu", "soutenir", "soutient", "salu", "félicit", "remerci", "éloge", "encourag",
               "amitié", "amical", "solidarité", "approuv", "renforc")
AGAINST_STEMS = ("condamn", "dénonc", "accus", "critiqu", "redout", "inquiét", "menac", "agression", "dictature",
                 "propagande", "totalitaire", "alarmant", "désespoir", "viol")
CUE = re.compile(r"\b(?P<cue>(?:" + "|".join(FAVOR_STEMS + AGAINST_STEMS) + r")\w*)", re.IGNORECASE)
# A name: capitalised words, joined by the particles of French place and person names.
NAME = re.compile(r"\b[A-ZÉÈÎ][\w’'-]+(?:\s+(?:(?:du|de|des|la|le)\s+)?[A-ZÉÈÎ][\w’'-]+)*")
# The first pattern found in the cue's sentence gives the target_id.
TARGET_KEYWORDS = (
    ("sanctions", re.compile(r"sanction", re.IGNORECASE)),
    ("dprk_weapons_programme", re.compile(r"nucléaire|missile", re.IGNORECASE)),
    ("support_for_ukraine", re.compile(r"soutien à l[’']Ukraine|soutenir l[’']Ukraine", re.IGNORECASE)),
    ("russia_war_ukraine", re.compile(r"Ukraine|invasion", re.IGNORECASE)),
    ("us_west_hegemony", re.compile(r"impérialis|hégémon|États-Unis|américain", re.IGNORECASE)),
    ("dprk_russia_military_cooperation", re.compile(r"armes?\b|munitions?|militaire", re.IGNORECASE)),
    ("dprk_russia_relations", re.compile(r"Russie|Moscou|Poutine|russe", re.IGNORECASE)),
)


def _target_id(sentence: str) -> str:
    return next((target_id for target_id, pattern in TARGET_KEYWORDS if pattern.search(sentence)), "other")


def predict(text: str) -> list[dict]:
    """`stances`-shaped rows (document offsets, no holder) for one document's text."""
    rows = []
    for sentence_start, sentence_end in sentence_bounds(text):
        sentence = text[sentence_start:sentence_end]
        names = [match.span() for match in NAME.finditer(sentence) if match.start() > 0]
        for cue in CUE.finditer(sentence):
            if not names:
                continue
            cue_start, cue_end = cue.span()
            target_start, target_end = min(names, key=lambda name: max(name[0] - cue_end, cue_start - name[1]))
            stem = cue["cue"].lower()
            rows.append({
                "cue_start": sentence_start + cue_start, "cue_end": sentence_start + cue_end,
                "target_start": sentence_start + target_start, "target_end": sentence_start + target_end,
                "holder_start": None, "holder_end": None,
                "polarity": "FAVOR" if stem.startswith(FAVOR_STEMS) else "AGAINST",
                "target_id": _target_id(sentence), "attribution": "AUTHOR",
            })
    return rows
