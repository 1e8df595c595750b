"""Forms of Familiens plan."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from levekar.core.models import OrgUnit
from levekar.followup.forms._common import DATE, _style, unit_picker
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
    """A new action. The responsible person is a participant of the case (or the writer
    themself), never free text. A service partner's action is always for their own unit,
    so they get no unit field (``own_unit``)."""

    ME = "me"

    description = forms.CharField(label=_("What will be done"), max_length=300)
    responsible_unit = forms.ModelChoiceField(label=_("Responsible unit"), queryset=OrgUnit.objects
                                              .none(), required=False,
                                              empty_label=_("(none)"))
    responsible = forms.ChoiceField(label=_("Responsible person"), required=False,
                                    help_text=_("A participant in the case. Add people "
                                                "without an account under Participants."))
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DATE)
    offer = forms.ChoiceField(label=_("Offer in the catalogue"), required=False,
                              help_text=_("The offer the family is referred to. Without a "
                                          "responsible unit, the offer's unit is used."))

    def __init__(self, *args, participants=(), me=None, own_unit=None, offers=(),
                 area: str = "", municipality_id=None, **kwargs):
        """``offers``: the catalogue's offers; those for the goal's ``area`` come first."""
        super().__init__(*args, **kwargs)
        self.participants = {f"p{p.pk}": p for p in participants}
        unit_picker(self.fields["responsible_unit"], municipality_id)
        choices = [("", _("(none)"))]
        if me is not None and not any(p.user_id == me.pk for p in participants):
            choices.append((self.ME, _("Me (%(name)s)") % {
                "name": me.get_full_name() or me.get_username()}))
        choices += [(key, str(p)) for key, p in self.participants.items()]
        self.fields["responsible"].choices = choices
        if own_unit is not None:
            del self.fields["responsible_unit"]
        fitting = [(o.id, o.name) for o in offers if area in o.areas]
        others = [(o.id, o.name) for o in offers if area not in o.areas]
        offer_choices = [("", _("(none)"))]
        if fitting:
            offer_choices.append((_("For this area"), fitting))
        if others:
            offer_choices.append((_("Other offers"), others))
        self.fields["offer"].choices = offer_choices
        _style(self)

    def clean_responsible(self):
        value = self.cleaned_data["responsible"]
        return self.ME if value == self.ME else self.participants.get(value)


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


class ActionUpdateForm(forms.Form):
    """Status, deadline and a progress note of one action."""

    status = forms.ChoiceField(label=_("Status"), choices=GoalAction.Status.choices)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DATE)
    note = forms.CharField(label=_("Progress note"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("What has been done, what happens next. The family "
                                       "and the coordinator see who wrote it and when."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class GoalNoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("The coordinator and the family see who wrote it "
                                       "and when."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class ParticipantForm(forms.Form):
    """A participant: a staff user, or a person without an account by name and service."""

    user = forms.ModelChoiceField(label=_("Staff with an account"), required=False,
                                  queryset=OrgUnit.objects.none(), empty_label=_("(none)"),
                                  help_text=_("Choose a colleague, or fill in the person "
                                              "without an account below."))
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    organisation = forms.CharField(label=_("Service or organisation"), max_length=150,
                                   required=False,
                                   help_text=_("For example: Strømmen skole, Knerten "
                                               "barnehage, Røde Kors Lillestrøm."))
    contact = forms.CharField(label=_("Contact (phone or e-mail)"), max_length=150,
                              required=False)

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = (
            lambda u: f"{u.get_full_name() or u.get_username()}"
                      f"{' (' + str(u.org_unit) + ')' if u.org_unit_id else ''}")
        _style(self)

    def clean(self):
        data = super().clean()
        if not data.get("user") and not (data.get("name") or "").strip():
            self.add_error("name", _("Choose a colleague or write the name of the person."))
        return data
