"""Catalogue search in Norwegian, as pure functions (no database).

An item is indexed as words between spaces: its name words (Norwegian and English, the
category, the parts of compound words and their synonyms) in ``search_text``, its
description words in ``search_more``, and its size as a number range. A search term
matches a word that *starts* with it, so «90» never finds «190» and «hjelm» finds
«hjelmer»; a number matches a size whose range holds it («redningsvest 20 kg» finds
«15–30 kg»). The same word-start matching runs on SQLite and PostgreSQL (``LIKE '% t%'``).

Synonyms and compound heads are data: ``data/lending/search-words.txt``.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

WORDS_FILE = Path(__file__).resolve().parents[3] / "data" / "lending" / "search-words.txt"

# Norwegian (and a few other) letters folded to plain ones, so «skoyter» finds «skøyter».
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ß": "ss", "œ": "oe"})
# Units that follow a size: dropped from searches («130 cm» = «130»).
UNITS = {"cm", "kg", "liter", "str", "storrelse", "size", "personer", "person"}
# Units only when written right after the number («30l», «15m»): alone, «M» and «L» are
# sizes of helmets and clothes.
ATTACHED_UNITS = UNITS | {"l", "m"}
# Endings taken off a search word before matching by word start («staver» → «stav»).
_ENDINGS = ("ene", "er", "en", "et", "ar", "a", "e")
_STEM_MIN = 3


def fold_letters(text: str) -> str:
    """Lower case, accents removed, æ/ø/å folded: «Skøyter» → «skoyter»."""
    text = unicodedata.normalize("NFKD", (text or "").casefold().translate(_FOLD))
    return "".join(c for c in text if not unicodedata.combining(c)).translate(_FOLD)


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold_letters(text))


@dataclass(frozen=True)
class Vocabulary:
    synonyms: dict[str, frozenset[str]]
    heads: tuple[str, ...]


def parse_vocabulary(text: str) -> Vocabulary:
    """Read the search-words file: ``[synonymer]`` lines of words that mean the same and
    ``[ledd]`` lines of compound heads."""
    section = ""
    synonyms: dict[str, set[str]] = {}
    heads: list[str] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            continue
        if section == "synonymer":
            group = {w for part in line.split(",") for w in words(part)}
            for word in group:
                synonyms.setdefault(word, set()).update(group)
        elif section == "ledd":
            heads.extend(words(line))
    # Longest heads first, so «skoyter» is tried before «ski»… and «sko».
    return Vocabulary({k: frozenset(v) for k, v in synonyms.items()},
                      tuple(sorted(set(heads), key=lambda h: (-len(h), h))))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return parse_vocabulary(WORDS_FILE.read_text(encoding="utf-8"))


def split_compound(word: str, vocab: Vocabulary | None = None) -> list[str]:
    """The parts of a compound word ending in a known head: «langrennsski» → «langrenn»,
    «ski»; «sykkelhjelm» → «sykkel», «hjelm». A linking s or e is dropped. A word that is
    no compound gives []."""
    vocab = vocab or vocabulary()
    for head in vocab.heads:
        if word.endswith(head) and len(word) - len(head) >= 3:
            rest = word[: -len(head)]
            if rest.endswith("s") and len(rest) > 4:
                rest = rest[:-1]
            return [rest, head]
    return []


def index_words(*texts: str, vocab: Vocabulary | None = None) -> str:
    """The words an item is found by, each once, between spaces (« ski langrenn … »)."""
    vocab = vocab or vocabulary()
    found: list[str] = []
    for text in texts:
        for word in words(text):
            for w in (word, *split_compound(word, vocab)):
                for s in (w, *sorted(vocab.synonyms.get(w, ()))):
                    if s not in found:
                        found.append(s)
    return _bounded(found)


def _bounded(found: list[str], limit: int = 600) -> str:
    text = ""
    for word in found:
        if len(text) + len(word) + 2 > limit:
            break
        text += f" {word}"
    return f"{text} " if text else ""


def description_words(text: str) -> str:
    return _bounded(list(dict.fromkeys(words(text))))


def stem(word: str) -> str:
    """A search word without a common Norwegian ending, for word-start matching."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _STEM_MIN:
            return word[: -len(ending)]
    return word


@dataclass(frozen=True)
class Term:
    """One word of a search: ``alternatives`` are lists of word starts of which all must
    match (the word itself, or the parts of a compound)."""

    text: str
    alternatives: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...]
    numbers: tuple[int, ...]

    def __bool__(self) -> bool:
        return bool(self.terms or self.numbers)


