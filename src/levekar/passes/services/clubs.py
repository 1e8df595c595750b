"""Clubs, their registrations of pass use, and the monthly refund approval and export.

How clubs authenticate: a club has no user account. The leisure office registers the
club and gets a secret link ``/fritid/klubb/<token>/`` to send to the club's contact;
the token is 32 random URL-safe characters and only its SHA-256 is stored, so the link
is shown once and can be renewed (which stops the old one). Behind the link the club
can only register a card code and a fee and see its own registrations — never names.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import defaultdict

from django.db import transaction
from django.utils import timezone, translation
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import kontonr, orgnr

from levekar.core.audit import Kind, Purpose, audit_record
from levekar.core.errors import Conflict, InvalidInput, NotFound, Problem
from levekar.core.lib.tabular import csv_text
from levekar.core.models import Municipality
from levekar.passes import codes
from levekar.passes.models import ActivityPass, BlockedCard, Club, PassUse, RefundExport
from levekar.passes.selectors.passes import child_spent
from levekar.passes.services._common import actor_fields, actor_user
from levekar.people.models import Zone

MAX_FEE = 50_000


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _clean_numbers(org_number: str, account_number: str) -> tuple[str, str]:
    problems = []
    if org_number:
        try:
            org_number = orgnr.validate(org_number)
        except StdnumError:
            problems.append(Problem("Organisasjonsnummeret er ikke gyldig (9 siffer).",
                                    field="organisasjonsnummer"))
    if account_number:
        try:
            account_number = kontonr.validate(account_number)
        except StdnumError:
            problems.append(Problem("Kontonummeret er ikke gyldig (11 siffer).",
                                    field="kontonummer"))
    if problems:
        raise InvalidInput(problems)
    return org_number, account_number


@transaction.atomic
def club_create(*, municipality: Municipality, name: str, org_number: str = "",
                account_number: str = "", contact_email: str = "", zone: Zone | None = None,
                activities: str = "", token: str | None = None) -> tuple[Club, str]:
    """Register a club; return it and its secret link token (shown once)."""
    org_number, account_number = _clean_numbers(org_number, account_number)
    token = token or secrets.token_urlsafe(24)
    club = Club.objects.create(
        municipality=municipality, name=name.strip(), org_number=org_number,
        account_number=account_number, contact_email=contact_email, zone=zone,
        activities=activities, token_hash=token_hash(token),
    )
    return club, token


@transaction.atomic
def club_update(*, club: Club, name: str, org_number: str = "", account_number: str = "",
                contact_email: str = "", zone: Zone | None = None, activities: str = "",
                active: bool = True) -> Club:
    club.org_number, club.account_number = _clean_numbers(org_number, account_number)
    club.name, club.contact_email, club.zone = name.strip(), contact_email, zone
    club.activities, club.active = activities, active
    club.save()
    return club


@transaction.atomic
def club_token_renew(*, club: Club) -> str:
    token = secrets.token_urlsafe(24)
    club.token_hash = token_hash(token)
    club.token_created_at = timezone.now()
    club.save(update_fields=["token_hash", "token_created_at"])
    return token


def club_for_token(token: str) -> Club:
    club = Club.objects.filter(token_hash=token_hash(token or ""), active=True).first()
    if club is None:
        raise NotFound("Lenken er ikke gyldig lenger. Be kommunen om en ny.")
    return club


@transaction.atomic
def pass_use_register(*, club: Club, code: str, fee: int, activity: str = "",
                      ip: str | None = None, now=None) -> PassUse:
    """A club registers that a card paid a member's fee (a refund claim to approve)."""
    now = now or timezone.now()
    cleaned = codes.normalise(code)
    if not codes.is_valid(cleaned):
        raise InvalidInput([Problem("Kortkoden er ikke gyldig. Sjekk at den er skrevet riktig "
                                    "(10 tegn, for eksempel ABCD-EFGH-JK).", field="kortkode")])
    activity_pass = (ActivityPass.objects.select_related("scheme").select_for_update()
                     .filter(code=cleaned).first())
    if activity_pass is None and BlockedCard.objects.filter(
            code=cleaned, activity_pass__scheme__municipality_id=club.municipality_id).exists():
        raise InvalidInput([Problem("Dette kortet er sperret og kan ikke brukes. Familien har "
                                    "fått et nytt kort.", field="kortkode")])
    if activity_pass is None or activity_pass.scheme.municipality_id != club.municipality_id:
        raise InvalidInput([Problem("Fant ikke noe kort med denne koden.", field="kortkode")])
    scheme = activity_pass.scheme
    local_year = timezone.localtime(now).year
    if activity_pass.year != local_year:
        raise InvalidInput([Problem(f"Kortet gjaldt for {activity_pass.year} og kan ikke "
                                    f"brukes nå.", field="kortkode")])
    if scheme.annual_cap_per_child is None or not scheme.active:
        raise InvalidInput([Problem("Dette kortet gjelder ikke kontingent i lag og foreninger.",
                                    field="kortkode")])
    if not 1 <= fee <= MAX_FEE:
        raise InvalidInput([Problem(f"Kontingenten må være mellom 1 og {MAX_FEE} kroner.",
                                    field="kontingent")])
    activity = activity.strip()[:120]
    duplicate = PassUse.objects.filter(
        club=club, activity_pass=activity_pass, fee=fee, activity=activity,
        registered_at__date=timezone.localtime(now).date()).exists()
    if duplicate:
        raise Conflict("Dette kortet er allerede registrert i dag med samme aktivitet og beløp.")
    use = PassUse.objects.create(activity_pass=activity_pass, club=club, fee=fee,
                                 activity=activity, registered_at=now, card_code=cleaned)
    if activity_pass.first_used_at is None:
        activity_pass.first_used_at = now
        activity_pass.save(update_fields=["first_used_at"])
    audit_record(actor=None, actor_username=f"klubb:{club.pk}", kind=Kind.PASS_USE_RECORD, obj=use,
                 persons=[activity_pass.person_id], ip=ip,
                 detail=f"{club.name} registrerte bruk av {scheme.card_title}")
    return use


