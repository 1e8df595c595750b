"""Forms of the BTI level, individual plan and break the glass."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from levekar.followup.forms._common import DsFormMixin
from levekar.followup.models import BreakGlassCategory, BtiLevel, CaseMember, IndividualPlan


class ChildChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.person.full_name


class HolderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class BtiLevelForm(DsFormMixin, forms.Form):
    """One child's level and stafettholder (BTI follows the child)."""

    member = ChildChoiceField(label=_("Child"), queryset=None, empty_label=None)
    to_level = forms.TypedChoiceField(label=_("New level"), coerce=int,
                                      choices=BtiLevel.choices)
    stafettholder = HolderChoiceField(
        label=_("Stafettholder"), queryset=None, required=False,
        empty_label=_("No stafettholder"),
        help_text=_("Required from level 1: the person who holds the baton for the child. "
                    "Add a participant under Familiens plan if the person is missing."))
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea)

    def __init__(self, *args, children: list[CaseMember], holders,
                 child: CaseMember | None = None, **kwargs):
        child = child or (children[0] if children else None)
        if child is not None:
            kwargs.setdefault("initial", {}).update(
                {"member": child.pk, "to_level": child.bti_level,
                 "stafettholder": child.stafettholder_id})
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = CaseMember.objects.filter(
            pk__in=[c.pk for c in children]).select_related("person")
        self.fields["member"].choices = [(c.pk, c.person.full_name) for c in children]
        self.fields["stafettholder"].queryset = holders


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
