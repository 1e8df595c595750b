"""No stigma: nothing a resident, a club or an organiser sees names poverty, low income,
the follow-up or the product's internal name.

The crawl starts at the public entry points, follows every link that stays on a public
path (``LEVEKAR_PUBLIC_PATHS``), in Norwegian and in English, without logging in, and
checks that every public URL pattern of the site was reached — so a new public page is
crawled as soon as something links to it, and fails here if nothing does. Then every
generated letter (PDF), reminder (SMS and e-mail) and the organiser's list are read back.
"""

import csv
import datetime as dt
import io
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core import mail
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone
from pypdf import PdfReader

from levekar.core import messaging
from levekar.core.middleware import is_public_path
from levekar.lending import services as lending
from levekar.lending.tests.conftest import library  # noqa: F401 (fixture)
from levekar.passes import services as passes
from levekar.passes.models import ActivityPass, Household
from levekar.passes.tests.conftest import (  # noqa: F401 (fixtures)
    YEAR,
    make_household,
    municipality,
    scheme,
    zones,
)

# Words that tell the reader why a family holds a card or borrows, or name the internal
# system that works against family poverty. Matched at the start of a word, any case.
STIGMA = [
    "fattig", "familiefattig", "barnefattig", "lavinntekt", "lav inntekt", "inntekt",
    "økonomisk", "sosialhjelp", "vanskeligstilt", "oppfølging", "familieoppfølging",
    "familiekoordinator", "levekår", "bti",
    "poverty", "poor", "low income", "low-income", "income", "deprived", "hardship",
    "disadvantaged", "follow-up", "welfare",
]

CLUB_TOKEN = "hemmelig-stigma-test"


def stigma_in(text: str) -> list[str]:
    lowered = " ".join(text.lower().split())
    return [w for w in STIGMA if re.search(rf"(?<![\w-]){re.escape(w)}", lowered)]


class _Page(HTMLParser):
    """The visible text (no tags, scripts or styles) and the links of a page."""

    def __init__(self):
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"script", "style"}:
            self._skip += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "img" and attrs.get("src"):
            self.links.append(attrs["src"])
        if tag in {"img", "input", "area"}:
            # Alternative texts, placeholders and values are read by people too.
            self.text.extend(attrs.get(k) or "" for k in ("alt", "placeholder", "title",
                                                          "aria-label", "value"))
        elif attrs.get("aria-label") or attrs.get("title"):
            self.text.extend([attrs.get("aria-label") or "", attrs.get("title") or ""])

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def public_url_names() -> set[str]:
    """Every URL pattern of the site whose path lies on a public path."""
    names: set[str] = set()

    def walk(patterns, prefix, namespace):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}{p.namespace}:"
                walk(p.url_patterns, route, ns)
            elif isinstance(p, URLPattern) and p.name:
                sample = "/" + re.sub(r"<[^>]+>", "1", route).lstrip("^")
                if is_public_path(sample):
                    names.add(namespace + p.name)

    walk(get_resolver().url_patterns, "", "")
    return names