@transaction.atomic
def refunds_approve(*, actor, use_ids: list[int] | None = None) -> tuple[int, int]:
    """Approve pending claims, oldest first, each up to what is left of the child's cap.

    The cap is per child, scheme and year — that is, per pass. A claim over what is left
    is approved in part; a claim when nothing is left is not refunded. Returns
    (approved, not refunded).
    """
    pending = (PassUse.objects.select_for_update()
               .filter(status=PassUse.Status.PENDING)
               .select_related("activity_pass__scheme").order_by("registered_at", "id"))
    if use_ids is not None:
        pending = pending.filter(pk__in=use_ids)
    pending = list(pending)
    if not pending:
        return 0, 0
    pass_ids = {u.activity_pass_id for u in pending}
    used = defaultdict(int, child_spent(list(pass_ids)))
    now = timezone.now()
    approved = rejected = 0
    for use in pending:
        cap = use.activity_pass.scheme.annual_cap_per_child
        amount = min(use.fee, use.activity_pass.scheme.cap_left(used[use.activity_pass_id]))
        use.decided_at, use.decided_by = now, actor
        if amount > 0:
            use.status, use.approved_amount = PassUse.Status.APPROVED, amount
            use.decision_note = "" if amount == use.fee else \
                f"Avkortet til årlig tak ({cap} kr per barn)"
            use.capped = amount < use.fee
            used[use.activity_pass_id] += amount
            approved += 1
        else:
            use.status, use.approved_amount = PassUse.Status.REJECTED, None
            use.decision_note = f"Årlig tak ({cap or 0} kr per barn) er nådd"
            use.capped = True
            rejected += 1
    PassUse.objects.bulk_update(pending, ["status", "approved_amount", "decided_at",
                                          "decided_by", "decision_note", "capped"],
                                batch_size=500)
    audit_record(actor=actor, kind=Kind.PASS_REFUND_DECIDE, object_type="passes.passuse",
                 detail=f"godkjente refusjoner: {approved} godkjent, {rejected} ikke refundert",
                 persons={u.activity_pass.person_id for u in pending})
    return approved, rejected


@transaction.atomic
def pass_use_reject(*, actor, use: PassUse, reason: str) -> PassUse:
    if use.status != PassUse.Status.PENDING:
        raise Conflict("Kravet er allerede behandlet.")
    if not reason.strip():
        raise InvalidInput([Problem("Skriv hvorfor kravet ikke refunderes.", field="begrunnelse")])
    use.status, use.decided_at, use.decided_by = PassUse.Status.REJECTED, timezone.now(), actor
    use.decision_note = reason.strip()[:200]
    use.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    audit_record(actor=actor, kind=Kind.PASS_REFUND_DECIDE, obj=use, purpose=Purpose.REFUND_REFUSED,
                 persons=[use.activity_pass.person_id])
    return use


@transaction.atomic
def refunds_export(*, actor, actor_name: str = "") -> RefundExport:
    """Put every approved, not yet exported claim in one export batch for payment."""
    uses = list(PassUse.objects.select_for_update().filter(
        status=PassUse.Status.APPROVED, export__isnull=True))
    if not uses:
        raise Conflict("Det er ingen godkjente refusjoner som ikke er eksportert.")
    export = RefundExport.objects.create(
        created_by=actor_user(actor),
        total_amount=sum(u.approved_amount for u in uses),
        use_count=len(uses), club_count=len({u.club_id for u in uses}),
    )
    PassUse.objects.filter(pk__in=[u.pk for u in uses]).update(export=export)
    audit_record(**actor_fields(actor, actor_name), kind=Kind.PASS_REFUND_EXPORT, obj=export,
                 detail=f"refusjoner til utbetaling: {export.use_count} krav, "
                         f"{export.total_amount} kr")
    return export


def refund_export_csv(export: RefundExport) -> str:
    """The payment file: one line per claim (card, activity, claimed, paid and why it was
    less), then a line with each club's total — the amount to pay to its account."""
    uses = (PassUse.objects.filter(export=export)
            .select_related("club", "activity_pass__scheme")
            .order_by("club__name", "club_id", "registered_at", "id"))
    day = f"{timezone.localtime(export.created_at):%Y-%m-%d}"

    def lines():
        club, claimed, paid, n = None, 0, 0, 0
        for use in [*uses, None]:
            if club is not None and (use is None or use.club_id != club.pk):
                yield ["sum klubb", club.name, club.org_number, club.account_number, "", "",
                       "", f"{n} krav", claimed, paid, "", export.pk, day]
                claimed = paid = n = 0
            if use is None:
                break
            club = use.club
            claimed += use.fee
            paid += use.approved_amount
            n += 1
            with translation.override("nb"):
                why = use.why
            yield ["krav", club.name, club.org_number, club.account_number,
                   use.display_code, use.activity,
                   f"{timezone.localtime(use.registered_at):%Y-%m-%d}", "", use.fee,
                   use.approved_amount, why, export.pk, day]

    # Opened by the finance office in Excel before payment: with the byte-order mark.
    return csv_text(
        ["linje", "klubb", "organisasjonsnummer", "kontonummer", "kort", "aktivitet",
         "registrert", "antall", "krevd_kr", "betalt_kr", "merknad", "eksport", "dato"],
        lines())
