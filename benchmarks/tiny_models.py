"""A tiny token-classification model made offline from the corpus's own texts, for the hf runner's test and
its overhead benchmark: a WordPiece tokenizer trained on the texts and a randomly initialised one-layer BERT.
Nothing here is downloaded; the model predicts nothing meaningful."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

TINY_LABELS = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG")
SPECIAL_TOKENS = {"pad_token": "[PAD]", "unk_token": "[UNK]", "cls_token": "[CLS]", "sep_token": "[SEP]",
                  "mask_token": "[MASK]"}


def train_tiny_tokenizer(texts: Iterable[str], vocab_size: int, window: int):
    """A cased BERT-style WordPiece tokenizer trained on `texts`, wrapped as a fast transformers tokenizer."""
    import tokenizers
    from transformers import PreTrainedTokenizerFast

    tokenizer = tokenizers.Tokenizer(tokenizers.models.WordPiece(unk_token=SPECIAL_TOKENS["unk_token"]))
    tokenizer.normalizer = tokenizers.normalizers.BertNormalizer(lowercase=False, strip_accents=False)
    tokenizer.pre_tokenizer = tokenizers.pre_tokenizers.BertPreTokenizer()
    tokenizer.decoder = tokenizers.decoders.WordPiece()
    trainer = tokenizers.trainers.WordPieceTrainer(vocab_size=vocab_size,
                                                   special_tokens=list(SPECIAL_TOKENS.values()))
    tokenizer.train_from_iterator(texts, trainer=trainer)
    cls_id, sep_id = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    tokenizer.post_processor = tokenizers.processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1", special_tokens=[("[CLS]", cls_id), ("[SEP]", sep_id)])
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
                        id2label=dict(enumerate(TINY_LABELS)), label2id={label: i for i, label in enumerate(TINY_LABELS)})
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
