"""Forms: the choice of data on the pages (GET) and the analyst's uploads (POST)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from levekar.core.models import Municipality
from levekar.stats.models import Group, Indicator
from levekar.stats.selectors import StatsContext

MAX_UPLOAD = 50 * 1024 * 1024


class DataChoiceForm(forms.Form):
    """Which result set, municipality, year, group and indicator a page shows.

    Built from the data actually loaded, so every choice offered has figures behind it.
    """

    kilde = forms.TypedChoiceField(label=_("Computed figures"), coerce=int, required=False)
    kommune = forms.ChoiceField(label=_("Municipality"), required=False)
    ar = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    gruppe = forms.ChoiceField(label=_("Group"), choices=Group.choices, required=False)
    indikator = forms.ChoiceField(label=_("Indicator"), choices=Indicator.choices,
                                  required=False)

    def __init__(self, data, *, ctx: StatsContext, fields: tuple[str, ...],
                 zones_only: bool = False, defaults: dict | None = None):
        choices = {
            "kilde": [(r.pk, f"{r.source} ({r.loaded_at:%d.%m.%Y})") for r in ctx.result_sets],
            "kommune": [(c.value, c.label) for c in ctx.municipalities
                        if not zones_only or c.value in ctx.zone_municipalities],
            "ar": [(y, str(y)) for y in reversed(ctx.years)],
            "gruppe": Group.choices,
            "indikator": Indicator.choices,
        }
        values = {"kilde": ctx.result_set.pk if ctx.result_set else None,
                  "kommune": ctx.municipality, "ar": ctx.default_table_year(),
                  "gruppe": Group.CHILDREN, "indikator": Indicator.PERSISTENT_LOW_INCOME_60,
                  **(defaults or {})}
        # A value that is not on offer (an old link, a typo) falls back to the default:
        # a choice of what to look at has nothing to report as an error.
        for name in fields:
            given = data.get(name)
            if given and given in {str(value) for value, _label in choices[name]}:
                values[name] = given
        super().__init__({k: v for k, v in values.items() if k in fields and v is not None})
        for name in list(self.fields):
            if name in fields:
                self.fields[name].choices = choices[name]
                self.fields[name].widget.attrs["class"] = "ds-input"
            else:
                del self.fields[name]
        self.is_valid()

    def get(self, name: str):
        return self.cleaned_data.get(name) or None


class _Styled(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")


class ResultUploadForm(_Styled):
    source = forms.CharField(
        label=_("Source name"), max_length=100,
        help_text=_("For example «Lillestrøm 2022–2024 (SSB extract June 2026)». Loading the "
                    "same name again replaces those figures."))
    indicators = forms.FileField(label=_("indicators.csv"))
    thresholds = forms.FileField(label=_("thresholds.csv"))
    notes = forms.CharField(label=_("Notes"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2, "class": "ds-input"}))


class PublishedUploadForm(_Styled):
    file = forms.FileField(
        label=_("JSON-stat file"),
        help_text=_("A table from SSB's statistics bank (PxWebApi v2, format json-stat2), "
                    "e.g. 08764 or 12944. Importing the same table again replaces it."))
    mapping = forms.FileField(
        label=_("Mapping file (optional)"), required=False,
        help_text=_("JSON that says which indicator and group each category is; needed for "
                    "tables the system does not know."))


class SurveyUploadForm(_Styled):
    file = forms.FileField(
        label=_("Survey CSV"),
        help_text=_("Columns: source, year, area, school, indicator, group, value, "
                    "respondents. Importing the same source and year again replaces them."))


class BoundaryUploadForm(_Styled):
    municipality = forms.ModelChoiceField(label=_("Municipality"),
                                          queryset=Municipality.objects.all(),
                                          to_field_name="code")
    file = forms.FileField(
        label=_("GeoJSON file"),
        help_text=_("A FeatureCollection with one polygon per zone, in longitude/latitude "
                    "(WGS84), the zone code in the property «code» (or «sone»)."))
    code_property = forms.CharField(
        label=_("Property holding the zone code (optional)"), required=False, max_length=60)


def check_size(form: forms.Form, *names: str) -> bool:
    ok = True
    for name in names:
        upload = form.cleaned_data.get(name)
        if upload is not None and upload.size > MAX_UPLOAD:
            form.add_error(name, _("The file is larger than 50 MB."))
            ok = False
    return ok
