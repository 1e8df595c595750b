from django import forms
from django.utils.translation import gettext_lazy as _

from levekar.lending import selectors as lending_selectors
from levekar.lending.models import LendingPoint


class ReserveForm(forms.Form):
    item = forms.ModelChoiceField(label=_("Equipment"), queryset=None,
                                  empty_label=_("Choose equipment"))
    location = forms.ModelChoiceField(label=_("Pick up at"), queryset=None,
                                      empty_label=_("Choose a lending point"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = lending_selectors.reservable_items()
        self.fields["location"].queryset = LendingPoint.objects.filter(active=True) \
            .order_by("order", "name")
