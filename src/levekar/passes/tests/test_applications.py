"""Applications for an activity card: the family applies, the leisure office decides, the
family is told (e-mail, SMS or a printed letter)."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from levekar.core import messaging
from levekar.core.errors import Conflict, InvalidInput
from levekar.core.models import AuditEvent
from levekar.passes import services
from levekar.passes.models import ActivityPass, CardApplication
from levekar.passes.tests.conftest import YEAR
from levekar.people.services import parental_responsibility_set

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def outbox(settings, tmp_path):
    settings.LEVEKAR_SMS_BACKEND = "levekar.core.messaging.MemorySms"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LEVEKAR_MINSIDE_URL = "https://kommune.example/min-side/"
    messaging.memory_outbox().clear()
    yield messaging.memory_outbox()
    messaging.memory_outbox().clear()


@pytest.fixture
def family(make_household):
    """A household over the income limit (no automatic card): a parent and a child of 10,
    with the register's parental responsibility."""
    _household, people = make_household(adults=1, children=[10], income=900_000)
    parent, child = people
    parental_responsibility_set(actor=None, parent=parent, child=child)
    return parent, child


def _apply(scheme, child, parent=None, **kw):
    return services.card_application_create(
        actor=None, actor_name="innbygger (Min side)", scheme=scheme, year=YEAR,
        child=child, applicant=parent, grounds=kw.pop("grounds", "Mistet jobben i vår."),
        **kw)


def test_applying_stores_the_application_and_its_document_privately(scheme, family, outbox,
                                                                      settings):
    parent, child = family
    document = SimpleUploadedFile("vedtak.pdf", PDF, content_type="application/pdf")

    application = _apply(scheme, child, parent, document=document)

    assert (application.status, application.applicant, application.version) == (
        "received", parent, 1)
    stored = services.document_path(application)
    assert stored is not None and stored.read_bytes() == PDF
    assert str(stored).startswith(str(settings.MEDIA_ROOT / "soknader"))
    assert application.document_name == "vedtak.pdf"
    event = AuditEvent.objects.get(kind="pass.application.create")
    assert event.actor_username == "innbygger (Min side)"
    assert set(event.subjects.values_list("person_id", flat=True)) == {parent.pk, child.pk}


def test_a_second_application_for_the_same_card_is_refused_clearly(scheme, family, outbox):
    parent, child = family
    _apply(scheme, child, parent)

    with pytest.raises(Conflict, match="Det er allerede sendt en søknad om Fritidskort"):
        _apply(scheme, child, parent)
    assert CardApplication.objects.count() == 1


