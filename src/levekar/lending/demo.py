"""Demo data of the equipment library: two lending points with opening hours, about 350
copies (skis in every size, poles, skates, helmets incl. a class set of 25, bikes, tents,
sleeping bags, life jackets, balls …), 200 borrowers and a year of loans up to today.

Deterministic (a fixed seed; dates count back from today) and fast (bulk inserts: about
a second). Idempotent: it does nothing when the library already has copies.

The journey of JOURNEYS.md is ready to walk: «Langrennsski, 130 cm» has two pairs free
at Lillestrøm bibliotek, Jonas Berg (mobile 912 34 567) is registered without children,
Strømmen skole can borrow the class set of 25 helmets.
"""

import datetime as dt
import random
from collections import defaultdict

from django.utils import timezone

from levekar.core.lib.progress import Reporter
from levekar.lending.models import (
    Borrower,
    Checkout,
    Condition,
    Copy,
    Item,
    Loan,
    RepairReport,
    Reservation,
)
from levekar.lending.services import category_ensure, lending_point_ensure, opening_hours_set

SEED = 2026
LIBRARY, CENTRE = "lillestrom-bibliotek", "strommen-frivilligsentral"

CATEGORIES = [
    # code, name, English, loan days, renewals, buffer days, season months (busy)
    ("vinter", "Vinter", "Winter", 7, 2, 0, {12, 1, 2, 3}),
    ("sykkel", "Sykkel og hjul", "Bikes and wheels", 14, 2, 0, {4, 5, 6, 8, 9}),
    ("vann", "Vann og bading", "Water", 7, 1, 1, {6, 7, 8}),
    ("tur", "Tur og telt", "Camping", 7, 1, 2, {5, 6, 7, 8}),
    ("ball", "Ballspill", "Ball games", 14, 2, 0, {4, 5, 6, 8, 9, 10}),
    ("sommer", "Sommer og lek", "Summer and play", 14, 2, 0, {5, 6, 7, 8}),
]

SKI_AGES = {90: (3, 5), 100: (4, 6), 110: (5, 7), 120: (6, 8), 130: (7, 9), 140: (8, 10),
            150: (9, 12), 160: (10, 13), 170: (12, 15), 180: (14, None), 190: (15, None)}

