"""Forms of the offers catalogue and of an entitlement action's application."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from levekar.followup.forms._common import DATE, DsFormMixin
from levekar.followup.models import GoalAction


class OfferCatalogueForm(DsFormMixin, forms.Form):
    text = forms.CharField(
        label=_("The offers catalogue (YAML)"), max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false",
                                     "class": "ds-input lkw-code"}),
        help_text=_("One offer per entry under “offers:”. The fields are explained at the top "
                    "of the document. Nothing is saved if a field is wrong."))
    note = forms.CharField(label=_("What did you change?"), max_length=300, required=False)
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ApplicationForm(forms.Form):
    application = forms.ChoiceField(label=_("Application"),
                                    choices=GoalAction.Application.choices)
    on = forms.DateField(label=_("Date"), widget=DATE, required=False,
                         initial=timezone.localdate)
