"""What the forms of every topic share: Designsystemet styling, date and time widgets,
the units to choose from and the members as choices."""

from __future__ import annotations

from django import forms

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


def quiet(form_or_formset):
    """Show submitted values again without validating them (the "More persons" button
    re-renders the page; nothing was meant to be saved, so nothing is an error yet)."""
    from django.forms.utils import ErrorDict, ErrorList

    if isinstance(form_or_formset, forms.BaseFormSet):
        form_or_formset._errors = []
        form_or_formset._non_form_errors = ErrorList()
        for f in form_or_formset.forms:
            quiet(f)
    else:
        form_or_formset._errors = ErrorDict()
    return form_or_formset


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


def _units():
    return OrgUnit.objects.filter(active=True).order_by("name")
