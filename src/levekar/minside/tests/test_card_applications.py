"""Søk om aktivitetskort on Min side: only for the children the register says the citizen
has parental responsibility for; anything else is "Ingen tilgang" with an audit row."""

import datetime as dt

import pytest

from levekar.core.models import AuditEvent
from levekar.minside.tests.factories import residents
from levekar.minside.tests.idp_fixtures import *  # noqa: F403
from levekar.minside.tests.idp_fixtures import HttpCitizen
from levekar.passes.models import CardApplication

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _logged_in(live_server, person):
    citizen = HttpCitizen(live_server)
    assert citizen.log_in(person.national_id).status_code == 302
    citizen.http.get(f"{live_server.url}/min-side/")
    return citizen, citizen.http.cookies.get("csrftoken")


def _post(citizen, live_server, path, csrf, data=None, files=None):
    return citizen.http.post(f"{live_server.url}{path}",
                             data={"csrfmiddlewaretoken": csrf, **(data or {})}, files=files,
                             headers={"Referer": live_server.url}, allow_redirects=False)


def test_the_application_pages_are_refused_outside_the_citizens_children(
        live_server, minside_settings, demo_org, tmp_path, settings):
    """Every citizen × every application address: own children's pages answer, the rest
    is "Ingen tilgang" with one audit row each, and nothing is applied for."""
    from levekar.passes import services as passes
    from levekar.passes.models import Scheme

    settings.MEDIA_ROOT = tmp_path
    state = residents(demo_org, with_holiday_place=False)
    kari, per, jonas = state["kari"], state["per"], state["jonas"]
    per_application = passes.card_application_create(
        actor=None, actor_name="test", scheme=Scheme.objects.get(code="fritidskort"),
        year=dt.date.today().year, child=per, applicant=kari,
        grounds="Flyttet hit i høst.")
    own = {
        "jonas": {f"/min-side/person/{c.pk}/sok-aktivitetskort/" for c in state["children"]},
        "kari": {f"/min-side/person/{per.pk}/sok-aktivitetskort/",
                 f"/min-side/soknad/{per_application.pk}/"},
        "ola": set(),
    }
    addresses = sorted(set().union(*own.values())
                       | {f"/min-side/person/{p.pk}/sok-aktivitetskort/"
                          for p in (jonas, kari)})  # nobody applies for an adult
    before = CardApplication.objects.count()
    for who, allowed in own.items():
        citizen, csrf = _logged_in(live_server, state[who])
        for path in addresses:
            denied_before = AuditEvent.objects.filter(action=AuditEvent.Action.DENIED,
                                                      path=path).count()
            r = citizen.http.get(f"{live_server.url}{path}", allow_redirects=False)
            posted = None
            if path not in allowed and "sok-aktivitetskort" in path:
                posted = _post(citizen, live_server, path, csrf,
                               {"scheme": per_application.scheme_id, "grounds": "Forsøk"})
            denied = AuditEvent.objects.filter(action=AuditEvent.Action.DENIED,
                                               path=path).count() - denied_before
            if path in allowed:
                assert r.status_code == 200 and denied == 0, (who, path, r.status_code)
            else:
                assert r.status_code == 403 and "Ingen tilgang" in r.text, (who, path)
                assert denied == (2 if posted is not None else 1), (who, path)
                if posted is not None:
                    assert posted.status_code == 403
    assert CardApplication.objects.count() == before


def test_a_parent_applies_with_documentation_gets_a_receipt_and_a_clear_no_to_a_duplicate(
        live_server, minside_settings, demo_org, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    state = residents(demo_org, with_holiday_place=False)
    kari, per = state["kari"], state["per"]
    citizen, csrf = _logged_in(live_server, kari)
    overview = citizen.http.get(f"{live_server.url}/min-side/").text
    assert "Søk om aktivitetskort" in overview
    path = f"/min-side/person/{per.pk}/sok-aktivitetskort/"
    from levekar.passes.models import Scheme

    scheme = Scheme.objects.get(code="fritidskort")

    refused = _post(citizen, live_server, path, csrf,
                    {"scheme": scheme.pk, "grounds": "Ny i kommunen"},
                    files={"document": ("program.exe", b"MZ\x90\x00", "application/pdf")})
    assert refused.status_code == 200
    assert "Dokumentasjonen må være en PDF-, JPG- eller PNG-fil." in refused.text
    assert CardApplication.objects.count() == 0

    r = _post(citizen, live_server, path, csrf, {"scheme": scheme.pk, "grounds": "Ny i kommunen"},
              files={"document": ("vedtak.pdf", PDF, "application/pdf")})
    assert r.status_code == 302
    application = CardApplication.objects.get()
    assert (application.child, application.applicant, application.status) == (
        per, kari, "received")
    assert r.headers["Location"] == f"/min-side/soknad/{application.pk}/"
    receipt = citizen.http.get(f"{live_server.url}{r.headers['Location']}").text
    assert "Vi mottok søknaden" in receipt and "mottatt, ikke avgjort ennå" in receipt
    assert (tmp_path / "soknader" / application.document_path).read_bytes() == PDF

    overview = citizen.http.get(f"{live_server.url}/min-side/").text
    assert "Søknad om Fritidskort" in overview and "Søk om aktivitetskort" not in overview

    again = _post(citizen, live_server, path, csrf, {"scheme": scheme.pk, "grounds": "Igjen"})
    assert again.status_code == 200
    assert "Det er allerede sendt en søknad om Fritidskort" in again.text
    assert CardApplication.objects.count() == 1
