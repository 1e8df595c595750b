"""Letters delivered digital first, fast (issue 15).

A household whose adult has an e-mail address gets its letter as an e-mail with the PDF;
one with only a mobile number gets an SMS with the card codes (and a link to Min side
when ``LEVEKAR_MINSIDE_URL`` is set); the rest get paper, as ONE print-ready PDF with a
page break between letters. Every message is queued in the outbox and sent after the
commit; a rerun skips households already reached this way (the message's reference).

Speed: letters are laid out many to a WeasyPrint document, in parallel processes
(``core.lib.pdfbatch``); an e-mailed household's pages are cut out afterwards.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from levekar.core import messaging
from levekar.core.audit import Kind, audit_record
from levekar.core.lib import pdfbatch
from levekar.core.models import OutboundMessage
from levekar.passes.models import ActivityPass, ReminderRun, Scheme
from levekar.passes.services._common import actor_fields
from levekar.passes.services.letters import (
    _adults,
    _clubs_near,
    _passes_by_household,
    _render,
)
from levekar.passes.services.letters import (
    reminder_passes_by_household as _reminder_passes,
)
from levekar.people.models import Household, Person


@dataclass
class Letter:
    household: Household
    passes: list[ActivityPass]
    adults: list[Person]
    html: str
    channel: str  # "email", "sms" or "paper"
    address: str = ""


def _contact(adults: list[Person]) -> tuple[str, str]:
    for adult in adults:
        if adult.email and not adult.anonymised_at:
            return "email", adult.email
    for adult in adults:
        if adult.phone and not adult.anonymised_at:
            return "sms", adult.phone
    return "paper", ""


def _processes() -> int:
    wanted = int(os.environ.get("LEVEKAR_LETTER_PROCESSES", "0") or 0)
    return wanted or max(1, min(os.cpu_count() or 1, 4))


def _sms_text(letter: Letter, scheme: Scheme, year: int, reminder: bool) -> str:
    language = letter.household.preferred_language if \
        letter.household.preferred_language in {"nb", "en"} else "nb"
    with translation.override(language):
        cards = "; ".join(f"{p.person.first_name}: {p.display_code}" for p in letter.passes)
        if reminder:
            text = _("%(title)s %(year)s: the cards are waiting to be used! %(cards)s. Show "
                     "the code at the club or activity.") % {
                "title": scheme.card_title, "year": year, "cards": cards}
        else:
            text = _("%(title)s %(year)s: %(cards)s. Show the code at the club or "
                     "activity.") % {"title": scheme.card_title, "year": year, "cards": cards}
        if settings.LEVEKAR_MINSIDE_URL:
            text += " " + _("The letter is on Min side: %(url)s") % {
                "url": settings.LEVEKAR_MINSIDE_URL}
    return text


def _email_text(letter: Letter, scheme: Scheme, year: int, reminder: bool) -> tuple[str, str]:
    language = letter.household.preferred_language if \
        letter.household.preferred_language in {"nb", "en"} else "nb"
    with translation.override(language):
        subject = f"{scheme.card_title} {year}"
        body = (_("Hello! Attached is a reminder with the %(title)s cards for %(year)s and "
                  "clubs near you.") if reminder else
                _("Hello! Attached is the letter with the %(title)s cards for %(year)s.")) % {
            "title": scheme.card_title, "year": year}
        body += "\n\n" + _("Show the code on the card at the club or activity.")
        if settings.LEVEKAR_MINSIDE_URL:
            body += "\n" + _("The letter is also on Min side: %(url)s") % {
                "url": settings.LEVEKAR_MINSIDE_URL}
        body += f"\n\n{scheme.municipality.name}"
    return subject, body


def _deliver(*, grouped: dict[int, list[ActivityPass]], template: str, scheme: Scheme,
             year: int, reference: str, reminder: bool, clubs=None, actor=None,
             actor_name: str = "", progress: Callable[[int, int], None] | None = None,
             out_dir: Path | None = None, audit_obj=None) -> dict:
    progress = progress or (lambda done, total: None)
    already = set(OutboundMessage.objects.filter(reference__startswith=reference + "household=")
                  .values_list("reference", flat=True))
    adults = _adults(list(grouped), timezone.localdate())
    letters: list[Letter] = []
    for household_id, passes in grouped.items():
        household = passes[0].household
        members = adults.get(household_id, [])
        channel, address = _contact(members)
        if channel != "paper" and f"{reference}household={household_id}" in already:
            continue
        kwargs = {}
        if clubs is not None:
            by_zone, all_clubs = clubs
            kwargs["clubs"] = by_zone.get(household.zone_id) or all_clubs
        html = _render(template, household=household, passes=passes, adults=members,
                       scheme=scheme, year=year, **kwargs)
        letters.append(Letter(household, passes, members, html, channel, address))
    # Paper last, in postcode order (as the print shop wants it).
    letters.sort(key=lambda ltr: (ltr.channel == "paper", ltr.household.postcode or "",
                                  ltr.household.pk))
    to_layout = [ltr for ltr in letters if ltr.channel != "sms"]
    own, paper_chunks = {}, []
    if to_layout:
        head, _body = pdfbatch.split_html(to_layout[0].html)
        own, paper_chunks = pdfbatch.render_many(
            head, [(ltr.household.pk, ltr.channel == "email",
                    pdfbatch.split_html(ltr.html)[1]) for ltr in to_layout],
            base_url=str(settings.SRC_DIR), processes=_processes(), progress=progress)
    print_pdf = pdfbatch.merge(paper_chunks) if paper_chunks else b""
    counts = {"email": 0, "sms": 0, "paper": 0}
    persons: list[int] = []
    with transaction.atomic():
        for letter in letters:
            ref = f"{reference}household={letter.household.pk}"
            if letter.channel == "email":
                subject, body = _email_text(letter, scheme, year, reminder)
                messaging.queue_email(
                    to=letter.address, subject=subject, body=body, reference=ref,
                    attachment=(f"{scheme.code}-{year}.pdf", own[letter.household.pk],
                                "application/pdf"))
            elif letter.channel == "sms":
                messaging.queue_sms(to=letter.address, text=_sms_text(letter, scheme, year,
                                                                        reminder),
                                    reference=ref)
            counts[letter.channel] += 1
            persons.extend(p.person_id for p in letter.passes)
            persons.extend(a.pk for a in letter.adults)
        print_name = ""
        if print_pdf:
            folder = out_dir or (Path(settings.MEDIA_ROOT) / "brev")
            folder.mkdir(parents=True, exist_ok=True)
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            kind = "paminnelser" if reminder else "brev"
            print_path = folder / f"{kind}-{year}-{scheme.code}-utskrift-{stamp}.pdf"
            print_path.write_bytes(print_pdf)
            print_name = str(print_path)
        audit_record(**actor_fields(actor, actor_name), kind=Kind.PASS_LETTERS_EXPORT,
                     obj=audit_obj, object_type="" if audit_obj else "passes.activitypass",
                     detail=f"{'påminnelser' if reminder else 'brev'} med "
                             f"{scheme.card_title} {year}: {counts['email']} på e-post, "
                             f"{counts['sms']} på SMS, {counts['paper']} på papir",
                     persons=persons)
    return {**counts, "print_file": print_name, "letters": len(letters)}


def letters_deliver(*, scheme: Scheme, year: int, actor=None, actor_name: str = "",
                    progress: Callable[[int, int], None] | None = None,
                    out_dir: Path | None = None) -> dict:
    """Deliver every household's letter with its cards, digital first (module docstring).

    Returns counts per channel and the path of the print-ready PDF (or "")."""
    grouped = _passes_by_household(scheme, year)
    return _deliver(grouped=grouped, template="passes/letters/pass_letter.html",
                    scheme=scheme, year=year, reference=f"passes.letter:{scheme.pk}:{year}:",
                    reminder=False, actor=actor, actor_name=actor_name, progress=progress,
                    out_dir=out_dir)


def reminder_letters_deliver(*, run: ReminderRun, actor=None, actor_name: str = "",
                             progress: Callable[[int, int], None] | None = None,
                             out_dir: Path | None = None) -> dict:
    """Deliver a reminder round's letters the same way (with the clubs near each home)."""
    return _deliver(grouped=_reminder_passes(run), template="passes/letters/reminder_letter.html",
                    scheme=run.scheme, year=run.year,
                    reference=f"passes.reminder:{run.pk}:", reminder=True,
                    clubs=_clubs_near(run.scheme.municipality_id), actor=actor,
                    actor_name=actor_name, progress=progress, out_dir=out_dir, audit_obj=run)

