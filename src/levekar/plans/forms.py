from django import forms
from django.utils.translation import gettext_lazy as _

from levekar.core.models import OrgUnit
from levekar.plans.models import STATUS_CODES, STATUS_WORDS, Frequency, Progress, StatusLetter


def status_choices() -> list[tuple[str, str]]:
    def label(code: str) -> str:
        return f"{code} – " + ", ".join(str(STATUS_WORDS[StatusLetter(c)])
                                        for c in code.split("/"))

    return [("", _("No status")), *[(c, label(c)) for c in STATUS_CODES]]


class MeasureForm(forms.Form):
    """A measure as the plan owner edits it. ``version`` is the optimistic lock."""

    title = forms.CharField(label=_("Measure (“Slik gjør vi det”)"), max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3, "class": "ds-input"}))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=status_choices,
                               widget=forms.Select(attrs={"class": "ds-input"}))
    how = forms.CharField(label=_("How"), required=False, max_length=4000,
                          widget=forms.Textarea(attrs={"rows": 3, "class": "ds-input"}))
    units = forms.ModelMultipleChoiceField(
        label=_("Responsible units"), required=False,
        queryset=OrgUnit.objects.filter(active=True).order_by("name"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "ds-input"}))
    responsible_texts = forms.CharField(
        label=_("Other responsible bodies"), required=False, max_length=3000,
        help_text=_("Bodies that are not units in Levekår, one per line "
                    "(e.g. “Frivillige organisasjoner”)."),
        widget=forms.Textarea(attrs={"rows": 2, "class": "ds-input"}))
    evaluation_indicator = forms.CharField(
        label=_("Evaluated by (indicator)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "ds-input"}))
    evaluation_frequency = forms.ChoiceField(
        label=_("Evaluated how often"), required=False,
        choices=[("", _("Not stated")), *Frequency.choices],
        widget=forms.Select(attrs={"class": "ds-input"}))
    evaluation_date = forms.DateField(
        label=_("Evaluation date"), required=False,
        help_text=_("Only when the measure is evaluated on a date."),
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}, format="%Y-%m-%d"))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def clean(self):
        data = super().clean()
        if data.get("evaluation_frequency") == Frequency.DATE and not data.get("evaluation_date"):
            self.add_error("evaluation_date",
                           _("Choose the date when the measure is evaluated on a date."))
        return data

    def texts(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data["responsible_texts"].splitlines()
                if t.strip()]

    @staticmethod
    def initial_for(measure) -> dict:
        resps = getattr(measure, "responsible_list", None) or list(
            measure.responsibilities.all())
        return {
            "title": measure.title, "status": measure.status, "how": measure.how,
            "units": [r.org_unit_id for r in resps if r.org_unit_id],
            "responsible_texts": "\n".join(r.text for r in resps if not r.org_unit_id),
            "evaluation_indicator": measure.evaluation_indicator,
            "evaluation_frequency": measure.evaluation_frequency,
            "evaluation_date": measure.evaluation_date,
            "version": measure.version,
        }


class ReportForm(forms.Form):
    progress = forms.ChoiceField(label=_("Progress"), choices=Progress.choices,
                                 widget=forms.RadioSelect(attrs={"class": "ds-input"}))
    narrative = forms.CharField(
        label=_("What has been done this year"), required=False, max_length=4000,
        help_text=_("A few sentences for the council: what was done, what it led to, "
                    "what is next."),
        widget=forms.Textarea(attrs={"rows": 5, "class": "ds-input"}))
    indicator_value = forms.FloatField(
        label=_("Indicator value"), required=False, localize=True,
        help_text=_("The value of the measure's indicator this year, if it has one."),
        widget=forms.TextInput(attrs={"class": "ds-input", "inputmode": "decimal"}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class StartRoundForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Reporting year"), coerce=int,
                                  widget=forms.Select(attrs={"class": "ds-input"}))

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]


STATUS_FILTER_CHOICES = [("", _("All statuses")), *StatusLetter.choices,
                         ("-", _("No status"))]
