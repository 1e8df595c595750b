from django import forms
from django.utils.translation import gettext_lazy as _

from levekar.core.models import Municipality, OrgUnit
from levekar.plans.models import (
    STATUS_CODES,
    STATUS_WORDS,
    Deviation,
    Direction,
    FocusArea,
    Frequency,
    Goal,
    Progress,
    StatusLetter,
    StructureKind,
    ThresholdChoice,
)


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
    deviation = forms.ChoiceField(
        label=_("Is the measure on track?"), choices=Deviation.choices,
        widget=forms.RadioSelect(attrs={"class": "ds-input"}))
    deviation_reason = forms.CharField(
        label=_("Cause of the deviation"), required=False, max_length=2000,
        help_text=_("Required for a deviation or a measure not started: why, and what is "
                    "done about it."),
        widget=forms.Textarea(attrs={"rows": 3, "class": "ds-input"}))
    indicator_value = forms.FloatField(
        label=_("Indicator value"), required=False, localize=True,
        help_text=_("The value of the measure's indicator this year, if it has one."),
        widget=forms.TextInput(attrs={"class": "ds-input", "inputmode": "decimal"}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class StartRoundForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Reporting year"), coerce=int,
                                  widget=forms.Select(attrs={"class": "ds-input"}))
    deadline = forms.DateField(
        label=_("Deadline for the units"), required=False,
        help_text=_("The units are reminded by e-mail a week before and once after it."),
        widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}))

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, y) for y in years]


STATUS_FILTER_CHOICES = [("", _("All statuses")), *StatusLetter.choices,
                         ("-", _("No status"))]


def _text(label, *, required=True, rows=2, max_length=4000, help_text=""):
    return forms.CharField(label=label, required=required, max_length=max_length,
                           help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows, "class": "ds-input"}))


def _line(label, *, required=True, max_length=300, help_text=""):
    return forms.CharField(label=label, required=required, max_length=max_length,
                           help_text=help_text, widget=forms.TextInput(attrs={"class": "ds-input"}))


def _year(label, *, required=False):
    return forms.IntegerField(label=label, required=required, min_value=1900, max_value=2200,
                              widget=forms.NumberInput(attrs={"class": "ds-input"}))


class PlanCreateForm(forms.Form):
    title = _line(_("Title"))
    code = forms.SlugField(label=_("Identifier"), max_length=80,
                           help_text=_("Lower-case letters, digits and hyphens, e.g. "
                                       "“lillestrom-2026-2030”. It is the plan's address."),
                           widget=forms.TextInput(attrs={"class": "ds-input"}))
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.order_by("name"),
        widget=forms.Select(attrs={"class": "ds-input"}))
    structure = forms.ChoiceField(label=_("How the plan is built"),
                                  choices=StructureKind.choices,
                                  widget=forms.RadioSelect(attrs={"class": "ds-input"}))
    period_start = _year(_("First year"))
    period_end = _year(_("Last year"))
    adopted_date = forms.DateField(label=_("Adopted on"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date",
                                                                 "class": "ds-input"}))
    adopted_body = _line(_("Adopted by"), required=False, max_length=200)


class PlanUploadForm(forms.Form):
    file = forms.FileField(label=_("Plan file (YAML, levekar-plan/1)"),
                           widget=forms.ClearableFileInput(attrs={"class": "ds-input",
                                                                  "accept": ".yaml,.yml"}))

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return f


class ObjectiveForm(forms.Form):
    code = _line(_("Code"), max_length=20)
    title = _line(_("Heading"), required=False, max_length=200,
                  help_text=_("As the plan writes it, e.g. “Delmål 1 (langsiktig satsing)”."))
    text = _text(_("Text"))


class FocusAreaForm(forms.Form):
    code = _line(_("Code"), max_length=20)
    title = _line(_("Title"), max_length=500)
    objective = _text(_("Objective"), required=False)


class GoalForm(forms.Form):
    focus_area = forms.ModelChoiceField(label=_("Under"), queryset=FocusArea.objects.none(),
                                        widget=forms.Select(attrs={"class": "ds-input"}))
    code = _line(_("Code"), max_length=20)
    text = _text(_("Goal"))

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = FocusArea.objects.filter(plan=plan)
        self.fields["focus_area"].label_from_instance = lambda fa: plan.words.focus_heading(fa)