@pytest.fixture
def public_site(library, scheme, municipality, zones, make_household, settings,  # noqa: F811
                tmp_path):
    """A catalogue with a photo and an item lent out, and a club with a link and a card
    registered — so that every public page has something to show."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    lending.item_update(item=library.skis,
                        photo=SimpleUploadedFile("ski.png", png, content_type="image/png"))
    club, _token = passes.club_create(municipality=municipality, name="Strømmen IF",
                                      org_number="971277882", account_number="12345678903",
                                      zone=zones["3205-03"], activities="Fotball",
                                      token=CLUB_TOKEN)
    make_household(children=[10], income=150_000)
    passes.passes_issue(scheme=scheme, year=YEAR)
    card = ActivityPass.objects.first()
    passes.pass_use_register(club=club, code=card.code, fee=800, activity="Fotball")
    return club


@pytest.mark.parametrize("language", ["nb", "en"])
def test_no_public_page_names_poverty_the_follow_up_or_the_product(client, public_site,
                                                                   language, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    start = ["/utstyr/", "/utstyr/slik-laner-du/", f"/fritid/klubb/{CLUB_TOKEN}/",
             "/fritid/klubb/feil-lenke/", "/utstyr/999999/"]
    queue, seen, reached, found = list(start), set(start), set(), {}
    while queue and len(seen) < 400:
        path = queue.pop(0)
        response = client.get(path)
        # A page behind a resident's login (Min side) answers a visitor with a redirect.
        assert response.status_code in {200, 302, 404}, (path, response.status_code)
        if response.status_code == 302:
            continue
        reached.add(resolve(urlsplit(path).path).view_name
                    if response.status_code == 200 else "404")
        if not response["Content-Type"].startswith("text/html"):
            continue
        parser = _Page()
        parser.feed(response.content.decode())
        words = stigma_in(" ".join(parser.text))
        if words:
            found[path] = words
        for href in parser.links:
            target = urljoin(path, href)
            parts = urlsplit(target)
            if parts.netloc or not is_public_path(parts.path):
                continue
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            if link not in seen:
                seen.add(link)
                queue.append(link)
    assert found == {}
    # Every public page of the equipment library and the clubs is reached (pages behind
    # a resident's login are crawled by their own tests, logged in).
    open_pages = {n for n in public_url_names() if n.split(":")[0] in {"lending", "passes"}}
    assert open_pages <= reached, open_pages - reached
    assert "404" in reached


def _pdf_text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_no_letter_names_poverty_or_the_follow_up(scheme, make_household, language):  # noqa: F811
    household, _people = make_household(children=[10, 7], income=150_000, language=language)
    passes.passes_issue(scheme=scheme, year=YEAR)
    assert stigma_in(_pdf_text(passes.pass_letter_pdf(household=household, scheme=scheme,
                                                      year=YEAR))) == []
    run = passes.reminders_send(scheme=scheme, year=YEAR,
                                issued_before=timezone.localdate())
    assert stigma_in(_pdf_text(passes.reminder_letter_pdf(
        run=run, household=Household.objects.get(pk=household.pk)))) == []


@pytest.mark.parametrize("language", ["nb", "en"])
def test_no_reminder_sms_or_email_names_poverty_or_the_follow_up(library, lending_desk,  # noqa: F811
                                                                 settings, language):
    settings.LEVEKAR_SMS_BACKEND = "levekar.core.messaging.MemorySms"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    messaging.memory_outbox().clear()
    by_sms = lending.borrower_register(actor=lending_desk, name="Jonas Berg",
                                       phone="912 34 567", language=language)
    by_mail = lending.borrower_register(actor=lending_desk, name="Amina Said",
                                        email="amina@example.org", language=language)
    saturday = timezone.make_aware(dt.datetime(2026, 3, 7, 11, 0))
    for borrower, number in ((by_sms, 1001), (by_mail, 1002)):
        lending.loans_lend(actor=lending_desk, borrower=borrower, copy_numbers=[number],
                           location=library.library, now=saturday)
    lending.reminders_send(today=dt.date(2026, 3, 13))   # due tomorrow
    messaging.send_due()                                 # as the worker does
    lending.reminders_send(today=dt.date(2026, 3, 16))   # overdue
    messaging.send_due()
    texts = [text for _to, text in messaging.memory_outbox()]
    texts += [f"{m.subject} {m.body} {m.from_email}" for m in mail.outbox]
    assert len(texts) == 4
    assert [stigma_in(t) for t in texts] == [[]] * 4
    messaging.memory_outbox().clear()


def test_the_organisers_list_names_no_reason_or_need(municipality, make_household,  # noqa: F811
                                                     nav_partner, leisure_office):
    offer = passes.offer_create(municipality=municipality, name="Sommerleir",
                                organiser="Røde Kors", place="Haraldvangen",
                                starts_on=dt.date(YEAR + 1, 7, 5),
                                ends_on=dt.date(YEAR + 1, 7, 9), capacity=10)
    for _n in range(3):
        household, _people = make_household(adults=1, children=[9], income=150_000)
        passes.nomination_create(actor=nav_partner, offer=offer, household=household, need=4,
                                 basis="service_case",
                                 reason="Far er sykmeldt, lav inntekt", persons=2)
    passes.offer_allocate(actor=leisure_office, offer=offer, seed=7)
    text = passes.offer_list_csv(actor=leisure_office, offer=offer, which="tildelt")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) >= 2
    assert stigma_in(text) == [] and "sykmeldt" not in text.lower()


@pytest.mark.parametrize("language", ["nb", "en"])
def test_no_holiday_place_notice_names_poverty_or_the_reason(
        municipality, make_household, nav_partner, leisure_office, settings, tmp_path,  # noqa: F811
        language):
    """The SMS, e-mail and letter telling a family of its holiday places."""
    settings.LEVEKAR_SMS_BACKEND = "levekar.core.messaging.MemorySms"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    messaging.memory_outbox().clear()
    offer = passes.offer_create(municipality=municipality, name="Sommerleir",
                                organiser="Røde Kors", place="Haraldvangen",
                                starts_on=dt.date(YEAR + 1, 7, 5),
                                ends_on=dt.date(YEAR + 1, 7, 9), capacity=10)
    nominations = []
    for contact in ({"email": "kari@example.org"}, {"phone": "+4791234567"}, {}):
        household, people = make_household(adults=1, children=[9], income=150_000,
                                            language=language)
        for field, value in contact.items():
            setattr(people[0], field, value)
        people[0].save()
        nominations.append(passes.nomination_create(
            actor=nav_partner, offer=offer, household=household, need=4,
            basis="service_case", reason="Far er sykmeldt, lav inntekt", persons=2))
    passes.offer_allocate(actor=leisure_office, offer=offer, seed=7)
    result = passes.holiday_notices_send(offer=offer)
    messaging.send_due()
    texts = [text for _to, text in messaging.memory_outbox()]
    texts += [f"{m.subject} {m.body}" for m in mail.outbox]
    with open(result["print_file"], "rb") as printed:
        texts.append(_pdf_text(printed.read()))
    assert len(texts) == 3
    assert [stigma_in(t) for t in texts] == [[]] * 3
    assert not any("sykmeldt" in t.lower() for t in texts)
    messaging.memory_outbox().clear()


@pytest.mark.parametrize("language", ["nb", "en"])
def test_no_answer_to_a_card_application_names_poverty_or_the_follow_up(
        scheme, make_household, leisure_office, settings, tmp_path, language):  # noqa: F811
    """The e-mail, SMS and letter that answer an application for a card (granted and
    refused), and the receipt texts behind them."""
    from levekar.people.services import parental_responsibility_set

    settings.LEVEKAR_SMS_BACKEND = "levekar.core.messaging.MemorySms"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LEVEKAR_MINSIDE_URL = "https://kommune.example/min-side/"
    messaging.memory_outbox().clear()
    texts = []
    for contact, grant in (({"email": "kari@example.org"}, True),
                           ({"phone": "+4791234567"}, False), ({}, True), ({}, False)):
        _household, (parent, child) = make_household(adults=1, children=[9], income=900_000,
                                                      language=language)
        for field, value in contact.items():
            setattr(parent, field, value)
        parent.save()
        parental_responsibility_set(actor=None, parent=parent, child=child)
        application = passes.card_application_create(
            actor=None, actor_name="innbygger (Min side)", scheme=scheme, year=YEAR,
            child=child, applicant=parent, grounds="Far er sykmeldt, lav inntekt")
        decided, _warnings = passes.card_application_decide(
            actor=leisure_office, application=application, grant=grant,
            reason="" if grant else "Barnet bor i en annen kommune.", expected_version=1)
        if decided.notice_channel == "letter":
            texts.append(_pdf_text(passes.card_application_letter_pdf(application=decided)))
    messaging.send_due()
    texts += [text for _to, text in messaging.memory_outbox()]
    texts += [f"{m.subject} {m.body}" for m in mail.outbox]
    assert len(texts) == 4
    assert [stigma_in(t) for t in texts] == [[]] * 4
    assert not any("sykmeldt" in t.lower() for t in texts)  # the grounds stay at the office
    messaging.memory_outbox().clear()
