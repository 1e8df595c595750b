"""The lending rules, as the desk meets them."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from levekar.core.errors import Conflict, InvalidInput
from levekar.core.models import AuditEvent
from levekar.lending import selectors, services
from levekar.lending.models import Checkout, Condition, Copy, Loan, RepairReport, Reservation

T0 = timezone.make_aware(dt.datetime(2026, 3, 7, 11, 0))  # a Saturday


def lend(desk, borrower, numbers, point, now=T0, **kw):
    return services.loans_lend(actor=desk, borrower=borrower, copy_numbers=numbers,
                               location=point, now=now, **kw)


def ret(desk, numbers, point, now, **kw):
    return services.loans_return(actor=desk, copy_numbers=numbers, location=point, now=now,
                                 **kw)


def test_a_loan_of_skis_and_poles_lasts_the_category_period_and_is_audited(
        library, people, lending_desk):
    checkout = lend(lending_desk, people.father, [1001, 2001], library.library)
    loans = list(checkout.loans.order_by("copy__number"))
    assert [loan.copy.number for loan in loans] == [1001, 2001]
    assert {loan.due_on for loan in loans} == {dt.date(2026, 3, 14)}
    assert all(loan.borrower == people.father and loan.item_id for loan in loans)
    event = AuditEvent.objects.filter(object_type="lending.borrower",
                                      object_id=str(people.father.pk), action="create").first()
    assert "utlån: 2 eksemplar(er)" in event.detail
    assert event.actor == lending_desk and not event.subjects.exists()


def test_a_copy_already_on_loan_cannot_be_lent_again(library, people, lending_desk):
    lend(lending_desk, people.father, [1001], library.library)
    with pytest.raises(Conflict, match="Allerede utlånt: eksemplar 1001"):
        lend(lending_desk, people.mother, [1001, 1002], library.library)
    assert Loan.objects.filter(returned_at__isnull=True).count() == 1
    assert Checkout.objects.count() == 1  # all or nothing: 1002 was not lent either


def test_the_database_refuses_two_active_loans_of_one_copy(library, people, lending_desk):
    checkout = lend(lending_desk, people.father, [1001], library.library)
    copy = Copy.objects.get(number=1001)
    with pytest.raises(IntegrityError), transaction.atomic():
        Loan.objects.create(checkout=checkout, copy=copy, item=copy.item,
                            category=copy.item.category, lent_from=checkout.location,
                            borrower=people.mother, lent_on=T0.date(), due_on=T0.date())


def test_unknown_discarded_and_repaired_copies_are_named_in_the_refusal(
        library, people, lending_desk):
    Copy.objects.filter(number=2002).update(condition=Condition.DISCARDED)
    services.copy_report_damage(actor=lending_desk, copy=Copy.objects.get(number=2001),
                                description="Knekt stav")
    with pytest.raises(InvalidInput) as exc:
        lend(lending_desk, people.father, [9999, 2001, 2002], library.library)
    text = exc.value.message
    assert "Eksemplar 9999 finnes ikke." in text
    assert "Eksemplar 2001 (Skistaver, 100 cm) er til reparasjon og kan ikke lånes ut." in text
    assert "Eksemplar 2002 (Skistaver, 100 cm) er kassert" in text
    assert not Loan.objects.exists()


def test_a_due_date_in_the_past_or_beyond_ninety_days_is_refused(library, people,
                                                                 lending_desk):
    with pytest.raises(InvalidInput, match="før i dag"):
        lend(lending_desk, people.father, [1001], library.library,
             due_on=dt.date(2026, 3, 6))
    with pytest.raises(InvalidInput, match="høyst 90 dager"):
        lend(lending_desk, people.father, [1001], library.library,
             due_on=dt.date(2026, 7, 1))


def test_a_class_set_lends_n_free_copies_in_one_checkout(library, people, lending_desk):
    lend(lending_desk, people.father, [3001], library.library)
    checkout = services.class_set_lend(actor=lending_desk, borrower=people.school,
                                       item=library.helmet, count=24, location=library.library,
                                       due_on=dt.date(2026, 3, 9), now=T0)
    assert checkout.is_class_set
    assert checkout.loans.count() == 24
    assert 3001 not in set(checkout.loans.values_list("copy__number", flat=True))
    with pytest.raises(Conflict, match="Bare 0 ledige"):
        services.class_set_lend(actor=lending_desk, borrower=people.school,
                                item=library.helmet, count=1, location=library.library,
                                now=T0)


def test_returning_a_class_set_brings_back_only_what_is_still_out(library, people,
                                                                  lending_desk):
    checkout = services.class_set_lend(actor=lending_desk, borrower=people.school,
                                       item=library.helmet, count=3, location=library.library,
                                       now=T0)
    first, *rest = checkout.loans.order_by("copy__number").values_list("copy__number",
                                                                        flat=True)
    services.loans_return(actor=lending_desk, copy_numbers=[first], location=library.library,
                          now=T0)
    result = services.checkout_return(actor=lending_desk, checkout=checkout,
                                      location=library.library, now=T0)
    assert sorted(loan.copy.number for loan in result.loans) == rest
    assert not checkout.loans.filter(returned_at__isnull=True).exists()


def test_an_institution_can_borrow_on_a_familys_behalf_but_a_person_cannot(
        library, people, lending_desk):
    checkout = lend(lending_desk, people.school, [1001], library.library,
                    on_behalf_of=people.mother)
    assert checkout.on_behalf_of == people.mother
    with pytest.raises(InvalidInput, match="Bare institusjoner"):
        lend(lending_desk, people.father, [1002], library.library, on_behalf_of=people.mother)


def test_return_with_damage_sends_the_copy_to_repair(library, people, lending_desk):
    lend(lending_desk, people.father, [1001, 2001], library.library)
    with pytest.raises(InvalidInput, match="Beskriv skaden"):
        ret(lending_desk, [1001], library.library, T0 + dt.timedelta(days=7),
            condition=Condition.IN_REPAIR)
    result = ret(lending_desk, [1001], library.library, T0 + dt.timedelta(days=7),
                 condition=Condition.IN_REPAIR, damage="Bindingen er knekt")
    assert [c.number for c in result.to_repair] == [1001]
    copy = Copy.objects.get(number=1001)
    assert copy.condition == Condition.IN_REPAIR
    report = RepairReport.objects.get(copy=copy)
    assert report.description == "Bindingen er knekt" and report.loan.borrower == people.father
    loan = Loan.objects.get(copy=copy)
    assert loan.returned_condition == Condition.IN_REPAIR and loan.days_out == 7
    with pytest.raises(InvalidInput, match="til reparasjon"):
        lend(lending_desk, people.mother, [1001], library.library, now=T0 + dt.timedelta(days=8))
    services.repair_resolve(actor=lending_desk, report=report, outcome="repaired",
                            condition=Condition.WORN, note="Ny binding",
                            now=T0 + dt.timedelta(days=9))
    lend(lending_desk, people.mother, [1001], library.library, now=T0 + dt.timedelta(days=9))
    assert Copy.objects.get(number=1001).condition == Condition.WORN


def test_a_copy_returned_elsewhere_moves_there(library, people, lending_desk):
    lend(lending_desk, people.father, [1001], library.library)
    ret(lending_desk, [1001], library.centre, T0 + dt.timedelta(days=2))
    assert Copy.objects.get(number=1001).location == library.centre


def test_returning_a_copy_that_is_not_out_is_refused(library, people, lending_desk):
    with pytest.raises(InvalidInput, match=r"Eksemplar 1001 er ikke utlånt\."):
        ret(lending_desk, [1001], library.library, T0)


def test_the_cleaning_buffer_keeps_a_returned_sleeping_bag_off_the_shelf(
        library, people, lending_desk):
    lend(lending_desk, people.father, [4001], library.library)
    back = T0 + dt.timedelta(days=3)
    result = ret(lending_desk, [4001], library.library, back)
    assert [c.number for c in result.in_buffer] == [4001]
    with pytest.raises(InvalidInput, match="klargjøres etter retur"):
        lend(lending_desk, people.mother, [4001], library.library, now=back + dt.timedelta(days=1))
    avail = selectors.availability([library.bag.pk], points={library.library.pk: library.library},
                                   now=back + dt.timedelta(days=1))
    assert avail[library.bag.pk][0].free == 0
    # Two days later it is ready without anyone touching it.
    ready = back + dt.timedelta(days=2)
    avail = selectors.availability([library.bag.pk], points={library.library.pk: library.library},
                                   now=ready)
    assert avail[library.bag.pk][0].free == 1
    checkout = lend(lending_desk, people.mother, [4001], library.library, now=ready)
    assert [(loan.copy.number, loan.borrower) for loan in checkout.loans.all()] == \
        [(4001, people.mother)]


def test_the_desk_can_release_a_copy_from_the_buffer_early(library, people, lending_desk):
    lend(lending_desk, people.father, [4001], library.library)
    back = T0 + dt.timedelta(days=3)
    ret(lending_desk, [4001], library.library, back)
    released = services.copy_release_buffer(actor=lending_desk,
                                            copy=Copy.objects.get(number=4001),
                                            now=back + dt.timedelta(hours=2))
    assert released.available_from is None
    later = back + dt.timedelta(hours=3)
    avail = selectors.availability([library.bag.pk], points={library.library.pk: library.library},
                                   now=later)
    assert avail[library.bag.pk][0].free == 1
    checkout = lend(lending_desk, people.mother, [4001], library.library, now=later)
    assert [(loan.copy.number, loan.borrower) for loan in checkout.loans.all()] == \
        [(4001, people.mother)]


def test_a_loan_is_overdue_after_its_due_date(library, people, lending_desk):
    lend(lending_desk, people.father, [1001], library.library)
    due = dt.date(2026, 3, 14)
    assert list(selectors.overdue_loans(today=due)) == []
    overdue = list(selectors.overdue_loans(today=due + dt.timedelta(days=1)))
    assert [loan.copy.number for loan in overdue] == [1001]
    assert overdue[0].is_overdue(due + dt.timedelta(days=1))


def test_renewal_extends_by_the_loan_period_up_to_the_limit(library, people, lending_desk):
    checkout = lend(lending_desk, people.father, [1001], library.library)
    loan = checkout.loans.get()
    loan = services.loan_renew(actor=lending_desk, loan=loan, now=T0 + dt.timedelta(days=6))
    assert loan.due_on == dt.date(2026, 3, 21) and loan.renewals == 1
    # Renewing when overdue counts from today.
    loan = services.loan_renew(actor=lending_desk, loan=loan, now=T0 + dt.timedelta(days=20))
    # (3 April 2026 is langfredag, so the loan is due Saturday the 4th.)
    assert loan.due_on == dt.date(2026, 4, 4) and loan.renewals == 2
    with pytest.raises(Conflict, match="fornyet 2 ganger, som er grensen for Vinter"):
        services.loan_renew(actor=lending_desk, loan=loan, now=T0 + dt.timedelta(days=21))


def test_renewal_is_refused_when_others_wait_and_no_copy_is_free(library, people,
                                                                  lending_desk):
    checkout = lend(lending_desk, people.father, [1001, 1002], library.library)
    services.reservation_create(actor=lending_desk, borrower=people.mother, item=library.skis,
                                location=library.library, now=T0 + dt.timedelta(hours=1))
    loan = checkout.loans.get(copy__number=1001)
    with pytest.raises(Conflict, match="1 står i kø"):
        services.loan_renew(actor=lending_desk, loan=loan, now=T0 + dt.timedelta(days=6))


def test_the_queue_serves_in_order_of_reservation(library, people, lending_desk):
    lend(lending_desk, people.school, [1001, 1002], library.library)
    child = services.borrower_add_child(actor=lending_desk, guardian=people.father,
                                        name="Emma Berg", birth_year=2017)
    first = services.reservation_create(actor=lending_desk, borrower=people.mother,
                                        item=library.skis, location=library.library,
                                        now=T0 + dt.timedelta(minutes=1))
    second = services.reservation_create(actor=lending_desk, borrower=child,
                                         item=library.skis, location=library.library,
                                         now=T0 + dt.timedelta(minutes=2))
    assert first.status == second.status == Reservation.Status.WAITING
    # The school brings one pair back: it is set aside for the first in the queue.
    ret(lending_desk, [1002], library.library, T0 + dt.timedelta(days=1))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Reservation.Status.READY and first.copy.number == 1002
    assert second.status == Reservation.Status.WAITING
    # The second in the queue cannot jump ahead and take the held pair.
    with pytest.raises(Conflict, match="satt av til en annen låntaker"):
        lend(lending_desk, child, [1002], library.library, now=T0 + dt.timedelta(days=1))
    # The first picks it up: the reservation is collected.
    lend(lending_desk, people.mother, [1002], library.library, now=T0 + dt.timedelta(days=2))
    first.refresh_from_db()
    assert first.status == Reservation.Status.COLLECTED


def test_a_free_copy_goes_to_the_queue_before_a_walk_in(library, people, lending_desk):
    lend(lending_desk, people.school, [1001, 1002], library.library)
    services.reservation_create(actor=lending_desk, borrower=people.mother, item=library.skis,
                                location=library.library, now=T0 + dt.timedelta(minutes=1))
    # The cron job has not run yet and the copy comes back with no one at the desk;
    # the returned copy is held at once, so a walk-in cannot take it.
    ret(lending_desk, [1001], library.library, T0 + dt.timedelta(days=1))
    with pytest.raises(Conflict, match="satt av til en annen låntaker"):
        lend(lending_desk, people.father, [1001], library.library,
             now=T0 + dt.timedelta(days=1, hours=1))


def test_a_hold_not_picked_up_expires_and_goes_to_the_next(library, people, lending_desk):
    lend(lending_desk, people.school, [1001, 1002], library.library)
    first = services.reservation_create(actor=lending_desk, borrower=people.mother,
                                        item=library.skis, location=library.library,
                                        now=T0 + dt.timedelta(minutes=1))
    second = services.reservation_create(actor=lending_desk, borrower=people.father,
                                         item=library.skis, location=library.library,
                                         now=T0 + dt.timedelta(minutes=2))
    returned = T0 + dt.timedelta(days=1)  # Sunday 8 March
    ret(lending_desk, [1001], library.library, returned)
    first.refresh_from_db()
    assert first.expires_at == timezone.make_aware(dt.datetime(2026, 3, 11, 23, 59, 59))
    # Even before the job runs, an expired hold holds nothing.
    later = timezone.make_aware(dt.datetime(2026, 3, 12, 9, 0))
    avail = selectors.availability([library.skis.pk],
                                   points={library.library.pk: library.library}, now=later)
    assert avail[library.skis.pk][0].free == 0  # free, but the father waits for it
    assert services.holds_process(now=later) == {"expired": 1, "ready": 1}
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Reservation.Status.EXPIRED
    assert second.status == Reservation.Status.READY and second.copy.number == 1001
    assert services.holds_process(now=later) == {"expired": 0, "ready": 0}


def test_a_borrower_can_step_back_in_the_queue(library, people, lending_desk):
    lend(lending_desk, people.school, [1001, 1002], library.library)
    child = services.borrower_add_child(actor=lending_desk, guardian=people.father,
                                        name="Emma Berg", birth_year=2017)
    a = services.reservation_create(actor=lending_desk, borrower=people.mother,
                                    item=library.skis, location=library.library,
                                    now=T0 + dt.timedelta(minutes=1))
    b = services.reservation_create(actor=lending_desk, borrower=people.father,
                                    item=library.skis, location=library.library,
                                    now=T0 + dt.timedelta(minutes=2))
    c = services.reservation_create(actor=lending_desk, borrower=child, item=library.skis,
                                    location=library.library, now=T0 + dt.timedelta(minutes=3))

    def order():
        return list(Reservation.objects.filter(status="waiting").order_by("queued_at", "pk")
                    .values_list("borrower__name", flat=True))

    services.reservation_step_back(actor=lending_desk, reservation=a)
    assert order() == ["Jonas Berg", "Amina Said", "Emma Berg"]
    # When a pair comes back it goes to the father, now first.
    ret(lending_desk, [1001], library.library, T0 + dt.timedelta(days=1))
    b.refresh_from_db()
    assert b.status == Reservation.Status.READY
    # The father says «not this week»: the pair goes to Amina, he waits behind her.
    services.reservation_step_back(actor=lending_desk, reservation=b,
                                   now=T0 + dt.timedelta(days=1, hours=1))
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.status == Reservation.Status.READY and a.copy.number == 1001
    assert b.status == Reservation.Status.WAITING
    assert order() == ["Jonas Berg", "Emma Berg"]
    c.refresh_from_db()
    with pytest.raises(InvalidInput, match="Ingen står bak"):
        services.reservation_step_back(actor=lending_desk, reservation=c)


def test_one_open_reservation_per_borrower_and_item(library, people, lending_desk):
    lend(lending_desk, people.school, [1001, 1002], library.library)
    services.reservation_create(actor=lending_desk, borrower=people.mother, item=library.skis,
                                location=library.library, now=T0)
    with pytest.raises(Conflict, match="har allerede reservert"):
        services.reservation_create(actor=lending_desk, borrower=people.mother,
                                    item=library.skis, location=library.centre, now=T0)


def test_a_reservation_with_a_free_copy_is_a_hold_at_once(library, people, lending_desk):
    r = services.reservation_create(actor=lending_desk, borrower=people.mother,
                                    item=library.skis, location=library.centre, now=T0)
    assert r.status == Reservation.Status.READY and r.copy.number == 1010
    assert selectors.availability(
        [library.skis.pk], points={library.centre.pk: library.centre}, now=T0,
    )[library.skis.pk][0].free == 0


def test_cancelling_a_hold_gives_the_copy_to_the_next(library, people, lending_desk):
    a = services.reservation_create(actor=lending_desk, borrower=people.mother,
                                    item=library.skis, location=library.centre, now=T0)
    b = services.reservation_create(actor=lending_desk, borrower=people.father,
                                    item=library.skis, location=library.centre,
                                    now=T0 + dt.timedelta(minutes=1))
    assert b.status == Reservation.Status.WAITING
    services.reservation_cancel(actor=lending_desk, reservation=a, now=T0 + dt.timedelta(hours=1))
    b.refresh_from_db()
    assert b.status == Reservation.Status.READY and b.copy.number == 1010


def test_the_desk_pages_count_loans_and_queue_places(library, people, lending_desk):
    lend(lending_desk, people.school, [1001, 1002], library.library)
    ret(lending_desk, [1001], library.library, T0 + dt.timedelta(hours=1))
    lend(lending_desk, people.father, [1001], library.library, now=T0 + dt.timedelta(hours=2))
    for minutes, borrower in ((3, people.mother), (4, people.father)):
        services.reservation_create(actor=lending_desk, borrower=borrower, item=library.skis,
                                    location=library.library,
                                    now=T0 + dt.timedelta(hours=3, minutes=minutes))
    [school] = selectors.borrower_search(lending_desk, q="Strømmen skole")
    assert school.active_loans == 1
    [mother] = selectors.borrower_search(lending_desk, q="Amina")
    assert mother.active_loans == 0
    inventory = selectors.item_inventory(library.skis, now=T0 + dt.timedelta(hours=4))
    assert {c.number: c.times_lent for c in inventory.copies} == {1001: 2, 1002: 1, 1010: 0}
    waiting = selectors.holds_overview(location=library.library,
                                       now=T0 + dt.timedelta(hours=4)).waiting
    assert [(r.borrower, r.position) for r in waiting] == [(people.mother, 1),
                                                            (people.father, 2)]


def test_a_loan_that_would_fall_due_on_boxing_day_is_due_the_next_open_day(
        library, people, lending_desk):
    # Lent Saturday 19 December for a week: 26 December is 2. juledag, 27 December a
    # Sunday (the library is closed), so the skis are due Monday 28 December.
    saturday = timezone.make_aware(dt.datetime(2026, 12, 19, 12, 0))
    checkout = lend(lending_desk, people.father, [1001], library.library, now=saturday)
    assert checkout.loans.get().due_on == dt.date(2026, 12, 28)


def test_a_renewal_skips_holidays_and_closed_days_too(library, people, lending_desk):
    # The centre is open on Tuesdays only: lent Wednesday 6 May, due the Tuesday after.
    wednesday = timezone.make_aware(dt.datetime(2026, 5, 6, 12, 0))
    loan = lend(lending_desk, people.father, [1010], library.centre,
                now=wednesday).loans.get()
    assert loan.due_on == dt.date(2026, 5, 19)
    # Renewed that day: 7 days on is Tuesday 26 May — the day after 2. pinsedag, open.
    renewed = services.loan_renew(actor=lending_desk, loan=loan,
                                  now=timezone.make_aware(dt.datetime(2026, 5, 19, 12)))
    assert renewed.due_on == dt.date(2026, 5, 26)


@pytest.mark.parametrize(("start", "days", "open_days", "due"), [
    (dt.date(2026, 12, 19), 7, set(), dt.date(2026, 12, 27)),   # 2. juledag → Sunday
    (dt.date(2026, 12, 19), 7, {0, 1, 2, 3, 4, 5}, dt.date(2026, 12, 28)),  # closed Sundays
    (dt.date(2026, 12, 18), 7, set(), dt.date(2026, 12, 27)),   # 25 = 1. juledag → 26 → 27
    (dt.date(2026, 5, 10), 7, set(), dt.date(2026, 5, 18)),     # 17. mai
    (dt.date(2026, 5, 7), 7, set(), dt.date(2026, 5, 15)),      # Kristi himmelfartsdag
    (dt.date(2026, 3, 30), 3, set(), dt.date(2026, 4, 4)),      # skjærtorsdag, langfredag
    (dt.date(2026, 3, 30), 3, {0, 1, 2, 3, 4}, dt.date(2026, 4, 7)),  # … to after 2. påskedag
    (dt.date(2026, 3, 2), 7, {0, 1, 2, 3, 4}, dt.date(2026, 3, 9)),  # a Monday: open
    (dt.date(2026, 3, 7), 7, {0, 1, 2, 3, 4}, dt.date(2026, 3, 16)),  # Saturday → Monday
    (dt.date(2026, 3, 3), 7, {1}, dt.date(2026, 3, 10)),        # open Tuesdays only
])
def test_due_dates_skip_public_holidays_and_closed_days(start, days, open_days, due):
    from levekar.lending.lib import due_date

    assert due_date(start, days, open_weekdays=open_days) == due


def test_lending_to_someone_with_an_overdue_loan_warns_but_lends(library, people,
                                                                 lending_desk):
    lend(lending_desk, people.father, [2001], library.library)
    three_weeks_later = T0 + dt.timedelta(days=21)
    checkout = lend(lending_desk, people.father, [1001], library.library,
                    now=three_weeks_later)
    assert checkout.loans.count() == 1
    assert checkout.warnings == [
        "Jonas Berg har forfalte lån: Skistaver, 100 cm (nr. 2001, skulle vært levert "
        "14.03.2026)."]


def test_lending_a_copy_registered_at_the_other_point_warns_but_lends(library, people,
                                                                      lending_desk):
    checkout = lend(lending_desk, people.father, [1010], library.library)
    assert checkout.loans.get().copy.number == 1010
    assert checkout.warnings == [
        "Eksemplar 1010 (Langrennsski, 130 cm) er registrert på Strømmen frivilligsentral, "
        "ikke på Lillestrøm bibliotek. Sjekk at det er riktig eksemplar."]
    assert lend(lending_desk, people.mother, [1001], library.library).warnings == []


def test_the_desk_shows_the_warnings_after_lending(client_as, library, people, lending_desk):
    from levekar.lending.models import LendingPoint

    desk = client_as("utlan1")
    desk.post("/utstyr/utlan/utlanssted/",
              {"point": LendingPoint.objects.get(code="bibliotek").pk})
    page = desk.post(f"/utstyr/utlan/lantakere/{people.father.pk}/lan/",
                     {"copies": "1010", "due_on": "", "on_behalf_of": ""}, follow=True)
    html = page.content.decode()
    assert "1 eksemplar lånt ut til Jonas Berg" in html
    assert "er registrert på Strømmen frivilligsentral" in html


def test_the_catalogue_counts_as_free_exactly_the_copies_the_desk_may_lend(
        library, people, lending_desk):
    """The catalogue's availability is one SQL statement (``_copy_counts``); the desk and the
    queue use ``free_copies``. Both say which copy is free, so they must agree in every state
    a copy can be in: on loan, returned, held (live or expired), under repair, discarded, and
    not yet ready after a return (the category's buffer days)."""
    from levekar.lending.selectors.catalogue import _copy_counts
    from levekar.lending.services._queue import free_copies

    lend(lending_desk, people.father, [1001, 3001, 3002, 4001], library.library)
    ret(lending_desk, [3002], library.library, now=T0 + dt.timedelta(hours=1))
    ret(lending_desk, [4001], library.library, now=T0 + dt.timedelta(hours=1))  # buffer days
    services.copy_report_damage(actor=lending_desk, copy=Copy.objects.get(number=2001),
                                description="Knekt stav")
    Copy.objects.filter(number=2002).update(condition=Condition.DISCARDED)
    helmet = library.helmet
    for number, expires in ((3003, T0 + dt.timedelta(days=2)), (3004, T0 - dt.timedelta(days=1))):
        Reservation.objects.create(
            item=helmet, borrower=people.mother if number == 3003 else people.school,
            location=library.library, status=Reservation.Status.READY,
            copy=Copy.objects.get(number=number), ready_at=T0 - dt.timedelta(days=2),
            expires_at=expires)
    now = T0 + dt.timedelta(hours=2)

    item_ids = list(Copy.objects.values_list("item_id", flat=True).distinct())
    counted = {(r["item_id"], r["location_id"]): r["free"] for r in _copy_counts(item_ids, now)}
    expected = dict.fromkeys(counted, 0)
    for copy in free_copies(now):
        expected[(copy.item_id, copy.location_id)] += 1
    assert counted == expected
    # The states above did happen: not everything is free, and not nothing.
    assert expected[(helmet.pk, library.library.pk)] == 25 - 2  # 3001 on loan, 3003 held
    assert expected[(library.bag.pk, library.library.pk)] == 0  # back, but not yet ready
    assert expected[(library.poles.pk, library.library.pk)] == 0  # repair and discarded
