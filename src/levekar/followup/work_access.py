"""Access to the work parts of a case (plan, mapping, entitlements, meetings, feedback).

Every view of the work part goes through ``work_case_access``, which applies the case
part's rules (``levekar.followup.access.case_access_for_user``): the coordinator and an
active break-the-glass grant have full access; a service partner sees the parts that an
active consent names for their unit.

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



from levekar.followup.access import CaseAccess, case_access_for_user
from levekar.followup.models import InfoPart, PlanArea

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


def work_case_access(user, case_pk: int) -> CaseAccess:
    """The user's access to the case (the case part's rules), or Http404 when they have none."""
    return case_access_for_user(user, case_pk)


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
