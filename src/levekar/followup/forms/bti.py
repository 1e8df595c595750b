"""Forms of the BTI level, individual plan and break the glass."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from levekar.followup.forms._common import DsFormMixin
from levekar.followup.models import BreakGlassCategory, BtiLevel, Case, IndividualPlan


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
    category = forms.ChoiceField(
        label=_("What kind of reason?"), widget=forms.RadioSelect,
        choices=BreakGlassCategory.choices)
    reason = forms.CharField(
        label=_("Why do you need access now?"), min_length=10, max_length=500,
        widget=forms.Textarea,
        help_text=_("For example: the coordinator is ill and the family needs help today. "
                    "The reason is shown to the BTI coordinator / leader."))


class BreakGlassReviewForm(DsFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why was the access unjustified?"), min_length=10, max_length=500,
        widget=forms.Textarea,
        help_text=_("Shown on the list of emergency accesses and kept in the audit log."))
