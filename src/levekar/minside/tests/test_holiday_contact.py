"""The family's consent to share contact details and transport need with the holiday
organiser: shown on Min side, withdrawn there (audited), and part of the family's own
subject-access export."""

import pytest

from levekar.core.models import AuditEvent
from levekar.followup.privacy.export import person_export, person_export_pdf
from levekar.minside.tests.factories import residents
from levekar.minside.tests.test_family import _citizen, _text
from levekar.passes import services as passes
from levekar.passes.models import Nomination
from levekar.passes.selectors import holiday_export_section
from levekar.people import subject_access

pytestmark = pytest.mark.django_db

SUBSTANTIAL = "idporten-loa-substantial"


def _sharing(state) -> Nomination:
    nomination = state["nomination"]
    Nomination.objects.filter(pk=nomination.pk).update(shares_contact=True,
                                                       transport_need="Trenger skyss fra Moa")
    nomination.refresh_from_db()
    return nomination


def _organiser_row(state, fritid) -> list[str]:
    text = passes.offer_list_csv(actor=fritid, offer=state["offer"], which="tildelt")
    return next(line for line in text.splitlines() if "Jonas" in line).split(";")


def test_min_side_shows_the_consent_and_the_guardian_withdraws_it(demo_org):
    state = residents(demo_org)
    nomination = _sharing(state)
    fritid = demo_org["users"]["fritid1"]
    before = _organiser_row(state, fritid)
    assert "Trenger skyss fra Moa" in before and state["jonas"].phone in before
    jonas = _citizen(state["jonas"], acr=SUBSTANTIAL)
    page = _text(jonas.get("/min-side/"))
    assert "arrangøren får telefonnummer, e-post, adresse og transportbehov" in page
    assert "Transportbehov: Trenger skyss fra Moa." in page

    page = _text(jonas.post(f"/min-side/ferie/{nomination.pk}/trekk-samtykke/", follow=True))

    assert "Arrangøren av Sommerleir får ikke lenger kontaktinformasjonen" in page
    assert "Slutt å dele kontaktinformasjon" not in page
    assert "får bare navnet på kontaktpersonen" in page
    nomination.refresh_from_db()
    assert not nomination.shares_contact and nomination.transport_need == ""
    event = AuditEvent.objects.get(kind="holiday.contact.withdraw",
                                   object_id=str(nomination.pk))
    assert event.actor is None and event.actor_username == "innbygger (Min side)"
    after = _organiser_row(state, fritid)
    assert state["jonas"].phone not in after and "Trenger skyss fra Moa" not in after
    assert "nei" in after


def test_withdrawing_twice_or_for_another_family_changes_nothing(demo_org):
    state = residents(demo_org)
    other = state["other_nomination"]
    Nomination.objects.filter(pk=other.pk).update(shares_contact=True)
    jonas = _citizen(state["jonas"], acr=SUBSTANTIAL)

    r = jonas.post(f"/min-side/ferie/{other.pk}/trekk-samtykke/")

    assert r.status_code == 403
    other.refresh_from_db()
    assert other.shares_contact
    page = _text(jonas.post(f"/min-side/ferie/{state['nomination'].pk}/trekk-samtykke/",
                            follow=True))
    assert "Dere deler ikke kontaktinformasjon med arrangøren." in page
    assert not AuditEvent.objects.filter(kind="holiday.contact.withdraw").exists()


def test_the_holiday_place_and_consent_are_in_the_familys_export(demo_org):
    state = residents(demo_org)
    _sharing(state)

    data = person_export(state["jonas"])

    [place] = data["holiday_places"]
    assert place["offer"] == "Sommerleir" and place["status"] == "Har fått plass"
    assert place["shares_contact"] == "Ja" and place["transport_need"] == "Trenger skyss fra Moa"
    assert place["reason"] == "Trenger ferie."
    assert b"%PDF" in person_export_pdf(state["jonas"])[:8]


def test_passes_registers_its_export_section_with_people():
    assert holiday_export_section in subject_access._sections


def test_a_registered_section_is_called_and_can_be_removed(demo_org):
    state = residents(demo_org, with_holiday_place=False)

    def extra(person):
        return {"extra": person.pk}

    subject_access.register_export_section(extra)
    try:
        assert subject_access.registered_sections(state["jonas"])["extra"] == state["jonas"].pk
        assert person_export(state["jonas"])["extra"] == state["jonas"].pk
    finally:
        subject_access.unregister_export_section(extra)
    assert "extra" not in person_export(state["jonas"])
    assert person_export(state["jonas"])["holiday_places"] == []
