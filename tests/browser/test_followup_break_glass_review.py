"""The BTI leader reviews the emergency accesses (security review, finding 8e).

koordinator2 broke the glass on koordinator1's family last month (demo data). The BTI
leader opens the list of emergency accesses, sees the reason category with the reason,
marks the access as unjustified after confirming on its own page (a reason is required),
and the list then shows it as unjustified with her reason.
"""

import os

import pytest

from levekar.core.lib.progress import NULL_REPORTER
from levekar.core.models import AuditEvent
from levekar.followup.demo import families as demo_case
from levekar.followup.models import BreakGlassAccess
from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def _shot(page, name):
    """A screenshot to look at, when LEVEKAR_SCREENSHOTS names a folder."""
    folder = os.environ.get("LEVEKAR_SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/break-glass-{name}.png", full_page=True)


def test_the_bti_leader_marks_an_emergency_access_unjustified(page, live_server, demo_org):
    from levekar.people import demo as people_demo

    people_demo.load(reporter=NULL_REPORTER)
    demo_case.load(reporter=NULL_REPORTER)
    grant = BreakGlassAccess.objects.get()
    login(page, live_server, "bti1")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Nødtilganger").click()
    table = page.get_by_role("table", name="Nødtilganger")
    row = table.get_by_role("row").filter(has_text="Kari er syk")
    assert "Oppfølging ved fravær av koordinator" in row.inner_text()
    assert axe_violations(page) == []

    row.get_by_role("link", name="Marker som uberettiget").click()
    assert page.get_by_role("heading", level=1).inner_text() == \
        "Marker en nødtilgang som uberettiget"
    assert "Kari er syk" in page.get_by_role("main").inner_text()
    assert axe_violations(page) == []
    # Too short a reason: refused with a Norwegian message, nothing marked.
    page.get_by_label("Hvorfor var tilgangen uberettiget?").fill("nei")
    page.get_by_role("button", name="Bekreft: tilgangen var uberettiget").click()
    assert "minst" in page.get_by_role("main").inner_text()
    grant.refresh_from_db()
    assert grant.unjustified_at is None
    _shot(page, "review-error")

    page.get_by_label("Hvorfor var tilgangen uberettiget?").fill(
        "Koordinator1 var på jobb og kunne nås på telefon.")
    page.get_by_role("button", name="Bekreft: tilgangen var uberettiget").click()
    assert "Nødtilgangen er markert som uberettiget" in page.get_by_role(
        "status").first.inner_text()
    row = page.get_by_role("table", name="Nødtilganger").get_by_role("row").filter(
        has_text="Kari er syk")
    text = row.inner_text()
    assert "Uberettiget" in text and "kunne nås på telefon" in text
    assert row.get_by_role("link", name="Marker som uberettiget").count() == 0
    assert axe_violations(page) == []
    _shot(page, "list")

    grant.refresh_from_db()
    assert grant.unjustified_by == demo_org["users"]["bti1"]
    assert AuditEvent.objects.filter(object_type="followup.breakglassaccess",
                                     object_id=str(grant.pk), action="update",
                                     actor__username="bti1").exists()
