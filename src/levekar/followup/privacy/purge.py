"""Anonymising closed cases after the retention period (``levekar followup purge``).

A case closed longer ago than the retention period (setting
``LEVEKAR_FOLLOWUP_RETENTION_DAYS``, default 730 days = two years) keeps only what the
aggregated outcome statistics need: the BTI levels and their history, status, unit,
planned length, the members' roles, the zone, and dates at month precision. Names,
national ids, contact data, addresses and every free text are removed.

Members are anonymised only when they take part in no other case that is still kept;
persons and households are anonymised by ``people``'s services (the only writer of them).
``case_anonymise`` calls every section's scrub by name, in one transaction: consents,
the BTI history and emergency accesses, Familiens plan, the mappings, meetings and tasks,
then the persons, the household and the case itself. One audit event per case records
the anonymisation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from levekar.core.audit import Kind, audit_record
from levekar.core.lib.progress import NULL_REPORTER, Reporter
from levekar.followup import instruments
from levekar.followup.models import (
    ActionUpdate,
    Assessment,
    BreakGlassAccess,
    BtiLevelChange,
    Case,
    CaseMember,
    ChildVoice,
    Consent,
    ConsentGrant,
    FamilyPlan,
    FollowUpTask,
    Goal,
    GoalAction,
    GoalNote,
    IndividualPlan,
    Meeting,
    Participant,
)
from levekar.people.models import Household, Person
from levekar.people.services import household_anonymise, person_anonymise

PURGE_ACTOR = "levekar followup purge"
ANONYMISED_REASON = "(anonymisert)"

SCRUBBED = ""
def retention_days() -> int:
    return int(getattr(settings, "LEVEKAR_FOLLOWUP_RETENTION_DAYS", 730))


def month_start(value: dt.date | None) -> dt.date | None:
    return value.replace(day=1) if value is not None else None


def month_start_dt(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    local = timezone.localtime(value)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def cases_due(*, now: dt.datetime | None = None):
    """Closed cases past the retention period that are not anonymised yet."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=retention_days())
    return Case.objects.filter(status=Case.Status.CLOSED, closed_at__lt=cutoff,
                               anonymised_at__isnull=True).order_by("closed_at", "pk")


@dataclass(frozen=True)
class PurgeResult:
    case_ids: list[int]
    persons_anonymised: int
    dry_run: bool


def _anonymise_persons(case: Case, now: dt.datetime) -> int:
    member_ids = list(case.members.values_list("person_id", flat=True))
    # A person still taking part in another case that is kept stays as they are.
    kept = set(CaseMember.objects.filter(person_id__in=member_ids,
                                         case__anonymised_at__isnull=True)
               .exclude(case=case).values_list("person_id", flat=True))
    count = 0
    for person in Person.objects.filter(pk__in=member_ids, anonymised_at__isnull=True) \
            .exclude(pk__in=kept):
        person_anonymise(person=person, now=now)
        count += 1
    return count


def _anonymise_household(case: Case) -> None:
    if Case.objects.filter(household_id=case.household_id, anonymised_at__isnull=True) \
            .exclude(pk=case.pk).exists():
        return
    household_anonymise(household=Household.objects.get(pk=case.household_id))


def scrub_consents(case: Case) -> None:
    """Notes and reasons go; dates are kept at month precision."""
    for consent in Consent.objects.filter(case=case):
        consent.note = ""
        consent.withdrawn_reason = ""
        consent.valid_from = month_start(consent.valid_from)
        consent.valid_to = month_start(consent.valid_to)
        consent.recorded_at = month_start_dt(consent.recorded_at)
        consent.withdrawn_at = month_start_dt(consent.withdrawn_at)
        consent.save(update_fields=["note", "withdrawn_reason", "valid_from", "valid_to",
                                    "recorded_at", "withdrawn_at"])
    for grant in ConsentGrant.objects.filter(consent__case=case, withdrawn_at__isnull=False):
        grant.withdrawn_at = month_start_dt(grant.withdrawn_at)
        grant.save(update_fields=["withdrawn_at"])


def scrub_bti(case: Case) -> None:
    """The levels stay (outcome statistics); the reasons go. An individual plan keeps its
    status and its dates at month precision; its note goes (the barnekoordinator's and
    the responsible person's names go with the participants, ``scrub_plan``)."""
    for change in BtiLevelChange.objects.filter(case=case):
        change.reason = ""
        change.changed_at = month_start_dt(change.changed_at)
        change.save(update_fields=["reason", "changed_at"])
    for glass in BreakGlassAccess.objects.filter(case=case):
        glass.reason = ANONYMISED_REASON
        glass.granted_at = month_start_dt(glass.granted_at)
        glass.expires_at = glass.granted_at
        glass.save(update_fields=["reason", "granted_at", "expires_at"])
    for plan in IndividualPlan.objects.filter(case=case):
        plan.note = SCRUBBED
        for name in ("started_on", "adopted_on", "ended_on", "coordinator_appointed_on",
                     "coordinator_ended_on"):
            setattr(plan, name, month_start(getattr(plan, name)))
        plan.created_at = month_start_dt(plan.created_at)
        plan.save(update_fields=["note", "started_on", "adopted_on", "ended_on",
                                 "coordinator_appointed_on", "coordinator_ended_on",
                                 "created_at"])


