"""Forms of consent: recording and withdrawing."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from levekar.followup.forms._common import DateInput, DsFormMixin, member_choices
from levekar.followup.models import CaseMember, Consent, InfoPart


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
