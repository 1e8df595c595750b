"""Letters to households (PDF with WeasyPrint), in the household's own language.

One letter per household and scheme-year carries every child's card; a reminder letter
repeats the codes and lists the clubs near the household. Nothing in either letter says
why the household got it: the card looks like any membership card (the same title,
layout and wording for everyone) — the seeds' point about passes that stigmatise.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from levekar.core.audit import Kind, audit_record
from levekar.passes.eligibility import ADULT_AGE
from levekar.passes.models import ActivityPass, Club, Reminder, ReminderRun, Scheme
from levekar.passes.services._common import actor_fields, chunked
from levekar.people.models import Household, Person

LANGUAGES = {"nb", "en"}


def _pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: loading it takes a second

    return HTML(string=html, base_url=str(settings.SRC_DIR)).write_pdf()


def _adults(household_ids: list[int], on: dt.date) -> dict[int, list[Person]]:
    adults: dict[int, list[Person]] = defaultdict(list)
    for batch in chunked(household_ids):
        for person in Person.objects.filter(household_id__in=batch).order_by("birth_date", "pk"):
            if person.birth_date and person.age_on(on) >= ADULT_AGE:
                adults[person.household_id].append(person)
    return adults


def _passes_by_household(scheme: Scheme, year: int, household_ids: list[int] | None = None):
    qs = (ActivityPass.objects.filter(scheme=scheme, year=year, household__isnull=False)
          .select_related("person", "household").order_by("household_id", "person__birth_date",
                                                          "person_id"))
    grouped: dict[int, list[ActivityPass]] = defaultdict(list)
    if household_ids is None:
        for p in qs.iterator(chunk_size=2000):
            grouped[p.household_id].append(p)
    else:
        for batch in chunked(household_ids):
            for p in qs.filter(household_id__in=batch):
                grouped[p.household_id].append(p)
    return grouped


def _clubs_near(scheme_municipality_id: int) -> tuple[dict[int | None, list[Club]], list[Club]]:
    clubs = list(Club.objects.filter(municipality_id=scheme_municipality_id, active=True))
    by_zone: dict[int | None, list[Club]] = defaultdict(list)
    for club in clubs:
        by_zone[club.zone_id].append(club)
    return by_zone, clubs


def _render(template: str, *, household: Household, passes: list[ActivityPass],
            adults: list[Person], scheme: Scheme, year: int, clubs: list[Club] = ()) -> str:
    language = household.preferred_language if household.preferred_language in LANGUAGES \
        else "nb"
    with translation.override(language):
        return render_to_string(template, {
            "household": household, "passes": passes, "adults": adults, "scheme": scheme,
            "year": year, "clubs": clubs, "today": timezone.localdate(),
            "municipality": scheme.municipality, "language": language,
        })


def pass_letter_pdf(*, household: Household, scheme: Scheme, year: int, actor=None,
                    actor_name: str = "") -> bytes:
    """The letter with this household's cards. Raises LookupError if it has none."""
    passes = _passes_by_household(scheme, year, [household.pk]).get(household.pk)
    if not passes:
        raise LookupError("Husstanden har ingen kort i denne ordningen for dette året.")
    adults = _adults([household.pk], timezone.localdate()).get(household.pk, [])
    html = _render("passes/letters/pass_letter.html", household=household, passes=passes,
                   adults=adults, scheme=scheme, year=year)
    audit_record(**actor_fields(actor, actor_name), kind=Kind.PASS_LETTERS_EXPORT, obj=household,
                 detail=f"brev med {scheme.card_title} {year}",
                 persons=[p.person_id for p in passes] + [a.pk for a in adults])
    return _pdf(html)


def reminder_letter_pdf(*, run: ReminderRun, household: Household, actor=None,
                        actor_name: str = "") -> bytes:
    passes = [r.activity_pass for r in Reminder.objects.filter(
        run=run, activity_pass__household=household).select_related(
        "activity_pass__person", "activity_pass__household").order_by(
        "activity_pass__person__birth_date")]
    if not passes:
        raise LookupError("Husstanden fikk ingen påminnelse i denne utsendingen.")
    by_zone, all_clubs = _clubs_near(run.scheme.municipality_id)
    adults = _adults([household.pk], timezone.localdate()).get(household.pk, [])
    html = _render("passes/letters/reminder_letter.html", household=household, passes=passes,
                   adults=adults, scheme=run.scheme, year=run.year,
                   clubs=by_zone.get(household.zone_id) or all_clubs)
    audit_record(**actor_fields(actor, actor_name), kind=Kind.PASS_LETTERS_EXPORT, obj=household,
                 detail=f"påminnelsesbrev {run.scheme.card_title} {run.year}",
                 persons=[p.person_id for p in passes])
    return _pdf(html)


def reminder_passes_by_household(run: ReminderRun) -> dict[int, list[ActivityPass]]:
    grouped: dict[int, list[ActivityPass]] = defaultdict(list)
    for r in Reminder.objects.filter(run=run, activity_pass__household__isnull=False) \
            .select_related("activity_pass__person", "activity_pass__household") \
            .order_by("activity_pass__household_id", "activity_pass__person__birth_date"):
        grouped[r.activity_pass.household_id].append(r.activity_pass)
    return grouped
