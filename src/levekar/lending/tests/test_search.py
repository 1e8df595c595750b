"""Catalogue search in Norwegian: words before descriptions, exact sizes, folded letters,
compounds and synonyms (data/lending/search-words.txt), near-misses of a name word. The
table runs against the demo library on whichever database the suite runs on (SQLite's FTS5
table locally, PostgreSQL's full-text and trigram indexes in CI)."""

from collections import Counter

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from levekar.core.lib.progress import NULL_REPORTER
from levekar.lending import demo, search, selectors, services
from levekar.lending.models import Category, Item, LendingPoint


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
    # Typos no word start matches: trigram near-misses of a name word (pg_trgm on
    # PostgreSQL, the FTS5 vocabulary on SQLite).
    ("sykel 20", ["Sykkel, 20\""], ["Sykkel, 16\""]),
    ("hjelmm", ["Sykkelhjelm, S (48–54 cm)", "Sykkelhjelm, M (52–58 cm)",
                "Sykkelhjelm, L (56–62 cm)"], ["Sykkel, 16\""]),
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
    # Too far from «hjelm» (a third of its trigrams) to be a near-miss.
    assert labels("hjlem") == []


def test_a_near_miss_comes_after_the_words_that_match(demo_library):
    # «sykel» is near «sykkel» in the bikes' names; the helmets match «hjelm» by word.
    found = labels("hjelm sykel")
    assert found[:3] == ["Sykkelhjelm, S (48–54 cm)", "Sykkelhjelm, M (52–58 cm)",
                         "Sykkelhjelm, L (56–62 cm)"], found
    assert 'Sykkel, 16"' in found[3:]


def test_the_index_follows_every_change_of_an_item(demo_library):
    sled = Item.objects.get(name="Akebrett")
    # No longer «Toboggan» either: a synonym of «akebrett».
    sled.name, sled.name_en, sled.description = "Rattkjelke", "Steering sled", "Med ratt."
    sled.save()
    assert labels("rattkjelke") == ["Rattkjelke"]
    assert labels("akebrett") == []
    # A bulk update (as the import and the reindexing do) reaches the index too.
    Item.objects.filter(pk=sled.pk).update(search_text=" rattpulk ")
    assert labels("rattpulk") == ["Rattkjelke"]
    assert labels("rattkjelke") == []
    Item.objects.filter(pk=sled.pk).update(active=False)
    assert labels("rattpulk") == []


def lexicon() -> dict[str, int]:
    """The name words where a typo looks for its near-misses, with the number of items
    that have each: PostgreSQL's ``lending_search_words`` (migration 0007), SQLite's FTS5
    vocabulary of ``search_text``."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT word, items FROM lending_search_words")
        else:
            cursor.execute("SELECT term, doc FROM lending_item_fts_words "
                           "WHERE col = 'search_text'")
        return dict(cursor.fetchall())


def words_of_the_items() -> dict[str, int]:
    counts: Counter[str] = Counter()
    for text in Item.objects.values_list("search_text", flat=True):
        counts.update(set(text.split()))
    return dict(counts)


def test_the_lexicon_of_name_words_follows_every_change_of_an_item(demo_library):
    assert lexicon() == words_of_the_items()  # the demo's bulk_create
    assert labels("akkebrett") == ["Akebrett"]  # a near-miss of «akebrett»
    sled = Item.objects.get(name="Akebrett")
    sled.name, sled.name_en, sled.description = "Rattkjelke", "Steering sled", "Med ratt."
    sled.save()
    assert "akebrett" not in lexicon() and lexicon() == words_of_the_items()
    assert labels("akkebrett") == []
    assert labels("ratkjelke") == ["Rattkjelke"]
    # A bulk update, a change of other columns only, new items in bulk, deletes.
    Item.objects.filter(pk=sled.pk).update(search_text=" rattpulk ")
    assert labels("ratpulk") == ["Rattkjelke"] and labels("ratkjelke") == []
    Item.objects.filter(pk=sled.pk).update(active=False)
    assert lexicon() == words_of_the_items()
    category = Category.objects.order_by("pk").first()
    twins = Item.objects.bulk_create([
        Item(category=category, name="Tvillingvogn", size="Blå",
             search_text=" tvillingvogn barnevogn "),
        Item(category=category, name="Tvillingvogn", size="Rød", search_text=" tvillingvogn "),
    ])
    assert lexicon()["tvillingvogn"] == 2 and lexicon() == words_of_the_items()
    Item.objects.filter(pk=twins[0].pk).delete()
    assert lexicon()["tvillingvogn"] == 1 and "barnevogn" not in lexicon()
    Item.objects.filter(pk=twins[1].pk).delete()
    assert lexicon() == words_of_the_items() and "tvillingvogn" not in lexicon()


def test_an_item_made_by_the_service_is_found_by_a_typo_at_once(demo_library):
    category = Category.objects.order_by("pk").first()
    assert labels("barneevogn") == []  # not in the library yet
    stroller = services.item_create(category=category, name="Barnevogn", size="")
    location = LendingPoint.objects.order_by("pk").first()
    services.copies_add(item=stroller, location=location, count=1, first_number=99_001)
    assert labels("barnvogn") == []  # too far: 0.58
    assert labels("barneevogn") == ["Barnevogn"]  # 0.75


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_servers_trigram_threshold_does_not_change_what_a_typo_finds(demo_library):
    """``<%`` follows ``pg_trgm.word_similarity_threshold``; the search checks the
    similarity against its own threshold (0.6), as SQLite's does."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = 0.3")
        cursor.execute("SELECT %s <%% %s", ["hjlem", "hjelm"])
        assert cursor.fetchone()[0] is True  # the operator alone would take it
    assert labels("hjlem") == []
    assert labels("hjelmm")[:1] == ["Sykkelhjelm, S (48–54 cm)"]


