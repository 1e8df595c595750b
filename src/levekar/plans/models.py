"""Handlingsplan: the municipal action plan and its yearly follow-up.

The structure follows the plans themselves: an ``ActionPlan`` has focus areas
(innsatsområder, Lillehammer's numbered strategies), each with goals ("Slik vil vi ha
det", Lillehammer's "1 a", "4 b" …), each with measures ("Slik gjør vi det" / Tiltak).
A measure has a V/F/N status as the plan writes it, one or more responsible units,
an evaluation, optionally the measure of the previous plan it continues, and optionally
a link to a statistics indicator. Each reporting year the plan owner starts a round and
the responsible units report progress on their measures.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from levekar.core.models import Municipality, OrgUnit


class StatusLetter(models.TextChoices):
    """One letter of a measure's status, as the plans explain it."""

    CONTINUE = "V", _("Continued (exists today)")
    STRENGTHEN = "F", _("Strengthened / developed further")
    NEW = "N", _("New / to be investigated")


def _status_codes() -> list[str]:
    # Every non-empty combination of distinct letters in any order, as plans write
    # them ("V/F", "F/N", "N/F" …): the order is kept because it is the plan's wording.
    letters = StatusLetter.values
    codes = []
    for a in letters:
        codes.append(a)
        for b in letters:
            if b != a:
                codes.append(f"{a}/{b}")
                codes.extend(f"{a}/{b}/{c}" for c in letters if c not in (a, b))
    return codes


STATUS_CODES: tuple[str, ...] = tuple(_status_codes())

# Short words for a status letter, for "V/F (continued, strengthened)".
STATUS_WORDS = {
    StatusLetter.CONTINUE: _("continued"),
    StatusLetter.STRENGTHEN: _("strengthened"),
    StatusLetter.NEW: _("new"),
}


class Frequency(models.TextChoices):
    """How often a measure is evaluated ("Evalueres")."""

    CONTINUOUS = "continuous", _("Continuously")
    YEARLY = "yearly", _("Yearly")
    EVERY_THIRD_YEAR = "every_third_year", _("Every third year")
    AT_REVISION = "at_revision", _("When the plan is revised")
    WHEN_COMPLETED = "when_completed", _("When completed")
    DATE = "date", _("On a date")


class Progress(models.TextChoices):
    """A measure's progress in a reporting year."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


class StructureKind(models.TextChoices):
    """How a plan is built, so pages and reports speak in the plan's own words.

    Lillestrøm's plan: innsatsområde → «Slik vil vi ha det» → «Slik gjør vi det» with a
    V/F/N status and «Hvordan». Lillehammer's plan: the matrix Strategi / Tiltak / Ansvar /
    Evalueres, with the plan's delmål above it.
    """

    FOCUS_AREAS = "innsatsomrader", _("Focus areas, goals and measures (V/F/N)")
    STRATEGY_MATRIX = "strategimatrise", _("Strategy matrix (strategy, measure, "
                                          "responsible, evaluation)")


class Direction(models.TextChoices):
    """Which way an indicator should move for the target to be met."""

    DOWN = "down", _("Lower is better")
    UP = "up", _("Higher is better")


class ThresholdChoice(models.TextChoices):
    """Which median an income indicator is measured against (the statistics say both)."""

    ANY = "", _("As the statistics give it")
    NATIONAL = "national", _("National median")
    MUNICIPAL = "municipal", _("Municipal median")


class ActionPlan(models.Model):
    """A municipality's action plan, identified by a stable slug (the file's ``id``)."""

    code = models.SlugField(_("identifier"), max_length=80, unique=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT,
                                     related_name="action_plans",
                                     verbose_name=_("municipality"))
    title = models.CharField(_("title"), max_length=300)
    period_start = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    adopted_date = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_body = models.CharField(_("adopted by"), max_length=200, blank=True)
    previous_plan = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="revisions",
                                      verbose_name=_("revises plan"))
    # An internal note on where the plan was transcribed from: exported with the plan
    # file, never shown on pages or in reports.
    source = models.TextField(_("source"), blank=True)
    structure = models.CharField(_("structure"), max_length=20, choices=StructureKind.choices,
                                 default=StructureKind.FOCUS_AREAS)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["-period_start", "title"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(period_end__gte=models.F("period_start")),
                name="plan_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period_label(self) -> str:
        if self.period_start is None and self.period_end is None:
            return ""
        return f"{self.period_start or ''}–{self.period_end or ''}"

    def covers_year(self, year: int) -> bool:
        """Whether ``year`` lies in the plan period (open-ended plans: from the first year)."""
        return year >= self.first_year and (self.period_end is None or year <= self.period_end)

    def reporting_years(self) -> list[int]:
        """The years the plan runs (to its end year, or to next year when open-ended)."""
        first = self.first_year
        last = self.period_end or max(first, dt.date.today().year + 1)
        return list(range(first, last + 1))

    @property
    def first_year(self) -> int:
        """The first year to report on: the period's start, else the adoption year (a plan
        whose document gives no period, like Lillehammer's), else this year."""
        if self.period_start is not None:
            return self.period_start
        if self.adopted_date is not None:
            return self.adopted_date.year
        return dt.date.today().year

    @property
    def words(self) -> "PlanWords":
        """The plan's own headings for its parts (see ``PlanWords``)."""
        return PlanWords.for_kind(self.structure)


