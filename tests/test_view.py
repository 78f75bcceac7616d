"""The static viewer's HTML, read back with the standard library's parser (no browser needed)."""

import dataclasses
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import CHECKOUT
from nkru.cli import main
from nkru.corpus import Corpus
from nkru.errors import NkruError, ViewError
from nkru.reader import read_corpus
from nkru.view.marks import Mark, render_marked_text
from nkru.view.site import STATIC_FILES, VIEW_CONFIGS, page_name, site_pages, write_site

VOID_ELEMENTS = {"meta", "link", "input", "br", "img", "hr"}


class PageReader(HTMLParser):
    """Every element's tag and attributes, checks that tags nest, and the text inside #text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.open_tags: list[tuple[str, bool]] = []
        self.text_parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag not in VOID_ELEMENTS:
            inside_text = attributes.get("id") == "text" or any(inside for _, inside in self.open_tags[-1:])
            self.open_tags.append((tag, inside_text))

    def handle_endtag(self, tag):
        assert self.open_tags and self.open_tags[-1][0] == tag, f"</{tag}> closes {self.open_tags[-1:]}"
        self.open_tags.pop()

    def handle_data(self, data):
        if self.open_tags and self.open_tags[-1][1]:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)

    def with_attribute(self, name: str, value: str | None = None) -> list[dict]:
        return [attributes for _, attributes in self.elements
                if name in attributes and (value is None or attributes[name] == value)]


def read_page(html: str) -> PageReader:
    reader = PageReader()
    reader.feed(html)
    reader.close()
    assert not reader.open_tags, f"unclosed: {reader.open_tags}"
    return reader


def first_layer_elements(reader: PageReader, layer: str) -> list[dict]:
    return [attributes for attributes in reader.with_attribute("data-layer", layer)
            if "data-fragment" not in attributes]


@pytest.fixture(scope="module")
def corpus():
    return read_corpus(CHECKOUT, VIEW_CONFIGS)


@pytest.fixture(scope="module")
def pages(corpus):
    return site_pages(corpus)


def mark(start, end, rank=0, name="m"):
    return Mark(start, end, rank, "span", (("data-id", name),))


def test_nested_and_identical_marks_nest_and_keep_the_text():
    text = "Kim Jong Un a dit"
    html = render_marked_text(text, [mark(0, 11, 1, "entity"), mark(0, 11, 0, "holder"), mark(4, 8, 2, "inner")])
    assert html == ('<span data-id="holder"><span data-id="entity">Kim <span data-id="inner">Jong</span> Un'
                    "</span></span> a dit")
    assert read_page(f'<div id="text">{html}</div>').text == text


def test_crossing_marks_are_split_into_fragments_that_keep_one_focus_stop():
    text = "abcdefghij"
    crossing = Mark(4, 9, 0, "span", (("id", "b"), ("data-id", "b"), ("tabindex", "0")))
    html = render_marked_text(text, [mark(1, 6, 0, "a"), crossing])
    reader = read_page(f'<div id="text">{html}</div>')
    assert reader.text == text
    parts = reader.with_attribute("data-id", "b")
    assert len(parts) == 2
    assert parts[0].get("tabindex") == "0" and "data-fragment" not in parts[0]
    assert "data-fragment" in parts[1] and "id" not in parts[1] and "tabindex" not in parts[1]


def test_text_and_attributes_are_escaped():
    text = '<script>alert("x")</script> & «Kim»'
    tip = Mark(0, 8, 0, "span", (("data-tip", '"><img src=x onerror=alert(1)>'),))
    html = render_marked_text(text, [tip])
    assert "<script>" not in html and "<img" not in html
    reader = read_page(f'<div id="text">{html}</div>')
    assert reader.text == text
    assert reader.with_attribute("data-tip")[0]["data-tip"] == '"><img src=x onerror=alert(1)>'


def test_a_mark_must_lie_inside_the_text():
    with pytest.raises(ViewError, match="start < end"):
        mark(3, 3)
    with pytest.raises(ViewError, match="ends after"):
        render_marked_text("abc", [mark(1, 4)])


def test_each_page_shows_every_annotation_of_its_document_over_the_unchanged_text(corpus, pages):
    for document in corpus.documents:
        doc_id = document.doc_id
        reader = read_page(pages[page_name(doc_id)])
        assert reader.text == document.text, doc_id
        for layer, config, id_column in (("entity", "entities", "mention_id"), ("timex", "dates", "timex_id")):
            expected = [getattr(row, id_column) for row in corpus.rows(config) if row.doc_id == doc_id]
            assert [element["data-id"] for element in first_layer_elements(reader, layer)] == expected, (doc_id, layer)
        stances = [row for row in corpus.stances if row.doc_id == doc_id]
        listed = [element["data-stance"] for element in reader.with_attribute("class")
                  if element["class"].startswith("stance ")]
        assert listed == [stance.stance_id for stance in stances], doc_id
        roles = {(element["data-stance"], element["data-role"]) for element in first_layer_elements(reader, "stance")}
        expected_roles = {(stance.stance_id, role) for stance in stances for role in ("holder", "target", "cue")
                          if getattr(stance, f"{role}_start") is not None}
        assert roles == expected_roles, doc_id


def test_entity_details_name_the_registry_entity_and_its_other_forms(corpus, pages):
    registry = {row.entity_id: row for row in corpus.registry}
    reader = read_page(pages["nkru-000.html"])
    for element in first_layer_elements(reader, "entity"):
        entity = registry[element["data-entity"]]
        assert f"entity: {entity.canonical_name}" in element["data-tip"]
        assert element["data-label"] in element["data-tip"]
    kim = next(element for element in first_layer_elements(reader, "entity") if element["data-entity"] == "kim_jong_un")
    assert "other forms:" in kim["data-tip"]


def test_each_entity_shows_its_wikipedia_link_or_nil(corpus, pages):
    from nkru.wikipedia import article_address

    registry = {row.entity_id: row for row in corpus.registry}
    for doc_id in ("nkru-000", "nkru-003"):
        html = pages[f"{doc_id}.html"]
        reader = read_page(html)
        for element in first_layer_elements(reader, "entity"):
            title = registry[element["data-entity"]].wikipedia_title
            expected = ("Wikipedia: unconfirmed (the article could not be read)" if title is None
                        else "Wikipedia: NIL (no article)" if title == "NIL" else f"Wikipedia: {title}")
            assert element["data-tip"].endswith(expected)
        mentioned = {mention.entity_id for mention in corpus.mentions if mention.doc_id == doc_id}
        links = {element["href"] for element in reader.with_attribute("href") if "wikipedia.org" in element["href"]}
        assert links == {article_address(registry[entity_id].wikipedia_title) for entity_id in mentioned
                         if registry[entity_id].wikipedia_title not in ("NIL", None)}
        nil_rows = html.count('<td class="wikipedia nil">NIL</td>')
        assert nil_rows == sum(registry[mention.entity_id].wikipedia_title == "NIL" for mention in corpus.mentions
                               if mention.doc_id == doc_id)
        unconfirmed_rows = html.count('<td class="wikipedia unconfirmed">unconfirmed</td>')
        assert unconfirmed_rows == sum(registry[mention.entity_id].wikipedia_title is None
                                       for mention in corpus.mentions if mention.doc_id == doc_id)
        assert unconfirmed_rows > 0 or doc_id == "nkru-000"


def test_timex_details_give_the_normalised_value(corpus, pages):
    reader = read_page(pages["nkru-003.html"])
    values = {row.timex_id: row.value for row in corpus.timexes if row.doc_id == "nkru-003"}
    for element in first_layer_elements(reader, "timex"):
        assert element["data-value"] == values[element["data-id"]]
        assert f"value {values[element['data-id']]}" in element["data-tip"]


def test_timex_details_give_the_timeml_attributes(corpus, pages):
    reader = read_page(pages["nkru-003.html"])
    tips = {element["data-id"]: element["data-tip"] for element in first_layer_elements(reader, "timex")}
    by_text = {row.text: row for row in corpus.timexes if row.doc_id == "nkru-003"}
    assert "temporal function: weekday_before" in tips[by_text["vendredi"].timex_id]
    assert "ends: document creation time" in tips[by_text["Ces derniers mois"].timex_id]
    saturday = next(row for row in corpus.timexes if row.doc_id == "nkru-003" and row.text == "samedi")
    assert f"ends: {saturday.timex_id.removeprefix('nkru-003-')}" in tips[by_text["Un jour"].timex_id]
    assert "temporal function" not in tips[by_text["années 1980"].timex_id]
    assert "<th>TimeML attributes</th>" in pages["nkru-003.html"]


def test_every_annotation_is_focusable_and_described(pages):
    for name, html in pages.items():
        if not name.endswith(".html") or name == "index.html":
            continue
        reader = read_page(html)
        ids = [attributes["id"] for _, attributes in reader.elements if "id" in attributes]
        assert len(ids) == len(set(ids)), f"{name}: duplicated ids"
        for element in reader.with_attribute("data-layer"):
            if "data-fragment" in element:
                continue
            assert element.get("tabindex") == "0", element
            assert element["aria-describedby"] in ids, element
        for element in reader.with_attribute("href"):
            if element["href"].startswith("#"):
                assert element["href"][1:] in ids, f"{name}: broken link {element['href']}"


def test_the_site_loads_nothing_from_the_network_and_links_only_its_own_files(pages):
    """Everything a page loads or links is part of the site, but for the entities' articles: plain
    `<a>` links to the English Wikipedia, followed only when clicked."""
    for name, html in pages.items():
        if not name.endswith(".html"):
            continue
        reader = read_page(html)
        for tag, attributes in reader.elements:
            for attribute in ("href", "src"):
                if attribute not in attributes:
                    continue
                target = attributes[attribute].split("#")[0]
                if tag == "a" and attribute == "href" and target.startswith("https://en.wikipedia.org/wiki/"):
                    continue
                assert not re.match(r"[a-z]+:|//", target), f"{name}: {target}"
                assert target == "" or target in pages, f"{name}: {target} is not part of the site"


def test_the_index_lists_every_document_with_its_counts(corpus, pages):
    reader = read_page(pages["index.html"])
    rows = reader.with_attribute("data-doc")
    assert [row["data-doc"] for row in rows] == [document.doc_id for document in corpus.documents]
    counts = [attributes for tag, attributes in reader.elements if attributes.get("data-count") == "stances"]
    assert len(counts) == len(corpus.documents)


def test_index_counts_match_the_tables(corpus, pages):
    html = pages["index.html"]
    for doc_id in corpus.texts_by_doc:
        row = re.search(rf'<tr data-doc="{doc_id}">(.*?)</tr>', html).group(1)
        shown = dict(re.findall(r'data-count="(\w+)">(\d+)<', row))
        assert int(shown["mentions"]) == sum(1 for row in corpus.mentions if row.doc_id == doc_id)
        assert int(shown["timexes"]) == sum(1 for row in corpus.timexes if row.doc_id == doc_id)
        assert int(shown["stances"]) == sum(1 for row in corpus.stances if row.doc_id == doc_id)


def test_the_site_is_built_deterministically(pages):
    assert site_pages(read_corpus(CHECKOUT, VIEW_CONFIGS)) == pages


def test_view_command_writes_the_site(tmp_path, capsys):
    out = tmp_path / "site"
    assert main(["view", "--out", str(out), "--data-dir", str(CHECKOUT)]) == 0
    assert sorted(path.name for path in out.iterdir()) == sorted(
        ["index.html", *STATIC_FILES, *(f"nkru-00{index}.html" for index in range(5))])
    assert f"open {out / 'index.html'}" in capsys.readouterr().out


def test_a_previous_site_is_replaced_whole(tmp_path, corpus):
    out = tmp_path / "site"
    write_site(corpus, out)
    (out / "stale.html").write_text("old", encoding="utf-8")
    write_site(corpus, out)
    assert not (out / "stale.html").exists()


def test_a_folder_that_is_not_a_site_is_left_alone(tmp_path, capsys):
    out = tmp_path / "notes"
    out.mkdir()
    (out / "thesis.tex").write_text("keep me", encoding="utf-8")
    assert main(["view", "--out", str(out), "--data-dir", str(CHECKOUT)]) == 2
    assert "is not a viewer site (it holds thesis.tex)" in capsys.readouterr().err
    assert [path.name for path in out.iterdir()] == ["thesis.tex"]


def test_an_unwritable_folder_fails_cleanly_and_writes_nothing(tmp_path, corpus, monkeypatch):
    import nkru.view.site

    def fail(*_, **__):
        raise OSError("disk full")

    out = tmp_path / "site"
    monkeypatch.setattr(nkru.view.site.Path, "write_text", fail)
    with pytest.raises(NkruError, match=r"cannot write .*site \(disk full\); it is left as it was"):
        write_site(corpus, out)
    assert list(tmp_path.iterdir()) == []


def test_a_document_id_that_cannot_name_a_file_is_refused():
    with pytest.raises(NkruError, match="cannot name a page"):
        page_name("../evil")


def test_a_missing_config_is_named(corpus):
    without_stances = Corpus(tables={config: corpus.tables[config] for config in VIEW_CONFIGS if config != "stances"})
    with pytest.raises(NkruError, match="missing: stances"):
        site_pages(without_stances)


def test_a_row_of_an_unknown_document_is_named(corpus):
    stances = [dataclasses.replace(corpus.stances[0], doc_id="nkru-999")]
    with pytest.raises(NkruError, match="stances: row for unknown document 'nkru-999'"):
        site_pages(Corpus(tables={**corpus.tables, "stances": stances}))


def test_screenshot_document_must_exist(tmp_path, capsys):
    code = main(["view", "--out", str(tmp_path / "site"), "--data-dir", str(CHECKOUT),
                 "--screenshot", str(tmp_path / "shot.png"), "--screenshot-doc", "nkru-999"])
    assert code == 2
    assert "'nkru-999' is not a document" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_static_files_are_in_the_package():
    from nkru.view.site import STATIC_FOLDER

    folder = Path(STATIC_FOLDER)
    assert all((folder / name).is_file() for name in STATIC_FILES)


def test_the_readme_shows_a_screenshot_of_the_viewer():
    readme = (CHECKOUT / "README.md").read_text(encoding="utf-8")
    (image,) = re.findall(r"!\[[^\]]*\]\((docs/viewer[^)]*\.png)\)", readme)
    assert (CHECKOUT / image).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert f"--screenshot {image}" in readme.replace("\n", " ")
