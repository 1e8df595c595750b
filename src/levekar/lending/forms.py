"""Forms of the equipment library: public search, desk work, catalogue upkeep."""


from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from levekar.lending.lib import validate_photo
from levekar.lending.models import Borrower, Category, Condition, Item, LendingPoint


class DsFormMixin:
    """Designsystemet's class on every widget, and no colon after labels."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # This version of Designsystemet styles inputs, selects, textareas, radios and
            # checkboxes with the one class.
            field.widget.attrs.setdefault("class", "ds-input")


class CatalogueSearchForm(DsFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        help_text=_("For example «ski 130», «helmet» or «tent»."),
                        widget=forms.TextInput(attrs={"type": "search",
                                                      "autocomplete": "off"}))
    category = forms.ChoiceField(label=_("Category"), required=False)
    size = forms.CharField(label=_("Size"), required=False, max_length=20,
                           help_text=_("For example 130, 38 or M."))
    age = forms.IntegerField(label=_("Age of the user"), required=False, min_value=0,
                             max_value=120, widget=forms.NumberInput(attrs={"inputmode":
                                                                            "numeric"}))

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories"))] + [
            (c.code, c.label) for c in categories]


class PointForm(DsFormMixin, forms.Form):
    point = forms.ModelChoiceField(label=_("Lending point"), queryset=LendingPoint.objects.none(),
                                   empty_label=None)

    def __init__(self, *args, points=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].queryset = LendingPoint.objects.filter(
            pk__in=[p.pk for p in points])


class BorrowerSearchForm(DsFormMixin, forms.Form):
    q = forms.CharField(label=_("Find borrower"), max_length=100, required=False,
                        help_text=_("Mobile number, card number or name."),
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))


class BorrowerForm(DsFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Who is borrowing"), choices=Borrower.Kind.choices,
                             initial=Borrower.Kind.PERSON, widget=forms.RadioSelect)
    name = forms.CharField(label=_("Name"), max_length=200)
    phone = forms.CharField(label=_("Mobile phone"), max_length=30, required=False,
                            widget=forms.TextInput(attrs={"type": "tel",
                                                          "autocomplete": "off"}))
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=254)
    birth_year = forms.IntegerField(label=_("Year of birth (optional)"), required=False,
                                    min_value=1900, max_value=2100)
    institution_kind = forms.ChoiceField(
        label=_("Kind of institution"), required=False,
        choices=[("", _("Not an institution")), *Borrower.InstitutionKind.choices])
    contact_person = forms.CharField(label=_("Contact person (institutions)"), max_length=200,
                                     required=False)
    language = forms.ChoiceField(label=_("Language for messages"), choices=settings.LANGUAGES,
                                 initial="nb")
    # Shown only after the desk was told the mobile number is someone else's already.
    shared_phone = forms.BooleanField(
        label=_("This is someone else who shares the number: register anyway"),
        required=False)

    def __init__(self, *args, editing: Borrower | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].help_text = _("A mobile number or an e-mail is needed for "
                                           "reminders.")
        if editing is not None:
            del self.fields["kind"]
            del self.fields["institution_kind"]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Borrower.Kind.INSTITUTION and not data.get("institution_kind"):
            self.add_error("institution_kind", _("Choose what kind of institution it is."))
        return data


class ChildForm(DsFormMixin, forms.Form):
    name = forms.CharField(label=_("Child's name"), max_length=200)
    birth_year = forms.IntegerField(label=_("Year of birth (optional)"), required=False,
                                    min_value=1900, max_value=2100)
    phone = forms.CharField(label=_("Child's own mobile (optional)"), max_length=30,
                            required=False, widget=forms.TextInput(attrs={"type": "tel"}))


class LendForm(DsFormMixin, forms.Form):
    copies = forms.CharField(
        label=_("Copy numbers"), max_length=2000,
        help_text=_("Scan or type the numbers on the labels, separated by spaces."),
        # The scanner types the number and Enter: focus waits here, Enter submits.
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric",
                                      "autofocus": True}))
    due_on = forms.DateField(label=_("Due date"), required=False,
                             help_text=_("Empty: the usual loan period (one week for most)."),
                             widget=forms.DateInput(attrs={"type": "date"}))
    on_behalf_of = forms.IntegerField(
        label=_("On behalf of (card number, optional)"), required=False, min_value=1,
        help_text=_("When an institution borrows for a family."))


class ClassSetForm(DsFormMixin, forms.Form):
    item = forms.ModelChoiceField(label=_("Equipment"), queryset=Item.objects.none())
    count = forms.IntegerField(label=_("Number of copies"), min_value=1, max_value=200,
                               initial=25)
    due_on = forms.DateField(label=_("Due date"), required=False,
                             widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note (e.g. activity day, class)"), max_length=300,
                           required=False)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = Item.objects.filter(pk__in=[i.pk for i in items])
        self.fields["item"].label_from_instance = lambda item: str(item)


RETURN_CHOICES = [
    (Condition.GOOD, _("Good")),
    (Condition.WORN, _("Worn")),
    (Condition.IN_REPAIR, _("Needs repair")),
]


class ReturnForm(DsFormMixin, forms.Form):
    copies = forms.CharField(
        label=_("Copy numbers"), max_length=2000,
        help_text=_("Scan or type the numbers on the labels, separated by spaces."),
        # The scanner types the number and Enter: focus waits here, Enter submits.
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric",
                                      "autofocus": True}))
    condition = forms.ChoiceField(label=_("Condition"), choices=RETURN_CHOICES,
                                  initial=Condition.GOOD, widget=forms.RadioSelect)
    damage = forms.CharField(label=_("What is damaged"), required=False, max_length=1000,
                             help_text=_("Needed when the equipment needs repair."),
                             widget=forms.Textarea(attrs={"rows": 2}))


class ReserveForm(DsFormMixin, forms.Form):
    borrower = forms.IntegerField(label=_("Borrower's card number"), min_value=1)
    location = forms.ModelChoiceField(label=_("Pick-up point"),
                                      queryset=LendingPoint.objects.none(), empty_label=None)

    def __init__(self, *args, points=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = LendingPoint.objects.filter(
            pk__in=[p.pk for p in points])


class RepairResolveForm(DsFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[
        ("repaired", _("Repaired, back in use")), ("discarded", _("Discard"))],
        widget=forms.RadioSelect, initial="repaired")
    condition = forms.ChoiceField(label=_("Condition after repair"), choices=[
        (Condition.GOOD, _("Good")), (Condition.WORN, _("Worn"))], initial=Condition.GOOD)
    note = forms.CharField(label=_("What was done"), max_length=300, required=False)


class DamageForm(DsFormMixin, forms.Form):
    description = forms.CharField(label=_("What is damaged"), max_length=1000,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class CopyForm(DsFormMixin, forms.Form):
    condition = forms.ChoiceField(label=_("Condition"), choices=[
        (Condition.GOOD, _("Good")), (Condition.WORN, _("Worn")),
        (Condition.DISCARDED, _("Discarded"))])
    # Plain choices, not a queryset: the item page shows one form per copy.
    location = forms.TypedChoiceField(label=_("Lending point"), coerce=int)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, points=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].choices = [(p.pk, p.name) for p in points]


class CopiesAddForm(DsFormMixin, forms.Form):
    count = forms.IntegerField(label=_("Number of new copies"), min_value=1, max_value=500,
                               initial=1)
    first_number = forms.IntegerField(label=_("First copy number (optional)"), required=False,
                                      min_value=1,
                                      help_text=_("Empty: the next free numbers."))
    location = forms.ModelChoiceField(label=_("Lending point"),
                                      queryset=LendingPoint.objects.all(), empty_label=None)


class ItemForm(DsFormMixin, forms.ModelForm):
    photo_upload = forms.FileField(
        label=_("Photo (optional)"), required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB."), validators=[validate_photo],
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.webp"}))
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)

    class Meta:
        model = Item
        fields = ["category", "name", "name_en", "size", "age_min", "age_max", "description",
                  "description_en", "class_set", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "description_en": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.order_by("order", "name")
        if not (self.instance and self.instance.photo):
            del self.fields["remove_photo"]


class StatsForm(DsFormMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]



class InventoryImportForm(DsFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Inventory file (CSV or XLSX)"),
        help_text=_("One row per copy; the first row names the columns."))

    def clean_file(self):
        from levekar.lending.services.imports import MAX_UPLOAD_BYTES

        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("The file must be a CSV file (.csv) or an Excel "
                                          "workbook (.xlsx)."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 32 MB."))
        return upload