# category, name, English name, description, [(size, age_min, age_max, at library,
# at the centre)], class set
ITEMS = [
    ("vinter", "Langrennsski", "Cross-country skis",
     "Smørefrie ski (skin/felling) med binding for NNN-skisko. Lånes gjerne sammen med staver "
     "og sko.",
     [(f"{cm} cm", *SKI_AGES[cm], 4 if cm < 170 else 2, 2) for cm in SKI_AGES], False),
    ("vinter", "Skistaver", "Ski poles", "Staver til langrenn; velg omtrent 30 cm kortere enn "
     "skiene.", [(f"{cm} cm", None, None, 3, 1) for cm in range(80, 151, 10)], False),
    ("vinter", "Skisko", "Ski boots", "Skisko med NNN-binding.",
     [(str(s), None, None, 2, 1) for s in range(28, 47, 2)], False),
    ("vinter", "Skøyter", "Ice skates", "Hockeyskøyter, slipt før hvert utlån.",
     [(str(s), None, None, 2, 1) for s in range(28, 45, 2)], False),
    ("vinter", "Akebrett", "Toboggan", "Akebrett med styrespak.", [("", 3, 12, 4, 2)], False),
    ("vinter", "Truger", "Snowshoes", "Truger for voksne og store barn.",
     [("", 10, None, 4, 2)], False),
    ("sykkel", "Sykkelhjelm", "Bicycle helmet", "Hjelm for sykkel, sparkesykkel og skøyter.",
     [("S (48–54 cm)", 3, 8, 6, 2), ("M (52–58 cm)", 7, 14, 25, 2),
      ("L (56–62 cm)", 12, None, 4, 2)], True),
    ("sykkel", "Sykkel", "Bicycle", "Sykkel med lys og lås. Hjelm lånes i tillegg.",
     [('16"', 4, 6, 2, 1), ('20"', 6, 9, 3, 1), ('24"', 8, 12, 3, 1), ('26"', 11, None, 2, 1)],
     False),
    ("sykkel", "Sparkesykkel", "Kick scooter", "", [("", 5, 12, 3, 1)], False),
    ("sykkel", "Skateboard", "Skateboard", "Komplett brett.", [("", 7, None, 3, 1)], False),
    ("sykkel", "Rulleskøyter", "Inline skates", "Justerbare rulleskøyter.",
     [("30–33", 5, 9, 2, 0), ("34–37", 8, 12, 2, 1), ("38–41", 11, None, 2, 1)], False),
    ("vann", "Redningsvest", "Life jacket", "Godkjent redningsvest. Velg etter vekt.",
     [("15–30 kg", 2, 7, 4, 2), ("30–40 kg", 7, 11, 4, 2), ("40–50 kg", 10, 14, 4, 1),
      ("50–70 kg", 13, None, 3, 1), ("70+ kg", 16, None, 3, 1)], False),
    ("vann", "Kano", "Canoe", "Kano for tre personer, med åror og vester etter avtale.",
     [("3 personer", 12, None, 0, 2)], False),
    ("vann", "Våtdrakt", "Wetsuit", "Våtdrakt for bading og padling.",
     [("Barn S", 6, 9, 2, 0), ("Barn M", 9, 12, 2, 0), ("Voksen M", 14, None, 2, 0)], False),
    ("tur", "Telt", "Tent", "Lett telt med duk og plugger.",
     [("2 personer", None, None, 3, 1), ("4 personer", None, None, 2, 1)], False),
    ("tur", "Sovepose", "Sleeping bag", "Vaskes mellom hvert utlån.",
     [("Barn", 3, 12, 4, 2), ("Voksen", 12, None, 4, 2)], False),
    ("tur", "Liggeunderlag", "Sleeping mat", "", [("", None, None, 7, 3)], False),
    ("tur", "Stormkjøkken", "Camping stove", "Med brenner; rødsprit kjøpes selv.",
     [("", 14, None, 3, 1)], False),
    ("tur", "Tursekk", "Backpack", "", [("30 liter", 8, None, 3, 1), ("60 liter", 14, None, 2, 1)],
     False),
    ("ball", "Fotball", "Football", "", [("Str. 4", 8, 12, 4, 2), ("Str. 5", 12, None, 4, 2)],
     False),
    ("ball", "Håndball", "Handball", "", [("Str. 1", 8, 12, 3, 1), ("Str. 2", 12, 16, 3, 1)],
     False),
    ("ball", "Basketball", "Basketball", "", [("Str. 7", 10, None, 3, 1)], False),
    ("ball", "Innebandykølle", "Floorball stick", "Lånes gjerne som klassesett med baller.",
     [("", 8, None, 20, 0)], True),
    ("sommer", "Badmintonsett", "Badminton set", "To racketer og baller.",
     [("", 6, None, 3, 1)], False),
    ("sommer", "Fiskestang", "Fishing rod", "Med snelle og sluk.", [("", 8, None, 4, 2)], False),
    ("sommer", "Slakk line", "Slackline", "", [("15 m", 8, None, 1, 1)], False),
    ("sommer", "Frisbee", "Frisbee", "", [("", 5, None, 6, 2)], False),
]

FIRST = ["Emma", "Nora", "Sofie", "Ella", "Maja", "Olivia", "Leah", "Ingrid", "Sara", "Aisha",
         "Fatima", "Amina", "Zainab", "Hanna", "Ida", "Jakob", "Noah", "Emil", "Lucas",
         "Oskar", "Filip", "Aksel", "Mohammed", "Ali", "Omar", "Yusuf", "Ahmad", "Mathias",
         "Henrik", "Magnus", "Tobias", "Elias", "Jonas", "Kari", "Per", "Anne", "Lars",
         "Marte", "Piotr", "Agnieszka", "Tigist", "Dawit", "Linh", "Minh", "Sigrid", "Tuva"]
