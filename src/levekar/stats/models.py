"""The kunnskapsgrunnlag as stored for the pages.

Computed results (the engine's ``indicators.csv`` / ``thresholds.csv``), published SSB
tables (JSON-stat), published survey aggregates (Ungdata) and zone boundaries (GeoJSON).
Nothing here is personal data: every row is an aggregate, and every row that could point
at a family is stored already suppressed (``suppressed=True``, no numerator, no percent).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from levekar.core.models import Municipality

COUNTRY_AREA = "0"


class Level(models.TextChoices):
    COUNTRY = "country", _("Country")
    MUNICIPALITY = "municipality", _("Municipality")
    ZONE = "zone", _("Zone")
    OTHER = "other", _("Other region")


class Indicator(models.TextChoices):
    LOW_INCOME_60 = "low_income_60", _("Low income (EU-60)")
    LOW_INCOME_50 = "low_income_50", _("Low income (EU-50)")
    PERSISTENT_LOW_INCOME_60 = "persistent_low_income_60", _("Persistent low income (EU-60)")
    PERSISTENT_LOW_INCOME_50 = "persistent_low_income_50", _("Persistent low income (EU-50)")
    CROWDING = "crowding", _("Crowding")


PERSISTENT_INDICATORS = frozenset({Indicator.PERSISTENT_LOW_INCOME_60,
                                   Indicator.PERSISTENT_LOW_INCOME_50})
INCOME_INDICATORS = frozenset({Indicator.LOW_INCOME_60, Indicator.LOW_INCOME_50,
                               *PERSISTENT_INDICATORS})


class Group(models.TextChoices):
    CHILDREN = "children", _("Children 0–17")
    ALL = "all", _("All persons")


class ThresholdScope(models.TextChoices):
    NATIONAL = "national", _("national median")
    MUNICIPAL = "municipal", _("municipal median")
    NONE = "", _("no income threshold")


class ResultSet(models.Model):
    """One loaded computation (one or more engine output folders), named by its source."""

    source = models.CharField(_("source"), max_length=100, unique=True)
    loaded_at = models.DateTimeField(_("loaded"), default=timezone.now)
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+",
                                  verbose_name=_("loaded by"))
    loaded_by_name = models.CharField(_("loaded by (name)"), max_length=150, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # What the pages need to build their choices without scanning the values:
    # {"periods": [...], "years": [...], "municipalities": [...], "rows": n, "files": [...]}
    summary = models.JSONField(_("summary"), default=dict)
    # The one every page shows unless a user picks another; set by an analyst, never by a
    # load (a new result is not everyone's default until someone says so).
    is_default = models.BooleanField(_("default"), default=False)

    class Meta:
        ordering = ["-loaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True),
                                    name="stats_resultset_one_default"),
        ]
        verbose_name = _("computed result")
        verbose_name_plural = _("computed results")

    def __str__(self) -> str:
        return self.source


class IndicatorValue(models.Model):
    """One row of ``indicators.csv``."""

    result_set = models.ForeignKey(ResultSet, on_delete=models.CASCADE, related_name="values")
    period = models.CharField(_("period"), max_length=9)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    area = models.CharField(_("area"), max_length=40)
    # The municipality a zone row belongs to (= area for municipality rows, "" for country).
    municipality = models.CharField(_("municipality"), max_length=4, blank=True)
    indicator = models.CharField(_("indicator"), max_length=30, choices=Indicator.choices)
    group = models.CharField(_("group"), max_length=10, choices=Group.choices)
    threshold_scope = models.CharField(_("threshold"), max_length=10, blank=True,
                                       choices=ThresholdScope.choices)
    numerator = models.PositiveIntegerField(_("numerator"), null=True, blank=True)
    denominator = models.PositiveIntegerField(_("denominator"))
    percent = models.DecimalField(_("percent"), max_digits=4, decimal_places=1,
                                  null=True, blank=True)
    suppressed = models.BooleanField(_("suppressed"), default=False)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["result_set", "period", "level", "area", "indicator", "group",
                        "threshold_scope"],
                name="stats_indicatorvalue_unique_key"),
            models.CheckConstraint(
                condition=(Q(suppressed=True, numerator__isnull=True, percent__isnull=True)
                           | Q(suppressed=False, numerator__isnull=False,
                               percent__isnull=False, numerator__lte=F("denominator"))),
                name="stats_indicatorvalue_suppressed_has_no_figures"),
        ]
        indexes = [
            models.Index(fields=["result_set", "municipality", "level", "period"],
                         name="stats_iv_muni_level_period"),
            models.Index(fields=["result_set", "area", "indicator", "group"],
                         name="stats_iv_area_indicator"),
        ]

    @property
    def is_persistent(self) -> bool:
        return "-" in self.period


class Threshold(models.Model):
    """One row of ``thresholds.csv``: the median and the low-income thresholds of a year."""

    result_set = models.ForeignKey(ResultSet, on_delete=models.CASCADE,
                                   related_name="thresholds")
    year = models.PositiveSmallIntegerField(_("year"))
    scope = models.CharField(_("scope"), max_length=10, choices=ThresholdScope.choices)
    area = models.CharField(_("area"), max_length=4)
    persons = models.PositiveIntegerField(_("persons"))
    median = models.FloatField(_("median"))
    threshold_60 = models.FloatField(_("EU-60 threshold"))
    threshold_50 = models.FloatField(_("EU-50 threshold"))

    class Meta:
        verbose_name = _("threshold")
        verbose_name_plural = _("thresholds")
        constraints = [
            models.UniqueConstraint(fields=["result_set", "year", "scope", "area"],
                                    name="stats_threshold_unique_key"),
        ]


class PublishedTable(models.Model):
    """A published table (e.g. SSB 12944) imported from JSON-stat; re-import replaces it."""

    table_id = models.CharField(_("table"), max_length=30, unique=True)
    source = models.CharField(_("source"), max_length=200)
    label = models.TextField(_("title"), blank=True)
    note = models.TextField(_("source note"), blank=True)
    updated = models.DateTimeField(_("updated by the publisher"), null=True, blank=True)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    imported_by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["table_id"]
        verbose_name = _("published table")
        verbose_name_plural = _("published tables")

    def __str__(self) -> str:
        return self.source


class FigureStatus(models.TextChoices):
    OK = "ok", _("value")
    MISSING = "missing", _("not available")
    SUPPRESSED = "suppressed", _("suppressed")


class Unit(models.TextChoices):
    PERCENT = "percent", _("percent")
    PERSONS = "persons", _("persons")


class PublishedFigure(models.Model):
    """One cell of a published table, mapped to our indicator, group and area."""

    table = models.ForeignKey(PublishedTable, on_delete=models.CASCADE, related_name="figures")
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    area = models.CharField(_("area"), max_length=40)
    area_label = models.CharField(_("area name"), max_length=200, blank=True)
    period = models.CharField(_("period"), max_length=9)
    indicator = models.CharField(_("indicator"), max_length=30, choices=Indicator.choices)
    group = models.CharField(_("group"), max_length=10, choices=Group.choices)
    threshold_scope = models.CharField(_("threshold"), max_length=10, blank=True,
                                       choices=ThresholdScope.choices)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices,
                            default=Unit.PERCENT)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True,
                                blank=True)
    status = models.CharField(_("status"), max_length=10, choices=FigureStatus.choices,
                              default=FigureStatus.OK)

    class Meta:
        verbose_name = _("published figure")
        verbose_name_plural = _("published figures")
        constraints = [
            models.UniqueConstraint(
                fields=["table", "area", "period", "indicator", "group", "unit"],
                name="stats_publishedfigure_unique_key"),
            models.CheckConstraint(
                condition=Q(status="ok", value__isnull=False) | (~Q(status="ok")
                                                                & Q(value__isnull=True)),
                name="stats_publishedfigure_value_iff_ok"),
        ]
        indexes = [models.Index(fields=["area", "indicator", "group"],
                                name="stats_pf_area_indicator")]


class SurveyIndicator(models.TextChoices):
    POOR_FAMILY_FINANCES = "poor_family_finances", _(
        "Family has had poor finances in the last two years")
    ORGANISED_LEISURE = "organised_leisure", _("Takes part in organised leisure activities")
    LONELINESS = "loneliness", _("Often bothered by loneliness")


class SurveyGroup(models.TextChoices):
    GRADES_5_7 = "5-7", _("Grades 5–7 (middle school years)")
    GRADES_8_10 = "8-10", _("Grades 8–10 (lower secondary)")
    UPPER_SECONDARY = "vgs", _("Upper secondary")
    ALL = "alle", _("All grades")


class SurveyFigure(models.Model):
    """A published survey aggregate (e.g. Ungdata): the share answering yes, per group."""

    source = models.CharField(_("source"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    area = models.CharField(_("area"), max_length=40)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    municipality = models.CharField(_("municipality"), max_length=4)
    school = models.CharField(_("school"), max_length=120, blank=True)
    indicator = models.CharField(_("indicator"), max_length=40, choices=SurveyIndicator.choices)
    group = models.CharField(_("group"), max_length=10, choices=SurveyGroup.choices)
    # Not stored when suppressed: what is not kept cannot be shown by mistake.
    value = models.DecimalField(_("percent"), max_digits=4, decimal_places=1, null=True,
                                blank=True)
    respondents = models.PositiveIntegerField(_("respondents"))
    suppressed = models.BooleanField(_("suppressed"), default=False)
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["indicator", "group", "area", "school"]
        verbose_name = _("survey figure")
        verbose_name_plural = _("survey figures")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "year", "area", "school", "indicator", "group"],
                name="stats_surveyfigure_unique_key"),
            models.CheckConstraint(
                condition=Q(suppressed=True, value__isnull=True)
                | Q(suppressed=False, value__isnull=False),
                name="stats_surveyfigure_suppressed_has_no_value"),
        ]
        indexes = [models.Index(fields=["municipality", "area"], name="stats_sf_muni_area")]


class ZoneBoundary(models.Model):
    """The zone boundaries of one municipality, as a GeoJSON FeatureCollection."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE,
                                        related_name="zone_boundary",
                                        verbose_name=_("municipality"))
    # Normalised on upload: properties {code, name}, rings wound for d3-geo, 5 decimals.
    geojson = models.TextField(_("GeoJSON"))
    zone_count = models.PositiveIntegerField(_("zones"))
    synthetic = models.BooleanField(
        _("synthetic"), default=False,
        help_text=_("Made-up boundaries for the demo, labelled as such on the map."))
    source_note = models.CharField(_("source"), max_length=300, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("zone boundaries")
        verbose_name_plural = _("zone boundaries")

    def __str__(self) -> str:
        return str(self.municipality)
