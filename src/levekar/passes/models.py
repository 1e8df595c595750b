"""Leisure passes, fee waivers, clubs and refunds, holiday offers.

Households, persons and incomes belong to ``people``; this app points at them.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from levekar.core.models import Municipality, OrgUnit
from levekar.passes import codes
from levekar.passes.eligibility import RuleError, parse_rules
from levekar.people.models import Household, Person, Zone


class Scheme(models.Model):
    """An ordning: activity pass, fee waiver, experience card … with its rule sets."""

    class Kind(models.TextChoices):
        ACTIVITY_PASS = "activity_pass", _("Activity pass")
        FEE_WAIVER = "fee_waiver", _("Fee waiver")
        EXPERIENCE_CARD = "experience_card", _("Experience card")
        OTHER = "other", _("Other scheme")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("municipality"))
    code = models.SlugField(_("short code"), max_length=40, unique=True,
                            help_text=_("Used in commands and addresses, e.g. fritidskort."))
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    card_title = models.CharField(
        _("name on the card"), max_length=60,
        help_text=_("What the card and the letter call it, e.g. «Fritidskort». "
                    "The same for everyone who has one."))
    applies_to = models.CharField(
        _("what it covers"), max_length=120, blank=True,
        help_text=_("E.g. membership fees in clubs, the SFO fee, kulturskolen."))
    annual_cap_per_child = models.PositiveIntegerField(
        _("yearly refund cap per child (NOK)"), null=True, blank=True,
        help_text=_("Clubs are refunded up to this sum per child and year. Empty: no refunds."))
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("scheme")
        verbose_name_plural = _("schemes")

    def __str__(self) -> str:
        return self.name

    def cap_left(self, spent: int) -> int:
        """What is left of a child's yearly refund cap after ``spent`` (0 without a cap)."""
        return max((self.annual_cap_per_child or 0) - spent, 0)


