"""Forms of the BTI level, individual plan and break the glass."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from levekar.followup.forms._common import DateInput, DsFormMixin
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
    """An individuell plan: for whom, status and dates, who is responsible for it and the
    barnekoordinator — a participant of the case, or a new person without an account
    named here (a teacher, kindergarten staff, a volunteer)."""

    member = forms.ChoiceField(label=_("The plan is for"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=IndividualPlan.Status.choices)
    started_on = forms.DateField(label=_("Work on the plan started"), required=False,
                                 widget=DateInput)
    adopted_on = forms.DateField(label=_("Adopted"), required=False, widget=DateInput,
                                 help_text=_("Required when the status is Adopted."))
    ended_on = forms.DateField(label=_("Ended"), required=False, widget=DateInput,
                               help_text=_("Required when the status is Ended."))
    responsible = forms.ChoiceField(label=_("Responsible for the plan"), required=False,
                                    help_text=_("A participant in the case."))
    child_coordinator = forms.ChoiceField(
        label=_("Child coordinator (barnekoordinator)"), required=False,
        help_text=_("A participant in the case, or fill in a new person without an "
                    "account below."))
    new_coordinator_name = forms.CharField(
        label=_("New child coordinator without an account: name"), max_length=150,
        required=False)
    new_coordinator_organisation = forms.CharField(
        label=_("New child coordinator: service or organisation"), max_length=150,
        required=False, help_text=_("For example: Strømmen skole, Knerten barnehage."))
    new_coordinator_contact = forms.CharField(
        label=_("New child coordinator: contact (phone or e-mail)"), max_length=150,
        required=False)
    coordinator_appointed_on = forms.DateField(label=_("Child coordinator appointed"),
                                               required=False, widget=DateInput)
    coordinator_ended_on = forms.DateField(label=_("Child coordinator ended"),
                                           required=False, widget=DateInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea)

    def __init__(self, *args, children: list[CaseMember], participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.children = {str(c.pk): c for c in children}
        self.participants = {str(p.pk): p for p in participants}
        self.fields["member"].choices = [("", _("The whole family"))] + [
            (key, c.person.full_name) for key, c in self.children.items()]
        people = [("", _("(none)"))] + [(key, str(p)) for key, p in self.participants.items()]
        self.fields["responsible"].choices = people
        self.fields["child_coordinator"].choices = people

    def clean_member(self):
        return self.children.get(self.cleaned_data["member"])

    def clean_responsible(self):
        return self.participants.get(self.cleaned_data["responsible"])

    def clean_child_coordinator(self):
        return self.participants.get(self.cleaned_data["child_coordinator"])

    def new_coordinator(self) -> dict | None:
        """The new person without an account (name, organisation, contact), when a name or
        a service is filled in."""
        d = self.cleaned_data
        if not (d["new_coordinator_name"].strip() or d["new_coordinator_organisation"].strip()):
            return None
        return {"name": d["new_coordinator_name"],
                "organisation": d["new_coordinator_organisation"],
                "contact": d["new_coordinator_contact"]}

    @staticmethod
    def initial_for(plan: IndividualPlan) -> dict:
        return {"member": str(plan.member_id or ""), "status": plan.status,
                "started_on": plan.started_on, "adopted_on": plan.adopted_on,
                "ended_on": plan.ended_on, "responsible": str(plan.responsible_id or ""),
                "child_coordinator": str(plan.child_coordinator_id or ""),
                "coordinator_appointed_on": plan.coordinator_appointed_on,
                "coordinator_ended_on": plan.coordinator_ended_on, "note": plan.note}


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
