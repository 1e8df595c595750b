"""Letters read back from the PDF: the household's language, the cards, no stigma."""

import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from levekar.core.models import AuditEvent
from levekar.passes import codes
from levekar.passes.models import ActivityPass
from levekar.passes.services import (
    club_create,
    pass_letter_pdf,
    passes_issue,
    reminder_letter_pdf,
    reminders_send,
)
from levekar.passes.tests.conftest import YEAR

# Words that would tell the reader (or anyone who sees the letter or card) why the
# household got it. None may appear, in either language.
STIGMA = [
    "fattig", "lavinntekt", "lav inntekt", "inntekt", "økonomi", "trang", "sosialhjelp",
    "stønad", "støtte", "nav", "vanskeligstilt",
    "poverty", "poor", "low income", "low-income", "income", "deprived", "hardship",
    "welfare", "benefit", "disadvantaged",
]


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    # One space between words, whatever line breaks the layout made.
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def assert_no_stigma(text: str) -> None:
    words = text.lower()
    found = [w for w in STIGMA if re.search(rf"\b{re.escape(w)}", words)]
    assert found == [], found


@pytest.fixture
def issued(scheme, make_household):
    nb = make_household(children=[10, 7], income=150_000, language="nb")
    en = make_household(adults=1, children=[12], income=150_000, language="en")
    passes_issue(scheme=scheme, year=YEAR)
    return nb, en


def test_the_letter_is_in_norwegian_with_every_childs_card(scheme, issued, leisure_office):
    (household, people) = issued[0]
    text = text_of(pass_letter_pdf(household=household, scheme=scheme, year=YEAR,
                                   actor=leisure_office))
    assert f"Fritidskort for {YEAR}" in text
    assert "Ta med kortet til laget eller foreningen" in text
    assert "inntil 1 000 kroner per barn" in text
    for p in ActivityPass.objects.filter(household=household):
        assert p.person.full_name in text
        assert codes.display(p.code) in text
    assert people[0].full_name in text  # addressed to the adults
    assert_no_stigma(text)
    event = AuditEvent.objects.filter(action="export", object_type="people.household").get()
    assert set(event.subjects.values_list("person_id", flat=True)) >= {
        p.person_id for p in ActivityPass.objects.filter(household=household)}


def test_the_letter_is_in_english_when_the_household_prefers_it(scheme, issued):
    household, _people = issued[1]
    text = text_of(pass_letter_pdf(household=household, scheme=scheme, year=YEAR))
    assert f"Your Fritidskort for {YEAR}" in text
    assert "Take the card to the club or association" in text
    assert f"Valid until 31.12.{YEAR}" in text
    assert "Kultur og fritid" not in text
    assert_no_stigma(text)


def test_the_reminder_letter_lists_clubs_near_the_household(scheme, issued, municipality,
                                                           zones):
    club_create(municipality=municipality, name="Strømmen IF", zone=zones["3205-03"],
                activities="Fotball og håndball")
    club_create(municipality=municipality, name="Blaker IL", zone=zones["3205-14"],
                activities="Ski")
    # The day the cards were issued in Oslo (the service compares local dates): between
    # midnight in Oslo and midnight UTC, issued_at.date() would be the day before.
    issued_on = timezone.localdate(ActivityPass.objects.first().issued_at)
    run = reminders_send(scheme=scheme, year=YEAR, issued_before=issued_on)
    household, _people = issued[0]
    text = text_of(reminder_letter_pdf(run=run, household=household))
    assert "Har dere funnet en aktivitet ennå?" in text
    assert "Strømmen IF" in text and "Fotball og håndball" in text
    assert "Blaker IL" not in text
    assert_no_stigma(text)
    english = text_of(reminder_letter_pdf(run=run, household=issued[1][0]))
    assert "Have you found an activity yet?" in english
    assert_no_stigma(english)


def test_the_office_downloads_one_households_letter(client_as, scheme, issued):
    household, _people = issued[0]
    client = client_as("fritid1")
    page = client.get(f"/fritid/ordninger/{scheme.code}/{YEAR}/brev/").content.decode()
    assert f"/fritid/ordninger/{scheme.code}/{YEAR}/brev/{household.pk}.pdf" in page
    response = client.get(f"/fritid/ordninger/{scheme.code}/{YEAR}/brev/{household.pk}.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "Hei!" in text_of(response.content)
    assert client_as("nav1").get(
        f"/fritid/ordninger/{scheme.code}/{YEAR}/brev/{household.pk}.pdf").status_code == 403