def parse_query(query: str, *, limit: int = 6, vocab: Vocabulary | None = None) -> Query:
    """«Langrennski 130cm» → a term (the word, or «langrenn» + «ski») and the number 130."""
    vocab = vocab or vocabulary()
    terms: list[Term] = []
    numbers: list[int] = []
    for word in re.findall(r"[a-z0-9]+", fold_letters(query).replace("+", " ")):
        m = re.fullmatch(r"(\d+)([a-z]*)", word)
        if m and (not m.group(2) or m.group(2) in ATTACHED_UNITS):
            if int(m.group(1)) not in numbers:
                numbers.append(int(m.group(1)))
            continue
        if word in UNITS:
            continue
        alternatives = [(stem(word),)]
        parts = split_compound(word, vocab)
        if parts:
            alternatives.append(tuple(stem(p) if len(p) > _STEM_MIN else p for p in parts))
        if all(t.text != word for t in terms):
            terms.append(Term(word, tuple(alternatives)))
    return Query(tuple(terms[:limit]), tuple(numbers[:3]))


def size_range(size: str) -> tuple[int | None, int | None]:
    """The numbers a size covers: «130 cm» → (130, 130), «15–30 kg» → (15, 30),
    «70+ kg» → (70, 999), «S (48–54 cm)» → (48, 54), «Str. 4» → (4, 4), «Barn» → (None,
    None)."""
    text = size or ""
    m = re.search(r"(\d+)\s*[-–—]\s*(\d+)", text)
    if m:
        low, high = int(m.group(1)), int(m.group(2))
        return min(low, high), max(low, high)
    m = re.search(r"(\d+)\s*\+", text)
    if m:
        return int(m.group(1)), 999
    m = re.search(r"\d+", text)
    if m:
        return int(m.group()), int(m.group())
    return None, None


# --- The database's index: full-text prefix queries and trigram near-misses -------------
#
# PostgreSQL matches a term with ``to_tsquery('simple', 'term:*')`` against a GIN-indexed
# tsvector of ``search_text || search_more``; SQLite matches the same prefix query in an
# FTS5 table kept in sync by triggers (migration 0004). Near-misses («sykel» → «sykkel»)
# are words of the items' names, found in a lexicon of those words: on PostgreSQL with
# pg_trgm's word similarity (``<%``) in ``lending_search_words`` (migration 0007), on
# SQLite with the same trigram measure, computed here, over the FTS5 vocabulary. Either
# database then looks for those words whole in ``search_text``.

# pg_trgm's default ``word_similarity_threshold``: a near-miss shares at least 60 % of the
# typed word's trigrams with a word of the item's name.
NEAR_MISS_THRESHOLD = 0.6
# Shorter words are left to word-start matching: «ski» would otherwise be near «sko».
NEAR_MISS_MIN_LENGTH = 4


def trigrams(word: str) -> list[str]:
    """The trigrams pg_trgm takes from one word, in order: padded with two spaces before
    and one after («ski» → «  s», « sk», «ski», «ki »)."""
    padded = f"  {word} "
    return [padded[i:i + 3] for i in range(len(padded) - 2)]


def word_similarity(term: str, word: str) -> float:
    """pg_trgm's ``word_similarity`` of a typed word and one word of the index: the best
    share of trigrams in common (of the two sets together) between the typed word and a
    run of the word's trigrams. «sykel» and «sykkel» share 5 of 8: 0.625."""
    wanted = set(trigrams(term))
    found = trigrams(word)
    if not wanted or len(wanted & set(found)) < NEAR_MISS_THRESHOLD * len(wanted):
        return 0.0  # cannot reach the threshold: spare the runs
    best = 0.0
    for start in range(len(found)):
        run: set[str] = set()
        for gram in found[start:]:
            run.add(gram)
            best = max(best, len(wanted & run) / len(wanted | run))
    return best


def near_misses(term: str, vocabulary_words) -> list[str]:
    """The words of the index a typed word is a near-miss of (not counting words it
    already starts)."""
    if len(term) < NEAR_MISS_MIN_LENGTH or term.isdigit():
        return []
    return sorted(w for w in vocabulary_words
                  if not w.startswith(term)
                  and word_similarity(term, w) >= NEAR_MISS_THRESHOLD)


def tsquery(term: Term) -> str:
    """The term as a PostgreSQL tsquery of word starts: «langrennski» →
    ``langrennski:* | (langrenn:* & ski:*)``. Parts are [a-z0-9]+ (``words``), so nothing
    in them is tsquery syntax."""
    groups = [" & ".join(f"{part}:*" for part in parts) for parts in term.alternatives]
    return " | ".join(f"({g})" for g in groups)


def fts5_query(term: Term, near: list[str] = ()) -> str:
    """The term as an FTS5 query of word starts, and near-miss words whole in the name
    words only: «langrennski» → ``("langrennski"*) OR ("langrenn"* AND "ski"*)``."""
    groups = [" AND ".join(f'"{part}"*' for part in parts) for parts in term.alternatives]
    groups += [f'search_text : "{word}"' for word in near]
    return " OR ".join(f"({g})" for g in groups)
