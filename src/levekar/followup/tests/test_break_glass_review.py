"""Break-the-glass needs a reason category and a reason that says something, and the BTI
coordinator / leader can mark a grant as unjustified (finding 8e)."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from levekar.core.errors import AccessDenied, InvalidInput
from levekar.core.models import AuditEvent, OutboundMessage
from levekar.followup import services
from levekar.followup.models import BreakGlassAccess
from levekar.followup.tests.case_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db
LIST = "/familier/bti/nodtilganger/"


def _grant(journey, colleague):
    return services.break_glass_open(actor=colleague, case=journey["case"],
                                     category="family_contact",
                                     reason="Mor ringte, strømmen stenges i dag.")


@pytest.mark.parametrize("category, reason, word", [
    ("acute_danger", "qwertzuiopå", "tre ord"),        # ten nonsense characters, one word
    ("acute_danger", "aa bb 12 34 56", "tre ord"),     # numbers are not words
    ("", "Mor ringte, strømmen stenges i dag.", "grunn"),
    ("curious", "Mor ringte, strømmen stenges i dag.", "grunn"),
])
def test_break_the_glass_refuses_a_reason_without_category_or_words(journey, colleague,
                                                                    category, reason, word):
    with pytest.raises(InvalidInput, match=word):
        services.break_glass_open(actor=colleague, case=journey["case"], category=category,
                                  reason=reason)
    assert not BreakGlassAccess.objects.exists()


def test_the_category_is_kept_audited_and_shown_to_the_leader(client_as, journey, colleague):
    grant = _grant(journey, colleague)
    assert grant.category == "family_contact"
    event = AuditEvent.objects.get(object_type="followup.breakglassaccess")
    assert "Henvendelse fra familien" in event.detail
    page = client_as("bti1").get(LIST).content.decode()
    assert "Henvendelse fra familien" in page
    assert "Marker som uberettiget" in page


def test_the_form_asks_for_the_category(client_as, journey):
    url = reverse("followup:break_glass", args=[journey["case"].pk])
    client = client_as("koordinator2")
    response = client.post(url, {"reason": "Mor ringte, strømmen stenges i dag."})
    assert response.status_code == 200 and not BreakGlassAccess.objects.exists()
    assert "Akutt fare for barnet" in response.content.decode()
    response = client.post(url, {"category": "acute_danger",
                                 "reason": "Skolen meldte at barnet er alene hjemme."})
    assert response.status_code == 302
    assert BreakGlassAccess.objects.get().category == "acute_danger"


def test_the_leader_marks_a_grant_unjustified_with_a_reason(
        client_as, journey, colleague, bti_leader, django_assert_max_num_queries):
    grant = _grant(journey, colleague)
    url = reverse("followup:break_glass_review", args=[grant.pk])
    client = client_as("bti1")
    page = client.get(url).content.decode()
    assert "Mor ringte, strømmen stenges i dag." in page
    response = client.post(url, {"reason": "tull"})
    assert response.status_code == 200
    grant.refresh_from_db()
    assert grant.unjustified_at is None
    response = client.post(url, {"reason": "Familien ringte ikke, koordinator var på jobb."})
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.unjustified_by == bti_leader
    assert grant.unjustified_reason == "Familien ringte ikke, koordinator var på jobb."
    event = AuditEvent.objects.filter(object_type="followup.breakglassaccess",
                                      action=AuditEvent.Action.UPDATE).get()
    assert event.actor == bti_leader and "uberettiget" in event.detail
    assert "Familien ringte ikke" in event.detail
    with django_assert_max_num_queries(10):
        page = client.get(LIST).content.decode()
    assert "Uberettiget" in page and "Familien ringte ikke, koordinator var på jobb." in page
    assert url not in page  # no second mark offered
    with pytest.raises(InvalidInput, match="allerede"):
        services.break_glass_mark_unjustified(actor=bti_leader, access=grant,
                                              reason="En gang til, for sikkerhets skyld.")
    # The colleague who broke the glass is told, without the family or the reason.
    mail = OutboundMessage.objects.get(reference=f"followup.break_glass_unjustified:{grant.pk}")
    assert mail.to == colleague.email and "uberettiget" in mail.body
    assert journey["case"].household.members.first().last_name not in mail.body + mail.subject
    assert "Familien ringte ikke" not in mail.body


def test_only_the_bti_leader_marks_grants(client_as, journey, colleague, coordinator):
    grant = _grant(journey, colleague)
    url = reverse("followup:break_glass_review", args=[grant.pk])
    response = client_as("koordinator1").post(url, {"reason": "Jeg synes ikke det var greit."})
    assert response.status_code in (403, 404)
    with pytest.raises(AccessDenied):
        services.break_glass_mark_unjustified(actor=coordinator, access=grant,
                                              reason="Jeg synes ikke det var greit.")
    grant.refresh_from_db()
    assert grant.unjustified_at is None


def test_the_database_refuses_a_half_review_and_an_unknown_category(journey, colleague,
                                                                    bti_leader):
    grant = _grant(journey, colleague)
    with pytest.raises(IntegrityError), transaction.atomic():
        BreakGlassAccess.objects.filter(pk=grant.pk).update(unjustified_at=timezone.now())
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        BreakGlassAccess.objects.create(case=journey["case"], user=colleague,
                                        category="curious", reason="Mor ringte i dag.",
                                        granted_at=now, expires_at=now)