class RuleSet(models.Model):
    """The eligibility rule of a scheme for a period, as a JSON document (see eligibility)."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="rule_sets")
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    rules = models.JSONField(_("rules"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["scheme", "-valid_from"]
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__isnull=True)
                                   | Q(valid_to__gte=F("valid_from")),
                                   name="ruleset_period_ordered"),
        ]

    def save(self, *args, **kwargs):
        # A rule set is data the office edits: it is never stored unless it parses.
        self.clean()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        try:
            parse_rules(self.rules)
        except RuleError as exc:
            raise ValidationError({"rules": exc.problems}) from exc

    @property
    def parsed(self):
        return parse_rules(self.rules)

    def covers(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class IssuanceRun(models.Model):
    """One run of the automatic issuance for a scheme and year, with what it found."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", pgettext_lazy("a finished run", "Done")
        FAILED = "failed", _("Failed")

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="runs")
    year = models.PositiveSmallIntegerField(_("year"))
    rule_set = models.ForeignKey(RuleSet, null=True, on_delete=models.PROTECT, related_name="+")
    reference_date = models.DateField(_("reference date"), null=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    started_by_name = models.CharField(max_length=150, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    households = models.PositiveIntegerField(_("households considered"), default=0)
    children = models.PositiveIntegerField(_("children considered"), default=0)
    eligible = models.PositiveIntegerField(_("eligible"), default=0)
    issued = models.PositiveIntegerField(_("issued"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    # {reason code: number of children}; see eligibility and services.REASON_LABELS
    reasons = models.JSONField(default=dict)
    # {zone id or "": eligible children} — the denominator of the uptake per zone
    eligible_by_zone = models.JSONField(default=dict)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("issuance run")
        verbose_name_plural = _("issuance runs")


class ActivityPass(models.Model):
    """One child's pass (card) for one scheme and year. Never issued twice."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="passes")
    year = models.PositiveSmallIntegerField(_("year"))
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    household = models.ForeignKey(Household, null=True, on_delete=models.SET_NULL,
                                  related_name="+")
    # The zone at issuance: uptake is reported where the child lived when it got the pass.
    zone = models.ForeignKey(Zone, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    code = models.CharField(_("card code"), max_length=codes.LENGTH, unique=True)
    run = models.ForeignKey(IssuanceRun, null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="passes")
    issued_at = models.DateTimeField(default=timezone.now)
    first_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("card")
        verbose_name_plural = _("cards")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "year", "person"],
                                    name="pass_once_per_child_scheme_year"),
        ]
        indexes = [models.Index(fields=["year", "scheme", "zone"]),
                   models.Index(fields=["household", "scheme", "year"])]

    @property
    def display_code(self) -> str:
        return codes.display(self.code)


class BlockedCard(models.Model):
    """A card code that no longer works: the card was lost or stolen and replaced. The
    pass keeps its row (and so its refunds and what is left of the year's cap) under a
    new code; the old code is kept here so a club trying it is told it is blocked."""

    activity_pass = models.ForeignKey(ActivityPass, on_delete=models.CASCADE,
                                      related_name="blocked_codes")
    code = models.CharField(_("card code"), max_length=codes.LENGTH, unique=True)
    blocked_at = models.DateTimeField(default=timezone.now)
    blocked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("reason"), max_length=200)

    @property
    def display_code(self) -> str:
        return codes.display(self.code)


class Club(models.Model):
    """A club or association (lag og forening) that takes the pass for its fees.

    Clubs do not log in: each has a secret link (``/fritid/klubb/<token>/``). Only the
    SHA-256 of the token is stored; the office sees the link once when it is made and
    can make a new one (which stops the old) at any time.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(_("organisation number"), max_length=9, blank=True)
    account_number = models.CharField(_("account number"), max_length=11, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    zone = models.ForeignKey(Zone, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("zone"))
    activities = models.CharField(_("activities"), max_length=300, blank=True,
                                  help_text=_("What the club offers; shown in reminder letters."))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_created_at = models.DateTimeField(default=timezone.now, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("club")
        verbose_name_plural = _("clubs")

    def __str__(self) -> str:
        return self.name


class RefundExport(models.Model):
    """A batch of approved refunds handed to payment (one CSV)."""

    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    total_amount = models.PositiveIntegerField(default=0)
    use_count = models.PositiveIntegerField(default=0)
    club_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]


class PassUse(models.Model):
    """A club's registration that a pass paid (part of) a member's fee; a refund claim."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not refunded")

    activity_pass = models.ForeignKey(ActivityPass, on_delete=models.PROTECT, related_name="uses")
    club = models.ForeignKey(Club, on_delete=models.PROTECT, related_name="uses")
    fee = models.PositiveIntegerField(_("fee (NOK)"), validators=[MinValueValidator(1)])
    activity = models.CharField(_("activity"), max_length=120, blank=True)
    # The code the club typed: a replaced card's history keeps showing the old code, so
    # a club never learns the new code of a card it did not see.
    card_code = models.CharField(max_length=codes.LENGTH, blank=True)
    registered_at = models.DateTimeField(default=timezone.now, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    approved_amount = models.PositiveIntegerField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decision_note = models.CharField(max_length=200, blank=True)
    # The yearly cap made the refund smaller than the claim (or nothing): said to the club.
    capped = models.BooleanField(default=False)
    export = models.ForeignKey(RefundExport, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="uses")

    class Meta:
        ordering = ["registered_at", "id"]
        verbose_name = _("card use")
        verbose_name_plural = _("card uses")
        constraints = [
            models.CheckConstraint(condition=Q(approved_amount__isnull=True)
                                   | Q(approved_amount__lte=F("fee")),
                                   name="passuse_refund_not_over_fee"),
            models.CheckConstraint(condition=~Q(status="approved")
                                   | Q(approved_amount__isnull=False),
                                   name="passuse_approved_has_amount"),
        ]
        indexes = [models.Index(fields=["status", "export"])]

    @property
    def display_code(self) -> str:
        return codes.display(self.card_code or self.activity_pass.code)

    @property
    def paid_amount(self) -> int | None:
        """What the municipality pays for this claim: None while awaiting approval."""
        return {self.Status.APPROVED: self.approved_amount,
                self.Status.REJECTED: 0}.get(self.status)

    @property
    def why(self) -> str:
        """Why the paid amount differs from the claim, in the page's language (the office's
        own reason for a refusal is shown as written)."""
        cap = self.activity_pass.scheme.annual_cap_per_child or 0
        if self.capped and self.status == self.Status.APPROVED:
            return _("Reduced: the yearly cap of NOK %(cap)s per child is reached.") % {
                "cap": cap}
        if self.capped:
            return _("Not refunded: the yearly cap of NOK %(cap)s per child is already "
                     "used.") % {"cap": cap}
        return self.decision_note if self.status == self.Status.REJECTED else ""


class ReminderRun(models.Model):
    """Friendly reminders sent to households whose passes were still unused."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="reminder_runs")
    year = models.PositiveSmallIntegerField(_("year"))
    issued_before = models.DateField(_("issued on or before"))
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    # Snapshot when sent, so the effect can be read later.
    issued_total = models.PositiveIntegerField(default=0)
    used_before = models.PositiveIntegerField(default=0)
    reminded = models.PositiveIntegerField(default=0)
    households = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at", "-id"]


class Reminder(models.Model):
    run = models.ForeignKey(ReminderRun, on_delete=models.CASCADE, related_name="reminders")
    activity_pass = models.ForeignKey(ActivityPass, on_delete=models.CASCADE,
                                      related_name="reminders")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "activity_pass"], name="reminder_once_per_run"),
        ]


class HolidayOffer(models.Model):
    """A ferietilbud, e.g. a summer camp with Ferie for alle: places counted in persons."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open for nominations")
        ALLOCATED = "allocated", _("Places allocated")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    organiser = models.CharField(_("organiser"), max_length=200)
    place = models.CharField(_("place"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    capacity = models.PositiveIntegerField(_("places (persons)"),
                                           validators=[MinValueValidator(1)])
    min_child_age = models.PositiveSmallIntegerField(_("youngest qualifying child age"),
                                                     default=6)
    max_child_age = models.PositiveSmallIntegerField(_("oldest qualifying child age"),
                                                     default=13)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    seed = models.BigIntegerField(_("lottery seed"), null=True, blank=True)
    allocated_at = models.DateTimeField(null=True, blank=True)
    allocated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("holiday offer")
        verbose_name_plural = _("holiday offers")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")),
                                   name="holiday_dates_ordered"),
            models.CheckConstraint(condition=Q(max_child_age__gte=F("min_child_age")),
                                   name="holiday_ages_ordered"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def answer_by(self) -> dt.date:
        """The last day a family can accept or decline its places: the day before it starts."""
        return self.starts_on - dt.timedelta(days=1)


class Nomination(models.Model):
    """A family put forward by a service for a holiday offer: one entry per family."""

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        ALLOCATED = "allocated", _("Has places")
        WAITLISTED = "waitlisted", _("On the waitlist")
        DECLINED = "declined", _("Declined")

    class Basis(models.TextChoices):
        """What gives a service partner the right to nominate the family (security review,
        finding 2): the leisure office and family coordinators nominate without one."""

        FOLLOWUP_CONSENT = "followup_consent", _(
            "An open follow-up case where the family consented to sharing with our service")
        SERVICE_CONSENT = "service_consent", _(
            "The family's consent to the nomination, recorded in our service")
        SERVICE_CASE = "service_case", _("An open case for the family in our service")

    offer = models.ForeignKey(HolidayOffer, on_delete=models.CASCADE, related_name="nominations")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    basis = models.CharField(_("basis"), max_length=20, blank=True, default="",
                             choices=Basis.choices)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    need = models.PositiveSmallIntegerField(
        _("need (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    reason = models.TextField(_("reason"))
    persons = models.PositiveSmallIntegerField(_("persons travelling"),
                                               validators=[MinValueValidator(1)])
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOMINATED)
    lottery_key = models.CharField(max_length=64, blank=True)
    # The outcome of the draw itself, kept so the draw can be checked later.
    drawn_status = models.CharField(max_length=12, blank=True)
    drawn_position = models.PositiveIntegerField(null=True, blank=True)
    waitlist_position = models.PositiveIntegerField(null=True, blank=True)
    # The family's consent to give the organiser its phone, e-mail, address and transport
    # need; without it the organiser's list has the contact person's name only.
    shares_contact = models.BooleanField(
        _("the family agrees that the organiser gets contact details and transport needs"),
        default=False)
    transport_need = models.CharField(_("transport need"), max_length=300, blank=True)
    # When the family said yes to its places (Min side); empty: not answered yet.
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["offer", "created_at", "id"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.UniqueConstraint(fields=["offer", "household"],
                                    name="nomination_once_per_family"),
            models.CheckConstraint(condition=Q(need__gte=1) & Q(need__lte=5),
                                   name="nomination_need_1_to_5"),
            models.CheckConstraint(condition=Q(persons__gte=1), name="nomination_persons_min_1"),
        ]


class HolidayNotice(models.Model):
    """A family told of its holiday places: at most once per nomination (the one-to-one
    key makes a second run, or two runs at once, tell nobody twice), and by which way."""

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        EMAIL = "email", _("E-mail")
        LETTER = "letter", _("Letter")

    nomination = models.OneToOneField(Nomination, on_delete=models.CASCADE,
                                      related_name="notice")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    language = models.CharField(max_length=5, default="nb")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("holiday place notice")
        verbose_name_plural = _("holiday place notices")


class QueueEvent(models.Model):
    """What happened to a nomination in the queue, and why (manual moves need a reason)."""

    class Kind(models.TextChoices):
        DRAWN_PLACE = "drawn_place", _("Got places in the draw")
        DRAWN_WAITLIST = "drawn_waitlist", _("Waitlisted in the draw")
        DECLINED = "declined", _("Declined")
        PROMOTED = "promoted", _("Moved up from the waitlist")
        MOVED = "moved", _("Moved in the waitlist")
        ACCEPTED = "accepted", _("Accepted the places")

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    from_position = models.PositiveIntegerField(null=True, blank=True)
    to_position = models.PositiveIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(kind="moved") | ~Q(reason=""),
                                   name="queue_move_has_reason"),
        ]


class CardApplication(models.Model):
    """An application for a card for a child the issuance did not reach (the Aarhus
    model: the family applies, the leisure office decides, a letter follows).

    Made by a parent on Min side (``applicant``) or at the desk on the family's behalf
    (``registered_by``). One open application per child, scheme and year (a constraint);
    a decision is final and bumps ``version`` so a second officer deciding at the same
    time gets a conflict."""

    class Status(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("card application", "Received")
        GRANTED = "granted", pgettext_lazy("card application", "Granted")
        REFUSED = "refused", pgettext_lazy("card application", "Refused")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")
        LETTER = "letter", _("Letter")

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="applications",
                               verbose_name=_("scheme"))
    year = models.PositiveSmallIntegerField(_("year"))
    child = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+",
                              verbose_name=_("child"))
    applicant = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name=_("applicant"))
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    grounds = models.TextField(_("grounds"))
    # Stored under MEDIA_ROOT/soknader, which is never served: the desk downloads it
    # through a view that checks the role and audits the read.
    document_path = models.CharField(max_length=200, blank=True)
    document_name = models.CharField(_("documentation"), max_length=200, blank=True)
    document_type = models.CharField(max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.RECEIVED)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    activity_pass = models.ForeignKey(ActivityPass, null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    notice_channel = models.CharField(max_length=10, choices=Channel.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("card application")
        verbose_name_plural = _("card applications")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "year", "child"],
                                    condition=Q(status="received"),
                                    name="card_application_one_open_per_child"),
            models.CheckConstraint(condition=Q(status="received") | Q(decided_at__isnull=False),
                                   name="card_application_decided_has_time"),
        ]
        indexes = [models.Index(fields=["status", "year"])]

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.RECEIVED
