"""Anonymising closed cases after the retention period (``levekar followup purge``)."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from typer.testing import CliRunner

from levekar.cli.main import app as cli
from levekar.core.models import AuditEvent
from levekar.followup import services
from levekar.followup.models import BreakGlassAccess, BtiLevelChange, Case, Consent
from levekar.followup.privacy import purge
from levekar.followup.tests.case_fixtures import *  # noqa: F403
from levekar.followup.tests.case_fixtures import bti_set, open_family
from levekar.people.models import Household, Person

pytestmark = pytest.mark.django_db


def _flat(text: str) -> str:
    return " ".join(text.split())  # rich wraps long lines


@pytest.fixture
def two_closed(journey, coordinator, colleague, zones, health_partner, settings):
    """The journey case closed three years ago, and another closed a year ago."""
    settings.LEVEKAR_FOLLOWUP_RETENTION_DAYS = 730
    old = journey["case"]
    bti_set(actor=coordinator, case=old, to_level=1,
            reason="Mor fortalte om gjeld til Ola Nordmann.", holder=health_partner)
    services.break_glass_open(
        category="coordinator_absent", actor=colleague, case=old, reason="Kari er syk, mor ringte.")
    with time_machine.travel(timezone.now() - dt.timedelta(days=3 * 365), tick=False):
        services.case_status_change(actor=coordinator, case=old, status="closed",
                                    reason="Familien flyttet til Bergen.")
    recent, _ = open_family(coordinator, serial=3, zone=zones["3205-01"])
    with time_machine.travel(timezone.now() - dt.timedelta(days=365), tick=False):
        services.case_status_change(actor=coordinator, case=recent, status="closed",
                                    reason="Målene nådd.")
    return old, recent


def test_a_dry_run_changes_nothing(two_closed):
    old, _recent = two_closed
    before = (AuditEvent.objects.count(), list(Person.objects.values()),
              list(Case.objects.values()))
    result = purge.purge(dry_run=True)
    assert result.case_ids == [old.pk] and result.dry_run
    assert (AuditEvent.objects.count(), list(Person.objects.values()),
            list(Case.objects.values())) == before


def test_purge_anonymises_only_cases_closed_longer_than_the_retention(two_closed, journey):
    old, recent = two_closed
    start = old.start_date
    result = purge.purge()
    assert result.case_ids == [old.pk] and result.persons_anonymised == 4
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.anonymised_at is not None and recent.anonymised_at is None
    # Names, national ids and contact data are gone …
    for person in Person.objects.filter(case_memberships__case=old):
        assert person.first_name == "Anonymisert" and person.last_name == ""
        assert person.national_id is None and person.phone == "" and person.email == ""
        assert person.birth_date is None or person.birth_date.day == 1
    household = Household.objects.get(pk=old.household_id)
    assert (household.street, household.postcode, household.city, household.external_id) == \
        ("", "", "", "")
    # … and so are the free texts …
    assert old.status_reason == purge.ANONYMISED_REASON
    assert set(BtiLevelChange.objects.filter(case=old).values_list("reason", flat=True)) == {""}
    assert not Consent.objects.filter(case=old).exclude(note="").exists()
    assert BreakGlassAccess.objects.get(case=old).reason == purge.ANONYMISED_REASON
    # … while what statistics need is kept: levels, zone, roles, dates by month.
    assert household.zone.code == "3205-03"
    assert old.bti_level == 1 and old.members.count() == 4
    assert list(old.bti_changes.order_by("pk").values_list("to_level", flat=True)) == [0, 1]
    # The child's own level stays; who held the baton is no longer named.
    raised = old.members.get(bti_level=1)
    assert raised.role == "child" and raised.stafettholder.name == purge.ANONYMISED_REASON
    assert old.start_date == start.replace(day=1)
    assert timezone.localtime(old.closed_at).day == 1
    assert Consent.objects.get(case=old, subject__isnull=True).grants.count() == 7
    # The recent case is untouched.
    assert not Person.objects.filter(case_memberships__case=recent,
                                     first_name="Anonymisert").exists()
    event = AuditEvent.objects.get(action="delete", object_type="followup.case")
    assert event.object_id == str(old.pk) and event.actor_username == purge.PURGE_ACTOR
    assert event.subjects.count() == 4
    # Running again finds nothing more to do.
    assert purge.purge().case_ids == []


def test_an_anonymised_case_is_closed_to_everyone(two_closed, client_as):
    old, _ = two_closed
    purge.purge()
    assert client_as("koordinator1").get(f"/familier/{old.pk}/").status_code == 404


def test_the_purge_command_with_dry_run_and_for_real(two_closed):
    runner = CliRunner()
    result = runner.invoke(cli, ["followup", "purge", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Prøvekjøring" in result.output and f"{two_closed[0].pk}" in result.output
    assert "Ville anonymisert 1 familieløp" in _flat(result.output)
    assert Case.objects.filter(anonymised_at__isnull=False).count() == 0
    result = runner.invoke(cli, ["followup", "purge"])
    assert result.exit_code == 0, result.output
    assert "Anonymiserte 1 familieløp" in _flat(result.output)
    assert Case.objects.filter(anonymised_at__isnull=False).count() == 1


def test_the_innsyn_command_writes_json_and_refuses_other_files(journey, tmp_path):
    runner = CliRunner()
    out = tmp_path / "innsyn.json"
    mother = journey["persons"]["mother"]
    who = ["--utfort-av", "koordinator1", "--grunn", "Innsynsbegjæring fra mor, sak 2026/17"]
    result = runner.invoke(cli, ["followup", "innsyn", "--person", str(mother.pk), "-o",
                                 str(out), *who])
    assert result.exit_code == 0, result.output
    assert mother.national_id in out.read_text(encoding="utf-8")
    # Audited as the person named, with the reason and the person concerned (finding 8).
    event = AuditEvent.objects.get(action="export", path="levekar followup innsyn")
    assert event.actor.username == "koordinator1"
    assert event.detail.endswith("grunn: Innsynsbegjæring fra mor, sak 2026/17")
    assert list(event.subjects.values_list("person_id", flat=True)) == [mother.pk]
    result = runner.invoke(cli, ["followup", "innsyn", "--person", str(mother.pk), "-o",
                                 str(tmp_path / "innsyn.txt"), *who])
    assert result.exit_code == 1 and "må slutte på .json eller .pdf" in _flat(result.output)
    result = runner.invoke(cli, ["followup", "innsyn", "--person", "999999", "-o", str(out),
                                 *who])
    assert result.exit_code == 1 and "Fant ingen person" in _flat(result.output)
    result = runner.invoke(cli, ["followup", "innsyn", "--person", str(mother.pk), "-o",
                                 str(out), "--utfort-av", "finnes-ikke", "--grunn", "kort"])
    assert result.exit_code == 1 and "fant ingen aktiv bruker" in _flat(result.output)
    result = runner.invoke(cli, ["followup", "innsyn", "--person", str(mother.pk), "-o",
                                 str(out), "--utfort-av", "koordinator1", "--grunn", "kort"])
    assert result.exit_code == 1 and "minst 10 tegn" in _flat(result.output)
    assert AuditEvent.objects.filter(action="export", path="levekar followup innsyn").count() == 1
