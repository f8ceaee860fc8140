"""What a product search matches: one rule, written once, that both storage backends index and query by.

Text is cut into words: lower-cased (Unicode case folding), accents removed (NFKD, combining marks
dropped), then every run of letters and digits is a word; anything else separates words. So
"Café-Crème 2000" has the words "cafe", "creme" and "2000".

A product matches a search when **every word of the search is a word of the product** (of its name
or description): whole words, in any order, in any case, with or without accents. Not substrings and
not word beginnings: "kettle" finds "Red Kettle", "kett" and "kettles" do not. Whole words are what
both indexes can look up exactly (SQLite's FTS5, PostgreSQL's GIN, a DynamoDB key), so a rare word
costs the same in a catalog of any size.

Bounds, the same on both backends (README "Search"):
- a product's first MAX_PRODUCT_WORDS different words are searchable, its name's first: on DynamoDB
  each word is one item written in the product's own transaction, which holds 100 actions (an edit
  that replaces every word deletes 48 items and writes 48, beside the product and two counters);
- a word is cut to MAX_WORD_LENGTH characters, in products and searches alike;
- a search reads its first MAX_SEARCH_CHARS characters and uses its first MAX_SEARCH_WORDS
  different words; a search with no word at all (only punctuation) matches nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

MAX_PRODUCT_WORDS = 48
MAX_WORD_LENGTH = 40
MAX_SEARCH_WORDS = 5
MAX_SEARCH_CHARS = 200

# A run of letters and digits: \w without the underscore.
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The different words of `text`, in the order they first appear."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in folded if not unicodedata.combining(char))
    return list(dict.fromkeys(word[:MAX_WORD_LENGTH] for word in _WORD.findall(plain)))


def product_words(name: str, description: str) -> tuple[str, ...]:
    """What a product can be found by: its name's words, then its description's, at most MAX_PRODUCT_WORDS."""
    return tuple(dict.fromkeys([*words(name), *words(description)]))[:MAX_PRODUCT_WORDS]


def stored_words(name: str, description: str) -> str:
    """A product's words as both backends store them: its `product_words` as a `word_list`."""
    return word_list(product_words(name, description))


def search_words(search: str) -> tuple[str, ...]:
    """The words a product must all have to match `search` (empty: the search matches nothing)."""
    return tuple(words(search[:MAX_SEARCH_CHARS])[:MAX_SEARCH_WORDS])


def word_list(found: Iterable[str]) -> str:
    """Words as both backends store them: separated and surrounded by single spaces, so " word " finds
    a whole word in it (the padding)."""
    return f" {' '.join(found)} "


def padded(word: str) -> str:
    """How one whole word appears inside a `word_list`."""
    return f" {word} "


def matches(stored: str, wanted: Iterable[str]) -> bool:
    """Whether a `word_list` holds every wanted word: the rule itself, for checks made outside an index."""
    return all(padded(word) in stored for word in wanted)
