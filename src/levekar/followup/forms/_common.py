"""What the forms of every topic share: Designsystemet styling, date and time widgets,
the units to choose from and the members as choices."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from levekar.core.models import OrgUnit
from levekar.followup.models import (
    CaseMember,
)


class DsFormMixin:
    """Designsystemet's class on every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            w = field.widget
            # Designsystemet styles inputs, selects, textareas, radios and checkboxes
            # alike with .ds-input.
            w.attrs.setdefault("class", "ds-input")
            if isinstance(w, forms.Textarea):
                w.attrs.setdefault("rows", 3)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def as_initial(form) -> dict:
    """What was posted to a bound form, field by field and unvalidated, to show it again
    in an unbound form (``Form(initial=as_initial(bound))``): nothing is an error yet."""
    return {name: form[name].data for name in form.fields}


def member_choices(members: list[CaseMember]) -> list[tuple[str, str]]:
    return [(str(m.person_id), f"{m.person.full_name} ({m.get_role_display().lower()})")
            for m in members]


DATE = forms.DateInput(attrs={"type": "date", "class": "ds-input"}, format="%Y-%m-%d")


TIME = forms.TimeInput(attrs={"type": "time", "class": "ds-input"}, format="%H:%M")


def _style(form: forms.Form) -> None:
    """Designsystemet's ``ds-input`` on every widget (it styles inputs, selects, textareas
    and checkboxes alike in Designsystemet 1.x)."""
    for f in form.fields.values():
        f.widget.attrs.setdefault("class", "ds-input")


# Units that never answer for a family's action or take part in a meeting with them.
_NOT_FOR_FAMILIES = (OrgUnit.Kind.ADMINISTRATION,)


def _units(municipality_id: int | None = None):
    """The units a plan form offers: active, of the case's municipality when given, not
    the administration's."""
    units = OrgUnit.objects.filter(active=True).exclude(kind__in=_NOT_FOR_FAMILIES)
    if municipality_id is not None:
        units = units.filter(municipality_id=municipality_id)
    return units.order_by("name")


class UnitsByKind(forms.models.ModelChoiceIterator):
    """A unit picker's options grouped by the unit's kind (NAV, helsestasjon, skole,
    barnehage …) in the order of ``OrgUnit.Kind``, by name within a group: an
    ``<optgroup>`` in a select, a labelled group of checkboxes in a list."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list] = {}
        for unit in self.queryset:
            groups.setdefault(unit.kind, []).append(self.choice(unit))
        for kind in OrgUnit.Kind:
            if kind.value in groups:
                yield (kind.label, groups[kind.value])

    def __len__(self):
        return self.queryset.count() + (1 if self.field.empty_label is not None else 0)


def unit_picker(field, municipality_id: int | None = None) -> None:
    """Make ``field`` (a model choice field of units) offer the plan forms' units grouped
    by kind."""
    field.iterator = UnitsByKind
    field.queryset = _units(municipality_id)


def with_version(form, version: int):
    """Give an edit form the hidden version it was read at (optimistic locking). It is
    required: a POST without it — an empty POST, say — is invalid and changes nothing."""
    form.fields["version"] = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, initial=version,
        error_messages={"required": _("The form is missing its version. Open the page again "
                                      "and make the change once more.")})
    return form
