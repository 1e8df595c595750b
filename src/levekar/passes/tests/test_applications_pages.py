"""The leisure office's pages for card applications: the queue with filters, registering
one for a family, deciding (with the conflict page), the documentation kept private."""

import datetime as dt
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from levekar.core.audit import Purpose
from levekar.core.models import AuditEvent
from levekar.passes import services
from levekar.passes.models import ActivityPass, CardApplication
from levekar.passes.tests.conftest import YEAR
from levekar.people.identity import synthetic_national_id
from levekar.people.services import parental_responsibility_set

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LEVEKAR_SMS_BACKEND = "levekar.core.messaging.MemorySms"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings.MEDIA_ROOT


_serial = itertools.count(300)


def _family(make_household, *, with_id=False, **kw):
    _household, (parent, child) = make_household(adults=1, children=[10], income=900_000,
                                                  **kw)
    if with_id:
        child.national_id = synthetic_national_id(child.birth_date, next(_serial))
        child.save()
    parental_responsibility_set(actor=None, parent=parent, child=child)
    return parent, child


def test_the_desk_registers_an_application_with_documentation(client_as, scheme,
                                                              make_household, media):
    _parent, child = _family(make_household, with_id=True)
    client = client_as("fritid1")

    r = client.post("/fritid/soknader/ny/", {
        "national_id": child.national_id, "scheme": scheme.pk, "year": YEAR,
        "grounds": "Ringte i dag; flyttet hit i august.",
        "document": SimpleUploadedFile("bekreftelse.png", PNG, content_type="image/png")})

    application = CardApplication.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/fritid/soknader/{application.pk}/"
    assert application.applicant is None and application.registered_by.username == "fritid1"
    download = client.get(f"/fritid/soknader/{application.pk}/dokumentasjon/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG
    assert download["Content-Type"] == "image/png"
    # The file is never under a public address.
    assert client.get(f"/media/soknader/{application.document_path}").status_code == 404
    assert AuditEvent.objects.filter(kind="pass.application.read",
                                     purpose=Purpose.PASS_APPLICATION_DOCUMENTS).exists()
    # Looking the child up by national id is audited too, naming the child.
    lookup = AuditEvent.objects.get(kind="person.lookup", actor_username="fritid1")
    assert list(lookup.subjects.values_list("person_id", flat=True)) == [child.pk]


def test_a_bad_desk_application_names_the_field_and_stores_nothing(client_as, scheme,
                                                                   make_household, media):
    _parent, child = _family(make_household, with_id=True)
    r = client_as("fritid1").post("/fritid/soknader/ny/", {
        "national_id": child.national_id, "scheme": scheme.pk, "year": YEAR, "grounds": "x",
        "document": SimpleUploadedFile("brev.docx", b"PK\x03\x04", content_type="x")})
    assert r.status_code == 200
    assert "Dokumentasjonen må være en PDF-, JPG- eller PNG-fil." in r.content.decode()
    assert CardApplication.objects.count() == 0


def test_the_queue_filters_and_reads_in_constant_queries(client_as, scheme, make_household,
                                                         media, django_assert_max_num_queries):
    client = client_as("fritid1")
    for n in range(6):
        parent, child = _family(make_household)
        application = services.card_application_create(
            actor=None, actor_name="test", scheme=scheme, year=YEAR, child=child,
            applicant=parent, grounds=f"Søknad {n}")
        if n % 2:
            services.card_application_decide(actor=None, application=application,
                                             grant=False, reason="Bor utenfor kommunen.",
                                             expected_version=1)
    with django_assert_max_num_queries(16):
        page = client.get("/fritid/soknader/").content.decode()
    assert "3 søknader" in page  # the default: received
    page = client.get("/fritid/soknader/", {"status": ""}).content.decode()
    assert "6 søknader" in page
    page = client.get("/fritid/soknader/", {"status": "refused", "q": child.last_name}
                      ).content.decode()
    assert "1 søknad" in page and child.full_name in page
    assert AuditEvent.objects.filter(kind="pass.application.read").exists()


def test_granting_from_the_page_and_a_stale_form_gets_the_conflict_page(
        client_as, scheme, make_household, media):
    parent, child = _family(make_household)
    application = services.card_application_create(
        actor=None, actor_name="test", scheme=scheme, year=YEAR, child=child,
        applicant=parent, grounds="Ny i kommunen")
    client = client_as("fritid1")
    assert "Innvilg" in client.get(f"/fritid/soknader/{application.pk}/").content.decode()

    refused = client.post(f"/fritid/soknader/{application.pk}/",
                          {"decision": "refuse", "reason": "", "version": 1})
    assert "Skriv begrunnelsen for avslaget" in refused.content.decode()

    r = client.post(f"/fritid/soknader/{application.pk}/",
                    {"decision": "grant", "reason": "", "version": 1})
    assert r.status_code == 302
    card = ActivityPass.objects.get(person=child)
    page = client.get(f"/fritid/soknader/{application.pk}/").content.decode()
    assert "Innvilget" in page and card.display_code in page

    stale = client.post(f"/fritid/soknader/{application.pk}/",
                        {"decision": "refuse", "reason": "Feil", "version": 1})
    assert stale.status_code == 409
    assert "avgjort av en annen" in stale.content.decode()
    assert ActivityPass.objects.filter(person=child).count() == 1

    letter = client.get(f"/fritid/soknader/{application.pk}/svar.pdf")
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"


def test_other_roles_are_refused_the_applications(client_as, scheme, make_household, media):
    parent, child = _family(make_household)
    application = services.card_application_create(
        actor=None, actor_name="test", scheme=scheme, year=YEAR, child=child,
        applicant=parent, grounds="Ny i kommunen")
    for username in ("nav1", "utlan1", "koordinator1"):
        client = client_as(username)
        for path in ("/fritid/soknader/", f"/fritid/soknader/{application.pk}/",
                     f"/fritid/soknader/{application.pk}/dokumentasjon/"):
            assert client.get(path).status_code in (302, 403), (username, path)
    assert application.created_at.date() <= dt.date.today()
