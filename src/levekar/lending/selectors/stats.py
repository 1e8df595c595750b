"""Usage statistics for the municipality and the action plan's yearly report.

A loan is one copy lent once (a class set of 25 helmets is 25 loans and one class-set
lending). Loans count in the year they were lent. Counts of people (borrowers) are given
raw here; pages and files pass them through ``core.lib.suppression`` before showing them.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Func, IntegerField, Sum
from django.utils import timezone

from levekar.lending.models import Borrower, Category, Checkout, Condition, Copy, Item, Loan


class MonthOf(Func):
    """The month (1–12) of a date column, without a per-row Python function on SQLite."""

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="",
                           template="CAST(strftime('%%%%m', %(expressions)s) AS INTEGER)",
                           **extra)

    def as_sql(self, compiler, connection, function=None, template=None, **extra):
        if template is None:
            template = "CAST(EXTRACT(MONTH FROM %(expressions)s) AS INTEGER)"
        return super().as_sql(compiler, connection, function=function, template=template,
                              **extra)


def _year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _loans(year: int):
    start, end = _year_range(year)
    return Loan.objects.filter(lent_on__gte=start, lent_on__lte=end)


def _class_sets(year: int):
    start = timezone.make_aware(dt.datetime(year, 1, 1))
    end = timezone.make_aware(dt.datetime(year + 1, 1, 1))
    return Checkout.objects.filter(created_at__gte=start, created_at__lt=end, is_class_set=True)


def usage_summary(*, year: int) -> dict:
    """The year's loans, unique borrowers, new borrowers and class-set lendings (ints).

    ``unique_borrowers`` and ``new_borrowers`` count people: show them through
    ``levekar.core.lib.suppression.count``.
    """
    start, end = _year_range(year)
    totals = _loans(year).aggregate(loans=Count("pk"),
                                    unique_borrowers=Count("borrower_id", distinct=True))
    return {
        "loans": totals["loans"],
        "unique_borrowers": totals["unique_borrowers"],
        "new_borrowers": Borrower.objects.filter(registered_on__gte=start,
                                                 registered_on__lte=end).count(),
        "class_set_loans": _class_sets(year).count(),
    }


@dataclass
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
    months: list[dict]        # month, loans, unique_borrowers
    categories: list[dict]    # category, loans, share of loans
    category_months: list[dict]  # category, month, loans (long format, for chart and CSV)
    class_set_copies: int
    items: list[ItemUse]      # every item with copies, most used first
    period_days: int


def usage_report(*, year: int, today: dt.date | None = None) -> UsageReport:
    """Everything the statistics page and its downloads show, in a fixed number of queries.

    The year's loans are grouped once by item and month; months, categories and items
    are summed from that in Python (a few thousand rows at most).
    """
    today = today or timezone.localdate()
    start, end = _year_range(year)
    period_end = min(end, today) if start <= today else end
    period_days = max(1, (period_end - start).days + 1)
    summary = usage_summary(year=year)

    by_item_month = (_loans(year).annotate(month=MonthOf("lent_on"))
                     .values("item_id", "month")
                     .annotate(n=Count("pk"), days=Sum("days_out")).order_by())
    month_people = {r["month"]: r["n"] for r in (
        _loans(year).annotate(month=MonthOf("lent_on")).values("month")
        .annotate(n=Count("borrower_id", distinct=True)).order_by())}
    class_set_copies = Loan.objects.filter(checkout__in=_class_sets(year)).count()

    items = {i["pk"]: i for i in Item.objects.values("pk", "name", "size", "category_id")}
    cats = {c.pk: c for c in Category.objects.all()}
    copies = dict(Copy.objects.exclude(condition=Condition.DISCARDED)
                  .values("item_id").annotate(n=Count("pk")).values_list("item_id", "n")
                  .order_by())

    per_month = defaultdict(int)
    per_cat = defaultdict(int)
    per_cat_month = defaultdict(int)
    per_item = defaultdict(lambda: [0, 0])
    for row in by_item_month:
        item = items.get(row["item_id"])
        if item is None:
            continue
        per_month[row["month"]] += row["n"]
        per_cat[item["category_id"]] += row["n"]
        per_cat_month[(item["category_id"], row["month"])] += row["n"]
        per_item[row["item_id"]][0] += row["n"]
        per_item[row["item_id"]][1] += row["days"] or 0

    total = sum(per_month.values())
    months = [{"month": m, "loans": per_month.get(m, 0),
               "unique_borrowers": month_people.get(m, 0)} for m in range(1, 13)]
    ordered_cats = sorted(cats.values(), key=lambda c: (c.order, c.name))
    categories = [{"category": c.label, "code": c.code, "loans": per_cat.get(c.pk, 0),
                   "share": per_cat.get(c.pk, 0) / total if total else 0.0}
                  for c in ordered_cats]
    category_months = [{"category": c.label, "month": m,
                        "loans": per_cat_month.get((c.pk, m), 0)}
                       for c in ordered_cats for m in range(1, 13)]
    uses = []
    for item_id, n_copies in copies.items():
        item = items.get(item_id)
        if item is None:
            continue
        loans, days = per_item.get(item_id, (0, 0))
        name = f"{item['name']}, {item['size']}" if item["size"] else item["name"]
        uses.append(ItemUse(
            item_id=item_id, name=name, category=cats[item["category_id"]].label,
            copies=n_copies, loans=loans, days_out=days,
            utilisation=min(1.0, days / (n_copies * period_days))))
    uses.sort(key=lambda u: (-u.utilisation, -u.loans, u.name))
    return UsageReport(year=year, summary=summary, months=months, categories=categories,
                       category_months=category_months, class_set_copies=class_set_copies,
                       items=uses, period_days=period_days)


def years_with_loans() -> list[int]:
    first = Loan.objects.order_by("lent_on").values_list("lent_on", flat=True).first()
    this_year = timezone.localdate().year
    if first is None:
        return [this_year]
    return list(range(this_year, first.year - 1, -1))