def scrub_plan(case: Case) -> None:
    """The family's wishes, goal titles and descriptions, action texts, progress notes,
    notes on goals, responsible persons and participants' names, and the child's words go;
    areas, kinds, statuses, dates, authors and the child's age and how it was heard stay."""
    FamilyPlan.objects.filter(case=case).update(family_wishes=SCRUBBED)
    Goal.objects.filter(plan__case=case).update(title=SCRUBBED, description=SCRUBBED)
    GoalAction.objects.filter(goal__plan__case=case).update(description=SCRUBBED,
                                                            responsible_person=SCRUBBED)
    ChildVoice.objects.filter(goal__plan__case=case).update(words=SCRUBBED)
    # Who wrote what stays as a fact (author, time, status); the written words go, and so
    # do the names and contacts of the people around the family.
    ActionUpdate.objects.filter(action__goal__plan__case=case).update(note=SCRUBBED)
    GoalNote.objects.filter(goal__plan__case=case).update(text=SCRUBBED)
    Participant.objects.filter(case=case).update(name=ANONYMISED_REASON, contact="",
                                                 organisation="")


def scrub_mappings(case: Case) -> None:
    """Text answers go; numbers and choices stay."""
    reg = instruments.registry()
    for assessment in Assessment.objects.filter(case=case):
        inst = reg.get(assessment.instrument_id, assessment.instrument_version)
        texts = {i.id for s in inst.sections for i in s.items if i.type == "text"}
        answers = assessment.answers
        answers["household"] = {k: v for k, v in answers.get("household", {}).items()
                                if k not in texts}
        answers["persons"] = {pid: {k: v for k, v in values.items() if k not in texts}
                              for pid, values in answers.get("persons", {}).items()}
        assessment.answers = answers
        assessment.save(update_fields=["answers"])


def scrub_meetings(case: Case) -> None:
    """Meeting notes and places, task texts and responsible persons go; kinds, dates,
    units and feedback scores stay."""
    Meeting.objects.filter(case=case).update(notes=SCRUBBED, place=SCRUBBED)
    FollowUpTask.objects.filter(case=case).update(description=SCRUBBED,
                                                  responsible_person=SCRUBBED)


@transaction.atomic
def case_anonymise(*, case: Case, now: dt.datetime | None = None) -> int:
    """Anonymise one case (see the module docstring). Returns the persons anonymised."""
    now = now or timezone.now()
    case = Case.objects.select_for_update().get(pk=case.pk)
    member_ids = list(case.members.values_list("person_id", flat=True))
    scrub_consents(case)
    scrub_bti(case)
    scrub_plan(case)
    scrub_mappings(case)
    scrub_meetings(case)
    persons = _anonymise_persons(case, now)
    _anonymise_household(case)
    case.status_reason = ANONYMISED_REASON
    case.start_date = month_start(case.start_date)
    case.closed_at = month_start_dt(case.closed_at)
    case.status_changed_at = month_start_dt(case.status_changed_at)
    case.anonymised_at = now
    case.save(update_fields=["status_reason", "start_date", "closed_at", "status_changed_at",
                             "anonymised_at"])
    Case.objects.filter(pk=case.pk).update(created_at=month_start_dt(case.created_at))
    audit_record(actor=None, actor_username=PURGE_ACTOR, kind=Kind.CASE_PURGE, obj=case,
                 persons=member_ids,
                 detail=f"anonymisert {retention_days()} dager etter avslutning")
    return persons


def purge(*, dry_run: bool = False, now: dt.datetime | None = None,
          reporter: Reporter = NULL_REPORTER) -> PurgeResult:
    """Anonymise every case that is due; with ``dry_run`` only list them."""
    now = now or timezone.now()
    ids = list(cases_due(now=now).values_list("pk", flat=True))
    if dry_run:
        return PurgeResult(case_ids=ids, persons_anonymised=0, dry_run=True)
    reporter.start("Anonymiserer avsluttede familieløp", total=len(ids))
    persons = 0
    for case in Case.objects.filter(pk__in=ids).order_by("pk"):
        persons += case_anonymise(case=case, now=now)
        reporter.advance()
    reporter.finish()
    return PurgeResult(case_ids=ids, persons_anonymised=persons, dry_run=False)
