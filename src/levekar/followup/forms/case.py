"""Forms of the case: household, members and status."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from levekar.followup.forms._common import DateInput, DsFormMixin, as_initial
from levekar.followup.models import Case, CaseMember
from levekar.people.identity import InvalidNationalId, national_id_clean


class HouseholdForm(DsFormMixin, forms.Form):
    street = forms.CharField(label=_("Street address"), max_length=200)
    postcode = forms.RegexField(label=_("Postcode"), regex=r"^\d{4}$", max_length=4,
                                error_messages={"invalid": _("A postcode has four digits.")})
    city = forms.CharField(label=_("City"), max_length=100)
    zone = forms.ModelChoiceField(label=_("Living-conditions zone"), queryset=None,
                                  empty_label=_("Choose a zone"))
    preferred_language = forms.ChoiceField(label=_("Language of letters"),
                                           choices=[("nb", "Norsk bokmål"), ("en", "English")])
    referred_by = forms.ModelChoiceField(label=_("Referred by"), queryset=None, required=False,
                                         empty_label=_("Nobody (the family itself)"))
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    planned_years = forms.IntegerField(label=_("Planned length (years)"), min_value=1,
                                       max_value=10, initial=5)

    def __init__(self, *args, zones, units, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("start_date", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = zones
        self.fields["referred_by"].queryset = units


class MemberForm(DsFormMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    national_id = forms.CharField(
        label=_("Fødselsnummer or D-number"), max_length=13, required=False,
        help_text=_("Empty if none yet (newly arrived)."))
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput(),
                                 help_text=_("When there is no fødselsnummer."))
    role = forms.ChoiceField(label=_("Role in the family"), choices=CaseMember.Role.choices,
                             initial=CaseMember.Role.CHILD)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    taking_part = forms.BooleanField(label=_("Takes part in the follow-up"), required=False,
                                     initial=True)

    def clean_national_id(self):
        value = self.cleaned_data["national_id"].strip()
        if not value:
            return ""
        try:
            nid = national_id_clean(value)
        except InvalidNationalId as exc:
            raise forms.ValidationError(str(exc)) from exc
        # Whether the number is registered is the service's question (audited, with one
        # neutral answer): the form only checks the number itself.
        return nid

    def clean(self):
        data = super().clean()
        if not data.get("national_id") and not data.get("birth_date") \
                and "national_id" not in self.errors:
            self.add_error("birth_date", _("Give the date of birth when the person has no "
                                           "fødselsnummer."))
        birth = data.get("birth_date")
        if birth and birth > timezone.localdate():
            self.add_error("birth_date", _("The date of birth cannot be in the future."))
        return data


class BaseMemberFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        ids = [f.cleaned_data.get("national_id") for f in self.forms
               if f.cleaned_data and f.cleaned_data.get("national_id")]
        if len(ids) != len(set(ids)):
            raise forms.ValidationError(_("The same fødselsnummer is given twice."))
        if not any(f.cleaned_data.get("role") == CaseMember.Role.PARENT
                   for f in self.forms if f.cleaned_data):
            raise forms.ValidationError(_("Register at least one parent or guardian."))


MemberFormSet = forms.formset_factory(MemberForm, formset=BaseMemberFormSet, extra=3,
                                      min_num=1, validate_min=True, max_num=15)


class CaseStatusForm(DsFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False,
                             widget=forms.Textarea,
                             help_text=_("Required when pausing, closing or reopening."))

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        moves = {
            Case.Status.ACTIVE: [Case.Status.PAUSED, Case.Status.CLOSED],
            Case.Status.PAUSED: [Case.Status.ACTIVE, Case.Status.CLOSED],
            Case.Status.CLOSED: [Case.Status.ACTIVE],
        }[Case.Status(case.status)]
        self.fields["status"].choices = [(s.value, s.label) for s in moves]

    def clean(self):
        data = super().clean()
        if data.get("status") in (Case.Status.PAUSED, Case.Status.CLOSED) \
                and not data.get("reason", "").strip():
            self.add_error("reason", _("Give a reason for pausing or closing the case."))
        if self.case.status == Case.Status.CLOSED and not data.get("reason", "").strip():
            self.add_error("reason", _("Give a reason for reopening the case."))
        return data


def member_rows_again(data) -> forms.BaseFormSet:
    """The "More persons" button: the rows as posted plus two empty ones, unbound (nothing
    saved, nothing validated)."""
    bound = MemberFormSet(data, prefix="person")
    rows = [as_initial(f) for f in bound.forms]
    more = forms.formset_factory(MemberForm, formset=BaseMemberFormSet, extra=2, min_num=1,
                                 max_num=15)
    return more(prefix="person", initial=rows)
