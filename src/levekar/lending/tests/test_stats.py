"""The usage figures the municipality reports, and that the action plan shows."""

import datetime as dt

from django.utils import timezone

from levekar.lending import selectors, services
from levekar.lending.models import Borrower


def at(y, m, d, h=12):
    return timezone.make_aware(dt.datetime(y, m, d, h))


def test_usage_summary_counts_loans_borrowers_and_class_sets_of_one_year(
        library, people, lending_desk):
    Borrower.objects.filter(pk=people.mother.pk).update(registered_on=dt.date(2025, 6, 1))
    services.loans_lend(actor=lending_desk, borrower=people.father, copy_numbers=[1001, 2001],
                        location=library.library, now=at(2025, 12, 31, 15))
    services.loans_return(actor=lending_desk, copy_numbers=[1001, 2001],
                          location=library.library, now=at(2026, 1, 2))
    services.loans_lend(actor=lending_desk, borrower=people.father, copy_numbers=[1001],
                        location=library.library, now=at(2026, 1, 3))
    services.loans_lend(actor=lending_desk, borrower=people.mother, copy_numbers=[1002],
                        location=library.library, now=at(2026, 1, 3))
    services.class_set_lend(actor=lending_desk, borrower=people.school, item=library.helmet,
                            count=25, location=library.library, now=at(2026, 2, 2),
                            due_on=dt.date(2026, 2, 3))
    assert selectors.usage_summary(year=2025) == {
        "loans": 2, "unique_borrowers": 1, "new_borrowers": 1, "class_set_loans": 0}
    this_year = timezone.localdate().year
    summary_2026 = selectors.usage_summary(year=2026)
    assert summary_2026["loans"] == 27
    assert summary_2026["unique_borrowers"] == 3
    assert summary_2026["class_set_loans"] == 1
    # Registered today through the services (father, school); the mother in 2025.
    assert summary_2026["new_borrowers"] == (2 if this_year == 2026 else 0)


def test_the_usage_report_sums_months_categories_and_items(library, people, lending_desk):
    services.loans_lend(actor=lending_desk, borrower=people.father, copy_numbers=[1001, 2001],
                        location=library.library, now=at(2026, 1, 10))
    services.loans_return(actor=lending_desk, copy_numbers=[1001, 2001],
                          location=library.library, now=at(2026, 1, 20))
    services.loans_lend(actor=lending_desk, borrower=people.mother, copy_numbers=[3001],
                        location=library.library, now=at(2026, 5, 1))
    report = selectors.usage_report(year=2026, today=dt.date(2026, 12, 31))
    assert [m["loans"] for m in report.months] == [2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    assert {c["code"]: c["loans"] for c in report.categories} == {
        "vinter": 2, "sykkel": 1, "tur": 0}
    skis = next(u for u in report.items if u.name == "Langrennsski, 130 cm")
    # Two copies at the library and one at the centre; one loan of ten days.
    assert (skis.copies, skis.loans, skis.days_out) == (3, 1, 10)
    assert round(skis.utilisation, 4) == round(10 / (3 * 365), 4)
    assert report.period_days == 365


def test_the_usage_report_counts_loans_per_month_and_lending_point(library, people,
                                                                   lending_desk, client_as):
    services.loans_lend(actor=lending_desk, borrower=people.father, copy_numbers=[1001, 2001],
                        location=library.library, now=at(2026, 1, 10))
    services.loans_lend(actor=lending_desk, borrower=people.mother, copy_numbers=[1010],
                        location=library.centre, now=at(2026, 1, 13))
    services.loans_lend(actor=lending_desk, borrower=people.mother, copy_numbers=[3001],
                        location=library.centre, now=at(2026, 3, 3))
    report = selectors.usage_report(year=2026, today=dt.date(2026, 12, 31))
    assert report.points == ["Lillestrøm bibliotek", "Strømmen frivilligsentral"]
    rows = {r["month"]: r["by_point"] for r in report.point_matrix}
    assert rows[1] == [2, 1] and rows[3] == [0, 1] and rows[2] == [0, 0]
    page = client_as("utlan1").get("/utstyr/utlan/statistikk/", {"year": 2026})
    assert "Utlån per måned og utlånssted" in page.content.decode()
