from django import forms
from django.utils.translation import gettext_lazy as _

from levekar.lending import selectors as lending_selectors
from levekar.lending.models import LendingPoint


class ReserveForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Equipment"), queryset=None,
                                  empty_label=_("Choose equipment"),
                                  widget=forms.Select(attrs={"class": "ds-input"}))
    location = forms.ModelChoiceField(label=_("Pick up at"), queryset=None,
                                      empty_label=_("Choose a lending point"),
                                      widget=forms.Select(attrs={"class": "ds-input"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = lending_selectors.reservable_items()
        self.fields["location"].queryset = LendingPoint.objects.filter(active=True) \
            .order_by("order", "name")


class ConsentGiveForm(forms.Form):
    """Give consent to one service for the parts the reader decides over."""

    unit = forms.ModelChoiceField(label=_("Service"), queryset=None,
                                  empty_label=_("Choose a service"),
                                  widget=forms.Select(attrs={"class": "ds-input"}))
    parts = forms.MultipleChoiceField(
        label=_("What the service may see"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "ds-input"}))

    def __init__(self, *args, reader, **kwargs):
        from levekar.followup.models import InfoPart
        from levekar.followup.selectors import consent_units

        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = consent_units()
        self.fields["parts"].choices = [(p, InfoPart(p).label) for p in reader.own_parts()]
