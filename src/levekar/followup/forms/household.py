"""Forms of the case over the years: correct a member, a member leaves, a move, a
handover and the address protection."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from levekar.followup.forms._common import DateInput, DsFormMixin
from levekar.followup.models import CaseMember
from levekar.people.identity import InvalidNationalId, national_id_clean


def _not_future(value, message):
    if value and value > timezone.localdate():
        raise forms.ValidationError(message)
    return value


class MemberEditForm(DsFormMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    national_id = forms.CharField(
        label=_("Fødselsnummer or D-number"), max_length=13, required=False,
        help_text=_("Add the fødselsnummer when it comes, or replace a D-number with it."))
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput(),
                                 help_text=_("Read from the fødselsnummer when one is given."))
    role = forms.ChoiceField(label=_("Role in the family"), choices=CaseMember.Role.choices)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)

    def clean_national_id(self):
        value = self.cleaned_data["national_id"].strip()
        if not value:
            return ""
        try:
            return national_id_clean(value)
        except InvalidNationalId as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_birth_date(self):
        return _not_future(self.cleaned_data["birth_date"],
                           _("The date of birth cannot be in the future."))


class MemberLeaveForm(DsFormMixin, forms.Form):
    reason = forms.ChoiceField(label=_("What happened"), widget=forms.RadioSelect,
                               choices=[("moved", _("Moved out of the household")),
                                        ("died", _("Died"))])
    left_on = forms.DateField(label=_("Date"), widget=DateInput())

    def clean_left_on(self):
        return _not_future(self.cleaned_data["left_on"], _("The date cannot be in the future."))


class MoveForm(DsFormMixin, forms.Form):
    moved_on = forms.DateField(label=_("Moved on"), widget=DateInput())
    street = forms.CharField(label=_("New street address"), max_length=200)
    postcode = forms.RegexField(label=_("Postcode"), regex=r"^\d{4}$", max_length=4,
                                error_messages={"invalid": _("A postcode has four digits.")})
    city = forms.CharField(label=_("City"), max_length=100)
    zone = forms.ModelChoiceField(label=_("Living-conditions zone"), queryset=None,
                                  empty_label=_("Choose a zone"))
    rooms = forms.IntegerField(label=_("Rooms in the new home"), min_value=1, max_value=30,
                               required=False,
                               help_text=_("Bedrooms and living rooms; shows whether the "
                                           "family is still crowded."))
    previous_rooms = forms.IntegerField(label=_("Rooms in the home before"), min_value=1,
                                        max_value=30, required=False)

    def __init__(self, *args, zones, first_move: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = zones
        if not first_move:
            del self.fields["previous_rooms"]

    def clean_moved_on(self):
        return _not_future(self.cleaned_data["moved_on"],
                           _("The date of the move cannot be in the future."))


class HandoverForm(DsFormMixin, forms.Form):
    to = forms.ModelChoiceField(label=_("New family coordinator"), queryset=None,
                                empty_label=_("Choose a coordinator"))
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea,
                             help_text=_("Kept with the case and shown in its history."))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = candidates
        self.fields["to"].label_from_instance = lambda u: (
            f"{u.display_name}, {u.org_unit.name}" if u.org_unit_id else u.display_name)


class AddressProtectionForm(DsFormMixin, forms.Form):
    level = forms.ChoiceField(
        label=_("Address protection"), widget=forms.RadioSelect,
        choices=[("", _("None")), ("fortrolig", _("Confidential address (fortrolig)")),
                 ("strengt_fortrolig",
                  _("Strictly confidential address (strengt fortrolig)"))],
        required=False)
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea,
                             help_text=_("For example: notice from the population register."))


class _CaseIds(forms.TypedMultipleChoiceField):
    """Case numbers ticked on the leader's list. A number no longer on the list (the case
    was handed over meanwhile) is let through: the service answers with a conflict."""

    def valid_value(self, value) -> bool:
        return str(value).isdigit()


class ReassignForm(DsFormMixin, forms.Form):
    """The BTI leader moves some of one coordinator's cases to another coordinator. The
    service checks every rule (and names the field), so the fields only parse."""

    cases = _CaseIds(label=_("Cases to hand over"), coerce=int, required=False,
                     widget=forms.CheckboxSelectMultiple,
                     help_text=_("Case number, the family's BTI level and the next mapping. "
                                 "No names."))
    to = forms.ModelChoiceField(label=_("New family coordinator"), queryset=None,
                                required=False, empty_label=_("Choose a coordinator"))
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea,
                             required=False,
                             help_text=_("Kept with each case and shown in its history."))

    def __init__(self, *args, rows, candidates, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].choices = [(r.case_id, self.case_label(r)) for r in rows]
        # Any active user parses (the service refuses one who is no coordinator of the
        # municipality, naming the field); the list offers the municipality's coordinators.
        self.fields["to"].queryset = users
        self.fields["to"].widget.choices = [("", _("Choose a coordinator"))] + [
            (u.pk, f"{u.display_name}, {u.org_unit.name}" if u.org_unit_id else u.display_name)
            for u in candidates]

    @staticmethod
    def case_label(row) -> str:
        state = {"overdue": _("overdue"), "due_soon": _("due soon")}.get(row.mapping_state)
        due = date_format(row.mapping_due, "d.m.Y")
        return (_("Case %(number)s · BTI level %(level)s · next mapping %(due)s")
                % {"number": row.case_id, "level": row.bti_level, "due": due}
                + (f" ({state})" if state else ""))
