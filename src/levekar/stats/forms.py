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
        help_text=_("A FeatureCollection with one polygon per zone, the zone code in the "
                    "property «code» (or «sone»)."))
    crs = forms.ChoiceField(
        label=_("Coordinate system"), required=False,
        choices=[("", _("As the file says (else longitude/latitude, WGS84)")),
                 ("25832", _("EUREF89 UTM zone 32 (EPSG:25832)")),
                 ("25833", _("EUREF89 UTM zone 33 (EPSG:25833)")),
                 ("4258", _("EUREF89 longitude/latitude (EPSG:4258)"))],
        help_text=_("Municipal maps are often in EUREF89 UTM 32 or 33; they are converted "
                    "for the map."))
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


# --- computations and result sets (page «Beregninger») ------------------------------------

MAX_MICRODATA_UPLOAD = 1024 * 1024 * 1024


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", _MultipleFileInput(attrs={"class": "ds-input"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ComputationForm(_Styled):
    """What the analyst chooses to compute: microdata, period, parameters, a name."""

    source = forms.CharField(
        label=_("Name of the result"), max_length=100,
        help_text=_("For example «Lillestrøm 2022–2024, SSB extract June 2026»."))
    files = _MultipleFileField(
        label=_("Upload microdata"), required=False,
        help_text=_("One CSV or Parquet file per year, or one file with every year "
                    "(columns as in the engine's description)."))
    import_name = forms.ChoiceField(
        label=_("…or a file in the server's import folder"), required=False)
    first_year = forms.IntegerField(
        label=_("First year of the period"), min_value=1990, max_value=2098,
        help_text=_("The period is three years: the annual figures of each year and the "
                    "persistent figure of the whole period."))
    child_age_cutoff = forms.IntegerField(
        label=_("Children count 0.3 on the EU scale below the age of"), initial=14,
        min_value=1, max_value=18)
    suppress_numerator = forms.IntegerField(
        label=_("Suppress when the number of persons is at most"), initial=3, min_value=0,
        max_value=100)
    suppress_complement = forms.IntegerField(
        label=_("…or the rest is at most"), initial=3, min_value=0, max_value=100)
    suppress_min_denominator = forms.IntegerField(
        label=_("…or the population is below"), initial=10, min_value=1, max_value=1000)
    secondary_suppression = forms.BooleanField(
        label=_("Suppress a second zone when only one is suppressed"), initial=True,
        required=False)
    notes = forms.CharField(label=_("Notes"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2, "class": "ds-input"}))

    PARAMS = ("child_age_cutoff", "suppress_numerator", "suppress_complement",
              "suppress_min_denominator", "secondary_suppression")

    def __init__(self, *args, import_choices: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["import_name"].choices = [("", _("(none)"))] + [
            (name, name) for name in import_choices]

    def clean(self):
        data = super().clean()
        if bool(data.get("files")) == bool(data.get("import_name")):
            raise forms.ValidationError(
                _("Choose either files to upload or a file in the import folder."))
        if sum(f.size for f in data.get("files") or []) > MAX_MICRODATA_UPLOAD:
            self.add_error("files", _("The files are larger than 1 GB together; put them "
                                      "in the import folder instead."))
        return data

    def params(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.PARAMS}


class RenameForm(_Styled):
    source = forms.CharField(label=_("New name"), max_length=100)


class CompareForm(forms.Form):
    a = forms.TypedChoiceField(label=_("Result A"), coerce=int)
    b = forms.TypedChoiceField(label=_("Result B"), coerce=int)

    def __init__(self, data, *, result_sets):
        super().__init__(data)
        choices = [(r.pk, r.source) for r in result_sets]
        for name in ("a", "b"):
            self.fields[name].choices = choices
            self.fields[name].widget.attrs["class"] = "ds-input"
