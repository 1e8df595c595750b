"""Forms of Familiens plan."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from levekar.core.models import OrgUnit
from levekar.followup.forms._common import DATE, _style, _units
from levekar.followup.models import (
    ChildVoice,
    Goal,
    GoalAction,
    PlanArea,
)
from levekar.followup.selectors import member_label


class PlanWishesForm(forms.Form):
    family_wishes = forms.CharField(
        label=_("What matters most to the family"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In the family's own words: what they want to be different."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=200)
    area = forms.ChoiceField(label=_("Area"), choices=PlanArea.choices)
    kind = forms.ChoiceField(label=_("Kind of goal"), choices=Goal.Kind.choices,
                             initial=Goal.Kind.RESULT,
                             help_text=_("Effect goal: the lasting change the family works "
                                         "towards. Result goal: concrete and dated, can be "
                                         "checked."))
    member = forms.ChoiceField(label=_("For whom"), required=False)
    parent = forms.ChoiceField(label=_("Part of effect goal"), required=False)
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DATE)
    description = forms.CharField(label=_("How we will know"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label=_("Status"), choices=Goal.Status.choices,
                               initial=Goal.Status.ACTIVE)

    def __init__(self, *args, members, effect_goals, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(m.pk): m for m in members}
        self.effect_goals = {str(g.pk): g for g in effect_goals}
        self.fields["member"].choices = [("", _("The whole family"))] + [
            (str(m.pk), member_label(m)) for m in members]
        self.fields["parent"].choices = [("", _("None"))] + [
            (str(g.pk), g.title) for g in effect_goals]
        if not editing:
            del self.fields["status"]
        _style(self)

    def clean_member(self):
        return self.members.get(self.cleaned_data["member"])

    def clean_parent(self):
        return self.effect_goals.get(self.cleaned_data["parent"])


class ActionForm(forms.Form):
    description = forms.CharField(label=_("What will be done"), max_length=300)
    responsible_unit = forms.ModelChoiceField(label=_("Responsible unit"), queryset=OrgUnit.objects
                                              .none(), required=False,
                                              empty_label=_("(none)"))
    responsible_person = forms.CharField(label=_("Responsible person"), max_length=150,
                                         required=False,
                                         help_text=_("A named contact, or a family member."))
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DATE)
    offer = forms.ChoiceField(label=_("Offer in the catalogue"), required=False,
                              help_text=_("The offer the family is referred to. Without a "
                                          "responsible unit, the offer's unit is used."))

    def __init__(self, *args, offers=(), area: str = "", **kwargs):
        """``offers``: the catalogue's offers; those for the goal's ``area`` come first."""
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = _units()
        fitting = [(o.id, o.name) for o in offers if area in o.areas]
        others = [(o.id, o.name) for o in offers if area not in o.areas]
        choices = [("", _("(none)"))]
        if fitting:
            choices.append((_("For this area"), fitting))
        if others:
            choices.append((_("Other offers"), others))
        self.fields["offer"].choices = choices
        _style(self)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=GoalAction.Status.choices)


class ChildVoiceForm(forms.Form):
    child = forms.ChoiceField(label=_("Child"))
    words = forms.CharField(label=_("The child's own words"), max_length=2000,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=_("Write what the child said, as the child said it."))
    gathered_how = forms.ChoiceField(label=_("How it was gathered"),
                                     choices=ChildVoice.How.choices)
    gathered_on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    child_age = forms.IntegerField(label=_("The child's age (only if the date of birth is "
                                           "unknown)"), required=False, min_value=0,
                                   max_value=25)

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.children = {str(c.pk): c for c in children}
        self.fields["child"].choices = [(str(c.pk), member_label(c)) for c in children]
        _style(self)

    def clean_child(self):
        return self.children[self.cleaned_data["child"]]
