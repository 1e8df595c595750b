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


class CardApplicationForm(forms.Form):
    """Søk om aktivitetskort: the scheme (when there is more than one), why, and
    documentation if the family has it."""

    scheme = forms.ModelChoiceField(label=_("Card"), queryset=None, empty_label=None,
                                    widget=forms.Select(attrs={"class": "ds-input"}))
    grounds = forms.CharField(
        label=_("Why do you apply?"), max_length=4000,
        widget=forms.Textarea(attrs={"class": "ds-input", "rows": 5}),
        help_text=_("Tell us briefly about the family's situation. Only the leisure office "
                    "reads it."))
    document = forms.FileField(
        label=_("Documentation (optional)"), required=False,
        widget=forms.ClearableFileInput(attrs={"class": "ds-input",
                                               "accept": ".pdf,.jpg,.jpeg,.png"}),
        help_text=_("For example a decision or a statement. PDF, JPG or PNG, at most 5 MB."))

    def __init__(self, *args, **kwargs):
        from levekar.passes import selectors as passes_selectors

        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = passes_selectors.schemes_open_for_application()
        self.fields["scheme"].label_from_instance = lambda s: s.card_title or s.name
