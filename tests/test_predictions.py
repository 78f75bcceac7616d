import json

import pytest

from nkru.cli import main
from nkru.errors import PredictionsError
from nkru.evaluation.predictions import parse_predictions, prediction_lines

TEXTS = {"d1": "Kim Jong-un à Moscou", "d2": "Russie"}


def _line(doc_id="d1", spans=({"start": 0, "end": 11, "label": "PER"},)):
    return json.dumps({"doc_id": doc_id, "spans": list(spans)})


def test_valid_predictions_and_round_trip():
    predicted = parse_predictions([_line(), "", _line("d2", [{"start": 0, "end": 6, "label": "GPE"}])], TEXTS)
    assert predicted == {"d1": [(0, 11, "PER")], "d2": [(0, 6, "GPE")]}
    assert parse_predictions(prediction_lines(predicted), TEXTS) == predicted


@pytest.mark.parametrize("lines, message", [
    (["{not json"], "predictions:1: not JSON"),
    ([_line(), _line("d9")], "predictions:2: unknown doc_id 'd9'"),
    ([_line(spans=[{"start": 5, "end": 99, "label": "PER"}])], "predictions:1: span .* has offsets outside 0..20"),
    ([_line(spans=[{"start": 3, "end": 3, "label": "PER"}])], "offsets outside"),
    ([_line(spans=[{"start": 0, "end": 3, "label": "PERSON"}])], "predictions:1: unknown label 'PERSON'"),
    ([_line(spans=[{"start": 0, "end": 11, "label": "PER"}, {"start": 4, "end": 20, "label": "LOC"}])],
     "predictions:1: spans .* overlap"),
    ([_line(), _line()], "predictions:2: doc_id 'd1' appears twice"),
    (['{"doc_id": "d1"}'], "predictions:1: expected an object with doc_id and a list of spans"),
])
def test_malformed_predictions_name_the_line(lines, message):
    with pytest.raises(PredictionsError, match=message):
        parse_predictions(lines, TEXTS)


def test_benchmark_command_reports_a_bad_line_in_one_line(tmp_path, capsys):
    path = tmp_path / "system.jsonl"
    path.write_text(json.dumps({"doc_id": "nkru-000", "spans": [{"start": 0, "end": 3, "label": "HUMAN"}]}) + "\n")
    assert main(["benchmark", "--predictions", str(path)]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"nkru benchmark: {path}:1: unknown label 'HUMAN'") and error.count("\n") == 1
