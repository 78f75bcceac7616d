"""The forms of English Wikipedia titles and addresses that the registry links must take."""

import pytest

from nkru.wikipedia import address_problem, article_address, title_problem


@pytest.mark.parametrize("title", ["NIL", "Sergei_Shoigu", "Workers'_Party_of_Korea", "São_Paulo", "Tu-160",
                                   "Russian_destroyer_Marshal_Shaposhnikov", "2023_Russia–North_Korea_summit",
                                   "C++", "AT&T"])
def test_titles_an_address_can_show(title):
    assert title_problem(title) is None


@pytest.mark.parametrize("title, problem", [
    ("Sergei Shoigu", "whitespace"), ("Sergei\u00a0Shoigu", "whitespace"), ("Sergei_Shoigu#Career", "'#'"),
    ("A|B", "'|'"), ("[[Kim]]", "'['"), ("{{Kim}}", "'{'"), ("<Kim>", "'<'"), ("S%C3%A3o_Paulo", "percent-encoded"),
    ("sergei_Shoigu", "upper-case"), ("_Kim", "'_'"), ("Kim_", "'_'"), ("Kim__Jong_Un", "'_'"),
    ("UNDECIDED", "pending"), ("", "no text"), (None, "no text"),
])
def test_titles_no_address_shows(title, problem):
    assert problem in title_problem(title)


@pytest.mark.parametrize("address, ok", [
    ("https://en.wikipedia.org/wiki/Sergei_Shoigu", True), ("https://www.owiki.org/wiki/Marshal_Shaposhnikov", True),
    ("http://en.wikipedia.org/wiki/Sergei_Shoigu", True), ("ftp://en.wikipedia.org/wiki/Sergei_Shoigu", False), ("en.wikipedia.org/wiki/A", False),
    ("https://en.wikipedia.org/wiki/Sergei Shoigu", False), ("https://localhost/wiki/A", False),
    ("https://[en.wikipedia.org/wiki/A", False), ("", False), (None, False),
])
def test_addresses(address, ok):
    assert (address_problem(address) is None) == ok


def test_the_article_address_of_a_title_escapes_what_an_address_must():
    assert article_address("Sergei_Shoigu") == "https://en.wikipedia.org/wiki/Sergei_Shoigu"
    assert article_address("Workers'_Party_of_Korea") == "https://en.wikipedia.org/wiki/Workers'_Party_of_Korea"
    assert article_address("São_Paulo") == "https://en.wikipedia.org/wiki/S%C3%A3o_Paulo"
    assert article_address("AT&T") == "https://en.wikipedia.org/wiki/AT%26T"
