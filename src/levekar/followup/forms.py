"""Forms of the case part: opening a case with its household, members, consent, BTI level,
status, individual plan and break the glass. English labels, Norwegian via i18n."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from levekar.followup.models import BtiLevel, Case, CaseMember, Consent, IndividualPlan, InfoPart
from levekar.people.identity import InvalidNationalId, national_id_clean
from levekar.people.models import Person


class DsFormMixin:
    """Designsystemet's class on every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            w = field.widget
            # Designsystemet styles inputs, selects, textareas, radios and checkboxes
            # alike with .ds-input.
            w.attrs.setdefault("class", "ds-input")
            if isinstance(w, forms.Textarea):
                w.attrs.setdefault("rows", 3)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


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
        if Person.objects.filter(national_id=nid).exists():
            raise forms.ValidationError(
                _("A person with this fødselsnummer is already registered."))
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


def quiet(form_or_formset):
    """Show submitted values again without validating them (the "More persons" button
    re-renders the page; nothing was meant to be saved, so nothing is an error yet)."""
    from django.forms.utils import ErrorDict, ErrorList

    if isinstance(form_or_formset, forms.BaseFormSet):
        form_or_formset._errors = []
        form_or_formset._non_form_errors = ErrorList()
        for f in form_or_formset.forms:
            quiet(f)
    else:
        form_or_formset._errors = ErrorDict()
    return form_or_formset


MemberFormSet = forms.formset_factory(MemberForm, formset=BaseMemberFormSet, extra=3,
                                      min_num=1, validate_min=True, max_num=15)


class CaseStatusForm(DsFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False,
                             widget=forms.Textarea,
                             help_text=_("Required when pausing or closing."))

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
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
        return data


def member_choices(members: list[CaseMember]) -> list[tuple[str, str]]:
    return [(str(m.person_id), f"{m.person.full_name} ({m.get_role_display().lower()})")
            for m in members]


class ConsentForm(DsFormMixin, forms.Form):
    given_by = forms.ChoiceField(label=_("Given by"))
    subject = forms.ChoiceField(label=_("Whose information"), required=False)
    grants = forms.MultipleChoiceField(label=_("Which services may see which parts"),
                                       widget=forms.CheckboxSelectMultiple)
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_to = forms.DateField(label=_("Valid to"), widget=DateInput(), required=False,
                               help_text=_("Usually one year. Empty: until withdrawn."))
    note = forms.CharField(label=_("Note"), max_length=500, required=False,
                           widget=forms.Textarea)

    def __init__(self, *args, members: list[CaseMember], units, **kwargs):
        today = timezone.localdate()
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("valid_from", today)
        initial.setdefault("valid_to", _one_year_later(today))
        super().__init__(*args, **kwargs)
        self.units = list(units)
        self.parts = list(InfoPart.choices)
        self.fields["given_by"].choices = member_choices(members)
        self.fields["subject"].choices = [("", _("The whole family")),
                                          *member_choices(members)]
        self.fields["grants"].choices = [(f"{u.pk}:{p}", f"{u.name} – {label}")
                                         for u in self.units for p, label in self.parts]

    def matrix(self):
        """Rows of (unit, [(value, label, checked)]) for the unit × part table."""
        chosen = set(self["grants"].value() or [])
        return [(u, [(f"{u.pk}:{p}", f"{u.name} – {label}", f"{u.pk}:{p}" in chosen)
                     for p, label in self.parts]) for u in self.units]

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end date cannot be before the start date."))
        return data

    def grant_pairs(self):
        by_pk = {u.pk: u for u in self.units}
        pairs = []
        for value in self.cleaned_data["grants"]:
            unit_pk, part = value.split(":", 1)
            pairs.append((by_pk[int(unit_pk)], part))
        return pairs


def _one_year_later(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


class ConsentWithdrawForm(DsFormMixin, forms.Form):
    scope = forms.ChoiceField(label=_("Withdraw for"), widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason (optional)"), max_length=500, required=False,
                             widget=forms.Textarea)

    def __init__(self, *args, consent: Consent, **kwargs):
        super().__init__(*args, **kwargs)
        units = {}
        for g in consent.grants.all():
            if g.withdrawn_at is None:
                units[g.unit_id] = g.unit.name
        self.fields["scope"].choices = [("all", _("The whole consent"))] + [
            (str(pk), name) for pk, name in sorted(units.items(), key=lambda i: i[1])]
        self.fields["scope"].initial = "all"


class StafettholderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        unit = obj.org_unit.name if obj.org_unit_id else ""
        return f"{obj.display_name} – {unit}" if unit else obj.display_name


class BtiLevelForm(DsFormMixin, forms.Form):
    to_level = forms.TypedChoiceField(label=_("New level"), coerce=int,
                                      choices=BtiLevel.choices)
    stafettholder = StafettholderChoiceField(
        label=_("Stafettholder"), queryset=None, required=False,
        empty_label=_("No stafettholder"),
        help_text=_("Required from level 1: the person in the service that holds the baton."))
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea)

    def __init__(self, *args, case: Case, staff, **kwargs):
        kwargs.setdefault("initial", {}).update(
            {"to_level": case.bti_level, "stafettholder": case.stafettholder_id})
        super().__init__(*args, **kwargs)
        self.fields["stafettholder"].queryset = staff


class IndividualPlanForm(DsFormMixin, forms.Form):
    assessment = forms.ChoiceField(
        label=_("Outcome of the assessment"), widget=forms.RadioSelect,
        choices=[c for c in IndividualPlan.choices if c[0] != IndividualPlan.NOT_ASSESSED])


class BreakGlassForm(DsFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why do you need access now?"), min_length=10, max_length=500,
        widget=forms.Textarea,
        help_text=_("For example: the coordinator is ill and the family needs help today. "
                    "The reason is shown to the BTI coordinator / leader."))
