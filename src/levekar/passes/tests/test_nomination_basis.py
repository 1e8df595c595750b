"""A service partner's holiday nomination needs a basis (security review, finding 2):
an open follow-up case with the family's consent for the partner's unit (asked of
follow-up through ``passes.bases``), or a consent or case recorded in the partner's own
service. The leisure office and family coordinators nominate without one."""

import pytest

from levekar.core.errors import InvalidInput
from levekar.core.models import AuditEvent
from levekar.passes import bases
from levekar.passes.models import Nomination
from levekar.passes.services import nomination_create
from levekar.passes.tests.test_holidays import family, offer  # noqa: F401

pytestmark = pytest.mark.django_db


def _nominate(user, offer, household, basis=""):  # noqa: F811
    return nomination_create(actor=user, offer=offer, household=household, need=3,
                             reason="Trenger ferie", basis=basis)


def test_a_partner_without_a_basis_is_refused(offer, family, nav_partner):  # noqa: F811
    with pytest.raises(InvalidInput, match="Velg grunnlaget"):
        _nominate(nav_partner, offer, family(3))
    assert not Nomination.objects.exists()


def test_a_recorded_basis_is_kept_and_audited(offer, family, nav_partner):  # noqa: F811
    nomination = _nominate(nav_partner, offer, family(3), basis="service_consent")
    assert nomination.basis == Nomination.Basis.SERVICE_CONSENT
    event = AuditEvent.objects.get(object_type="passes.nomination")
    assert "grunnlag: samtykke registrert i tjenesten" in event.detail


def test_a_followup_basis_is_asked_of_the_registered_check(offer, family, nav_partner,  # noqa: F811
                                                           monkeypatch):
    household = family(3)
    asked = []
    monkeypatch.setattr(bases, "_consent_checks", [])
    # Nothing registered: refused, never let through.
    with pytest.raises(InvalidInput, match="ikke samtykke til deling"):
        _nominate(nav_partner, offer, household, basis="followup_consent")
    bases.register_followup_consent_check(lambda user, hid: asked.append((user, hid)) or False)
    with pytest.raises(InvalidInput, match="ikke samtykke til deling") as info:
        _nominate(nav_partner, offer, household, basis="followup_consent")
    # The page turns this into its one neutral answer (field "familie").
    assert info.value.problems[0].field == "familie"
    assert asked == [(nav_partner, household.pk)]
    bases.register_followup_consent_check(lambda user, hid: hid == household.pk)
    assert _nominate(nav_partner, offer, household, basis="followup_consent").basis == \
        "followup_consent"


def test_the_leisure_office_and_coordinators_need_no_basis(offer, family, leisure_office,  # noqa: F811
                                                           coordinator):
    assert _nominate(leisure_office, offer, family(3)).basis == ""
    assert _nominate(coordinator, offer, family(3)).basis == ""


def test_the_page_asks_a_partner_for_the_basis_before_any_lookup(client_as, offer):  # noqa: F811
    url = f"/fritid/ferie/{offer.pk}/nominer/"
    page = client_as("nav1").get(url).content.decode()
    assert "Grunnlag for nominasjonen" in page
    answer = client_as("nav1").post(url, {"national_id": "01010112345", "need": 3,
                                          "reason": "Trenger ferie"}).content.decode()
    assert "Feltet er påkrevet." in answer
    assert "Grunnlag for nominasjonen" not in client_as("fritid1").get(url).content.decode()