LAST = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen",
        "Kristiansen", "Jensen", "Karlsen", "Berg", "Haugen", "Hagen", "Bakken", "Ahmed",
        "Hussein", "Ali", "Mohamed", "Nowak", "Kowalski", "Nguyen", "Tesfaye", "Haile",
        "Solberg", "Lie", "Dahl", "Lund", "Strand", "Eriksen", "Moen"]
INSTITUTIONS = [
    ("Strømmen skole", Borrower.InstitutionKind.SCHOOL, "Lærer Hansen", "40000001"),
    ("Skjetten skole", Borrower.InstitutionKind.SCHOOL, "Kontoret", "40000002"),
    ("Kjeller barnehage", Borrower.InstitutionKind.KINDERGARTEN, "Styrer", "40000003"),
    ("Ungdomshuset Lillestrøm", Borrower.InstitutionKind.YOUTH_CLUB, "Miljøarbeider",
     "40000004"),
    ("Lillestrøm IL, barneidrett", Borrower.InstitutionKind.ASSOCIATION, "Leder", "40000005"),
    ("Røde Kors Lillestrøm", Borrower.InstitutionKind.ASSOCIATION, "Frivilligkoordinator",
     "40000006"),
]


def _aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def load(*, reporter: Reporter) -> None:
    if Copy.objects.exists():
        return
    rng = random.Random(SEED)
    today = timezone.localdate()

    library = lending_point_ensure(
        code=LIBRARY, name="Lillestrøm bibliotek", address="Torvet 5, 2000 Lillestrøm",
        directions="I første etasje, ved barneavdelingen.",
        directions_en="On the ground floor, by the children's section.",
        phone="66 93 00 00", email="utstyrsbanken@lillestrom.kommune.example", order=1,
        zone_code="3205-01")
    centre = lending_point_ensure(
        code=CENTRE, name="Strømmen frivilligsentral", address="Stasjonsvegen 10, 2010 Strømmen",
        directions="Inngang fra baksiden, følg skiltet «Utstyrsbanken».",
        directions_en="Entrance at the back; follow the sign «Utstyrsbanken».",
        phone="66 93 00 10", order=2, zone_code="3205-03")
    t = dt.time
    opening_hours_set(point=library, hours=[
        (0, t(10), t(19)), (1, t(10), t(19)), (2, t(10), t(19)), (3, t(10), t(19)),
        (4, t(10), t(16)), (5, t(11), t(15))])
    opening_hours_set(point=centre, hours=[(2, t(14), t(18)), (5, t(11), t(14))])
    reporter.advance()

    categories = {}
    for order, (code, name, name_en, days, renewals, buffer, _busy) in enumerate(CATEGORIES, 1):
        categories[code] = category_ensure(code=code, name=name, name_en=name_en, order=order,
                                           loan_days=days, max_renewals=renewals,
                                           buffer_days=buffer)
    busy = {code: months for code, *_rest, months in CATEGORIES}

    items, counts = [], []
    for code, name, name_en, description, sizes, class_set in ITEMS:
        for size, age_min, age_max, n_library, n_centre in sizes:
            item = Item(category=categories[code], name=name, name_en=name_en, size=size,
                        description=description, age_min=age_min, age_max=age_max,
                        class_set=class_set and n_library >= 20)
            item.refresh_derived()
            items.append(item)
            counts.append((n_library, n_centre))
    Item.objects.bulk_create(items)
    copies, number = [], 1001
    acquired = today - dt.timedelta(days=500)
    for item, (n_library, n_centre) in zip(items, counts, strict=True):
        for point, n in ((library, n_library), (centre, n_centre)):
            for _ in range(n):
                copies.append(Copy(item=item, number=number, location=point,
                                   condition=Condition.GOOD if rng.random() > 0.2
                                   else Condition.WORN, acquired_on=acquired))
                number += 1
    Copy.objects.bulk_create(copies)
    reporter.advance()

    borrowers = _borrowers(rng, today)
    reporter.advance()
    _loans(rng, today, copies, borrowers, busy, library)
    reporter.advance()