@dataclass(frozen=True)
class PlanWords:
    """The words a plan of one structure kind uses for its parts and columns."""

    focus_area: str
    goal: str
    measure: str
    responsible: str
    evaluation: str
    objectives: str
    # Whether the focus area's own title is the heading (Lillehammer: «Strategi 1»), or
    # the heading is «<focus_area> <code>: <title>» (Lillestrøm: «Innsatsområde 1: …»).
    title_is_heading: bool
    uses_status: bool
    uses_how: bool

    @staticmethod
    def for_kind(kind: str) -> "PlanWords":
        if kind == StructureKind.STRATEGY_MATRIX:
            return PlanWords(focus_area=str(_("Strategy")), goal=str(_("Strategy")),
                             measure=str(_("Measure")), responsible=str(_("Responsible")),
                             evaluation=str(_("Evaluated")),
                             objectives=str(_("Sub-goals")),
                             title_is_heading=True, uses_status=False, uses_how=False)
        return PlanWords(focus_area=str(_("Focus area")),
                         goal=str(_("Goal (“Slik vil vi ha det”)")),
                         measure=str(_("Measure (“Slik gjør vi det”)")),
                         responsible=str(_("Responsible")), evaluation=str(_("Evaluated")),
                         objectives=str(_("Sub-goals")),
                         title_is_heading=False, uses_status=True, uses_how=True)

    def focus_heading(self, focus_area: "FocusArea") -> str:
        if self.title_is_heading:
            return focus_area.title
        return f"{self.focus_area} {focus_area.code}: {focus_area.title}"


