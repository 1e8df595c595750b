"""Access to the work parts of a case (plan, mapping, entitlements, meetings, feedback).

Every view of the work part goes through ``work_case_access``. Until the case part's
``levekar.followup.access.case_access_for_user`` is merged, it implements only the
coordinator rule (the case's coordinator has full access, anyone else gets 404); at merge
its body becomes ``return case_access_for_user(user, case_pk)``.

Which parts of the case the work data belong to (need-to-know for service partners):

| data                                   | part(s); a partner needs ANY of them |
|----------------------------------------|--------------------------------------|
| goal in area work and economy          | economy, work                        |
| goal in area housing                   | housing                              |
| goal in area health                    | health                               |
| goal in area kindergarten and school   | school                               |
| goal in area leisure                   | leisure                              |
| goal in area parenting                 | child_welfare                        |
| goal in area language                  | work (Norwegian classes lead to work)|
| a goal for one member                  | the same part, for that person       |
| mapping section                        | the section's ``part`` in the instrument: |
|   income, debt, family                 |   economy                            |
|   employment                           |   work                               |
|   housing                              |   housing                            |
|   health, quality of life, self-eff.   |   health (per adult)                 |
|   children's school / leisure          |   school / leisure (per child)       |
|   "other" (free notes)                 |   full access only                   |
| a possible entitlement                 | ALL parts of the facts its rule reads|
| meeting                                | full access; a partner sees meetings |
|                                        | its own unit took part in (time,     |
|                                        | kind, participants, its unit's tasks)|
|                                        | but never the notes                  |
| session feedback (FIT)                 | full access only                     |

Only full access (the coordinator, or break-the-glass) writes.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from levekar.followup.models import Case, InfoPart, PlanArea

AREA_PARTS: dict[str, frozenset[str]] = {
    PlanArea.WORK_ECONOMY: frozenset({InfoPart.ECONOMY, InfoPart.WORK}),
    PlanArea.HOUSING: frozenset({InfoPart.HOUSING}),
    PlanArea.HEALTH: frozenset({InfoPart.HEALTH}),
    PlanArea.SCHOOL: frozenset({InfoPart.SCHOOL}),
    PlanArea.LEISURE: frozenset({InfoPart.LEISURE}),
    PlanArea.PARENTING: frozenset({InfoPart.CHILD_WELFARE}),
    PlanArea.LANGUAGE: frozenset({InfoPart.WORK}),
}
FULL_ONLY = "_full"  # marks data only full access may see (see entitlements.fact_parts)


@dataclass(frozen=True)
class _CaseAccess:
    """Same shape as the case part's ``CaseAccess`` (replaced by it at merge)."""

    case: Case
    full: bool
    parts: frozenset[str]
    via: str  # "coordinator" | "break_glass" | "consent"

    def can_see(self, part: str) -> bool:
        return self.full or part in self.parts

    def can_see_person_part(self, person_id: int, part: str) -> bool:
        return self.can_see(part)

    def require(self, part: str) -> None:
        if not self.can_see(part):
            raise PermissionDenied(part)


def work_case_access(user, case_pk: int) -> _CaseAccess:
    """The user's access to the case, or Http404 when they have none."""
    case = Case.objects.select_related("household", "unit", "coordinator").filter(
        pk=case_pk).first()
    if case is None or not getattr(user, "is_authenticated", False) or \
            case.coordinator_id != user.pk:
        raise Http404("Fant ikke familieløpet.")
    return _CaseAccess(case=case, full=True, parts=frozenset(InfoPart.values), via="coordinator")


def can_see_any(access, parts, person_id: int | None = None) -> bool:
    """May the user see data belonging to any of ``parts`` (for one person when given)?"""
    if access.full:
        return True
    if person_id is not None:
        return any(access.can_see_person_part(person_id, p) for p in parts)
    return any(access.can_see(p) for p in parts)


def can_see_all(access, parts) -> bool:
    """May the user see data built from every one of ``parts`` (FULL_ONLY needs full)?"""
    if access.full:
        return True
    return all(p != FULL_ONLY and access.can_see(p) for p in parts)


def goal_visible(access, goal) -> bool:
    parts = AREA_PARTS[goal.area]
    person_id = goal.member.person_id if goal.member_id else None
    return can_see_any(access, parts, person_id)
