"""Forms of meetings, tasks and session feedback."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from levekar.core.models import OrgUnit
from levekar.followup import instruments
from levekar.followup.forms._common import DATE, TIME, _style, unit_picker
from levekar.followup.models import (
    InfoPart,
    Meeting,
)
from levekar.followup.selectors import member_label


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=Meeting.Kind.choices)
    date = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    time = forms.TimeField(label=pgettext_lazy("followup", "Time"), widget=TIME,
                            initial=dt.time(10, 0))
    status = forms.ChoiceField(label=_("Status"), choices=Meeting.Status.choices)
    part = forms.ChoiceField(
        label=pgettext_lazy("meeting", "About"), required=False,
        help_text=_("Services read the notes only where the family's consent covers this part."))
    place = forms.CharField(label=pgettext_lazy("followup", "Place"), max_length=200,
                            required=False)
    members = forms.MultipleChoiceField(label=_("Family members present"), required=False,
                                        widget=forms.CheckboxSelectMultiple)
    units = forms.ModelMultipleChoiceField(label=_("Participating units"), required=False,
                                           queryset=OrgUnit.objects.none(),
                                           widget=forms.CheckboxSelectMultiple)
    notes = forms.CharField(label=pgettext_lazy("followup", "Notes"), required=False,
                            max_length=10000,
                            widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, members, parts=None, municipality_id=None, **kwargs):
        """``parts``: a service partner's form — only the parts their consent opens, one
        of them required, and no unit field (their own unit takes part)."""
        super().__init__(*args, **kwargs)
        self.member_map = {str(m.pk): m for m in members}
        self.fields["members"].choices = [(str(m.pk), member_label(m)) for m in members]
        if parts is None:
            general = _("General (only the coordinator reads the notes)")
            self.fields["part"].choices = [("", general), *InfoPart.choices]
            unit_picker(self.fields["units"], municipality_id)
        else:
            self.fields["part"].choices = [(v, label) for v, label in InfoPart.choices
                                           if v in parts]
            self.fields["part"].required = True
            del self.fields["units"]
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

    def __init__(self, *args, municipality_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        unit_picker(self.fields["responsible_unit"], municipality_id)
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
