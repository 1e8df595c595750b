"""The mapping form, built from the instrument."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from levekar.followup import instruments
from levekar.followup.forms._common import DATE, _style
from levekar.followup.models import (
    Assessment,
    CaseMember,
)
from levekar.followup.selectors import member_label

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
        today = timezone.localdate()
        for section in instrument.sections:
            people = [None] if section.scope == "household" else (
                children if section.scope == "child" else adults)
            if section.min_age is not None:
                # The child's own part is put only to children old enough to answer it.
                people = [m for m in people if section.asks(m.person.age_on(today))]
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
                "by_child": section.respondent == "child",
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