def _borrowers(rng: random.Random, today: dt.date) -> dict[str, list[Borrower]]:
    people = [Borrower(name="Jonas Berg", phone="91234567", birth_year=1986,
                       registered_on=today - dt.timedelta(days=400))]
    used = {"91234567"}
    for i in range(160):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        phone = f"9{rng.randrange(10_000_000):07d}" if rng.random() > 0.1 else ""
        while phone in used:
            phone = f"4{rng.randrange(10_000_000):07d}"
        used.add(phone)
        email = f"{name.split()[0].lower()}.{i}@example.org" if not phone or \
            rng.random() < 0.3 else ""
        people.append(Borrower(
            name=name, phone=phone, email=email,
            birth_year=rng.randint(1960, 2005) if rng.random() < 0.6 else None,
            language="en" if rng.random() < 0.1 else "nb",
            registered_on=today - dt.timedelta(days=rng.randint(0, 720))))
    institutions = [Borrower(kind=Borrower.Kind.INSTITUTION, name=name, institution_kind=kind,
                             contact_person=contact, phone=phone,
                             registered_on=today - dt.timedelta(days=rng.randint(200, 700)))
                    for name, kind, contact, phone in INSTITUTIONS]
    for b in (*people, *institutions):
        b.search_name = b.name.casefold()
    Borrower.objects.bulk_create(people + institutions)
    children = []
    for parent in rng.sample(people[1:], 45):
        for _ in range(rng.choice((1, 1, 2, 3))):
            child = Borrower(name=f"{rng.choice(FIRST)} {parent.name.split()[-1]}",
                             guardian=parent, birth_year=today.year - rng.randint(4, 16),
                             language=parent.language,
                             registered_on=max(parent.registered_on,
                                               today - dt.timedelta(days=rng.randint(0, 500))))
            child.search_name = child.name.casefold()
            children.append(child)
    Borrower.objects.bulk_create(children)
    return {"people": people, "children": children, "institutions": institutions}


