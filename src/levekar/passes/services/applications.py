"""Applications for an activity card (issue 12 item 5, issue 17 item 2): the Aarhus model.

A family whose child did not get a card automatically applies — on Min side, or at the
leisure office's desk, which registers it on the family's behalf — with grounds and, if
they like, documentation (PDF, JPG or PNG up to 5 MB, kept under ``MEDIA_ROOT/soknader``
which is never served). The leisure office grants (the card is issued through
``pass_issue_manual``, so it is the same card with the year's amount as any other) or
refuses with a reason. The decision is told digital first: e-mail, else SMS through the
outbox with a link to Min side; a household with neither gets a printed letter (nb/en)
from the application's page. Nothing says why a family applied: the messages read like
any answer about a card.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from levekar.core import messaging
from levekar.core.audit import Kind, audit_record
from levekar.core.errors import Conflict, InvalidInput, Problem
from levekar.passes.models import ActivityPass, CardApplication, Scheme
from levekar.passes.services._common import actor_fields, actor_user
from levekar.passes.services.cards import card_year_problems, pass_issue_manual
from levekar.passes.services.delivery import _contact
from levekar.passes.services.letters import LANGUAGES, _adults, _pdf
from levekar.people.models import Person

UPLOAD_FOLDER = "soknader"
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
# The file's first bytes decide its type, not its name: a renamed program is refused.
DOCUMENT_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}
Status = CardApplication.Status
Channel = CardApplication.Channel


def document_check(upload) -> tuple[str, str]:
    """(extension, content type) of an acceptable document, else ``InvalidInput`` naming
    the field. One rule for Min side and the desk."""
    name = Path(upload.name or "").name
    ext = Path(name).suffix.lower()
    if ext not in DOCUMENT_TYPES:
        raise InvalidInput([Problem("Dokumentasjonen må være en PDF-, JPG- eller PNG-fil.",
                                    field="dokumentasjon")])
    if upload.size > MAX_DOCUMENT_BYTES:
        raise InvalidInput([Problem("Dokumentasjonen er større enn 5 MB. Send en mindre fil.",
                                    field="dokumentasjon")])
    content_type, magics = DOCUMENT_TYPES[ext]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(m) for m in magics):
        raise InvalidInput([Problem("Dokumentasjonen er ikke en gyldig PDF-, JPG- eller "
                                    "PNG-fil.", field="dokumentasjon")])
    return ext, content_type


def document_path(application: CardApplication) -> Path | None:
    """Where the application's document lies (inside the private folder), or None."""
    if not application.document_path:
        return None
    folder = (Path(settings.MEDIA_ROOT) / UPLOAD_FOLDER).resolve()
    path = (folder / application.document_path).resolve()
    return path if path.parent == folder and path.is_file() else None


def card_application_create(*, actor=None, actor_name: str = "", scheme: Scheme, year: int,
                            child: Person, applicant: Person | None, grounds: str,
                            document=None) -> CardApplication:
    """Register an application for ``child``'s card for ``scheme`` and ``year``.

    ``applicant`` is the parent applying on Min side (None at the desk, where ``actor`` is
    the officer). Refused, with the field named, without grounds, for an adult, for a
    year gone by, when the child already has the card, or while another application for
    the same card is waiting. Nothing is stored when it is refused.
    """
    grounds = (grounds or "").strip()
    problems = []
    if not grounds:
        problems.append(Problem("Skriv kort hvorfor dere søker.", field="begrunnelse"))
    problems += card_year_problems(year=year, child=child, child_field="barn")
    ext = content_type = ""
    if document:
        try:
            ext, content_type = document_check(document)
        except InvalidInput as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInput(problems)
    if ActivityPass.objects.filter(scheme=scheme, year=year, person=child).exists():
        raise Conflict(f"{child.full_name} har allerede {scheme.card_title} for {year}.")
    waiting = CardApplication.objects.filter(scheme=scheme, year=year, child=child,
                                             status=Status.RECEIVED).first()
    if waiting is not None:
        raise Conflict(_duplicate_message(waiting))
    stored = ""
    if document:
        folder = Path(settings.MEDIA_ROOT) / UPLOAD_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        stored = f"{uuid.uuid4().hex}{ext}"
        with open(folder / stored, "wb") as out:
            for chunk in document.chunks():
                out.write(chunk)
    try:
        with transaction.atomic():
            application = CardApplication.objects.create(
                scheme=scheme, year=year, child=child, applicant=applicant,
                registered_by=actor_user(actor), grounds=grounds[:4000],
                document_path=stored, document_name=Path(document.name).name[:200]
                if document else "", document_type=content_type)
            audit_record(**actor_fields(actor, actor_name), kind=Kind.PASS_APPLICATION_CREATE,
                         obj=application,
                         persons=[child.pk] + ([applicant.pk] if applicant else []),
                         detail=f"søknad om {scheme.card_title} {year}"
                                 + (" (på Min side)" if applicant else " (i skranken)"))
    except IntegrityError:
        # Two submissions at once: the constraint kept one; the other is told plainly.
        if stored:
            (Path(settings.MEDIA_ROOT) / UPLOAD_FOLDER / stored).unlink(missing_ok=True)
        waiting = CardApplication.objects.filter(scheme=scheme, year=year, child=child,
                                                 status=Status.RECEIVED).first()
        raise Conflict(_duplicate_message(waiting)) from None
    except BaseException:
        if stored:
            (Path(settings.MEDIA_ROOT) / UPLOAD_FOLDER / stored).unlink(missing_ok=True)
        raise
    return application


