"""The card, croissant.json, pyproject.toml, LICENSE.md and DATASHEET.md tell one story: who
annotated, under which licence, which version and when."""

import json
import re
import tomllib

import pytest

from nkru import __version__
from nkru.publish.card import split_card
from nkru.publish.croissant import CC_BY_4, CROISSANT_FILE, LICENCE_FILE, LICENCE_NAME, RELEASE_YEAR

from conftest import CHECKOUT

DATASHEET = (CHECKOUT / "DATASHEET.md").read_text(encoding="utf-8")
LICENCE = (CHECKOUT / LICENCE_FILE).read_text(encoding="utf-8")
README = (CHECKOUT / "README.md").read_text(encoding="utf-8")
CROISSANT = json.loads((CHECKOUT / CROISSANT_FILE).read_text(encoding="utf-8"))
PYPROJECT_LICENCE = tomllib.loads((CHECKOUT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"]
# The two parts of the licence, in DATASHEET.md's words.
MADE_BY_THE_PROJECT = "The annotations, code and documentation are CC BY 4.0."
TEXTS_NOT_CLEARED = "Their publishers' and translators' rights are not cleared by this package."


@pytest.fixture(scope="module")
def card_header():
    return split_card(README)[0]


def _flat(markdown: str) -> str:
    """Markdown prose as one line: no emphasis, single spaces."""
    return " ".join(markdown.replace("**", "").split())


def test_card_declares_an_other_licence_linked_to_a_file(card_header):
    assert card_header["license"] == "other"
    assert card_header["license_name"] == LICENCE_NAME
    assert card_header["license_link"] == LICENCE_FILE
    assert (CHECKOUT / card_header["license_link"]).is_file()


def test_the_licence_file_restates_the_datasheet():
    datasheet, licence = _flat(DATASHEET), _flat(LICENCE)
    assert LICENCE_NAME in datasheet and LICENCE_NAME in licence and LICENCE_FILE in datasheet
    assert MADE_BY_THE_PROJECT in datasheet and MADE_BY_THE_PROJECT in licence
    texts = re.search(r"- \*\*The texts\.\*\* (.*?)\n- ", DATASHEET, re.DOTALL).group(1)
    assert TEXTS_NOT_CLEARED in _flat(texts)
    assert _flat(texts) in licence


def test_croissant_separates_the_annotations_from_the_texts():
    licences = {entry["name"]: entry for entry in CROISSANT["license"]}
    assert set(licences) == {"CC-BY-4.0", "Source texts: rights not cleared"}
    assert licences["CC-BY-4.0"]["url"] == CC_BY_4
    assert licences["CC-BY-4.0"]["description"].startswith("The annotations, code and documentation")
    assert "not the source texts" in licences["CC-BY-4.0"]["description"]
    texts = licences["Source texts: rights not cleared"]
    assert "url" not in texts and TEXTS_NOT_CLEARED.removesuffix(".") in texts["description"]
    for entry in licences.values():
        assert f"({LICENCE_NAME}, {LICENCE_FILE})" in entry["description"]


def test_pyproject_names_the_same_licence():
    assert PYPROJECT_LICENCE == {"text": f"{LICENCE_NAME} ({LICENCE_FILE}): annotations, code and documentation "
                                         "CC-BY-4.0; source texts: rights not cleared"}


def test_annotations_are_declared_machine_generated_as_the_datasheet_says(card_header):
    assert card_header["annotations_creators"] == ["machine-generated"]
    datasheet = _flat(DATASHEET)
    assert "Instances of a large language model, not people" in datasheet
    assert "both annotators of every layer were instances of a large language model" in datasheet
    assert "no review by a person of any layer, of the adjudication or of the recall review is recorded" in datasheet
    assert "card declares its annotations `machine-generated`" in datasheet
    assert "instances of a large language model" in str(CROISSANT["rai:annotatorDemographics"])
    assert "instances of a large language model" in str(CROISSANT["rai:dataAnnotationProtocol"])
    assert "large language model" in str(CROISSANT["rai:machineAnnotationTools"])


def test_croissant_release_is_the_cited_version_and_year():
    citation = re.search(r"<!-- generated:citation -->(.*?)<!-- /generated:citation -->", README, re.DOTALL).group(1)
    assert re.search(r"year\s*=\s*\{(\d{4})\}", citation).group(1) == RELEASE_YEAR == CROISSANT["datePublished"]
    assert re.search(r"version\s*=\s*\{(.+?)\}", citation).group(1) == __version__ == CROISSANT["version"]
