"""The Hugging Face token-classification recipe runs on a fold of the `ner` config, written the way the
transformers documentation writes it: the words tokenized with `is_split_into_words`, the tags aligned
through `word_ids()` (-100 on special tokens and on every subword after a word's first),
`DataCollatorForTokenClassification`, a few `Trainer` steps, then seqeval's scores from `evaluate()`
on the validation split. The model is a tiny random BERT made here from the corpus's texts: nothing is
downloaded, and its scores mean nothing beyond the recipe's working."""

import math
import sys

import pytest

pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")
seqeval_metrics = pytest.importorskip("seqeval.metrics")
pytest.importorskip("accelerate")  # the Trainer needs it on PyTorch

from conftest import CHECKOUT
from offline import refused_connections

from nkru.loader import load

sys.path.insert(0, str(CHECKOUT / "benchmarks"))
from tiny_models import train_tiny_tokenizer

pytestmark = pytest.mark.needs_hf

FOLD = "ner_fold_0"
TAG_COLUMN = "coarse_ner_tags"
WINDOW = 256  # more positions than the longest sentence's subwords, so no sentence is truncated
VOCABULARY_SIZE = 1000  # small enough that many words split into several subwords
TRAINING_STEPS = 5
IGNORED = -100  # the label index PyTorch's cross-entropy skips


@pytest.fixture(scope="module", autouse=True)
def connections():
    """Every network connection attempted in this module, each one refused, with the hub offline."""
    with pytest.MonkeyPatch.context() as patch, refused_connections(patch) as attempts:
        patch.setenv("HF_HUB_OFFLINE", "1")
        patch.setenv("TRANSFORMERS_OFFLINE", "1")
        yield attempts


@pytest.fixture(scope="module", params=["nkru.loader", "load_dataset"])
def fold_source(request):
    return request.param