def _duplicate_message(waiting: CardApplication | None) -> str:
    if waiting is None:
        return "Det finnes allerede en søknad for dette kortet."
    return (f"Det er allerede sendt en søknad om {waiting.scheme.card_title} {waiting.year} "
            f"for {waiting.child.full_name} ({waiting.created_at:%d.%m.%Y}). Den er under "
            f"behandling; dere får svar når den er avgjort.")


def _recipients(application: CardApplication) -> list[Person]:
    """Who is told: the parent who applied, else the child's parents in the register,
    else the adults of the child's household."""
    if application.applicant_id:
        return [application.applicant]
    parents = list(Person.objects.filter(children_rel__child=application.child)
                   .order_by("birth_date", "pk"))
    if parents:
        return parents
    household_id = application.child.household_id
    if not household_id:
        return []
    return _adults([household_id], timezone.localdate()).get(household_id, [])


def _language(application: CardApplication) -> str:
    household = application.child.household
    language = household.preferred_language if household else "nb"
    return language if language in LANGUAGES else "nb"


def _facts(application: CardApplication) -> dict:
    scheme = application.scheme
    card = application.activity_pass
    return {"title": scheme.card_title, "year": application.year,
            "child": application.child.full_name,
            "code": card.display_code if card else "",
            "amount": scheme.annual_cap_per_child or 0,
            "reason": application.decision_reason,
            "applied": formats.date_format(timezone.localtime(application.created_at),
                                           pgettext("date in a letter", "j F Y")),
            "municipality": _("%(name)s municipality") % {"name": scheme.municipality.name}}


def _min_side() -> str:
    if settings.LEVEKAR_MINSIDE_URL:
        return _("See the card and what is left of it on Min side: %(url)s") % {
            "url": settings.LEVEKAR_MINSIDE_URL}
    return _("See the card and what is left of it on Min side.")


def message_texts(application: CardApplication) -> dict:
    """The decision as an SMS and an e-mail, in the household's language."""
    with translation.override(_language(application)):
        f = _facts(application)
        if application.status == Status.GRANTED:
            sms = _("%(municipality)s: %(child)s has got %(title)s %(year)s. Card code "
                    "%(code)s: show it at the club or activity.") % f
            subject = _("%(title)s %(year)s for %(child)s") % f
            lines = [_("Hello!"),
                     _("You applied for %(title)s %(year)s for %(child)s on %(applied)s. "
                       "The application is granted.") % f,
                     _("The card code is %(code)s. Show it at the club or activity when "
                       "paying the fee.") % f]
            if f["amount"]:
                lines.append(_("The card covers up to NOK %(amount)s this year.") % f)
        else:
            sms = _("%(municipality)s: your application for %(title)s %(year)s for "
                    "%(child)s is answered: it is not granted. Reason: %(reason)s") % f
            subject = _("Your application for %(title)s %(year)s") % f
            lines = [_("Hello!"),
                     _("You applied for %(title)s %(year)s for %(child)s on %(applied)s. "
                       "We cannot grant the application.") % f,
                     _("Reason: %(reason)s") % f,
                     _("If you disagree, you may complain within three weeks. Contact "
                       "Culture and leisure; we help you write it.")]
        link = _min_side()
        lines += [link, _("Kind regards\nCulture and leisure, %(municipality)s") % f]
        return {"sms": f"{sms} {link}", "subject": subject, "body": "\n\n".join(lines)}


