"""The family's own view of their case (Min side): what a member who logs in may read.

Who reads (``readers_for_person``): a parent of an active or paused case (18 or older), and
a young person of the case from their own consent age (``access.consent_age``: 16 for
health) — the young person for their own information only.

What a parent reads: the family's goals, their own goals and the goals of the children the
register says they have parental responsibility for (``people.ParentalResponsibility``),
except the parts a child decides over themselves from their consent age; the child's own
words on those goals by the same rule; the consents about the whole family and about
those children, never a consent a young person gave for their own part.

What a young person reads: their own goals and words, and the consents they decide over.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from levekar.core.lib.dates import age_on
from levekar.followup.access import AREA_PARTS, active_grants, consent_age
from levekar.followup.models import (
    Case,
    CaseMember,
    ChildVoice,
    ConsentGrant,
    FamilyPlan,
    Goal,
    GoalAction,
    InfoPart,
    Meeting,
    PlanArea,
)
from levekar.people.models import Person

ADULT_AGE = 18


@dataclass(frozen=True)
class MemberReader:
    """One member of one case reading it on Min side."""

    case: Case
    person: Person
    is_parent: bool
    age: int | None
    in_care: frozenset[int]  # person ids of the children in the reader's care
    member_ages: dict[int, int | None] = field(repr=False)
    today: dt.date = field(repr=False)

    def decides(self, part: str) -> bool:
        """May the reader give and withdraw consent for ``part`` themselves?"""
        if self.is_parent:
            return True
        return self.age is not None and self.age >= consent_age(part)

    def own_parts(self) -> list[str]:
        """The parts the reader may give consent for (the order of ``InfoPart``)."""
        return [p for p in InfoPart.values if self.decides(p)]

    def sees_person_part(self, person_id: int | None, part: str) -> bool:
        """Information of ``part`` about ``person_id`` (None: the whole family)."""
        if person_id == self.person.pk:
            return True
        if not self.is_parent:
            return False
        if person_id is None:
            return True
        if person_id not in self.in_care:
            return False
        age = self.member_ages.get(person_id)
        return age is not None and age < consent_age(part)

    def sees_any(self, person_id: int | None, parts) -> bool:
        return any(self.sees_person_part(person_id, p) for p in parts)


def readers_for_person(person: Person, *, today: dt.date | None = None) -> list[MemberReader]:
    """Every open case where ``person`` may read their family's plan (usually one).

    Three queries whatever the family's size: the memberships, the members of those cases,
    the children in the person's care."""
    today = today or timezone.localdate()
    memberships = list(
        CaseMember.objects.filter(person=person, case__anonymised_at__isnull=True,
                                  case__status__in=[Case.Status.ACTIVE, Case.Status.PAUSED])
        .select_related("case__coordinator__org_unit", "case__unit", "person")
        .order_by("case_id"))
    if not memberships:
        return []
    ages: dict[int, dict[int, int | None]] = {}
    for case_id, pid, birth in (CaseMember.objects
                                .filter(case_id__in=[m.case_id for m in memberships])
                                .values_list("case_id", "person_id", "person__birth_date")):
        ages.setdefault(case_id, {})[pid] = age_on(birth, today)
    in_care = frozenset(Person.objects.filter(parents_rel__parent=person)
                        .values_list("pk", flat=True))
    youngest_own = min(consent_age(p) for p in InfoPart.values)
    readers = []
    for m in memberships:
        age = person.age_on(today)
        is_parent = m.role == CaseMember.Role.PARENT and (age is None or age >= ADULT_AGE)
        if not is_parent and (age is None or age < youngest_own):
            continue
        readers.append(MemberReader(case=m.case, person=person, is_parent=is_parent, age=age,
                                    in_care=in_care, member_ages=ages[m.case_id],
                                    today=today))
    return readers


def reader_for_case(person: Person, case_id: int) -> MemberReader | None:
    """The person's reader of case ``case_id``, or None when they may not read it."""
    return next((r for r in readers_for_person(person) if r.case.pk == case_id), None)


@dataclass
class CitizenGoal:
    goal: Goal
    area: str
    actions: list[GoalAction]
    voices: list[ChildVoice]


