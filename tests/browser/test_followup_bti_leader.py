"""The BTI leader acts on the overview, in the browser (issue 11, item 6): bti1 opens a
coordinator's caseload ("Fordel saker"), sees case numbers without names, is told which
fields are missing, hands one case to a colleague with a reason, and the colleague finds
the family in "Mine familier". Then bti1 reminds the coordinators concerned by a count."""

import datetime as dt

import pytest

from levekar.core.lib.progress import NULL_REPORTER
from levekar.core.models import AuditEvent, OutboundMessage
from levekar.followup.models import Case, CaseHandover, WorklistNotice
from levekar.followup.tests.case_fixtures import open_family
from tests.conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_bti_leader_distributes_a_case_and_the_new_coordinator_sees_it(
        browser, page, live_server, demo_org):
    from levekar.people import demo as people_demo

    people_demo.load(reporter=NULL_REPORTER)
    coordinator = demo_org["users"]["koordinator1"]
    colleague = demo_org["users"]["koordinator2"]
    moving, _persons = open_family(coordinator, serial=1)
    staying, _persons = open_family(coordinator, serial=2)
    # Both start mappings are overdue: the cases started two months ago.
    Case.objects.update(start_date=dt.date.today() - dt.timedelta(days=60))

    login(page, live_server, "bti1")
    page.goto(f"{live_server.url}/familier/bti/")
    page.get_by_test_id(f"reassign-{coordinator.pk}").click()
    assert page.get_by_role("heading", level=1).inner_text() == \
        f"Fordel sakene til {coordinator.display_name}"
    form = page.get_by_test_id("reassign-form").inner_text()
    assert f"Sak {moving.pk}" in form and f"Sak {staying.pk}" in form
    assert "Ahmadi" not in page.content() and "over frist" in form
    assert axe_violations(page) == []

    page.get_by_role("button", name="Overfør de valgte sakene").click()  # nothing chosen
    for message in ("Velg minst én sak som skal overføres.", "Oppgi hvorfor sakene overføres.",
                    "Velg den nye familiekoordinatoren."):
        assert page.locator(".ds-validation-message", has_text=message).count() == 1
    assert not CaseHandover.objects.exists()

    page.get_by_label(f"Sak {moving.pk}", exact=False).check()
    page.get_by_label("Ny familiekoordinator").select_option(value=str(colleague.pk))
    page.get_by_label("Begrunnelse").fill("Jevnere fordeling av sakene.")
    page.get_by_role("button", name="Overfør de valgte sakene").click()
    assert "1 sak er overført til" in page.content()
    assert page.get_by_role("heading", level=1).inner_text() == "BTI-oversikt"
    assert Case.objects.get(pk=moving.pk).coordinator == colleague
    assert Case.objects.get(pk=staying.pk).coordinator == coordinator
    assert AuditEvent.objects.filter(kind="case.handover", actor_username="bti1").count() == 1
    handover = CaseHandover.objects.get()
    mail = OutboundMessage.objects.get(reference=f"followup.handover:{handover.pk}")
    assert mail.to == colleague.email and "Ahmadi" not in mail.body

    # Påminn: from the count of overdue mappings, every coordinator concerned, once.
    row = page.locator("tr[data-metric='mappings_overdue']")
    row.get_by_role("button", name="Påminn de 2 koordinatorene det gjelder").click()
    assert "Påminnelser sendt: 2." in page.content()
    assert set(WorklistNotice.objects.values_list("recipient_id", "topic")) == {
        (coordinator.pk, "mappings_overdue"), (colleague.pk, "mappings_overdue")}
    assert "Påminnet i dag" in page.locator(
        "tr[data-metric='mappings_overdue']").inner_text()

    # The new coordinator finds the family in "Mine familier".
    context = browser.new_context(locale="nb-NO")
    new = context.new_page()
    login(new, live_server, "koordinator2")
    new.goto(f"{live_server.url}/familier/arbeidsliste/")
    assert "Ahmadi1" in new.content() and "Ahmadi2" not in new.content()
    new.goto(f"{live_server.url}/familier/{moving.pk}/")
    assert "Jevnere fordeling av sakene." in new.get_by_test_id("handovers").inner_text()
    context.close()