class PlanObjective(models.Model):
    """A goal of the whole plan (Lillehammer's «Delmål 1–3»), above its matrix."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="objectives",
                             verbose_name=_("action plan"))
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = _("plan objective")
        verbose_name_plural = _("plan objectives")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="plan_objective_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class FocusArea(models.Model):
    """Innsatsområde (Lillehammer: a numbered strategy group)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="focus_areas",
                             verbose_name=_("action plan"))
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=500)
    objective = models.TextField(_("objective"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="focus_area_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Goal(models.Model):
    """"Slik vil vi ha det" (Lillehammer: a strategy such as "4 b")."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="goals",
                             verbose_name=_("action plan"))
    focus_area = models.ForeignKey(FocusArea, on_delete=models.CASCADE, related_name="goals",
                                   verbose_name=_("focus area"))
    code = models.CharField(_("code"), max_length=20)
    text = models.TextField(_("goal"))
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="goal_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    @property
    def link(self) -> "IndicatorLink | None":
        try:
            return self.indicator_link
        except IndicatorLink.DoesNotExist:
            return None


class Measure(models.Model):
    """"Slik gjør vi det" / Tiltak. ``version`` guards against lost updates."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="measures",
                             verbose_name=_("action plan"))
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="measures",
                             verbose_name=_("goal"))
    code = models.CharField(_("code"), max_length=30)
    title = models.TextField(_("measure"))
    status = models.CharField(_("status"), max_length=5, blank=True,
                              choices=[(c, c) for c in STATUS_CODES])
    how = models.TextField(_("how"), blank=True)
    evaluation_indicator = models.TextField(_("evaluated by"), blank=True)
    evaluation_frequency = models.CharField(_("evaluated"), max_length=20, blank=True,
                                            choices=Frequency.choices)
    evaluation_date = models.DateField(_("evaluation date"), null=True, blank=True)
    continues = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="continued_by",
                                  verbose_name=_("continues measure"))
    position = models.PositiveIntegerField(_("position"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("changed by"))

    class Meta:
        ordering = ["plan", "position", "id"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="measure_code_unique"),
            models.CheckConstraint(condition=Q(status="") | Q(status__in=STATUS_CODES),
                                   name="measure_status_valid"),
            models.CheckConstraint(
                condition=(Q(evaluation_frequency="date", evaluation_date__isnull=False)
                           | (~Q(evaluation_frequency="date")
                              & Q(evaluation_date__isnull=True))),
                name="measure_evaluation_date_iff_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def link(self) -> "IndicatorLink | None":
        """The indicator link, or None (no exception when there is none)."""
        try:
            return self.indicator_link
        except IndicatorLink.DoesNotExist:
            return None

    @property
    def status_letters(self) -> list[str]:
        return self.status.split("/") if self.status else []

    @property
    def status_explained(self) -> str:
        """E.g. "continued, strengthened" for "V/F", in the active language."""
        return ", ".join(str(STATUS_WORDS[StatusLetter(s)]) for s in self.status_letters)

    @property
    def evaluation_label(self) -> str:
        """E.g. "Antall deltakere – årlig", in the active language; "–" when none is given."""
        parts = [self.evaluation_indicator] if self.evaluation_indicator else []
        if self.evaluation_frequency == Frequency.DATE and self.evaluation_date:
            parts.append(formats.date_format(self.evaluation_date, "j. F Y"))
        elif self.evaluation_frequency:
            word = str(self.get_evaluation_frequency_display()).lower()
            # «Vurderes årlig» already says how often: no «– årlig» after it.
            if word not in self.evaluation_indicator.lower():
                parts.append(word)
        return " – ".join(parts) or "–"


class Responsibility(models.Model):
    """One responsible party of a measure: an org unit, or a body named in free text."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE,
                                related_name="responsibilities", verbose_name=_("measure"))
    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="plan_responsibilities",
                                 verbose_name=_("service unit"))
    text = models.CharField(_("responsible (text)"), max_length=300, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["measure", "position", "id"]
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        constraints = [
            models.CheckConstraint(
                condition=(Q(org_unit__isnull=False, text="")
                           | (Q(org_unit__isnull=True) & ~Q(text=""))),
                name="responsibility_unit_xor_text",
            ),
            models.UniqueConstraint(fields=["measure", "org_unit"],
                                    condition=Q(org_unit__isnull=False),
                                    name="responsibility_unit_once"),
        ]

    def __str__(self) -> str:
        return self.org_unit.name if self.org_unit_id else self.text

    @property
    def label(self) -> str:
        return str(self)


class IndicatorLink(models.Model):
    """The statistics indicator a measure or a goal is followed up against: the indicator,
    its area (country «0», a municipality, a zone) and group, which median, the baseline
    and the target, and which way the figure should move."""

    measure = models.OneToOneField(Measure, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="indicator_link", verbose_name=_("measure"))
    goal = models.OneToOneField(Goal, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="indicator_link", verbose_name=_("goal"))
    indicator = models.CharField(_("indicator"), max_length=80)
    area = models.CharField(_("area"), max_length=40)
    group = models.CharField(_("group"), max_length=40, blank=True)
    threshold_scope = models.CharField(_("median"), max_length=20, blank=True,
                                       choices=ThresholdChoice.choices)
    baseline = models.FloatField(_("baseline"), null=True, blank=True)
    baseline_period = models.CharField(_("baseline period"), max_length=20, blank=True)
    target = models.FloatField(_("target"), null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices,
                                 default=Direction.DOWN)

    class Meta:
        verbose_name = _("indicator link")
        verbose_name_plural = _("indicator links")
        constraints = [
            models.CheckConstraint(
                condition=(Q(measure__isnull=False, goal__isnull=True)
                           | Q(measure__isnull=True, goal__isnull=False)),
                name="indicator_link_measure_xor_goal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} ({self.area})"

    def target_met(self, value: float | None) -> bool | None:
        """Whether ``value`` meets the target in the link's direction (None: unknown)."""
        if value is None or self.target is None:
            return None
        return value <= self.target if self.direction == Direction.DOWN else value >= self.target


class PlanChange(models.Model):
    """One change of a plan's content in the browser: who, when, what, old and new value.

    Kept for good (a plan is a political document: what was changed after adoption must
    be traceable); the measure page shows its own changes as its history.
    """

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="changes",
                             verbose_name=_("action plan"))
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="changes", verbose_name=_("measure"))
    subject = models.CharField(_("what"), max_length=300)
    field = models.CharField(_("field"), max_length=100)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now, db_index=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("changed by"))

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("plan change")
        verbose_name_plural = _("plan changes")

    def __str__(self) -> str:
        return f"{self.subject}: {self.field}"


