"""Synthetic register extracts (households, members, income after tax) as CSV.

Used by the demo (a few thousand Lillestrøm households with exactly the journey's
1 214 eligible children) and by ``bench/passes_issue.py`` (100 000 households).
Deterministic: the same arguments give the same bytes. The people are invented; the
fødselsnummer are valid (check digits computed as python-stdnum checks them).
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Callable
from dataclasses import dataclass

from stdnum.no import fodselsnummer

from levekar.core.lib.dates import age_on
from levekar.passes.eligibility import ADULT_AGE

FIRST_NAMES = [
    "Emma", "Nora", "Sofie", "Ella", "Olivia", "Ingrid", "Sara", "Maja", "Leah", "Frida",
    "Jakob", "Noah", "Emil", "Lucas", "Oliver", "Filip", "Aksel", "William", "Henrik", "Isak",
    "Kari", "Anne", "Ola", "Per", "Liv", "Hilde", "Bjørn", "Trond", "Marit", "Espen",
    "Amina", "Yusuf", "Fatima", "Omar", "Zainab", "Ali", "Agnieszka", "Piotr", "Daniela",
    "Mohammed", "Hodan", "Abdi", "Tesfay", "Ruta", "Jonas", "Linnea", "Mathias", "Amalie",
]
LAST_NAMES = [
    "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
    "Jensen", "Karlsen", "Berg", "Haugen", "Hagen", "Bakken", "Solberg", "Lie", "Moen",
    "Ahmed", "Hassan", "Nowak", "Kowalski", "Ali", "Mohamed", "Tesfaye", "Nguyen", "Rahimi",
    "Eriksen", "Strand", "Dahl", "Lund", "Holm", "Aas",
]
STREETS = ["Storgata", "Skjettenveien", "Kjellerveien", "Strømsveien", "Nittedalsgata",
           "Fetveien", "Solheimveien", "Sørumsandveien", "Blakerveien", "Jonas Lies gate",
           "Vestbygata", "Stasjonsveien", "Gamleveien", "Tærudgata", "Leirsundveien"]

HEADER = ["husstand", "adresse", "postnummer", "poststed", "sone", "språk", "fødselsnummer",
          "fornavn", "etternavn", "fødselsdato", "inntektsår", "inntekt_etter_skatt"]


@dataclass(frozen=True)
class ZoneProfile:
    code: str
    postcode: str
    city: str
    weight: float  # share of the households
    low_income: float  # chance that a family with children is under the limit


@dataclass
class _Person:
    nid: str
    first: str
    last: str
    birth: dt.date


@dataclass
class _Household:
    key: str
    zone: ZoneProfile
    street: str
    language: str
    adults: list[_Person]
    children: list[_Person]
    income: int  # household income after tax (split over the adults)


class _Ids:
    """Valid, unique fødselsnummer for invented people."""

    def __init__(self) -> None:
        self.next: dict[dt.date, int] = {}

    def make(self, birth: dt.date) -> str:
        low, high = (500, 999) if birth.year >= 2000 else (0, 499)
        individual = self.next.get(birth, high)
        while individual >= low:
            body = f"{birth:%d%m%y}{individual:03d}"
            individual -= 1
            k1 = fodselsnummer.calc_check_digit1(body)
            if len(k1) != 1:
                continue
            k2 = fodselsnummer.calc_check_digit2(body + k1)
            if len(k2) != 1:
                continue
            self.next[birth] = individual
            return body + k1 + k2
        raise RuntimeError("ran out of individual numbers")  # never at these sizes


def _birth(rng: random.Random, age: int, on: dt.date) -> dt.date:
    return on - dt.timedelta(days=age * 365 + rng.randrange(0, 365))


def households(*, n: int, zones: list[ZoneProfile], on: dt.date, seed: int,
               limit: Callable[[int, bool], int], eligible_ages: tuple[int, int],
               target_eligible: int | None = None, prefix: str = "LKD") -> list[_Household]:
    """Invent ``n`` households (more if needed to reach ``target_eligible`` exactly).

    ``limit(children, single_parent)`` is the scheme's income limit; a low-income family
    gets an income at or under it, every other household well over it. With a target,
    the number of children in ``eligible_ages`` in low-income families is made exactly
    ``target_eligible`` (judged on ``on``).
    """
    rng = random.Random(seed)
    ids = _Ids()
    weights = [z.weight for z in zones]
    out: list[_Household] = []
    total = 0
    i = 0
    while i < n or (target_eligible is not None and total < target_eligible):
        i += 1
        zone = rng.choices(zones, weights)[0]
        last = rng.choice(LAST_NAMES)
        single = rng.random() < 0.22
        with_children = rng.random() < (0.75 if i > n else 0.55)
        adults = [_Person("", rng.choice(FIRST_NAMES), last, _birth(rng, rng.randint(24, 58), on))
                  for _ in range(1 if single else 2)]
        children = []
        if with_children:
            youngest_parent = min(age_on(a.birth, on) for a in adults)
            for _ in range(rng.choices([1, 2, 3, 4], [35, 40, 18, 7])[0]):
                age = rng.randint(0, min(17, youngest_parent - 20))
                children.append(_Person("", rng.choice(FIRST_NAMES), last, _birth(rng, age, on)))
        n_children = len(children)
        is_single = len(adults) == 1 and n_children > 0
        in_range = sum(1 for c in children
                       if eligible_ages[0] <= age_on(c.birth, on) <= eligible_ages[1])
        low = with_children and rng.random() < zone.low_income
        if target_eligible is not None:
            if i > n:  # topping up: only low-income families that fit the target exactly
                if not low or in_range == 0 or total + in_range > target_eligible:
                    continue
            elif low and total + in_range > target_eligible:
                low = False
        cap = limit(n_children, is_single)
        if low:
            income = max(cap - rng.randint(0, 160_000), 90_000)
            if rng.random() < 0.03:
                income = cap  # some exactly at the limit
            total += in_range
        else:
            income = cap + rng.randint(1_000, 650_000)
        for person in adults + children:
            person.nid = ids.make(person.birth)
        out.append(_Household(
            key=f"{prefix}-{i:06d}", zone=zone,
            street=f"{rng.choice(STREETS)} {rng.randint(1, 140)}",
            language="en" if rng.random() < 0.1 else "nb",
            adults=adults, children=children, income=income))
    return out


def register_csv(hhs: list[_Household], *, income_year: int) -> bytes:
    """The households as the register CSV ``levekar passes import-households`` reads."""
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\n")
    writer.writerow(HEADER)
    for h in hhs:
        shares = [h.income] if len(h.adults) == 1 else [round(h.income * 0.6),
                                                        h.income - round(h.income * 0.6)]
        for person, share in zip(h.adults, shares, strict=True):
            writer.writerow([h.key, h.street, h.zone.postcode, h.zone.city, h.zone.code,
                             h.language, person.nid, person.first, person.last,
                             person.birth.isoformat(), income_year, share])
        for person in h.children:
            writer.writerow([h.key, h.street, h.zone.postcode, h.zone.city, h.zone.code,
                             h.language, person.nid, person.first, person.last,
                             person.birth.isoformat(), "", ""])
    return buf.getvalue().encode("utf-8")


def adults_and_children(h: _Household, on: dt.date) -> tuple[int, int]:
    members = h.adults + h.children
    adults = sum(1 for p in members if age_on(p.birth, on) >= ADULT_AGE)
    return adults, len(members) - adults