class MeasureCreateForm(forms.Form):
    goal = forms.ModelChoiceField(label=_("Under goal"), queryset=Goal.objects.none(),
                                  widget=forms.Select(attrs={"class": "ds-input"}))
    title = _text(_("Measure"), rows=3)
    code = _line(_("Code"), required=False, max_length=30,
                 help_text=_("Empty: the goal's code and the next number."))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=status_choices,
                               widget=forms.Select(attrs={"class": "ds-input"}))
    how = _text(_("How"), required=False)
    units = forms.ModelMultipleChoiceField(
        label=_("Responsible units"), required=False,
        queryset=OrgUnit.objects.filter(active=True).order_by("name"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "ds-input"}))

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.filter(plan=plan).order_by("position")
        self.fields["units"].queryset = OrgUnit.objects.filter(
            active=True, municipality_id=plan.municipality_id).order_by("name")
        self.fields["goal"].label_from_instance = lambda g: f"{g.code} {g.text[:80]}"
        if not plan.words.uses_status:
            del self.fields["status"]
            del self.fields["how"]


class IndicatorLinkForm(forms.Form):
    """A link to a statistics indicator; every picker shows names, not codes."""

    indicator = forms.ChoiceField(label=_("Indicator"),
                                  widget=forms.Select(attrs={"class": "ds-input"}))
    group = forms.ChoiceField(label=_("Group"), widget=forms.Select(attrs={"class": "ds-input"}))
    area = forms.ChoiceField(label=_("Area"), widget=forms.Select(attrs={"class": "ds-input"}))
    threshold_scope = forms.ChoiceField(label=_("Income measured against"), required=False,
                                        choices=ThresholdChoice.choices,
                                        widget=forms.Select(attrs={"class": "ds-input"}))
    baseline = forms.FloatField(label=_("Baseline (percent)"), required=False, localize=True,
                                widget=forms.TextInput(attrs={"class": "ds-input",
                                                              "inputmode": "decimal"}))
    baseline_period = _line(_("Baseline year or period"), required=False, max_length=20,
                            help_text=_("E.g. “2024” or “2022-2024”."))
    target = forms.FloatField(label=_("Target (percent)"), required=False, localize=True,
                              widget=forms.TextInput(attrs={"class": "ds-input",
                                                            "inputmode": "decimal"}))
    target_year = _year(_("Target year"))
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices,
                                  widget=forms.RadioSelect(attrs={"class": "ds-input"}))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = choices.indicators
        self.fields["group"].choices = choices.groups
        self.fields["area"].choices = choices.areas

    @staticmethod
    def initial_for(link) -> dict:
        if link is None:
            return {"direction": Direction.DOWN}
        return {f: getattr(link, f) for f in (
            "indicator", "group", "area", "threshold_scope", "baseline", "baseline_period",
            "target", "target_year", "direction")} | {"group": link.group or "children"}


class ReviseForm(forms.Form):
    title = _line(_("Title of the new plan"))
    code = forms.SlugField(label=_("Identifier"), max_length=80,
                           widget=forms.TextInput(attrs={"class": "ds-input"}))
    period_start = _year(_("First year"))
    period_end = _year(_("Last year"))


class DeadlineForm(forms.Form):
    deadline = forms.DateField(label=_("Deadline"), required=False,
                               widget=forms.DateInput(attrs={"type": "date",
                                                             "class": "ds-input"}))


class MeasureMoveForm(forms.Form):
    """Move a measure to another goal. The goal is a plain number, not a choice limited to
    the plan: a goal of another plan is refused by ``measure_move`` with its own message."""

    goal = forms.IntegerField(label=_("Move to goal"),
                              error_messages={"required": _("Choose the goal to move to.")},
                              widget=forms.Select(attrs={"class": "ds-input"}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, plan, measure, **kwargs):
        super().__init__(*args, **kwargs)
        words = plan.words
        self.fields["goal"].widget.choices = [("", _("Choose a goal"))] + [
            (g.pk, f"{words.focus_heading(g.focus_area)} › {g.code} {g.text}"[:160])
            for g in Goal.objects.filter(plan=plan).select_related("focus_area")
            .order_by("focus_area__position", "position", "id")
            if g.pk != measure.goal_id]
