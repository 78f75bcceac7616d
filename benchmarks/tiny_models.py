"""Tiny models made offline from the corpus's own texts, for the model runners' tests and their overhead
benchmark (benchmarks/runner_overhead.py): a WordPiece tokenizer whose vocabulary comes from the texts, and
a randomly initialised one-layer BERT, as a token classifier or as the backbone of a GLiNER model. Nothing
here is downloaded, and the models predict nothing meaningful."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

TINY_LABELS = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG")
SPECIAL_TOKENS = {"pad_token": "[PAD]", "unk_token": "[UNK]", "cls_token": "[CLS]", "sep_token": "[SEP]",
                  "mask_token": "[MASK]"}


def train_tiny_tokenizer(texts: Iterable[str], vocab_size: int, window: int):
    """A cased BERT-style WordPiece tokenizer whose vocabulary is made from `texts`, wrapped as a fast
    transformers tokenizer: every character, alone and as a continuation, then the most frequent words."""
    import tokenizers
    from transformers import PreTrainedTokenizerFast

    normalizer = tokenizers.normalizers.BertNormalizer(lowercase=False, strip_accents=False)
    pre_tokenizer = tokenizers.pre_tokenizers.BertPreTokenizer()
    words = Counter(word for text in texts
                    for word, _ in pre_tokenizer.pre_tokenize_str(normalizer.normalize_str(text)))
    characters = sorted({character for word in words for character in word})
    # Sorted by count, then by spelling, so the same texts always give the same vocabulary (the tokenizers
    # library's WordPieceTrainer does not).
    frequent_words = [word for word, _ in sorted(words.items(), key=lambda item: (-item[1], item[0]))
                      if len(word) > 1]
    vocabulary = [*SPECIAL_TOKENS.values(), *characters, *(f"##{character}" for character in characters)]
    vocabulary += frequent_words[:max(0, vocab_size - len(vocabulary))]
    tokenizer = tokenizers.Tokenizer(tokenizers.models.WordPiece(
        {token: index for index, token in enumerate(vocabulary)}, unk_token=SPECIAL_TOKENS["unk_token"]))
    tokenizer.normalizer = normalizer
    tokenizer.pre_tokenizer = pre_tokenizer
    tokenizer.decoder = tokenizers.decoders.WordPiece()
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    tokenizer.post_processor = tokenizers.processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", cls_id), ("[SEP]", sep_id)])
    return PreTrainedTokenizerFast(tokenizer_object=tokenizer, model_max_length=window, **SPECIAL_TOKENS)


def build_tiny_token_classifier(folder: Path, texts: Iterable[str], window: int = 64, vocab_size: int = 1000,
                                only_label: str | None = None) -> Path:
    """Save a tiny BERT token classifier and its tokenizer in `folder`. `window` is its position count, small
    enough that long sentences need several windows. With `only_label`, the classifier predicts that label for
    every token (zero weights, one positive bias); otherwise its predictions are random but seeded."""
    import torch
    from transformers import BertConfig, BertForTokenClassification

    tokenizer = train_tiny_tokenizer(texts, vocab_size, window)
    config = BertConfig(vocab_size=len(tokenizer), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=37, max_position_embeddings=window,
                        id2label=dict(enumerate(TINY_LABELS)),
                        label2id={label: index for index, label in enumerate(TINY_LABELS)})
    torch.manual_seed(0)
    model = BertForTokenClassification(config).eval()
    if only_label is not None:
        with torch.no_grad():
            model.classifier.weight.zero_()
            model.classifier.bias.zero_()
            model.classifier.bias[TINY_LABELS.index(only_label)] = 10.0
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def build_tiny_gliner(folder: Path, texts: Iterable[str], vocab_size: int = 1000) -> Path:
    """Save a tiny GLiNER span model in `folder`: a seeded random one-layer BERT backbone, saved first in a
    scratch folder because GLiNER builds from a backbone folder, and GLiNER's own random layers. The saved
    model holds the backbone's config and tokenizer, so it loads without the scratch folder."""
    import tempfile

    import torch
    from gliner import GLiNER
    from transformers import BertConfig, BertModel

    tokenizer = train_tiny_tokenizer(texts, vocab_size, window=512)
    backbone_config = BertConfig(vocab_size=len(tokenizer), hidden_size=32, num_hidden_layers=1,
                                 num_attention_heads=2, intermediate_size=37, max_position_embeddings=512)
    torch.manual_seed(0)
    with tempfile.TemporaryDirectory(prefix="tiny-backbone-") as backbone:
        BertModel(backbone_config).save_pretrained(backbone)
        tokenizer.save_pretrained(backbone)
        # A dict, because GLiNER(config) fails on gliner 0.2.29 and from_config(GLiNERConfig) on 0.2.24.
        model = GLiNER.from_config({"model_name": backbone, "hidden_size": 32, "max_width": 12, "max_len": 384,
                                    "dropout": 0.0})
        model.save_pretrained(folder)
    return folder
