"""Posted-form errors: one helper for every app (core.form_errors)."""

import re
from pathlib import Path

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from levekar.core.errors import Conflict, InvalidInput, NotFound, Problem
from levekar.core.form_errors import add_problems, form_errors_as_messages


class NameForm(forms.Form):
    name = forms.CharField(label="Navn")
    phone = forms.CharField(label="Mobil", required=False)


def posted(**data):
    form = NameForm({"name": "Kari", **data})
    assert form.is_valid()
    return form


def request_with_messages():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_a_problem_naming_a_field_of_the_form_goes_beside_that_field():
    form = posted()
    add_problems(form, InvalidInput([Problem("Navnet er for langt.", field="name")]))
    assert form.errors == {"name": ["Navnet er for langt."]}
    assert not form.is_valid()


def test_a_service_field_name_in_norwegian_is_looked_up():
    form = posted()
    add_problems(form, InvalidInput([Problem("Ugyldig mobilnummer.", field="mobil")]),
                 fields={"mobil": "phone"})
    assert form.errors == {"phone": ["Ugyldig mobilnummer."]}


def test_a_problem_naming_no_field_of_the_form_goes_above_it_and_says_where():
    form = posted()
    add_problems(form, InvalidInput([Problem("må være et heltall", file="plan.yaml", line=3,
                                             field="mål")]))
    assert form.non_field_errors() == ["plan.yaml, linje 3, felt «mål»: må være et heltall"]


def test_a_conflict_goes_above_the_form_even_with_a_request():
    form = posted()
    add_problems(form, Conflict("Noen andre har endret dette."), request=request_with_messages())
    assert form.non_field_errors() == ["Noen andre har endret dette."]


def test_another_domain_error_becomes_a_page_message_when_there_is_a_request():
    form, request = posted(), request_with_messages()
    add_problems(form, NotFound("Saken er lukket."), request=request)
    assert form.errors == {}
    assert [m.message for m in get_messages(request)] == ["Saken er lukket."]
    form = posted()
    add_problems(form, NotFound("Saken er lukket."))
    assert form.non_field_errors() == ["Saken er lukket."]


def test_a_form_posted_from_another_page_reports_its_errors_as_messages():
    form, request = NameForm({}), request_with_messages()
    assert not form.is_valid()
    form_errors_as_messages(request, form)
    assert [m.message for m in get_messages(request)] == list(form.errors["name"])


def test_no_code_writes_djangos_private_errors_or_keeps_its_own_copy_of_the_helper():
    src = Path(__file__).resolve().parents[2]
    offenders = []
    for path in src.rglob("*.py"):
        if "tests" in path.parts or path.name == "form_errors.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\._errors\b", text) or re.search(
                r"for \w+ in exc\.problems:\s*\n\s*form\.add_error", text):
            offenders.append(str(path.relative_to(src)))
    assert offenders == []
