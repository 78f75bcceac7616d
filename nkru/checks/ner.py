"""Checks over the token-level `ner` config: tokens match the text, and the tags rebuild exactly
the `entities` mentions (fine and coarse)."""

from collections import defaultdict

from nkru.checks.findings import Finding, check
from nkru.schema import COARSE_BY_ENTITY_LABEL, COARSE_NER_TAGS, ENTITY_LABELS, NER_TAGS
from nkru.tokens import iob_to_spans


@check("ner_tokens")
def ner_tokens(corpus):
    for row in corpus.tables.get("ner", []):
        text = corpus.texts_by_doc.get(row["doc_id"])
        lengths = {len(row["tokens"]), len(row["token_starts"]), len(row["token_ends"]), len(row["ner_tags"]),
                   len(row["coarse_ner_tags"])}
        if text is None or len(lengths) != 1:
            yield Finding("ner_tokens", "ner", row["doc_id"], row["sentence_id"],
                          "token, offset and tag lists must have one length and the document must exist", sorted(lengths))
            continue
        for token, start, end in zip(row["tokens"], row["token_starts"], row["token_ends"]):
            if not token.strip() or text[start:end] != token:
                yield Finding("ner_tokens", "ner", row["doc_id"], row["sentence_id"],
                              f"token differs from the text at {start}:{end} or is whitespace", token)
                break


@check("ner_matches_entities")
def ner_matches_entities(corpus):
    """The IOB2 tags, read back into spans, are exactly the mentions, with their fine and coarse types."""
    if "ner" not in corpus.tables or "entities" not in corpus.tables:
        return
    from_tags, coarse_from_tags = defaultdict(set), defaultdict(set)
    for row in corpus.tables["ner"]:
        tokens = list(zip(row["token_starts"], row["token_ends"]))
        fine = [NER_TAGS[tag] if 0 <= tag < len(NER_TAGS) else "O" for tag in row["ner_tags"]]
        coarse = [COARSE_NER_TAGS[tag] if 0 <= tag < len(COARSE_NER_TAGS) else "O" for tag in row["coarse_ner_tags"]]
        from_tags[row["doc_id"]].update(iob_to_spans(tokens, fine))
        coarse_from_tags[row["doc_id"]].update(iob_to_spans(tokens, coarse))
    mentions, coarse_mentions = defaultdict(set), defaultdict(set)
    for mention in corpus.tables["entities"]:
        label = ENTITY_LABELS[mention["label"]] if 0 <= mention["label"] < len(ENTITY_LABELS) else "?"
        mentions[mention["doc_id"]].add((mention["start"], mention["end"], label))
        coarse_mentions[mention["doc_id"]].add((mention["start"], mention["end"], COARSE_BY_ENTITY_LABEL.get(label, "?")))
    for doc_id in sorted(set(mentions) | set(from_tags)):
        for name, built, expected in (("ner_tags", from_tags, mentions), ("coarse_ner_tags", coarse_from_tags,
                                                                          coarse_mentions)):
            for span in sorted(built[doc_id] ^ expected[doc_id]):
                side = "only in the tags" if span in built[doc_id] else "missing from the tags"
                yield Finding("ner_matches_entities", "ner", doc_id, f"{span[0]}-{span[1]}",
                              f"{name}: span {side}", span[2])
