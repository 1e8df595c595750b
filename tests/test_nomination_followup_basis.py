"""The seam between passes and follow-up (registered by ``web``): a partner nominates on
the basis of a follow-up consent only when an open case of the household has an active
consent grant for the partner's unit."""

import datetime as dt

import pytest

from levekar.core.errors import InvalidInput
from levekar.followup import services as followup
from levekar.followup.selectors import partner_consent_covers_household
from levekar.followup.tests.case_fixtures import *  # noqa: F403
from levekar.passes import services as passes

pytestmark = pytest.mark.django_db


@pytest.fixture
def camp(demo_org):
    start = dt.date.today() + dt.timedelta(days=120)
    return passes.offer_create(municipality=demo_org["municipality"], name="Sommerleir",
                               organiser="Røde Kors", place="Hove", starts_on=start,
                               ends_on=start + dt.timedelta(days=4), capacity=10)


def test_a_consent_in_an_open_case_is_a_basis_and_a_closed_case_is_not(
        camp, journey, coordinator, nav_partner, demo_org):
    case = journey["case"]
    household = case.household
    assert partner_consent_covers_household(nav_partner, household.pk)
    assert not partner_consent_covers_household(demo_org["users"]["analytiker1"],
                                                household.pk)
    followup.case_status_change(actor=coordinator, case=case, status="closed",
                                reason="Familien flyttet.")
    assert not partner_consent_covers_household(nav_partner, household.pk)
    with pytest.raises(InvalidInput, match="ikke samtykke til deling"):
        passes.nomination_create(actor=nav_partner, offer=camp, household=household, need=3,
                                 reason="Trenger ferie", basis="followup_consent")
    followup.case_status_change(actor=coordinator, case=case, status="active",
                                reason="Familien flyttet tilbake.")
    nomination = passes.nomination_create(actor=nav_partner, offer=camp, household=household,
                                          need=3, reason="Trenger ferie",
                                          basis="followup_consent")
    assert nomination.basis == "followup_consent"
