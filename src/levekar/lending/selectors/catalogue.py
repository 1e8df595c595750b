"""Reads of the public catalogue: search, availability per lending point, opening hours.

Every function runs a fixed number of queries whatever the size of the inventory: a page
of the search is one filtered query on items that brings its number of hits along
(``catalogue_page``), after at most one read of the lexicon of name words for typos
(``_near_misses``); availability for a page of items is three grouped queries.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    Func,
    Min,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone

from levekar.lending import search
from levekar.lending.lib import fold, search_terms
from levekar.lending.models import (
    LENDABLE_CONDITIONS,
    Category,
    Condition,
    Copy,
    Item,
    LendingPoint,
    Loan,
    OpeningHours,
    Reservation,
    Weekday,
)


def categories() -> list[Category]:
    return list(Category.objects.order_by("order", "name"))


def catalogue_search(*, q: str = "", category: str = "", size: str = "",
                     age: int | None = None) -> QuerySet[Item]:
    """Items in the catalogue matching every word of ``q`` (``lending.search``: by word
    start, in the name words first, then the description; numbers as sizes), a category
    code, a size and an age. Items whose names match come before those that match only by
    their description; a whole word before a word start; a near-miss of a name word
    («sykel» for «sykkel») last.

    Each word is looked up in the database's own index: PostgreSQL's full-text search
    with trigram similarity, SQLite's FTS5 table (migration 0004). One query either way,
    plus one read of the lexicon of name words (``_near_misses``) when a word of the
    search is long enough to have near-misses."""
    items = (Item.objects.filter(active=True)
             .filter(Exists(Copy.objects.filter(item=OuterRef("pk"))
                            .exclude(condition=Condition.DISCARDED)))
             .select_related("category"))
    query = search.parse_query(q)
    rank = []
    if query.terms:
        items = _matching_terms(items, query.terms)
    for term in query.terms:
        in_name = Q()
        for parts in term.alternatives:
            name_all = Q()
            for part in parts:
                name_all &= Q(search_text__contains=f" {part}")
            in_name |= name_all
        in_text = Q()
        for parts in term.alternatives:
            text_all = Q()
            for part in parts:
                text_all &= (Q(search_text__contains=f" {part}")
                             | Q(search_more__contains=f" {part}"))
            in_text |= text_all
        # The rows are already the matching ones: this only orders them.
        rank.append(Case(When(search_text__contains=f" {term.text} ", then=Value(3)),
                         When(in_name, then=Value(2)), When(in_text, then=Value(1)),
                         default=Value(0)))
    for number in query.numbers:
        items = items.filter(size_min__lte=number, size_max__gte=number)
    if category:
        items = items.filter(category__code=category)
    for term in search_terms(size):
        items = items.filter(size_key__contains=f" {term} ")
    if age is not None:
        items = items.filter(Q(age_min__isnull=True) | Q(age_min__lte=age),
                             Q(age_max__isnull=True) | Q(age_max__gte=age))
    order = ["category__order", "category__name", "name", "size_sort", "size", "pk"]
    if rank:
        items = items.annotate(rank=sum(rank[1:], rank[0]))
        order.insert(0, "-rank")
    return items.order_by(*order)


def catalogue_page(items: QuerySet[Item], number, per_page: int) -> Page:
    """Page ``number`` of a search (``catalogue_search``) and its number of hits in one
    query: the count comes with the rows (``COUNT(*) OVER ()``). ``Paginator`` alone
    counts in a query of its own and then reads the page, so the search's conditions — on
    PostgreSQL a word similarity per candidate item — ran twice. A number past the last
    page (or not a number) is left to ``Paginator.get_page``: the last (or first) page."""
    paginator = Paginator(items, per_page)
    try:
        n = int(number or 1)
    except (TypeError, ValueError):
        n = 0
    if n < 1:
        return paginator.get_page(number)
    offset = (n - 1) * per_page
    rows = list(items.annotate(search_hits=Window(Count("pk")))[offset:offset + per_page])
    if not rows and n > 1:
        return paginator.get_page(number)
    paginator.count = rows[0].search_hits if rows else 0  # Paginator's cached count
    return Page(rows, n, paginator)


class _FoldedVector(Func):
    """The tsvector that ``lending_item_search_fts`` indexes (the same expression)."""

    template = "to_tsvector('simple'::regconfig, %(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = TextField()


class _TsQuery(Func):
    template = "to_tsquery('simple'::regconfig, %(expressions)s)"
    output_field = TextField()


class _Matches(Func):
    """``vector @@ tsquery``: the word starts of one term."""

    template = "(%(expressions)s)"
    arg_joiner = " @@ "
    output_field = BooleanField()


def _matching_terms(items: QuerySet[Item], terms) -> QuerySet[Item]:
    """Items matching every term, through PostgreSQL's indexes or SQLite's FTS5 table: the
    word starts of each term, or a near-miss of it (``_near_misses``) whole among the
    name words."""
    near = _near_misses(terms)
    if connection.vendor == "postgresql":
        vector = _FoldedVector(F("search_text"), F("search_more"))
        for term in terms:
            # Near-misses whole in the name words (GIN trigram index on search_text) come
            # first: the bitmap scan rechecks its rows, and a row they found is then
            # settled without building its tsvector.
            found = Q()
            for word in near.get(term.text, ()):
                found |= Q(search_text__contains=f" {word} ")
            items = items.filter(found | Q(_Matches(vector, _TsQuery(Value(search.tsquery(term))))))
        return items
    match = " AND ".join(f"({search.fts5_query(term, near.get(term.text, []))})"
                         for term in terms)
    return items.filter(pk__in=RawSQL(
        "SELECT rowid FROM lending_item_fts WHERE lending_item_fts MATCH %s", [match]))


def _near_misses(terms) -> dict[str, list[str]]:
    """For each term that can have near-misses (``search.near_misses``), the words of the
    items' names it is one of: one query in the lexicon of the name words, none when no
    term can have any.

    PostgreSQL: ``lending_search_words`` (migration 0007, a few hundred words kept by
    triggers), whose GIN trigram index answers ``term <% word``; the similarity is
    checked again against ``search.NEAR_MISS_THRESHOLD`` so that the server's
    ``pg_trgm.word_similarity_threshold`` cannot change the result. SQLite: the FTS5
    vocabulary of ``search_text``, scored in Python with the same measure."""
    wanted = [t.text for t in terms
              if len(t.text) >= search.NEAR_MISS_MIN_LENGTH and not t.text.isdigit()]
    if not wanted:
        return {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT t.term, w.word FROM unnest(%s::text[]) AS t(term) "
                "JOIN lending_search_words w ON t.term <%% w.word "
                "WHERE word_similarity(t.term, w.word) >= %s "
                "AND NOT starts_with(w.word, t.term) ORDER BY t.term, w.word",
                [wanted, search.NEAR_MISS_THRESHOLD])
            near: dict[str, list[str]] = {}
            for term, word in cursor.fetchall():
                near.setdefault(term, []).append(word)
            return near
        cursor.execute("SELECT term FROM lending_item_fts_words WHERE col = 'search_text'")
        vocabulary = [row[0] for row in cursor.fetchall()]
    return {term: search.near_misses(term, vocabulary) for term in wanted}


@dataclass
class PointAvailability:
    point: LendingPoint
    total: int
    free: int
    next_due: dt.date | None = None

    today: dt.date | None = None

    @property
    def none_free(self) -> bool:
        return self.free == 0

    @property
    def overdue(self) -> bool:
        """No copy free and the first one expected back is past its due date: «expected
        back 3 December» on 5 December would mislead, so the page says overdue."""
        return (self.next_due is not None and self.today is not None
                and self.next_due < self.today)


def _copy_counts(item_ids: list[int], now: dt.datetime) -> list[dict]:
    """Per item and lending point: copies in circulation and copies free now (not on loan,
    not held for someone, lendable and ready). One grouped query, written as SQL: built with
    the ORM (a filtered Count over two Exists) it took 3 ms of CPU to compile on every
    catalogue page, twenty times what the database needs to run it."""
    qn = connection.ops.quote_name
    copy, loan, hold = Copy._meta, Loan._meta, Reservation._meta

    def col(meta, name):
        return qn(meta.get_field(name).column)

    item, location, condition = col(copy, "item"), col(copy, "location"), col(copy, "condition")
    ready, pk = col(copy, "available_from"), col(copy, "id")
    at = connection.ops.adapt_datetimefield_value(now)
    lendable = ", ".join(["%s"] * len(LENDABLE_CONDITIONS))
    ids = ", ".join(["%s"] * len(item_ids))
    # Only table and column names from the models go into the text; values are parameters.
    on_loan = (f"SELECT 1 FROM {qn(loan.db_table)} l WHERE l.{col(loan, 'copy')} = c.{pk} "  # noqa: S608
               f"AND l.{col(loan, 'returned_at')} IS NULL")
    held = (f"SELECT 1 FROM {qn(hold.db_table)} r WHERE r.{col(hold, 'copy')} = c.{pk} "  # noqa: S608
            f"AND r.{col(hold, 'status')} = %s AND r.{col(hold, 'expires_at')} > %s")
    sql = (
        f"SELECT c.{item}, c.{location}, COUNT(*), "  # noqa: S608
        f"SUM(CASE WHEN c.{condition} IN ({lendable}) "
        f"AND (c.{ready} IS NULL OR c.{ready} <= %s) "
        f"AND NOT EXISTS ({on_loan}) AND NOT EXISTS ({held}) THEN 1 ELSE 0 END) "
        f"FROM {qn(copy.db_table)} c WHERE c.{item} IN ({ids}) AND c.{condition} <> %s "
        f"GROUP BY c.{item}, c.{location}"
    )
    params = [*(str(c) for c in LENDABLE_CONDITIONS), at, str(Reservation.Status.READY), at,
              *item_ids, str(Condition.DISCARDED)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [{"item_id": row[0], "location_id": row[1], "total": row[2], "free": row[3] or 0}
                for row in cursor.fetchall()]


def availability(item_ids: list[int], *, points: dict[int, LendingPoint],
                 now: dt.datetime | None = None) -> dict[int, list[PointAvailability]]:
    """For each item: per lending point that has it, copies in circulation, copies free to
    borrow now (after the queue has had its share) and the next due date when none is."""
    now = now or timezone.now()
    if not item_ids:
        return {}
    counts = _copy_counts(item_ids, now)
    waiting = {
        (r["item_id"], r["location_id"]): r["n"]
        for r in Reservation.objects.filter(item_id__in=item_ids,
                                            status=Reservation.Status.WAITING)
        .values("item_id", "location_id").annotate(n=Count("pk")).order_by()
    }
    next_due = {
        (r["item_id"], r["copy__location_id"]): r["due"]
        for r in Loan.objects.filter(item_id__in=item_ids, returned_at__isnull=True)
        .values("item_id", "copy__location_id").annotate(due=Min("due_on")).order_by()
    }
    result: dict[int, list[PointAvailability]] = defaultdict(list)
    for row in counts:
        point = points.get(row["location_id"])
        if point is None:
            continue
        key = (row["item_id"], row["location_id"])
        free = max(0, row["free"] - waiting.get(key, 0))
        result[row["item_id"]].append(PointAvailability(
            point=point, total=row["total"], free=free,
            next_due=next_due.get(key) if free == 0 else None,
            today=timezone.localdate(now)))
    for rows in result.values():
        rows.sort(key=lambda a: (a.point.order, a.point.name))
    return result


@dataclass
class PointHours:
    point: LendingPoint
    days: list[tuple[str, list[OpeningHours]]] = field(default_factory=list)
    today: list[OpeningHours] = field(default_factory=list)
    open_now: bool = False


def lending_points(*, active_only: bool = True) -> dict[int, LendingPoint]:
    qs = LendingPoint.objects.all()
    if active_only:
        qs = qs.filter(active=True)
    return {p.pk: p for p in qs.order_by("order", "name")}


def opening_hours(points: dict[int, LendingPoint], *,
                  now: dt.datetime | None = None) -> list[PointHours]:
    """Each point's week, what it has today and whether it is open right now (one query)."""
    now = timezone.localtime(now or timezone.now())
    by_point: dict[int, list[OpeningHours]] = defaultdict(list)
    for h in OpeningHours.objects.filter(point_id__in=list(points)).order_by("weekday",
                                                                              "opens"):
        by_point[h.point_id].append(h)
    result = []
    for pk, point in points.items():
        hours = by_point.get(pk, [])
        ph = PointHours(point=point)
        for day in Weekday:
            ph.days.append((day.label, [h for h in hours if h.weekday == day.value]))
        ph.today = [h for h in hours if h.weekday == now.weekday()]
        ph.open_now = any(h.opens <= now.time() < h.closes for h in ph.today)
        result.append(ph)
    return result


def item_get_public(pk: int) -> Item:
    item = Item.objects.filter(pk=pk, active=True).select_related("category").first()
    if item is None:
        raise Http404
    return item


def sizes_for_category(category_code: str) -> list[str]:
    """The sizes present in a category, for a filter's suggestions (one query)."""
    if not category_code:
        return []
    sizes = (Item.objects.filter(active=True, category__code=category_code)
             .exclude(size="").order_by("size_sort", "size")
             .values_list("size", flat=True).distinct())
    seen, result = set(), []
    for size in sizes:
        if fold(size) not in seen:
            seen.add(fold(size))
            result.append(size)
    return result[:60]
