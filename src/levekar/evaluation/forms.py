"""Forms of the evaluation pages. Messages are Norwegian (through gettext) and name the
field; the services check the same rules again for other callers."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from levekar.evaluation import datafiles
from levekar.evaluation.models import DataSource, GoalKind, Rating
from levekar.evaluation.selectors.outcomes import BREAKDOWNS
from levekar.followup.instruments import tr as instruments_tr
from levekar.plans.models import Frequency

_REQUIRED = {"required": _("Fill in this field.")}


def _input(**attrs):
    return forms.TextInput(attrs={"class": "ds-input", **attrs})


class OutcomeFilterForm(forms.Form):
    inndeling = forms.ChoiceField(label=_("Breakdown"), required=False,
                                  choices=list(BREAKDOWNS.items()),
                                  widget=forms.Select(attrs={"class": "ds-input"}))
    kartlegging = forms.TypedChoiceField(label=_("Mapping after the start"), required=False,
                                         coerce=int, choices=[],
                                         widget=forms.Select(attrs={"class": "ds-input"}))

    def __init__(self, *args, follow_indexes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kartlegging"].choices = [
            (i, _("No. %(n)s (about %(n)s year(s) after the start)") % {"n": i})
            for i in follow_indexes]

    def get(self, name, default=None):
        if not self.is_bound or not self.is_valid():
            return default
        return self.cleaned_data.get(name) or default


class ReachFilterForm(forms.Form):
    """The year and which figure colours the reach map (?ar=2026&kart=passes_used)."""

    ar = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, choices=[],
                                widget=forms.Select(attrs={"class": "ds-input"}))
    kart = forms.ChoiceField(label=_("Figure on the map"), required=False, choices=[],
                             widget=forms.Select(attrs={"class": "ds-input"}))

    def __init__(self, *args, years=(), columns=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ar"].choices = [(y, str(y)) for y in years]
        self.fields["kart"].choices = [(c.key, f"{c.label} ({c.unit})") for c in columns]

    def get(self, name, default=None):
        if not self.is_bound or not self.is_valid():
            return default
        return self.cleaned_data.get(name) or default


class GoalForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of goal"), choices=GoalKind.choices,
                             error_messages=_REQUIRED, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Goal"), max_length=300, error_messages=_REQUIRED,
                            widget=_input())
    indicator = forms.CharField(label=_("Indicator"), max_length=300, error_messages=_REQUIRED,
                                widget=_input(),
                                help_text=_("What is counted or measured, e.g. share of "
                                            "families with better housing after a year."))
    source = forms.ChoiceField(label=_("Where the data comes from"), choices=DataSource.choices,
                               error_messages=_REQUIRED,
                               widget=forms.Select(attrs={"class": "ds-input"}))
    domain = forms.ChoiceField(label=_("Mapping domain"), required=False, choices=[],
                               widget=forms.Select(attrs={"class": "ds-input"}),
                               help_text=_("Only when the data comes from the mapping."))
    source_detail = forms.CharField(label=_("Source details"), max_length=200, required=False,
                                    widget=_input(),
                                    help_text=_("E.g. the statistics indicator or the service "
                                                "and figure."))
    baseline = forms.CharField(label=_("Baseline"), max_length=100, required=False,
                               widget=_input())
    target = forms.CharField(label=pgettext_lazy("evaluation", "Target"), max_length=100,
                             error_messages=_REQUIRED,
                             widget=_input())
    frequency = forms.ChoiceField(label=_("When it is measured"), choices=Frequency.choices,
                                  error_messages=_REQUIRED,
                                  widget=forms.Select(attrs={"class": "ds-input"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["domain"].choices = [("", "–"), *[
            (d.id, datafiles.domain_label(d)) for d in datafiles.domains()]]
        for name in ("kind", "source", "frequency"):
            self.fields[name].error_messages["invalid_choice"] = _("Choose one of the options.")

    def clean(self):
        data = super().clean()
        if data.get("source") == DataSource.MAPPING and not data.get("domain"):
            self.add_error("domain", _("Choose the mapping domain the goal is measured by."))
        return data

    @classmethod
    def initial_for(cls, goal) -> dict:
        is_mapping = goal.source == DataSource.MAPPING
        return {"kind": goal.kind, "title": goal.title, "indicator": goal.indicator,
                "source": goal.source, "domain": goal.source_detail if is_mapping else "",
                "source_detail": "" if is_mapping else goal.source_detail,
                "baseline": goal.baseline, "target": goal.target, "frequency": goal.frequency}


class PracticeForm(forms.Form):
    """One rating and its evidence per element of the data file."""

    note = forms.CharField(label=_("Summary"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"class": "ds-input", "rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.elements = datafiles.elements()
        for e in self.elements:
            self.fields[f"{e.id}_rating"] = forms.ChoiceField(
                label=e.text, choices=Rating.choices, widget=forms.RadioSelect,
                error_messages={"required": _("Choose met, partly met or not met."),
                                "invalid_choice": _("Choose met, partly met or not met.")})
            self.fields[f"{e.id}_evidence"] = forms.CharField(
                label=_("Evidence"), required=False, max_length=2000,
                widget=forms.Textarea(attrs={"class": "ds-input", "rows": 2}),
                help_text=_("A document, an evaluation result or a reflection."))
            self.fields[f"{e.id}_url"] = forms.URLField(
                label=_("Link"), required=False, max_length=200, assume_scheme="https",
                widget=forms.URLInput(attrs={"class": "ds-input"}),
                error_messages={"invalid": _("Enter a full web address (https://…).")})

    def clean(self):
        data = super().clean()
        for e in self.elements:
            rating = data.get(f"{e.id}_rating")
            if rating and rating != Rating.NOT_MET and not (
                    data.get(f"{e.id}_evidence", "").strip() or data.get(f"{e.id}_url")):
                self.add_error(f"{e.id}_evidence", _("Give the evidence: a link, a document "
                                                     "or an evaluation result."))
        return data

    def element_rows(self):
        return [(e, self[f"{e.id}_rating"], self[f"{e.id}_evidence"], self[f"{e.id}_url"])
                for e in self.elements]

    @staticmethod
    def initial_for(assessment) -> dict:
        if assessment is None:
            return {}
        out = {"note": assessment.note}
        for r in assessment.ratings.all():
            out.update({f"{r.element}_rating": r.rating, f"{r.element}_evidence": r.evidence,
                        f"{r.element}_url": r.evidence_url})
        return out


def current_year() -> int:
    return timezone.localdate().year


def report_years() -> list[int]:
    """The years the yearly report is offered for: this year and the five before."""
    return list(range(current_year(), current_year() - 6, -1))


class ReportForm(forms.Form):
    """«Lag rapporten»: which year's evaluation report to make."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=(),
                                  widget=forms.Select(attrs={"class": "ds-input"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in report_years()]
        self.fields["year"].error_messages["invalid_choice"] = _(
            "Choose one of the years in the list.")


# --- Sjumilssteget ----------------------------------------------------------------------------


class SevenStepForm(forms.Form):
    """A level and a note for each of the seven steps (from the data file)."""

    note = forms.CharField(label=_("Summary"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"class": "ds-input", "rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.data_file = datafiles.seven_steps()
        levels = [(str(v), instruments_tr(label)) for v, label in self.data_file.levels]
        for step in self.data_file.steps:
            self.fields[f"{step.id}_level"] = forms.TypedChoiceField(
                label=step.text, choices=levels, coerce=int, widget=forms.RadioSelect,
                error_messages={"required": _("Choose a level."),
                                "invalid_choice": _("Choose a level.")})
            self.fields[f"{step.id}_note"] = forms.CharField(
                label=_("What we do"), required=False, max_length=2000,
                widget=forms.Textarea(attrs={"class": "ds-input", "rows": 2}))

    def step_rows(self):
        return [(s, self[f"{s.id}_level"], self[f"{s.id}_note"]) for s in self.data_file.steps]

    @staticmethod
    def initial_for(assessment) -> dict:
        if assessment is None:
            return {}
        out = {"note": assessment.note}
        for r in assessment.ratings.all():
            out.update({f"{r.step}_level": str(r.level), f"{r.step}_note": r.note})
        return out


class SevenStepActionForm(forms.Form):
    step = forms.ChoiceField(label=_("Step"), choices=[], error_messages=_REQUIRED,
                             widget=forms.Select(attrs={"class": "ds-input"}))
    description = forms.CharField(label=pgettext_lazy("evaluation", "Action"), max_length=300,
                                  error_messages=_REQUIRED,
                                  widget=_input())
    measure = forms.ModelChoiceField(label=_("Plan measure"), queryset=None,
                                     error_messages={**_REQUIRED, "invalid_choice": _(
                                         "Choose one of the options.")},
                                     widget=forms.Select(attrs={"class": "ds-input"}))
    deadline = forms.DateField(label=_("Deadline"), required=False,
                               widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}),
                               error_messages={"invalid": _("Enter a valid date.")})

    def __init__(self, *args, measures=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [("", "–"), *[
            (s.id, f"{s.number}. {s.text}") for s in datafiles.seven_steps().steps]]
        self.fields["measure"].queryset = measures
        self.fields["measure"].label_from_instance = lambda m: f"{m.code} {m.title[:80]}"


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), error_messages={
        **_REQUIRED, "invalid": _("Enter a valid date.")},
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}))
    arena = forms.ChoiceField(label=_("Arena"), choices=[], error_messages=_REQUIRED,
                              widget=forms.RadioSelect)
    host = forms.ModelChoiceField(label=_("Held at"), queryset=None, error_messages=_REQUIRED,
                                  widget=forms.Select(attrs={"class": "ds-input"}))
    services = forms.ModelMultipleChoiceField(
        label=_("Participating services"), queryset=None, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one service that took part.")})
    children_discussed = forms.IntegerField(
        label=_("Number of children discussed"), min_value=0, max_value=200,
        help_text=_("A number only: no names are recorded."),
        widget=forms.NumberInput(attrs={"class": "ds-input"}),
        error_messages={**_REQUIRED, "min_value": _("The number must be between 0 and 200."),
                        "max_value": _("The number must be between 0 and 200."),
                        "invalid": _("Enter a whole number.")})

    def __init__(self, *args, services=None, **kwargs):
        super().__init__(*args, **kwargs)
        from levekar.evaluation.models import Arena

        self.fields["arena"].choices = Arena.choices
        self.fields["host"].queryset = services
        self.fields["services"].queryset = services