def plan_for_reader(reader: MemberReader) -> dict:
    """Familiens plan as the reader may see it, by area; the next meeting; the meetings
    held with the services; the coordinator. A constant number of queries (goals, actions,
    voices, next meeting, meetings with their units and members)."""
    goals = (Goal.objects.filter(plan__case=reader.case)
             .exclude(status__in=[Goal.Status.CHANGED, Goal.Status.STOPPED])
             .select_related("member__person")
             .prefetch_related(
                 Prefetch("actions", queryset=GoalAction.objects.select_related(
                     "responsible_unit", "responsible_participant")
                     .exclude(status=GoalAction.Status.CANCELLED)
                     .order_by("deadline", "pk")),
                 Prefetch("child_voices", queryset=ChildVoice.objects.select_related(
                     "child__person").order_by("gathered_on", "pk")))
             .order_by("kind", "target_date", "pk"))
    by_area: dict[str, list[CitizenGoal]] = {}
    persons: set[int] = {reader.person.pk}
    for goal in goals:
        parts = AREA_PARTS[goal.area]
        member_person = goal.member.person_id if goal.member_id else None
        if not reader.sees_any(member_person, parts):
            continue
        voices = [v for v in goal.child_voices.all()
                  if reader.sees_any(v.child.person_id, parts)]
        if member_person:
            persons.add(member_person)
        persons.update(v.child.person_id for v in voices)
        by_area.setdefault(goal.area, []).append(
            CitizenGoal(goal=goal, area=PlanArea(goal.area).label,
                        actions=list(goal.actions.all()), voices=voices))
    areas = [(PlanArea(a).label, by_area[a]) for a in PlanArea.values if a in by_area]
    next_meeting = (Meeting.objects.filter(case=reader.case, status=Meeting.Status.PLANNED,
                                           starts_at__gte=timezone.now())
                    .order_by("starts_at").first())
    meetings = meetings_for_reader(reader)
    for m in meetings:
        persons.update(p.person_id for p in m.members.all())
    return {"reader": reader, "case": reader.case, "areas": areas,
            "coordinator": reader.case.coordinator, "next_meeting": next_meeting,
            "meetings": meetings, "persons": sorted(persons)}


def reader_sees_meeting(reader: MemberReader, meeting: Meeting) -> bool:
    """A meeting the reader may read on Min side (``meeting.members`` best prefetched):
    one they were present at; else, for a parent, one about the whole family (nobody
    named) or one where every member present is someone whose information of the
    meeting's part the parent reads (a general meeting: of every part) — so a meeting
    about a young person's own part, or another adult's, is not shown to the parent."""
    present = [m.person_id for m in meeting.members.all()]
    if reader.person.pk in present:
        return True
    if not reader.is_parent:
        return False
    parts = [meeting.part] if meeting.part else InfoPart.values
    return all(reader.sees_person_part(pid, p) for pid in present for p in parts)


def meetings_for_reader(reader: MemberReader) -> list[Meeting]:
    """The meetings held with the family that the reader may read, newest first, with
    who recorded each and when (three queries whatever their number)."""
    rows = (Meeting.objects.filter(case=reader.case, status=Meeting.Status.HELD)
            .select_related("created_by", "created_by_unit")
            .prefetch_related("units", "members")
            .order_by("-starts_at", "-pk"))
    return [m for m in rows if reader_sees_meeting(reader, m)]


@dataclass
class UnitConsents:
    unit_name: str
    grants: list[ConsentGrant]


def consents_for_reader(reader: MemberReader) -> list[UnitConsents]:
    """The consents in force that the reader sees and may withdraw, by unit (one query)."""
    rows = (active_grants(today=reader.today).filter(consent__case_id=reader.case.pk)
            .select_related("unit", "consent__given_by", "consent__subject")
            .order_by("unit__name", "part", "consent_id"))
    by_unit: dict[str, UnitConsents] = {}
    for grant in rows:
        if not reader_manages(reader, grant):
            continue
        by_unit.setdefault(grant.unit.name, UnitConsents(grant.unit.name, [])).grants.append(
            grant)
    return list(by_unit.values())


def reader_manages(reader: MemberReader, grant: ConsentGrant) -> bool:
    """May the reader see and withdraw this grant? A young person: the consents they gave
    about themselves. A parent: consents a parent gave about the whole family or about
    themselves or a child in their care who does not decide the part yet."""
    consent = grant.consent
    if not reader.is_parent:
        return (consent.given_by_id == reader.person.pk
                and consent.subject_id == reader.person.pk and reader.decides(grant.part))
    if consent.subject_id is None or consent.subject_id == reader.person.pk:
        return True
    return (consent.given_by_id != consent.subject_id
            and reader.sees_person_part(consent.subject_id, grant.part))


def plan_pdf_for_reader(reader: MemberReader, *, language: str) -> tuple[bytes, list[int]]:
    """Familiens plan as the reader may read it (``plan_for_reader``), as the printable A4
    PDF in ``language`` (``nb`` or ``en``); with the persons it shows, for the audit."""
    from levekar.followup.plan_print import family_plan_pdf

    data = plan_for_reader(reader)
    wishes = ""
    if reader.is_parent:
        wishes = (FamilyPlan.objects.filter(case=reader.case)
                  .values_list("family_wishes", flat=True).first() or "")
    pdf = family_plan_pdf(case=reader.case, areas=data["areas"], language=language,
                          family_wishes=wishes, for_person=reader.person)
    return pdf, data["persons"]
