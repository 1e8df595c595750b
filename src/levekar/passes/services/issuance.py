"""Automatic issuance: every eligible child gets one pass, without applying.

A run reads the municipality's households, members and incomes in a few bulk queries,
evaluates the scheme's rule set (``eligibility.evaluate``, pure) per household, and
bulk-inserts a pass with a fresh random code for each eligible child who has none yet.
The database constraint (scheme, year, person) makes a second pass impossible, also
when two runs overlap; a re-run simply reports those children as skipped. The counts
(eligible, issued, skipped and every reason) are kept on the ``IssuanceRun`` row.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from levekar.core.audit import Kind, audit_record
from levekar.core.errors import Conflict
from levekar.core.lib.progress import NULL_REPORTER, Reporter
from levekar.passes import codes
from levekar.passes import eligibility as el
from levekar.passes.models import ActivityPass, IssuanceRun, Scheme
from levekar.passes.services._common import ALREADY_ISSUED, actor_fields, actor_user, chunked
from levekar.passes.services.schemes import rule_set_for_year
from levekar.people.models import Household, IncomeRecord, Person

BATCH = 2000
MAX_CODE_ATTEMPTS = 5


def passes_issue(*, scheme: Scheme, year: int, actor=None, actor_name: str = "",
                 reporter: Reporter = NULL_REPORTER) -> IssuanceRun:
    """Run the issuance for ``scheme`` and ``year``; safe to run again. Returns the run."""
    rule_set = rule_set_for_year(scheme=scheme, year=year)
    rules = rule_set.parsed
    user = actor_user(actor)
    run = IssuanceRun.objects.create(
        scheme=scheme, year=year, rule_set=rule_set, reference_date=rules.reference_date(year),
        started_by=user, started_by_name=user.get_username() if user else actor_name[:150],
    )
    try:
        with transaction.atomic():
            _issue(run, rules, reporter)
            audit_record(
                **actor_fields(actor, actor_name), kind=Kind.PASS_ISSUANCE, obj=run,
                detail=(f"automatisk utstedelse av {scheme.card_title} {year}: "
                         f"{run.eligible} barn har rett, {run.issued} kort utstedt, "
                         f"{run.skipped} hoppet over (hadde kort)"),
                persons=ActivityPass.objects.filter(run=run).values_list("person_id", flat=True),
            )
    except Exception as exc:
        run.status = IssuanceRun.Status.FAILED
        run.error = str(exc)[:2000]
        run.finished_at = timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        raise
    return run


def _facts(scheme: Scheme, rules: el.Rules, year: int):
    municipality = scheme.municipality
    households = list(Household.objects.filter(municipality=municipality)
                      .values_list("id", "zone_id", "zone__code"))
    members: dict[int, list[el.Member]] = defaultdict(list)
    for household_id, person_id, birth_date in Person.objects.filter(
            household__municipality=municipality).values_list("household_id", "id",
                                                               "birth_date"):
        members[household_id].append(el.Member(person_id, birth_date))
    incomes: dict[int, int] = {}
    if rules.income is not None:
        incomes = dict(
            IncomeRecord.objects.filter(year=rules.income_year(year),
                                        person__household__municipality=municipality)
            .values_list("person__household_id").annotate(total=Sum("income_after_tax"))
            .values_list("person__household_id", "total")
        )
    return municipality.code, households, members, incomes


def _issue(run: IssuanceRun, rules: el.Rules, reporter: Reporter) -> None:
    scheme, year, on = run.scheme, run.year, run.reference_date
    reporter.start("Leser husstander og inntekter")
    municipality_code, households, members, incomes = _facts(scheme, rules, year)
    reporter.finish()

    reporter.start("Vurderer husstander", total=len(households))
    reasons: Counter[str] = Counter()
    eligible: list[tuple[int, int, int | None]] = []  # (person, household, zone)
    by_zone: Counter[str] = Counter()
    children = 0
    for i, (household_id, zone_id, zone_code) in enumerate(households, start=1):
        facts = el.HouseholdFacts(household_id, municipality_code, zone_code,
                                  tuple(members.get(household_id, ())),
                                  incomes.get(household_id))
        decision = el.evaluate(rules, facts, on=on, municipality_code=municipality_code)
        for person_id, reason in decision.reasons.items():
            children += 1
            if reason is None:
                eligible.append((person_id, household_id, zone_id))
                by_zone[str(zone_id or "")] += 1
            else:
                reasons[reason] += 1
        if i % 5000 == 0:
            reporter.advance(5000)
    reporter.advance(len(households) % 5000)
    reporter.finish()

    had_pass = set(ActivityPass.objects.filter(scheme=scheme, year=year)
                   .values_list("person_id", flat=True))
    todo = [e for e in eligible if e[0] not in had_pass]

    reporter.start("Utsteder kort", total=len(todo))
    now = timezone.now()
    for _attempt in range(MAX_CODE_ATTEMPTS):
        for batch in chunked(todo, BATCH):
            # ignore_conflicts: a child who got a pass from an overlapping run (or, very
            # rarely, a code already taken) is left out here and looked at again below.
            ActivityPass.objects.bulk_create(
                [ActivityPass(scheme=scheme, year=year, person_id=p, household_id=h, zone_id=z,
                              code=codes.new_code(), run=run, issued_at=now)
                 for p, h, z in batch],
                ignore_conflicts=True, batch_size=BATCH,
            )
            reporter.advance(len(batch))
        have = set()
        for batch in chunked([p for p, _h, _z in todo]):
            have.update(ActivityPass.objects.filter(scheme=scheme, year=year, person_id__in=batch)
                        .values_list("person_id", flat=True))
        todo = [e for e in todo if e[0] not in have]
        if not todo:
            break
    else:
        raise Conflict("Fant ikke ledige kortkoder etter flere forsøk. Kjør utstedelsen igjen.")
    reporter.finish()

    run.households = len(households)
    run.children = children
    run.eligible = len(eligible)
    run.issued = ActivityPass.objects.filter(run=run).count()
    # Children eligible but without a pass from this run: they already had one.
    run.skipped = run.eligible - run.issued
    reasons[ALREADY_ISSUED] = run.skipped
    run.reasons = {k: v for k, v in sorted(reasons.items()) if v}
    run.eligible_by_zone = dict(sorted(by_zone.items()))
    run.status = IssuanceRun.Status.DONE
    run.finished_at = timezone.now()
    run.save()