def _loans(rng, today, copies, borrowers, busy, library) -> None:
    """A year of loans, copy by copy: each copy alternates between shelf and loan, busier
    in its season. The last loan of some copies is still out (a few overdue)."""
    start = today - dt.timedelta(days=365)
    individuals = borrowers["people"] + borrowers["children"]
    father = borrowers["people"][0]
    # The journey: two of the four 130 cm skis at the library are out, two are free.
    skis130 = [c for c in copies if c.item.name == "Langrennsski" and c.item.size == "130 cm"
               and c.location_id == library.pk]
    journey_out, journey_free = skis130[:2], {c.pk for c in skis130[2:]}
    class_items = [c for c in copies if c.item.class_set]

    plans = []  # (copy, borrower, lent day, loan days, returned day or None, class set key)
    for copy in copies:
        if copy.item.class_set and copy.location_id == library.pk:
            continue  # class sets are lent as sets below
        category = copy.item.category
        day = start + dt.timedelta(days=rng.randint(0, 20))
        while day < today:
            in_season = day.month in busy[category.code]
            gap = rng.randint(1, 12) if in_season else rng.randint(15, 60)
            day += dt.timedelta(days=gap)
            if day >= today:
                break
            length = max(1, min(category.loan_days + rng.randint(-4, 5), 30))
            back = day + dt.timedelta(days=length)
            borrower = rng.choice(individuals)
            if borrower is father:
                borrower = individuals[1]
            if back >= today:
                if copy.pk in journey_free:
                    break
                plans.append((copy, borrower, day, category.loan_days, None, None))
                break
            plans.append((copy, borrower, day, category.loan_days, back, None))
            day = back + dt.timedelta(days=category.buffer_days)
    for copy in journey_out:
        plans = [p for p in plans if p[0] is not copy
                 or (p[4] is not None and p[4] < today - dt.timedelta(days=4))]
        plans.append((copy, rng.choice(individuals[1:]), today - dt.timedelta(days=3), 7, None,
                      None))
    # Class sets: schools, kindergartens and clubs borrow sets for activity days.
    sets = defaultdict(list)
    for copy in class_items:
        if copy.location_id == library.pk:
            sets[copy.item_id].append(copy)
    set_no = 0
    for item_id, set_copies in sets.items():
        for _ in range(6):
            day = start + dt.timedelta(days=rng.randint(10, 350))
            if day >= today - dt.timedelta(days=3):
                continue
            institution = rng.choice(borrowers["institutions"][:5])
            length = rng.choice((1, 1, 2, 5))
            set_no += 1
            for copy in set_copies:
                plans.append((copy, institution, day, length,
                              day + dt.timedelta(days=length), (item_id, set_no)))
    # Sets for the same copy must not overlap: keep them in time order, drop clashes.
    plans.sort(key=lambda p: (p[0].pk, p[2]))
    kept, last_back = [], {}
    for plan in plans:
        copy, _b, day, _len, back, _set = plan
        if copy.pk in last_back and (last_back[copy.pk] is None or day <= last_back[copy.pk]):
            continue
        kept.append(plan)
        last_back[copy.pk] = back

    checkouts, keys = [], []
    seen_sets: dict = {}
    for _copy, borrower, day, _length, _back, set_key in kept:
        if set_key is not None:
            if set_key in seen_sets:
                keys.append(seen_sets[set_key])
                continue
            seen_sets[set_key] = len(checkouts)
        keys.append(len(checkouts))
        checkouts.append(Checkout(borrower=borrower, location=library,
                                  created_at=_aware(day, 10 + rng.randint(0, 7)),
                                  is_class_set=set_key is not None))
    Checkout.objects.bulk_create(checkouts)
    loans = []
    repairs = []
    for (copy, borrower, day, length, back, _set), key in zip(kept, keys, strict=True):
        checkout = checkouts[key]
        due = day + dt.timedelta(days=length)
        loan = Loan(checkout=checkout, copy=copy, item_id=copy.item_id,
                    category_id=copy.item.category_id, lent_from_id=checkout.location_id,
                    borrower=borrower, lent_at=checkout.created_at, lent_on=day, due_on=due)
        if back is not None:
            loan.returned_at = _aware(back, 12 + rng.randint(0, 6))
            loan.returned_condition = copy.condition
            loan.returned_to = copy.location
            loan.days_out = max(1, (back - day).days)
        loans.append(loan)
    Loan.objects.bulk_create(loans, batch_size=500)

    # A few copies in the workshop, and a few reservations.
    on_loan = {loan.copy_id for loan in loans if loan.returned_at is None}
    shelf = [c for c in copies if c.pk not in on_loan and c.item_id != skis130[0].item_id
             and not c.item.class_set]
    for copy in rng.sample(shelf, 6):
        copy.condition = Condition.IN_REPAIR
        repairs.append(RepairReport(copy=copy, description=rng.choice([
            "Bindingen er løs", "Punktert dekk", "Glidelåsen er ødelagt", "Sprekk i skallet",
            "Mangler plugger", "Slitt såle"])))
    Copy.objects.bulk_update([r.copy for r in repairs], ["condition"])
    RepairReport.objects.bulk_create(repairs)
    journey_item = skis130[0].item_id
    out = [loan for loan in loans if loan.returned_at is None and loan.item_id != journey_item]
    waiting, taken = [], set()
    for loan in rng.sample(out, min(5, len(out))):
        who = rng.choice(individuals[1:])
        if who.pk == loan.borrower_id or (loan.item_id, who.pk) in taken:
            continue
        taken.add((loan.item_id, who.pk))
        waiting.append(Reservation(item_id=loan.item_id, borrower=who,
                                   location=loan.copy.location,
                                   queued_at=_aware(today - dt.timedelta(days=1), 12)))
    Reservation.objects.bulk_create(waiting)