def _letter_html(application: CardApplication) -> str:
    language = _language(application)
    household = application.child.household
    with translation.override(language):
        return render_to_string("passes/letters/application_letter.html", {
            "application": application, "facts": _facts(application),
            "granted": application.status == Status.GRANTED, "household": household,
            "adults": _recipients(application), "min_side": _min_side(),
            "today": timezone.localdate(), "municipality": application.scheme.municipality,
            "language": language,
        })


def card_application_letter_pdf(*, application: CardApplication, actor=None,
                                actor_name: str = "") -> bytes:
    """The decision as a printable letter (audited as an export)."""
    if application.is_open:
        raise Conflict("Søknaden er ikke avgjort ennå; brevet lages når den er avgjort.")
    html = _letter_html(application)
    audit_record(**actor_fields(actor, actor_name), kind=Kind.PASS_LETTERS_EXPORT,
                 obj=application, persons=[application.child_id],
                 detail=f"brev om vedtak på søknad om {application.scheme.card_title}")
    return _pdf(html)


def _notify(application: CardApplication) -> str:
    """Queue the decision as e-mail or SMS (sent after the commit); "letter" when the
    family has neither, and the office prints the letter from the application's page."""
    channel, address = _contact(_recipients(application))
    texts = message_texts(application)
    reference = f"passes.application:{application.pk}"
    if channel == "email":
        messaging.queue_email(to=address, subject=texts["subject"], body=texts["body"],
                              reference=reference)
        return Channel.EMAIL
    if channel == "sms":
        messaging.queue_sms(to=address, text=texts["sms"], reference=reference)
        return Channel.SMS
    return Channel.LETTER


@transaction.atomic
def card_application_decide(*, actor, application: CardApplication, grant: bool,
                            reason: str, expected_version: int
                            ) -> tuple[CardApplication, list[str]]:
    """Grant (issue the card with the year's amount) or refuse (a reason is required),
    and tell the family. Returns the application and warnings for the office.

    ``expected_version`` is the version the officer saw: a decision made meanwhile by
    someone else raises ``Conflict`` and nothing is changed.
    """
    reason = (reason or "").strip()
    if not grant and not reason:
        raise InvalidInput([Problem("Skriv begrunnelsen for avslaget; den står i svaret til "
                                    "familien.", field="begrunnelse")])
    current = CardApplication.objects.select_for_update(of=("self",)).select_related(
        "scheme__municipality", "child__household", "applicant").get(pk=application.pk)
    if current.version != expected_version or not current.is_open:
        with translation.override("nb"):
            status = current.get_status_display().lower()
        raise Conflict(f"Søknaden ble avgjort av en annen i mellomtiden ({status}). Se "
                       f"avgjørelsen nedenfor.")
    warnings: list[str] = []
    if grant:
        card = ActivityPass.objects.filter(scheme=current.scheme, year=current.year,
                                           person=current.child).first()
        if card is None:
            card, warnings = pass_issue_manual(
                actor=actor, scheme=current.scheme, year=current.year, person=current.child,
                reason=f"søknad {current.pk} innvilget" + (f": {reason}" if reason else ""))
        else:
            # The child got the card meanwhile (the automatic run, or by hand): the answer
            # tells the family its code rather than issuing a second card.
            warnings = ["Barnet hadde allerede fått kortet; svaret gir familien koden."]
        current.activity_pass = card
        current.status = Status.GRANTED
    else:
        current.status = Status.REFUSED
    current.decision_reason = reason[:2000]
    current.decided_by = actor_user(actor)
    current.decided_at = timezone.now()
    current.version += 1
    current.save()
    current.notice_channel = _notify(current)
    current.save(update_fields=["notice_channel"])
    audit_record(actor=actor, kind=Kind.PASS_APPLICATION_DECIDE, obj=current,
                 persons=[current.child_id] + ([current.applicant_id]
                                               if current.applicant_id else []),
                 detail=f"søknad om {current.scheme.card_title} {current.year} "
                         f"{'innvilget' if grant else 'avslått'}; svar sendt som "
                         f"{current.get_notice_channel_display().lower()}")
    if current.notice_channel == Channel.LETTER:
        warnings.append("Familien har verken e-post eller mobilnummer: skriv ut brevet og "
                        "send det.")
    return current, warnings