@pytest.mark.parametrize(("name", "content", "message"), [
    ("virus.exe", b"MZ\x90\x00", "må være en PDF-, JPG- eller PNG-fil"),
    ("skjult.pdf", b"MZ\x90\x00 not a pdf", "ikke en gyldig PDF-, JPG- eller PNG-fil"),
    ("stor.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (5 * 1024 * 1024), "større enn 5 MB"),
])
def test_a_bad_document_is_refused_and_nothing_is_stored(scheme, family, outbox, settings,
                                                         name, content, message):
    parent, child = family
    with pytest.raises(InvalidInput, match=message) as exc:
        _apply(scheme, child, parent, document=SimpleUploadedFile(name, content))
    assert exc.value.problems[0].field == "dokumentasjon"
    assert CardApplication.objects.count() == 0
    assert not (settings.MEDIA_ROOT / "soknader").exists() or not any(
        (settings.MEDIA_ROOT / "soknader").iterdir())


def test_an_application_without_grounds_or_for_a_child_with_a_card_is_refused(
        scheme, family, outbox):
    parent, child = family
    with pytest.raises(InvalidInput, match="hvorfor dere søker"):
        _apply(scheme, child, parent, grounds="  ")
    services.pass_issue_manual(actor=None, scheme=scheme, year=YEAR, person=child,
                               reason="NAV")
    with pytest.raises(Conflict, match="har allerede Fritidskort"):
        _apply(scheme, child, parent)


def test_granting_issues_the_card_and_tells_the_parent_by_email(scheme, family, outbox,
                                                                 leisure_office):
    parent, child = family
    parent.email = "forelder@example.org"
    parent.save()
    application = _apply(scheme, child, parent)

    decided, warnings = services.card_application_decide(
        actor=leisure_office, application=application, grant=True, reason="",
        expected_version=1)

    card = ActivityPass.objects.get(person=child, scheme=scheme, year=YEAR)
    assert (decided.status, decided.activity_pass, decided.decided_by) == (
        "granted", card, leisure_office)
    assert decided.version == 2 and decided.notice_channel == "email"
    assert warnings == [] or all("31.12" in w for w in warnings)
    messaging.send_due()
    message = mail.outbox[-1]
    assert message.to == ["forelder@example.org"]
    assert card.display_code in message.body and "1000" in message.body
    assert "https://kommune.example/min-side/" in message.body
    assert AuditEvent.objects.filter(kind="pass.application.decide",
                                     object_id=str(application.pk)).exists()
    assert AuditEvent.objects.filter(kind="pass.card.issue", object_id=str(card.pk)).exists()


def test_refusing_needs_a_reason_and_tells_the_parent_by_sms(scheme, family, outbox,
                                                             leisure_office):
    parent, child = family
    parent.phone = "+4791234567"
    parent.save()
    application = _apply(scheme, child, parent)

    with pytest.raises(InvalidInput, match="begrunnelsen for avslaget") as exc:
        services.card_application_decide(actor=leisure_office, application=application,
                                         grant=False, reason=" ", expected_version=1)
    assert exc.value.problems[0].field == "begrunnelse"
    application.refresh_from_db()
    assert application.status == "received" and application.version == 1

    services.card_application_decide(actor=leisure_office, application=application,
                                     grant=False, reason="Barnet bor i en annen kommune.",
                                     expected_version=1)

    application.refresh_from_db()
    assert application.status == "refused" and application.notice_channel == "sms"
    assert not ActivityPass.objects.filter(person=child).exists()
    messaging.send_due()
    [(to, text)] = list(outbox)
    assert to == "+4791234567" and "Barnet bor i en annen kommune." in text


def test_a_second_decision_on_the_same_version_is_a_conflict(scheme, family, outbox,
                                                             leisure_office):
    parent, child = family
    application = _apply(scheme, child, parent)
    services.card_application_decide(actor=leisure_office, application=application,
                                     grant=False, reason="Bor utenfor kommunen.",
                                     expected_version=1)
    with pytest.raises(Conflict, match="avgjort av en annen"):
        services.card_application_decide(actor=leisure_office, application=application,
                                         grant=True, reason="", expected_version=1)
    assert not ActivityPass.objects.filter(person=child).exists()


@pytest.mark.parametrize(("language", "granted_words", "refused_words"), [
    ("nb", "søknaden er innvilget", "vi kan ikke innvilge"),
    ("en", "the application is granted", "we cannot grant"),
])
def test_the_letter_reads_back_in_the_households_language(
        scheme, make_household, outbox, leisure_office, language, granted_words,
        refused_words):
    """A family with neither e-mail nor mobile gets a printed letter."""
    for grant, words in ((True, granted_words), (False, refused_words)):
        _household, (parent, child) = make_household(adults=1, children=[9],
                                                      income=900_000, language=language)
        parental_responsibility_set(actor=None, parent=parent, child=child)
        application = services.card_application_create(
            actor=leisure_office, scheme=scheme, year=YEAR, child=child, applicant=None,
            grounds="Kom ikke med i utsendelsen.")
        decided, warnings = services.card_application_decide(
            actor=leisure_office, application=application, grant=grant,
            reason="" if grant else "Barnet har flyttet.", expected_version=1)
        assert decided.notice_channel == "letter"
        assert any("skriv ut brevet" in w for w in warnings)

        pdf = services.card_application_letter_pdf(application=decided, actor=leisure_office)

        text = " ".join(" ".join(p.extract_text().split())
                        for p in PdfReader(io.BytesIO(pdf)).pages)
        assert child.full_name in text and parent.full_name in text
        assert words in text.lower()
        if grant:
            assert decided.activity_pass.display_code in text
        else:
            assert "Barnet har flyttet." in text


def test_granting_when_the_child_got_the_card_meanwhile_gives_its_code(scheme, family, outbox,
                                                                     leisure_office):
    parent, child = family
    application = _apply(scheme, child, parent)
    card, _warnings = services.pass_issue_manual(actor=leisure_office, scheme=scheme,
                                                 year=YEAR, person=child, reason="NAV")

    decided, warnings = services.card_application_decide(
        actor=leisure_office, application=application, grant=True, reason="",
        expected_version=1)

    assert decided.activity_pass == card and decided.status == "granted"
    assert ActivityPass.objects.filter(person=child).count() == 1
    assert any("allerede fått kortet" in w for w in warnings)
