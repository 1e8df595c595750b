"""Usage statistics for the municipality and the action plan's yearly report.

A loan is one copy lent once (a class set of 25 helmets is 25 loans and one class-set
lending). Loans count in the year they were lent. Counts of people (borrowers) are given
raw here; pages and files pass them through ``core.lib.suppression`` before showing them.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Sum
from django.utils import timezone

from levekar.lending.models import (
    Borrower,
    Category,
    Checkout,
    Condition,
    Copy,
    Item,
    LendingPoint,
    Loan,
)


def _year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _loans(year: int):
    start, end = _year_range(year)
    return Loan.objects.filter(lent_on__gte=start, lent_on__lte=end)


def _class_sets(year: int):
    start = timezone.make_aware(dt.datetime(year, 1, 1))
    end = timezone.make_aware(dt.datetime(year + 1, 1, 1))
    return Checkout.objects.filter(is_class_set=True, created_at__gte=start,
                                   created_at__lt=end)


def _summary(year: int, loans: int | None = None) -> dict:
    start, end = _year_range(year)
    # «Borrowed at least once this year»: one index seek per borrower (lending_loan_borrower)
    # is far cheaper than a DISTINCT over a year of loans.
    unique = Borrower.objects.filter(Exists(Loan.objects.filter(
        borrower=OuterRef("pk"), lent_on__gte=start, lent_on__lte=end))).count()
    return {
        "loans": _loans(year).count() if loans is None else loans,
        "unique_borrowers": unique,
        "new_borrowers": Borrower.objects.filter(registered_on__gte=start,
                                                 registered_on__lte=end).count(),
        "class_set_loans": _class_sets(year).count(),
    }


def usage_summary(*, year: int) -> dict:
    """The year's loans, unique borrowers, new borrowers and class-set lendings (ints).

    A loan is one copy lent once; ``class_set_loans`` counts class-set lendings (one per
    set, whatever its size). ``unique_borrowers`` and ``new_borrowers`` count people (and
    institutions): show them through ``levekar.core.lib.suppression.count``.
    """
    return _summary(year)


@dataclass(slots=True)
class ItemUse:
    item_id: int
    name: str
    category: str
    copies: int
    loans: int
    days_out: int
    utilisation: float  # share of copy-days out on loan, 0–1

    @property
    def loans_per_copy(self) -> float:
        return self.loans / self.copies if self.copies else 0.0


@dataclass
class UsageReport:
    year: int
    summary: dict
    months: list[dict]        # month, loans
    categories: list[dict]    # category, code, loans, share of loans
    category_months: list[dict]  # category, month, loans (long format, for chart and CSV)
    class_set_copies: int
    items: list[ItemUse]      # every item with copies, most used first
    period_days: int
    points: list[str] = field(default_factory=list)  # lending points with loans, in order
    point_months: list[dict] = field(default_factory=list)  # point, month, loans

    @property
    def point_matrix(self) -> list[dict]:
        """Rows per month, a column per lending point (where the loan was made)."""
        cells = {(r["point"], r["month"]): r["loans"] for r in self.point_months}
        return [{"month": m["month"], "loans": m["loans"],
                 "by_point": [cells.get((p, m["month"]), 0) for p in self.points]}
                for m in self.months]

    @property
    def month_matrix(self) -> list[dict]:
        """Rows per month, a column per category: the chart's figures as a table."""
        cats = [c["category"] for c in self.categories]
        cells = {(r["category"], r["month"]): r["loans"] for r in self.category_months}
        return [{"month": m["month"], "loans": m["loans"],
                 "by_category": [cells.get((c, m["month"]), 0) for c in cats]}
                for m in self.months]


