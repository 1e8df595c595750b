"""Forms of the group programmes (ICDP …). Messages are Norwegian (through gettext) and
name the field; the services check the same rules again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from levekar.evaluation import datafiles
from levekar.evaluation.forms import _REQUIRED, _input

_DATE = {**_REQUIRED, "invalid": _("Enter a valid date.")}


def _date(label, *, required=True, help_text=""):
    return forms.DateField(label=label, required=required, error_messages=_DATE,
                           help_text=help_text,
                           widget=forms.DateInput(attrs={"type": "date", "class": "ds-input"}))


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("Name of the programme"), max_length=200,
                           error_messages=_REQUIRED, widget=_input())
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"class": "ds-input", "rows": 3}))
    measure = forms.ModelChoiceField(label=_("Plan measure it carries out"), queryset=None,
                                     required=False,
                                     widget=forms.Select(attrs={"class": "ds-input"}))
    questionnaire = forms.ChoiceField(label=_("Questionnaire before and after"), choices=[],
                                      error_messages=_REQUIRED,
                                      widget=forms.Select(attrs={"class": "ds-input"}))

    def __init__(self, *args, measures=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = measures
        self.fields["measure"].label_from_instance = lambda m: f"{m.code} {m.title}"
        self.fields["questionnaire"].choices = [
            (q.id, q.text) for q in datafiles.questionnaires().values()]


class CourseForm(forms.Form):
    name = forms.CharField(label=_("Name of the group"), max_length=200,
                           error_messages=_REQUIRED, widget=_input(),
                           help_text=_("E.g. «Strømmen, arabisk, høsten»."))
    language = forms.CharField(label=_("Language of the group"), max_length=60,
                               error_messages=_REQUIRED, widget=_input())
    place = forms.CharField(label=_("Meeting place"), max_length=200, error_messages=_REQUIRED,
                            widget=_input())
    starts_on = _date(_("First session"))
    leaders = forms.ModelMultipleChoiceField(
        label=_("Group leaders (veiledere)"), queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only the group leaders (and the BTI leader) see the participants' names."),
        error_messages={"required": _("Choose at least one group leader.")})
    co_leader = forms.CharField(label=_("Co-leader"), max_length=200, required=False,
                                widget=_input())
    co_leader_note = forms.CharField(
        label=_("About the co-leader"), max_length=200, required=False, widget=_input(),
        help_text=_("E.g. «minoritetsbakgrunn, snakker arabisk og somali»."))
    open_to_all = forms.BooleanField(
        label=_("Open to parents without a case in follow-up"), required=False, initial=True)

    def __init__(self, *args, leaders=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leaders"].queryset = leaders
        self.fields["leaders"].label_from_instance = (
            lambda u: f"{u.get_full_name() or u.username}"
                      + (f" ({u.org_unit.name})" if u.org_unit_id else ""))


class ParticipantForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, error_messages=_REQUIRED,
                           widget=_input(autocomplete="off"))
    phone = forms.CharField(label=_("Phone (optional)"), max_length=20, required=False,
                            widget=_input(autocomplete="off", inputmode="tel"))
    from_followup = forms.BooleanField(label=_("Referred from family follow-up"),
                                       required=False)
    consent = forms.BooleanField(
        label=_("The participant consents to name, attendance and questionnaire answers being "
                "registered, and knows that the results are only reported as counts"),
        error_messages={"required": _("The participant must consent before being "
                                      "registered.")})
    consent_on = _date(_("Consent given"), required=False,
                       help_text=_("Today if left empty."))


class SessionForm(forms.Form):
    held_on = _date(_("Date of the session"))
    theme = forms.CharField(label=_("Theme"), max_length=200, required=False, widget=_input())
    attended = forms.ModelMultipleChoiceField(label=_("Present"), queryset=None,
                                              required=False,
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, participants=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = participants


class QuestionnaireForm(forms.Form):
    """One radio group per item of the programme's questionnaire; an item may be skipped."""

    answered_on = _date(_("Answered on"), required=False, help_text=_("Today if left empty."))

    def __init__(self, *args, questionnaire: datafiles.Questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        choices = [("", _("Not answered"))] + [
            (str(v), str(v)) for v in range(questionnaire.low, questionnaire.high + 1)]
        for item in questionnaire.items:
            self.fields[f"q_{item.id}"] = forms.TypedChoiceField(
                label=item.text, choices=choices, required=False, coerce=int,
                empty_value=None, widget=forms.RadioSelect)

    @classmethod
    def initial_for(cls, response) -> dict:
        if response is None:
            return {}
        return {"answered_on": response.answered_on,
                **{f"q_{k}": str(v) for k, v in response.answers.items()}}

    def answers(self) -> dict:
        return {item.id: self.cleaned_data.get(f"q_{item.id}")
                for item in self.questionnaire.items}
