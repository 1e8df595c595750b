"""Families are told of their holiday places (issue 17, item 4).

When the places are allocated (and when a family moves up from the waitlist) the job
``passes.holiday_notices`` tells every family with places that has not been told yet:
by e-mail when an adult has an address, else by SMS to a mobile number, else with a
printed letter (A4 PDF, WeasyPrint) — in English when the household's language is
English. Each says the offer, the dates, how many places and the last day to answer,
and where to answer (Min side, or the leisure office). Nothing says why the family was
nominated: the offer reads like any holiday offer.

Told once: a ``HolidayNotice`` per nomination (one-to-one) is written in the same
transaction as the queued SMS/e-mail, so a rerun, or two runs at once, skip it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from levekar.core import messaging
from levekar.core.audit import Kind, audit_record
from levekar.core.lib import pdfbatch
from levekar.passes.models import HolidayNotice, HolidayOffer, Nomination
from levekar.passes.selectors.passes import persons_of
from levekar.passes.services._common import actor_fields
from levekar.passes.services.delivery import _contact
from levekar.passes.services.letters import LANGUAGES, _adults, _pdf
from levekar.people.models import Person

Channel = HolidayNotice.Channel
PRINT_FOLDER = "brev"


def _language(nomination: Nomination) -> str:
    language = nomination.household.preferred_language
    return language if language in LANGUAGES else "nb"


def _date(day) -> str:
    # "5. juli 2027" in Norwegian, "5 July 2027" in English (the active language).
    return formats.date_format(day, pgettext("date in a letter", "j F Y"))


def _facts(nomination: Nomination) -> dict:
    offer = nomination.offer
    return {"offer": offer.name, "organiser": offer.organiser, "place": offer.place,
            "start": _date(offer.starts_on), "end": _date(offer.ends_on),
            "deadline": _date(offer.answer_by), "persons": nomination.persons,
            "municipality": _("%(name)s municipality") % {"name": offer.municipality.name}}


def _where_to_answer() -> str:
    if settings.LEVEKAR_MINSIDE_URL:
        return _("Answer on Min side, %(url)s, or call or visit Culture and leisure.") % {
            "url": settings.LEVEKAR_MINSIDE_URL}
    return _("Answer on Min side, or call or visit Culture and leisure.")


def sms_text(nomination: Nomination) -> str:
    with translation.override(_language(nomination)):
        return ngettext(
            "%(municipality)s: your family has %(persons)s place on %(offer)s, %(place)s, "
            "%(start)s–%(end)s. Please say yes or no by %(deadline)s.",
            "%(municipality)s: your family has %(persons)s places on %(offer)s, %(place)s, "
            "%(start)s–%(end)s. Please say yes or no by %(deadline)s.",
            nomination.persons) % _facts(nomination) + " " + _where_to_answer()


def email_text(nomination: Nomination) -> tuple[str, str]:
    with translation.override(_language(nomination)):
        facts = _facts(nomination)
        subject = _("A holiday place for your family: %(offer)s") % facts
        body = "\n\n".join([
            _("Hello!"),
            ngettext(
                "Your family has %(persons)s place on %(offer)s with %(organiser)s, at "
                "%(place)s from %(start)s to %(end)s.",
                "Your family has %(persons)s places on %(offer)s with %(organiser)s, at "
                "%(place)s from %(start)s to %(end)s.", nomination.persons) % facts,
            _("Please say yes or no by %(deadline)s. If we have not heard from you by then, "
              "the places may go to another family.") % facts,
            _where_to_answer(),
            _("Kind regards\nCulture and leisure, %(municipality)s") % facts,
        ])
    return subject, body


def _letter_html(nomination: Nomination, adults: list[Person]) -> str:
    language = _language(nomination)
    with translation.override(language):
        return render_to_string("passes/letters/holiday_letter.html", {
            "nomination": nomination, "offer": nomination.offer,
            "household": nomination.household, "adults": adults,
            "facts": _facts(nomination), "where_to_answer": _where_to_answer(),
            "today": timezone.localdate(), "municipality": nomination.offer.municipality,
            "language": language,
        })


def holiday_letter_pdf(*, nomination: Nomination, actor=None, actor_name: str = "") -> bytes:
    """The printable letter telling this family of its places (audited as an export)."""
    adults = _adults([nomination.household_id], timezone.localdate()).get(
        nomination.household_id, [])
    html = _letter_html(nomination, adults)
    audit_record(**actor_fields(actor, actor_name), kind=Kind.HOLIDAY_NOTICE, obj=nomination,
                 detail=f"brev om plass på {nomination.offer.name}",
                 persons=persons_of([nomination.household_id]))
    return _pdf(html)


def _pending(offer: HolidayOffer) -> list[Nomination]:
    return list(Nomination.objects.filter(offer=offer, status=Nomination.Status.ALLOCATED,
                                          notice__isnull=True)
                .select_related("household", "offer__municipality").order_by("pk"))


def holiday_notices_send(*, offer: HolidayOffer, actor=None, actor_name: str = "",
                         progress: Callable[[int, int], None] | None = None) -> dict:
    """Tell every family with places on ``offer`` not told yet (module docstring).

    Returns counts per channel, the families told and the print-ready PDF of the
    letters (path under ``MEDIA_ROOT/brev``, or "")."""
    progress = progress or (lambda done, total: None)
    pending = _pending(offer)
    adults = _adults([n.household_id for n in pending], timezone.localdate())
    planned, letters = [], {}
    for done, nomination in enumerate(pending, start=1):
        channel, address = _contact(adults.get(nomination.household_id, []))
        channel = {"email": Channel.EMAIL, "sms": Channel.SMS}.get(channel, Channel.LETTER)
        if channel == Channel.LETTER:
            letters[nomination.pk] = _pdf(_letter_html(
                nomination, adults.get(nomination.household_id, [])))
        planned.append((nomination, channel, address))
        progress(done, len(pending))
    counts = {Channel.EMAIL.value: 0, Channel.SMS.value: 0, Channel.LETTER.value: 0}
    printed: list[bytes] = []
    with transaction.atomic():
        # Serialise runs for one offer; then skip whoever another run told meanwhile.
        HolidayOffer.objects.select_for_update().filter(pk=offer.pk).first()
        told = set(HolidayNotice.objects.filter(nomination__in=[n for n, _c, _a in planned])
                   .values_list("nomination_id", flat=True))
        notices = []
        for nomination, channel, address in planned:
            if nomination.pk in told:
                continue
            reference = f"passes.holiday:{nomination.pk}"
            if channel == Channel.EMAIL:
                subject, body = email_text(nomination)
                messaging.queue_email(to=address, subject=subject, body=body,
                                      reference=reference)
            elif channel == Channel.SMS:
                messaging.queue_sms(to=address, text=sms_text(nomination), reference=reference)
            else:
                printed.append(letters[nomination.pk])
            notices.append(HolidayNotice(nomination=nomination, channel=channel,
                                         language=_language(nomination)))
            counts[channel.value] += 1
        HolidayNotice.objects.bulk_create(notices)
        print_file = ""
        if printed:
            folder = Path(settings.MEDIA_ROOT) / PRINT_FOLDER
            folder.mkdir(parents=True, exist_ok=True)
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            path = folder / f"ferie-{offer.pk}-utskrift-{stamp}.pdf"
            path.write_bytes(pdfbatch.merge(printed))
            print_file = str(path)
        if notices:
            audit_record(**actor_fields(actor, actor_name), kind=Kind.HOLIDAY_NOTICE, obj=offer,
                         detail=f"varslet {len(notices)} familier om plass på {offer.name}: "
                                 f"{counts['email']} på e-post, {counts['sms']} på SMS, "
                                 f"{counts['letter']} brev",
                         persons=persons_of([n.nomination.household_id for n in notices]))
    return {"email": counts["email"], "sms": counts["sms"], "paper": counts["letter"],
            "families": len(notices), "print_file": print_file}
