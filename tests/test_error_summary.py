"""Every form that includes the shared ``levekar/_form_errors.html`` opens with
Designsystemet's ErrorSummary after a refused save: a heading and a link per problem to
the field it names."""

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from levekar.followup.tests.case_fixtures import *  # noqa: F403


class _Form(forms.Form):
    name = forms.CharField(label="Navn", error_messages={"required": "Skriv inn navnet."})
    place = forms.CharField(label="Sted", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput,
                                 error_messages={"required": "Skjemaet mangler versjon."})

    def clean(self):
        raise forms.ValidationError("Familieløpet er avsluttet.")


def test_a_refused_form_lists_each_problem_with_a_link_to_its_field():
    form = _Form(data={"place": "Strømmen"})
    assert not form.is_valid()
    with translation.override("nb"):
        html = render_to_string("levekar/_form_errors.html", {"form": form})
    assert 'class="ds-error-summary"' in html and "autofocus" in html
    assert "Rett dette før du lagrer:" in html
    assert '<a class="ds-link" href="#id_name">Navn: Skriv inn navnet.</a>' in html
    assert "<li>Familieløpet er avsluttet.</li>" in html
    assert "<li>Skjemaet mangler versjon.</li>" in html      # hidden: no dead link
    assert "#id_place" not in html


def test_a_valid_or_unbound_form_shows_no_summary():
    assert "ds-error-summary" not in render_to_string("levekar/_form_errors.html",
                                                      {"form": _Form()})


@pytest.mark.django_db
def test_a_real_page_opens_with_the_summary(client_as, journey):
    from django.urls import reverse

    url = reverse("followup:case_status", kwargs={"case_pk": journey["case"].pk})
    page = client_as("koordinator1").post(url, {"status": "closed", "reason": ""})
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("ds-error-summary") < html.index('name="reason"')
    assert 'href="#id_reason"' in html