@pytest.mark.parametrize(("q", "number"), [
    ("", 1), ("", 2), ("ski", 2), ("hjelm", 1), ("sykel", 1), ("trampoline", 1),
    ("", "99"), ("", "x"), ("", "0"),
])
def test_a_page_of_the_search_counts_its_hits_in_its_own_query(demo_library, q, number):
    """Page ``number`` with the count brought along is Paginator's page: the same rows in
    the same order, the same count and number of pages; past the end the last page."""
    per_page = 4
    expected = Paginator(selectors.catalogue_search(q=q), per_page).get_page(number)
    with CaptureQueriesContext(connection) as ctx:
        page = selectors.catalogue_page(selectors.catalogue_search(q=q), number, per_page)
        rows = list(page)
    assert [i.pk for i in rows] == [i.pk for i in expected]
    assert page.number == expected.number
    assert page.paginator.count == expected.paginator.count
    assert page.paginator.num_pages == expected.paginator.num_pages
    assert page.has_next() == expected.has_next()
    searches = [x for x in ctx.captured_queries if "lending_item" in x["sql"]
                and "lending_item_fts_words" not in x["sql"]]
    in_range = str(number).isdigit() and 1 <= int(number) <= expected.paginator.num_pages
    if in_range:
        assert len(searches) == 1, [x["sql"] for x in ctx.captured_queries]


@pytest.mark.parametrize(("term", "word", "similarity"), [
    # The figures PostgreSQL's word_similarity gives for the same pairs.
    ("sykel", "sykkel", 0.625), ("hjelmm", "hjelm", 5 / 7), ("word", "words", 0.8),
    ("skoter", "skoyter", 0.5), ("hjlem", "hjelm", 0.0),
])
def test_word_similarity_is_pg_trgms_for_a_whole_word(term, word, similarity):
    assert search.word_similarity(term, word) == pytest.approx(similarity)


def test_near_misses_leave_short_words_and_word_starts_alone():
    vocab = ["sykkel", "sykler", "hjelm", "hjelmer", "sko", "ski"]
    assert search.near_misses("sykel", vocab) == ["sykkel"]
    assert search.near_misses("hjelmm", vocab) == ["hjelm", "hjelmer"]
    assert search.near_misses("hjelm", vocab) == []  # «hjelmer» starts with it
    assert search.near_misses("skj", vocab) == []
    assert search.near_misses("2024", ["2025"]) == []


def test_a_term_becomes_a_prefix_query_for_either_database():
    term = search.parse_query("langrennski").terms[0]
    assert search.tsquery(term) == "(langrennski:*) | (langrenn:* & ski:*)"
    assert search.fts5_query(term, ["langrennsski"]) == (
        '("langrennski"*) OR ("langrenn"* AND "ski"*) OR (search_text : "langrennsski")')


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