def usage_report(*, year: int, today: dt.date | None = None) -> UsageReport:
    """Everything the statistics page and its downloads show, in a fixed number of queries
    that read indexes in the order they group by (no sorting of a year of loans)."""
    today = today or timezone.localdate()
    start, end = _year_range(year)
    period_end = min(end, today) if start <= today else end
    period_days = max(1, (period_end - start).days + 1)

    per_cat_month: dict[tuple[int, int], int] = defaultdict(int)
    per_month: dict[int, int] = defaultdict(int)
    for day, category_id, n in (_loans(year).values_list("lent_on", "category_id")
                                .annotate(n=Count("*")).order_by("lent_on", "category_id")):
        per_cat_month[(category_id, day.month)] += n
        per_month[day.month] += n
    total = sum(per_month.values())
    # Where the loan was made: the loan's own copy of its checkout's point, read from the
    # index (lent_on, lent_from) in its order. Joining the year's loans to their checkouts
    # and grouping them in a temporary B-tree took the page from ≈ 75 ms to ≈ 350 ms.
    per_point_month: dict[tuple[int, int], int] = defaultdict(int)
    for day, point_id, n in (_loans(year).values_list("lent_on", "lent_from_id")
                             .annotate(n=Count("*")).order_by("lent_on", "lent_from_id")):
        per_point_month[(point_id, day.month)] += n
    point_rows = list(LendingPoint.objects.filter(
        pk__in={p for p, _m in per_point_month}).order_by("order", "name"))
    class_set_copies = Loan.objects.filter(checkout__in=_class_sets(year)).count()
    summary = _summary(year, loans=total)

    per_item = {
        item_id: (n, days or 0) for item_id, n, days in (
            _loans(year).values_list("item_id").annotate(n=Count("*"), days=Sum("days_out"))
            .order_by("item_id"))}
    items = {pk: (name, size, category_id) for pk, name, size, category_id
             in Item.objects.values_list("pk", "name", "size", "category_id").order_by()}
    cats = {c.pk: c for c in Category.objects.all()}
    copies = dict(Copy.objects.exclude(condition=Condition.DISCARDED)
                  .values_list("item_id").annotate(n=Count("pk")).order_by("item_id"))

    ordered_cats = sorted(cats.values(), key=lambda c: (c.order, c.name))
    labels = {c.pk: c.label for c in ordered_cats}
    per_cat = {c.pk: sum(per_cat_month.get((c.pk, m), 0) for m in range(1, 13))
               for c in ordered_cats}
    months = [{"month": m, "loans": per_month.get(m, 0)} for m in range(1, 13)]
    categories = [{"category": labels[c.pk], "code": c.code, "loans": per_cat[c.pk],
                   "share": per_cat[c.pk] / total if total else 0.0} for c in ordered_cats]
    category_months = [{"category": labels[c.pk], "month": m,
                        "loans": per_cat_month.get((c.pk, m), 0)}
                       for c in ordered_cats for m in range(1, 13)]
    uses = []
    for item_id, n_copies in copies.items():
        item = items.get(item_id)
        if item is None:
            continue
        loans, days = per_item.get(item_id, (0, 0))
        name, size, category_id = item
        uses.append(ItemUse(
            item_id=item_id, name=f"{name}, {size}" if size else name,
            category=labels[category_id],
            copies=n_copies, loans=loans, days_out=days,
            utilisation=min(1.0, days / (n_copies * period_days))))
    uses.sort(key=lambda u: (-u.utilisation, -u.loans, u.name))
    point_months = [{"point": p.name, "month": m, "loans": per_point_month.get((p.pk, m), 0)}
                    for p in point_rows for m in range(1, 13)]
    return UsageReport(year=year, summary=summary, months=months, categories=categories,
                       category_months=category_months, class_set_copies=class_set_copies,
                       items=uses, period_days=period_days,
                       points=[p.name for p in point_rows], point_months=point_months)


def years_with_loans() -> list[int]:
    first = Loan.objects.order_by("lent_on").values_list("lent_on", flat=True).first()
    this_year = timezone.localdate().year
    if first is None:
        return [this_year]
    return list(range(this_year, first.year - 1, -1))
