"""English Wikipedia titles and addresses, as the registry links carry them (ANNOTATION_SPEC.md §6).

A title is written as in the article's address, decoded: `Sergei_Shoigu`, `Workers'_Party_of_Korea`,
`São_Paulo` (not `S%C3%A3o_Paulo`). MediaWiki forbids `# < > [ ] | { }` in titles, stores spaces
as underscores and upper-cases the first letter, so a title holding one of those characters, a
space, or a lower-case first letter is not one an address can show. The checks, the links
benchmark and the viewer share these rules.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from nkru.schema import NIL_TITLE

# What an annotator writes while a link is still to be decided; never a link.
UNDECIDED = "UNDECIDED"
ARTICLE_ADDRESS = "https://en.wikipedia.org/wiki/"
FORBIDDEN_IN_TITLE = re.compile(r"[\s#<>\[\]|{}]")
PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


def title_problem(title: object) -> str | None:
    """Why `title` is neither NIL nor a title in the form of an English Wikipedia address; None
    when it is one of them."""
    if title == NIL_TITLE:
        return None
    if not isinstance(title, str) or not title:
        return f"expected a title or {NIL_TITLE}, found no text"
    if title == UNDECIDED:
        return f"{UNDECIDED} is an annotator's pending answer, not a link: decide it, or write {NIL_TITLE}"
    forbidden = FORBIDDEN_IN_TITLE.search(title)
    if forbidden:
        return (f"a title holds no {'whitespace' if forbidden.group().isspace() else repr(forbidden.group())} "
                "(spaces are written '_'; '#', '|', '[', ']', '{', '}', '<', '>' cannot be in a title)")
    if PERCENT_ESCAPE.search(title):
        return "a title is written decoded, as the article shows it, not percent-encoded"
    if title[0].islower():
        return "a title starts as Wikipedia stores it, with its first letter upper-case"
    if title.startswith("_") or title.endswith("_") or "__" in title:
        return "a title has no leading, trailing or doubled '_' (Wikipedia folds them away)"
    if any(ord(character) < 32 or ord(character) == 127 for character in title):
        return "a title holds no control character"
    return None


def address_problem(address: object) -> str | None:
    """Why `address` is not a well-formed http(s) URL; None when it is one. The address is recorded
    as it was read, so a copy served over plain http keeps its http address."""
    if not isinstance(address, str) or not address:
        return "expected an http(s) address, found none"
    if any(character.isspace() for character in address):
        return "an address holds no whitespace"
    try:
        parts = urlsplit(address)
        host = parts.hostname
    except ValueError:  # a malformed host such as an unclosed '['
        host = None
    if not address.startswith(("https://", "http://")) or not host or "." not in host:
        return "expected an http:// or https:// address with a host name"
    return None


def article_address(title: str) -> str:
    """The English Wikipedia address of a title (its characters escaped as an address needs)."""
    return ARTICLE_ADDRESS + quote(title, safe="_'(),!*:;@$-.~")
