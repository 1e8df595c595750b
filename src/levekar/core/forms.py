from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from levekar.core.audit_kinds import AuditKind
from levekar.core.models import AuditEvent


class LoginForm(AuthenticationForm):
    """Django's login form with bounded fields and Norwegian messages."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        error_messages={"max_length": _("The username can have at most 150 characters.")},
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username",
                                      "class": "ds-input"}),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=256,
        strip=False,
        error_messages={"max_length": _("The password can have at most 256 characters.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password",
                                          "class": "ds-input"}),
    )
    error_messages = {
        "invalid_login": _("Wrong username or password. Check both and try again."),
        "inactive": _("This account is deactivated. Contact your administrator."),
        "sso_required": _("Your role must log in with the municipality's login, not with a "
                          "password. Use the button «Log in with the municipality's login»."),
    }

    def clean(self):
        from levekar.core.sso import REFUSED_FOR_ROLE

        try:
            return super().clean()
        except forms.ValidationError:
            # The right password of a role that must use SSO: say where to log in instead.
            if getattr(self.request, REFUSED_FOR_ROLE, False):
                raise forms.ValidationError(self.error_messages["sso_required"],
                                            code="sso_required") from None
            raise


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label=_("User"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Action"), required=False,
        choices=[("", _("All")), *AuditEvent.Action.choices],
    )
    kind = forms.ChoiceField(
        label=pgettext_lazy("audit", "What happened"), required=False,
        choices=[("", _("All")), *((k.value, k.label) for k in AuditKind if k.value)],
    )
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=100)
    person = forms.IntegerField(label=_("Person (id)"), required=False, min_value=1)
    date_from = forms.DateField(label=_("From date"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To date"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The from date must be before the to date."))
        return data


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the authenticator app"), max_length=12,
        help_text=_("Six digits. A new code comes every 30 seconds."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "autofocus": True, "class": "ds-input"}))
