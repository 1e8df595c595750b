"""Catalogue search in Norwegian: words before descriptions, exact sizes, folded letters,
compounds and synonyms (data/lending/search-words.txt). The table runs against the demo
library on whichever database the suite runs on (SQLite locally, PostgreSQL in CI)."""

import pytest

from levekar.core.lib.progress import NULL_REPORTER
from levekar.lending import demo, search, selectors


@pytest.fixture
def demo_library(db):
    demo.load(reporter=NULL_REPORTER)


def labels(q, **kw):
    return [str(item) for item in selectors.catalogue_search(q=q, **kw)]


@pytest.mark.parametrize(("query", "first", "never"), [
    # Helmets are named «hjelm»; bikes only say it in their description.
    ("hjelm", ["Sykkelhjelm, S (48–54 cm)", "Sykkelhjelm, M (52–58 cm)",
               "Sykkelhjelm, L (56–62 cm)"], []),
    # A size is a whole number: 90 cm, never 190 cm.
    ("ski 90", ["Langrennsski, 90 cm"], ["Langrennsski, 190 cm"]),
    ("ski 130 cm", ["Langrennsski, 130 cm"], ["Langrennsski, 30 cm"]),
    ("ski 130cm", ["Langrennsski, 130 cm"], []),
    # Norwegian letters typed without æ/ø/å.
    ("skoyter 32", ["Skøyter, 32"], []),
    # Compounds split: «langrennski» (without the linking s) is «langrenn» + «ski».
    ("langrennski 150", ["Langrennsski, 150 cm"], ["Langrennsski, 130 cm"]),
    # A weight inside a size range.
    ("redningsvest 20 kg", ["Redningsvest, 15–30 kg"], ["Redningsvest, 30–40 kg"]),
    # Synonyms as data.
    ("skeiser", ["Skøyter, 28"], []),
    ("flytevest 45", ["Redningsvest, 40–50 kg"], []),
    ("kjelke", ["Akebrett"], []),
    # English.
    ("helmet", ["Sykkelhjelm, S (48–54 cm)"], ["Sykkel, 16\""]),
])
def test_search_finds_what_residents_type(demo_library, query, first, never):
    found = labels(query)
    assert found[: len(first)] == first, found[:6]
    assert not set(never) & set(found), found


def test_hjelm_lists_every_helmet_before_anything_that_only_mentions_one(demo_library):
    found = labels("hjelm")
    helmets = [f for f in found if f.startswith("Sykkelhjelm")]
    assert found[: len(helmets)] == helmets and len(found) > len(helmets)
    assert any(f.startswith("Sykkel,") for f in found)  # the description still counts


def test_a_search_that_matches_nothing_is_empty(demo_library):
    assert labels("trampoline") == []
    assert labels("ski 999") == []


@pytest.mark.parametrize(("text", "folded"), [
    ("Skøyter", "skoyter"), ("Våtdrakt", "vatdrakt"), ("Ærfugl", "aerfugl"),
    ("Café", "cafe"), ("SKÅL", "skal"),
])
def test_letters_are_folded(text, folded):
    assert search.fold_letters(text) == folded


@pytest.mark.parametrize(("word", "parts"), [
    ("langrennsski", ["langrenn", "ski"]), ("sykkelhjelm", ["sykkel", "hjelm"]),
    ("skistaver", ["ski", "staver"]), ("ski", []), ("hjelm", []),
    ("rulleskoyter", ["rulle", "skoyter"]),
])
def test_compounds_split_at_a_known_head(word, parts):
    assert search.split_compound(word) == parts


@pytest.mark.parametrize(("size", "span"), [
    ("130 cm", (130, 130)), ("15–30 kg", (15, 30)), ("70+ kg", (70, 999)),
    ("S (48–54 cm)", (48, 54)), ("Str. 4", (4, 4)), ("Barn", (None, None)), ("", (None, None)),
    ('20"', (20, 20)),
])
def test_a_size_is_a_range_of_numbers(size, span):
    assert search.size_range(size) == span


def test_a_query_takes_numbers_as_sizes_and_drops_units():
    q = search.parse_query("Redningsvest 20 kg")
    assert q.numbers == (20,) and [t.text for t in q.terms] == ["redningsvest"]
    assert search.parse_query("ski 130cm str").numbers == (130,)
    assert [t.text for t in search.parse_query("hjelm M").terms] == ["hjelm", "m"]


def test_synonyms_and_heads_are_read_from_the_data_file():
    vocab = search.parse_vocabulary("[synonymer]\nskøyter, skeiser\n\n[ledd]\nski # sisteledd\n")
    assert vocab.synonyms["skeiser"] == {"skoyter", "skeiser"}
    assert vocab.heads == ("ski",)
    assert "skeiser" in search.vocabulary().synonyms