class UnitRoundStatus(models.TextChoices):
    """Where a responsible unit is in a reporting round."""

    NOT_STARTED = "not_started", _("Not started")
    PARTLY = "partly", _("Partly reported")
    DONE = "done", _("Reported")
    OVERDUE = "overdue", _("Overdue")


class Deviation(models.TextChoices):
    """A measure's deviation status in a reporting year, as the unit judges it."""

    ON_TRACK = "on_track", _("On track")
    DEVIATION = "deviation", _("Deviation")
    NOT_STARTED = "not_started", _("Not started")


# Worst first: a goal or focus area takes the worst status among its measures.
DEVIATION_SEVERITY = {Deviation.DEVIATION: 0, Deviation.NOT_STARTED: 1, Deviation.ON_TRACK: 2}


class ReportingRound(models.Model):
    """The yearly follow-up of a plan: started by the plan owner, reported by the units."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE,
                             related_name="reporting_rounds", verbose_name=_("action plan"))
    year = models.PositiveSmallIntegerField(_("reporting year"))
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("started by"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)

    class Meta:
        ordering = ["plan", "-year"]
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="reporting_round_once_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.year}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Past the deadline while still open."""
        today = today or timezone.localdate()
        return self.is_open and self.deadline is not None and today > self.deadline


class MeasureReport(models.Model):
    """What a responsible unit reports on one measure for one reporting year."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="reports",
                              verbose_name=_("reporting round"))
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="reports",
                                verbose_name=_("measure"))
    progress = models.CharField(_("progress"), max_length=20, choices=Progress.choices)
    narrative = models.TextField(_("what has been done"), blank=True)
    indicator_value = models.FloatField(_("indicator value"), null=True, blank=True)
    deviation = models.CharField(_("deviation"), max_length=20, blank=True,
                                 choices=Deviation.choices)
    deviation_reason = models.TextField(_("reason for the deviation"), blank=True)
    reported_at = models.DateTimeField(_("reported"), auto_now=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("reported by"))
    reported_for = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("reported for unit"))
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["round", "measure"]
        verbose_name = _("measure report")
        verbose_name_plural = _("measure reports")
        constraints = [
            models.UniqueConstraint(fields=["round", "measure"], name="one_report_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.measure.code} {self.round.year}: {self.get_progress_display()}"


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Before the deadline")
    AFTER = "after", _("After the deadline")


class RoundReminder(models.Model):
    """A reminder sent to one responsible unit (``unit_code`` empty: the plan owner, for
    measures without a unit) in a round; at most one of each kind, so the daily run can
    be repeated without sending twice."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE,
                              related_name="reminders", verbose_name=_("reporting round"))
    unit_code = models.CharField(_("unit"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=ReminderKind.choices)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    missing = models.PositiveIntegerField(_("measures missing"), default=0)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["round", "-sent_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["round", "unit_code", "kind"],
                                    name="round_reminder_once"),
        ]
