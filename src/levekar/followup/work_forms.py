"""Forms of the work part: plan, goals, actions, the child's voice, the mapping (built from
the instrument data), meetings, tasks and session feedback."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from levekar.core.models import OrgUnit
from levekar.followup import instruments
from levekar.followup.models import (
    Assessment,
    CaseMember,
    ChildVoice,
    Goal,
    GoalAction,
    Meeting,
    PlanArea,
)
from levekar.followup.work_selectors import member_label

DATE = forms.DateInput(attrs={"type": "date", "class": "ds-input"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time", "class": "ds-input"}, format="%H:%M")


def _style(form: forms.Form) -> None:
    """Designsystemet's ``ds-input`` on every widget (it styles inputs, selects, textareas
    and checkboxes alike in Designsystemet 1.x)."""
    for f in form.fields.values():
        f.widget.attrs.setdefault("class", "ds-input")


def _units():
    return OrgUnit.objects.filter(active=True).order_by("name")


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = _units()
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


# --- the mapping form, built from the instrument ------------------------------------------------

NULL_BOOL = [("", _("Not answered")), ("true", _("Yes")), ("false", _("No"))]


def _item_field(inst: instruments.Instrument, item: instruments.Item):
    label = instruments.tr(item.label)
    help_text = instruments.tr(item.help) if item.help else ""
    if item.unit:
        label = f"{label} ({item.unit})"
    if item.type == "integer":
        return forms.IntegerField(label=label, required=False, min_value=item.min,
                                  max_value=item.max, help_text=help_text,
                                  widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    if item.type == "ladder":
        choices = [("", "–")] + [(str(n), str(n)) for n in range(0, 11)]
        return forms.TypedChoiceField(label=label, required=False, choices=choices, coerce=int,
                                      empty_value=None, help_text=help_text)
    if item.type == "boolean":
        return forms.TypedChoiceField(label=label, required=False, choices=NULL_BOOL,
                                      coerce=lambda v: v == "true", empty_value=None,
                                      help_text=help_text)
    if item.type == "choice":
        choices = [("", "–")] + [(str(o.value), instruments.tr(o.label)) for o in item.options]
        return forms.ChoiceField(label=label, required=False, choices=choices, help_text=help_text)
    if item.type == "multichoice":
        return forms.MultipleChoiceField(
            label=label, required=False, help_text=help_text,
            choices=[(str(o.value), instruments.tr(o.label)) for o in item.options],
            widget=forms.CheckboxSelectMultiple)
    return forms.CharField(label=label, required=False, max_length=item.max_length,
                           help_text=help_text, widget=forms.Textarea(attrs={"rows": 2}))


def _to_value(item: instruments.Item, raw):
    """A cleaned form value as the answers document stores it."""
    if raw in (None, "", []):
        return None
    if item.type == "choice":
        opt = next((o for o in item.options if str(o.value) == raw), None)
        return opt.value if opt else None
    if item.type == "multichoice":
        return [o.value for o in item.options if str(o.value) in raw]
    return raw


def _to_initial(item: instruments.Item, value):
    if value is None:
        return None
    if item.type == "boolean":
        return "true" if value else "false"
    if item.type == "multichoice":
        return [str(v) for v in value]
    if item.type in ("choice", "ladder"):
        return str(value)
    return value


class AssessmentForm(forms.Form):
    """One field per instrument item (per person for person sections); ``layout`` groups the
    bound fields by section and person for the template; ``answers()`` builds the document."""

    kind = forms.ChoiceField(label=_("Kind of mapping"), choices=Assessment.Kind.choices)
    performed_on = forms.DateField(label=_("Date of the mapping"), widget=DATE,
                                   initial=timezone.localdate)

    def __init__(self, *args, instrument: instruments.Instrument, members: list[CaseMember],
                 answers: dict | None = None, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument, self.members = instrument, members
        if editing:
            del self.fields["kind"]
        adults = [m for m in members if m.role != CaseMember.Role.CHILD]
        children = [m for m in members if m.role == CaseMember.Role.CHILD]
        answers = answers or {"household": {
            "persons": len(members) or None,
            "single_parent": (len(adults) == 1 and bool(children)) if members else None}}
        self._plan = []  # (section, [(member|None, [field names], [(scale, [names])])])
        for section in instrument.sections:
            people = [None] if section.scope == "household" else (
                children if section.scope == "child" else adults)
            groups = []
            for m in people:
                prefix = "h" if m is None else f"p{m.person_id}"
                own = (answers.get("household", {}) if m is None else
                       answers.get("persons", {}).get(str(m.person_id), {}))
                names, scales = [], []
                for item in section.items:
                    if item.type == "scale":
                        scale = instrument.scales[item.scale]
                        values = own.get(item.id) or [None] * len(scale.items)
                        snames = []
                        for n, (_sid, slabel) in enumerate(scale.items):
                            name = f"{prefix}__{item.id}__{n}"
                            self.fields[name] = forms.TypedChoiceField(
                                label=f"{n + 1}. {instruments.tr(slabel)}", required=False,
                                coerce=int, empty_value=None,
                                choices=[("", "–")] + [(str(o.value), instruments.tr(o.label))
                                                       for o in scale.options])
                            if values[n] is not None:
                                self.fields[name].initial = str(values[n])
                            snames.append(name)
                        scales.append((scale, item, snames))
                        continue
                    name = f"{prefix}__{item.id}"
                    self.fields[name] = _item_field(instrument, item)
                    self.fields[name].initial = _to_initial(item, own.get(item.id))
                    names.append(name)
                groups.append((m, names, scales))
            if any(g[1] or g[2] for g in groups):
                self._plan.append((section, groups))
        _style(self)

    @property
    def layout(self) -> list[dict]:
        out = []
        for section, groups in self._plan:
            out.append({
                "title": instruments.tr(section.title), "scope": section.scope,
                "groups": [{
                    "legend": None if m is None else member_label(m),
                    "fields": [self[n] for n in names],
                    "scales": [{"title": instruments.tr(scale.title),
                                "help": instruments.tr(scale.help) if scale.help else "",
                                "fields": [self[n] for n in snames]}
                               for scale, _item, snames in scales],
                } for m, names, scales in groups]})
        return out

    def answers(self) -> dict:
        data = self.cleaned_data
        doc: dict = {"household": {}, "persons": {}}
        for section, groups in self._plan:
            for m, _names, scales in groups:
                prefix = "h" if m is None else f"p{m.person_id}"
                target = doc["household"] if m is None else doc["persons"].setdefault(
                    str(m.person_id), {})
                for item in section.items:
                    if item.type == "scale":
                        continue
                    value = _to_value(item, data.get(f"{prefix}__{item.id}"))
                    if value is not None:
                        target[item.id] = value
                for _scale, item, snames in scales:
                    values = [data.get(n) for n in snames]
                    if any(v is not None for v in values):
                        target[item.id] = values
        doc["persons"] = {k: v for k, v in doc["persons"].items() if v}
        return doc


# --- meetings, tasks, feedback --------------------------------------------------------------

class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=Meeting.Kind.choices)
    date = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    time = forms.TimeField(label=_("Time"), widget=TIME, initial=dt.time(10, 0))
    status = forms.ChoiceField(label=_("Status"), choices=Meeting.Status.choices)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    members = forms.MultipleChoiceField(label=_("Family members present"), required=False,
                                        widget=forms.CheckboxSelectMultiple)
    units = forms.ModelMultipleChoiceField(label=_("Participating units"), required=False,
                                           queryset=OrgUnit.objects.none(),
                                           widget=forms.CheckboxSelectMultiple)
    notes = forms.CharField(label=_("Notes"), required=False, max_length=10000,
                            widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.member_map = {str(m.pk): m for m in members}
        self.fields["members"].choices = [(str(m.pk), member_label(m)) for m in members]
        self.fields["units"].queryset = _units()
        _style(self)

    def clean_members(self):
        return [self.member_map[k] for k in self.cleaned_data["members"]]

    def starts_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.cleaned_data["date"],
                                                       self.cleaned_data["time"]))


class TaskForm(forms.Form):
    description = forms.CharField(label=_("Task"), max_length=300)
    responsible_unit = forms.ModelChoiceField(label=_("Responsible unit"),
                                              queryset=OrgUnit.objects.none(), required=False,
                                              empty_label=_("(none)"))
    responsible_person = forms.CharField(label=_("Responsible person"), max_length=150,
                                         required=False)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = _units()
        _style(self)


class FeedbackForm(forms.Form):
    """The short feedback at the end of a meeting: one person, both measures, 0–10 each."""

    member = forms.ChoiceField(label=_("Who answers"))

    def __init__(self, *args, instrument: instruments.Instrument, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.member_map = {str(m.pk): m for m in members}
        self.fields["member"].choices = [(str(m.pk), member_label(m)) for m in members]
        self.groups = []
        for kind in ("outcome", "alliance"):
            measure = instrument.measure(kind)
            names = []
            for n, item in enumerate(measure.items):
                name = f"{kind}_{n}"
                low, high = instruments.tr(item.get("low")), instruments.tr(item.get("high"))
                scale = f"{measure.min} = {low}, {measure.max} = {high}" if low else ""
                self.fields[name] = forms.TypedChoiceField(
                    label=instruments.tr(item["label"]), coerce=int, help_text=scale,
                    choices=[("", "–")] + [(str(v), str(v))
                                           for v in range(measure.min, measure.max + 1)])
                names.append(name)
            self.groups.append((measure, names))
        _style(self)

    @property
    def layout(self):
        return [{"title": instruments.tr(m.title),
                 "help": instruments.tr(m.help) if m.help else "",
                 "fields": [self[n] for n in names]} for m, names in self.groups]

    def clean_member(self):
        return self.member_map[self.cleaned_data["member"]]

    def scores(self, kind: str) -> list[int]:
        measure = self.instrument.measure(kind)
        return [self.cleaned_data[f"{kind}_{n}"] for n in range(len(measure.items))]
