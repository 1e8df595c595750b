"""Forms of the passes pages. Every input gets Designsystemet's class and a label."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from levekar.passes.models import Club, HolidayOffer, Nomination, Scheme
from levekar.people.identity import InvalidNationalId, national_id_clean
from levekar.people.models import Zone


class DsForm(forms.Form):
    """Adds Designsystemet's input class to every widget (checkboxes excepted)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                continue
            widget.attrs.setdefault("class", "ds-input")


class DsModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "ds-input")


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SchemeForm(DsModelForm):
    class Meta:
        model = Scheme
        fields = ["code", "name", "kind", "card_title", "applies_to", "annual_cap_per_child",
                  "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class CloseRuleSetForm(DsForm):
    valid_to = forms.DateField(label=_("Last day"), widget=_date_input())


class RuleSetForm(DsForm):
    """The rule set as fields; ``rules()`` makes the JSON document stored on the row."""

    valid_from = forms.DateField(label=_("Valid from"), widget=_date_input())
    valid_to = forms.DateField(label=_("Valid to"), required=False, widget=_date_input(),
                               help_text=_("Empty: until a new rule set replaces it."))
    min_age = forms.IntegerField(label=_("Youngest age"), min_value=0, max_value=25, initial=6)
    max_age = forms.IntegerField(label=_("Oldest age"), min_value=0, max_value=25, initial=17)
    reference_day = forms.RegexField(
        label=_("Reference day (MM-DD)"), regex=r"^\d{2}-\d{2}$", initial="08-01",
        help_text=_("Ages are counted on this day of the year the cards are for."),
        error_messages={"invalid": _("Write the day as MM-DD, e.g. 08-01.")})
    base_limit = forms.IntegerField(
        label=_("Income limit after tax (NOK)"), min_value=0, required=False,
        help_text=_("For a household with one child. Empty: no income test (e.g. all "
                    "children in a zone)."))
    per_extra_child = forms.IntegerField(label=_("Added per child after the first (NOK)"),
                                         min_value=0, required=False, initial=0)
    single_parent_supplement = forms.IntegerField(label=_("Added for single parents (NOK)"),
                                                  min_value=0, required=False, initial=0)
    income_year_offset = forms.TypedChoiceField(
        label=_("Income year"), coerce=int, initial=-1,
        choices=[(-1, _("The year before")), (-2, _("Two years before")),
                 (0, _("The same year"))])
    zones = forms.ModelMultipleChoiceField(
        label=_("Only these zones"), queryset=Zone.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("None chosen: the whole municipality."))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zones"].queryset = Zone.objects.filter(municipality=municipality) \
            .order_by("code")

    def rules(self) -> dict:
        d = self.cleaned_data
        rules: dict = {"child_age": {"min": d["min_age"], "max": d["max_age"]},
                       "reference_day": d["reference_day"]}
        if d.get("base_limit") is not None:
            rules["income"] = {
                "base_limit": d["base_limit"],
                "per_extra_child": d.get("per_extra_child") or 0,
                "single_parent_supplement": d.get("single_parent_supplement") or 0,
                "income_year_offset": d["income_year_offset"],
            }
        if d.get("zones"):
            rules["zones"] = [z.code for z in d["zones"]]
        return rules


class YearForm(DsForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class ClubForm(DsForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    org_number = forms.CharField(label=_("Organisation number"), max_length=11, required=False)
    account_number = forms.CharField(label=_("Account number for refunds"), max_length=13,
                                     required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    zone = forms.ModelChoiceField(label=_("Zone"), queryset=Zone.objects.none(), required=False,
                                  empty_label=_("(none)"))
    activities = forms.CharField(label=_("Activities"), max_length=300, required=False,
                                 help_text=_("Shown in reminder letters as a local offer."))

    def __init__(self, *args, municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = Zone.objects.filter(municipality=municipality) \
            .order_by("code")

    @classmethod
    def initial_for(cls, club: Club) -> dict:
        return {"name": club.name, "org_number": club.org_number,
                "account_number": club.account_number, "contact_email": club.contact_email,
                "zone": club.zone_id, "activities": club.activities}


class PassUseForm(DsForm):
    """The club's form: the code on the member's card and the fee it pays."""

    code = forms.CharField(label=_("Card code"), max_length=20,
                           help_text=_("10 characters, e.g. ABCD-EFGH-JK."),
                           widget=forms.TextInput(attrs={"autocomplete": "off",
                                                         "autocapitalize": "characters",
                                                         "spellcheck": "false"}))
    fee = forms.IntegerField(label=_("Membership fee (NOK)"), min_value=1, max_value=50_000)
    activity = forms.CharField(label=_("Activity or season"), max_length=120, required=False,
                               help_text=_("E.g. football, autumn season."))


class RejectForm(DsForm):
    reason = forms.CharField(label=_("Why it is not refunded"), max_length=200)


class ReminderForm(DsForm):
    scheme = forms.ModelChoiceField(label=_("Scheme"), queryset=Scheme.objects.none(),
                                    empty_label=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    issued_before = forms.DateField(
        label=_("Cards issued on or before"), widget=_date_input(),
        help_text=_("Cards unused since before this day get a reminder."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = Scheme.objects.filter(active=True).order_by("name")
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["issued_before"].initial = today - dt.timedelta(days=60)


class OfferForm(DsModelForm):
    class Meta:
        model = HolidayOffer
        fields = ["name", "organiser", "place", "starts_on", "ends_on", "capacity",
                  "min_child_age", "max_child_age", "description"]
        widgets = {"starts_on": _date_input(), "ends_on": _date_input(),
                   "description": forms.Textarea(attrs={"rows": 3})}


NEED_CHOICES = [
    (5, _("5 – very great need")), (4, _("4 – great need")), (3, _("3 – clear need")),
    (2, _("2 – some need")), (1, _("1 – little need")),
]


class NominationForm(DsForm):
    national_id = forms.CharField(
        label=_("National identity number of a family member"), max_length=13,
        help_text=_("Fødselsnummer or D-number of a parent or child in the household."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    need = forms.TypedChoiceField(label=_("Need"), coerce=int, choices=NEED_CHOICES,
                                  initial=3)
    persons = forms.IntegerField(
        label=_("Persons travelling"), min_value=1, max_value=20, required=False,
        help_text=_("Empty: everyone registered in the household."))
    reason = forms.CharField(label=_("Reason"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    basis = forms.ChoiceField(
        label=_("Basis for nominating"), required=False,
        choices=[("", _("Choose the basis")), *Nomination.Basis.choices],
        help_text=_("Service partners: what gives your service the right to nominate the "
                    "family."))

    def __init__(self, *args, needs_basis: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        # Asked of service partners before any lookup, so a missing basis reads the same
        # whether or not the number is registered.
        if needs_basis:
            self.fields["basis"].required = True
        else:
            del self.fields["basis"]
    shares_contact = forms.BooleanField(
        label=_("The family agrees that the organiser gets its phone, e-mail, address and "
                "transport need (ask the family; without it the organiser gets a name only)"),
        required=False)
    transport_need = forms.CharField(
        label=_("Transport need"), max_length=300, required=False,
        help_text=_("For example: needs a ride from Lillestrøm station, wheelchair."))

    def clean_national_id(self):
        try:
            return national_id_clean(self.cleaned_data["national_id"])
        except InvalidNationalId as exc:
            raise forms.ValidationError(str(exc)) from exc


class AllocateForm(DsForm):
    seed = forms.IntegerField(
        label=_("Lottery seed (optional)"), required=False, min_value=0, max_value=2**62,
        help_text=_("Empty: a random seed is drawn and recorded."))


class DeclineForm(DsForm):
    reason = forms.CharField(label=_("Note"), max_length=300, required=False)


class MoveForm(DsForm):
    to_position = forms.IntegerField(label=_("New place in the waitlist"), min_value=1)
    reason = forms.CharField(label=_("Reason for the move"), max_length=300)


class CardSearchForm(DsForm):
    q = forms.CharField(label=_("Child's name, address or card code"), max_length=100,
                        required=False)


class BlockCardForm(DsForm):
    reason = forms.CharField(label=_("Why the card is blocked"), max_length=200,
                             help_text=_("For example: lost, stolen, broken."))
    confirm = forms.BooleanField(
        label=_("I understand that the old code stops working at once"), required=True)


class ManualCardForm(DsForm):
    national_id = forms.CharField(label=_("The child's national identity number"),
                                  max_length=20)
    scheme = forms.ModelChoiceField(label=_("Scheme"), queryset=Scheme.objects.none(),
                                    empty_label=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    reason = forms.CharField(label=_("Why the card is issued by hand"), max_length=200,
                             help_text=_("For example: vouched for by NAV; moved here after "
                                         "the issuance."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = Scheme.objects.filter(active=True).order_by("name")


class HouseholdImportForm(DsForm):
    file = forms.FileField(
        label=_("Register extract (CSV)"),
        help_text=_("UTF-8, semicolon or comma separated, one row per person."))

    def clean_file(self):
        from levekar.passes.services.import_files import MAX_UPLOAD_BYTES

        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("The file must be a CSV file (.csv)."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 200 MB."))
        return upload


class ApplicationFilterForm(DsForm):
    """Filters of the queue "Søknader om aktivitetskort"."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    scheme = forms.ModelChoiceField(label=_("Scheme"), queryset=Scheme.objects.none(),
                                    required=False, empty_label=_("All schemes"))
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    q = forms.CharField(label=_("The child's name"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        from levekar.passes.models import CardApplication

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")),
                                         *CardApplication.Status.choices]
        self.fields["scheme"].queryset = Scheme.objects.filter(active=True).order_by("name")


class DeskApplicationForm(DsForm):
    """The desk registers an application on a family's behalf."""

    national_id = forms.CharField(label=_("The child's national identity number"),
                                  max_length=20)
    scheme = forms.ModelChoiceField(label=_("Scheme"), queryset=Scheme.objects.none(),
                                    empty_label=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    grounds = forms.CharField(label=_("Grounds"), max_length=4000, widget=forms.Textarea(
        attrs={"rows": 4}), help_text=_("What the family tells about why they apply."))
    document = forms.FileField(label=_("Documentation (optional)"), required=False,
                               help_text=_("PDF, JPG or PNG, at most 5 MB."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = Scheme.objects.filter(active=True).order_by("name")


class DecideApplicationForm(DsForm):
    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[("grant", pgettext_lazy("decide an application", "Grant")),
                 ("refuse", pgettext_lazy("decide an application", "Refuse"))])
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when refusing. It is quoted in the answer to the family: "
                    "write it plainly."))
    version = forms.IntegerField(widget=forms.HiddenInput)