@pytest.fixture(scope="module")
def fold(fold_source):
    """The fold as the loader gives it, and as `datasets.load_dataset` reads it through the card."""
    if fold_source == "nkru.loader":
        return load(FOLD)
    from datasets import load_dataset

    return load_dataset(str(CHECKOUT), FOLD)


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory):
    """A folder holding a tiny random BERT encoder and its WordPiece tokenizer, as a pretrained
    checkpoint would: the recipe puts its own classification head on it."""
    folder = tmp_path_factory.mktemp("tiny-bert")
    tokenizer = train_tiny_tokenizer(load("documents")["test"]["text"], VOCABULARY_SIZE, WINDOW)
    config = transformers.BertConfig(vocab_size=len(tokenizer), hidden_size=32, num_hidden_layers=1,
                                     num_attention_heads=2, intermediate_size=37, max_position_embeddings=WINDOW)
    transformers.set_seed(0)
    transformers.BertModel(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def tokenizer(checkpoint):
    return transformers.AutoTokenizer.from_pretrained(checkpoint, local_files_only=True)


@pytest.fixture(scope="module")
def label_names(fold):
    return fold["train"].features[TAG_COLUMN].feature.names


def tokenize_and_align_labels(examples, tokenizer):
    """The batch's words as subword ids, each subword labelled: a word's first subword carries the
    word's tag, its other subwords and the special tokens carry IGNORED, so the loss and the scores
    count each word once."""
    encoded = tokenizer(examples["tokens"], truncation=True, is_split_into_words=True)
    encoded["labels"] = []
    for index, tags in enumerate(examples[TAG_COLUMN]):
        labels, previous_word = [], None
        for word in encoded.word_ids(batch_index=index):
            labels.append(IGNORED if word is None or word == previous_word else tags[word])
            previous_word = word
        encoded["labels"].append(labels)
    return encoded


def seqeval_scores(label_names, seen):
    """`compute_metrics` for the Trainer: the predicted ids of the labelled subwords as tag names,
    scored by seqeval against the gold names (which `seen` keeps, for the tests)."""
    def compute_metrics(evaluation):
        logits, label_ids = evaluation
        predicted_ids = logits.argmax(axis=-1)
        gold, predicted = [], []
        for sentence_labels, sentence_predictions in zip(label_ids, predicted_ids):
            kept = [(label, prediction) for label, prediction in zip(sentence_labels, sentence_predictions)
                    if label != IGNORED]
            gold.append([label_names[label] for label, _ in kept])
            predicted.append([label_names[prediction] for _, prediction in kept])
        seen["gold"], seen["predicted"] = gold, predicted
        return {"precision": seqeval_metrics.precision_score(gold, predicted, zero_division=0),
                "recall": seqeval_metrics.recall_score(gold, predicted, zero_division=0),
                "f1": seqeval_metrics.f1_score(gold, predicted, zero_division=0),
                "accuracy": seqeval_metrics.accuracy_score(gold, predicted)}
    return compute_metrics


@pytest.fixture(scope="module")
def run(fold_source, fold, checkpoint, tokenizer, label_names, tmp_path_factory):
    """The recipe, start to end: tokenize, align, train a few steps, evaluate, predict the test split."""
    encoded = fold.map(tokenize_and_align_labels, batched=True, fn_kwargs={"tokenizer": tokenizer})
    transformers.set_seed(0)
    model = transformers.AutoModelForTokenClassification.from_pretrained(
        checkpoint, local_files_only=True, num_labels=len(label_names),
        id2label=dict(enumerate(label_names)), label2id={name: index for index, name in enumerate(label_names)})
    arguments = transformers.TrainingArguments(
        output_dir=str(tmp_path_factory.mktemp("trainer")), max_steps=TRAINING_STEPS, per_device_train_batch_size=8,
        per_device_eval_batch_size=8, learning_rate=1e-3, logging_steps=1, save_strategy="no", report_to=[],
        use_cpu=True, seed=0, disable_tqdm=True)
    seen = {}
    trainer = transformers.Trainer(
        model=model, args=arguments, train_dataset=encoded["train"], eval_dataset=encoded["validation"],
        processing_class=tokenizer, data_collator=transformers.DataCollatorForTokenClassification(tokenizer),
        compute_metrics=seqeval_scores(label_names, seen))
    training = trainer.train()
    metrics = trainer.evaluate()
    evaluation_seen = dict(seen)
    test_output = trainer.predict(encoded["test"])
    losses = [entry["loss"] for entry in trainer.state.log_history if "loss" in entry]
    print(f"\n{FOLD} ({fold_source}): training losses {[round(loss, 4) for loss in losses]}; evaluate() on validation "
          f"{ {key: round(value, 4) if isinstance(value, float) else value for key, value in metrics.items()} }")
    return {"encoded": encoded, "trainer": trainer, "training": training, "losses": losses, "metrics": metrics,
            "evaluation_seen": evaluation_seen, "test_output": test_output}


def test_the_fold_has_the_three_splits_with_the_ner_features(fold):
    assert set(fold) == {"train", "validation", "test"}
    assert all(len(fold[split]) > 0 for split in fold)
    assert all(fold[split].features == load("ner")["test"].features for split in fold)


def test_each_word_labels_its_first_subword_only(fold, tokenizer):
    """A word's first subword begins at the word's first character (the offsets are per word with
    `is_split_into_words`): exactly those carry a tag, in the words' order; every other token is IGNORED."""
    special_ids = set(tokenizer.all_special_ids)
    continuations = 0
    for split in fold:
        examples = fold[split][:]
        encoded = tokenize_and_align_labels(examples, tokenizer)
        offsets = tokenizer(examples["tokens"], truncation=True, is_split_into_words=True,
                            return_offsets_mapping=True)["offset_mapping"]
        for index, labels in enumerate(encoded["labels"]):
            input_ids = encoded["input_ids"][index]
            assert len(labels) == len(input_ids)
            first_subwords = [token_id not in special_ids and start == 0
                              for token_id, (start, _) in zip(input_ids, offsets[index])]
            assert [label != IGNORED for label in labels] == first_subwords
            assert [label for label in labels if label != IGNORED] == examples[TAG_COLUMN][index]
            assert all(labels[position] == IGNORED for position, token_id in enumerate(input_ids)
                       if token_id in special_ids)
            continuations += sum(not first and token_id not in special_ids
                                 for first, token_id in zip(first_subwords, input_ids))
    assert continuations > 100  # the vocabulary is small: many words do split


def test_the_collator_pads_labels_with_the_ignored_index(run, tokenizer):
    train = run["encoded"]["train"]
    lengths = [len(input_ids) for input_ids in train["input_ids"]]
    shortest, longest = lengths.index(min(lengths)), lengths.index(max(lengths))
    features = [{key: train[index][key] for key in ("input_ids", "attention_mask", "labels")}
                for index in (shortest, longest)]
    batch = transformers.DataCollatorForTokenClassification(tokenizer)(features)
    assert batch["labels"].shape == batch["input_ids"].shape == (2, max(lengths))
    assert batch["labels"][0, :min(lengths)].tolist() == train[shortest]["labels"]
    assert (batch["labels"][0, min(lengths):] == IGNORED).all() and min(lengths) < max(lengths)


def test_the_trainer_runs_its_steps_with_finite_losses(run):
    assert run["training"].global_step == run["trainer"].state.global_step == TRAINING_STEPS
    assert len(run["losses"]) == TRAINING_STEPS
    assert all(math.isfinite(loss) and loss > 0 for loss in run["losses"] + [run["training"].training_loss])


def test_evaluate_gives_seqeval_scores_on_the_validation_split(run, fold, label_names):
    metrics = run["metrics"]
    assert {"eval_loss", "eval_precision", "eval_recall", "eval_f1", "eval_accuracy"} <= set(metrics)
    assert math.isfinite(metrics["eval_loss"])
    assert all(0 <= metrics[f"eval_{name}"] <= 1 for name in ("precision", "recall", "f1", "accuracy"))
    validation = fold["validation"]
    tags = validation.features[TAG_COLUMN].feature
    assert run["evaluation_seen"]["gold"] == [tags.int2str(sentence_tags) for sentence_tags in validation[TAG_COLUMN]]


def test_the_scores_are_seqeval_s_on_the_tag_names(fold, label_names):
    """Logits that pick the gold tag score 1; picking O everywhere finds no entity and scores 0."""
    numpy = pytest.importorskip("numpy")
    tags = fold["validation"][0][TAG_COLUMN]
    label_ids = numpy.array([[IGNORED, *tags, IGNORED]])
    perfect = numpy.eye(len(label_names))[numpy.where(label_ids == IGNORED, 0, label_ids)]
    seen = {}
    compute_metrics = seqeval_scores(label_names, seen)
    assert compute_metrics((perfect, label_ids)) == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "accuracy": 1.0}
    assert seen["gold"] == seen["predicted"] == [[label_names[tag] for tag in tags]]
    outside = numpy.eye(len(label_names))[numpy.zeros_like(label_ids)]
    scores = compute_metrics((outside, label_ids))
    assert any(tag != 0 for tag in tags)
    assert scores["f1"] == scores["recall"] == 0.0
    assert scores["accuracy"] == tags.count(0) / len(tags)


def test_test_predictions_decode_to_the_tag_names_one_per_word(run, fold, label_names):
    output = run["test_output"]
    predicted_ids = output.predictions.argmax(axis=-1)
    model_names = run["trainer"].model.config.id2label
    decoded = [[model_names[int(prediction)] for prediction, label in zip(sentence_predictions, sentence_labels)
                if label != IGNORED]
               for sentence_predictions, sentence_labels in zip(predicted_ids, output.label_ids)]
    assert [len(sentence) for sentence in decoded] == [len(tokens) for tokens in fold["test"]["tokens"]]
    assert {name for sentence in decoded for name in sentence} <= set(label_names)
    assert [model_names[index] for index in range(len(label_names))] == list(label_names)
