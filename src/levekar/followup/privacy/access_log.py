"""The innsynslogg: who has read or changed a family member's data, and finding the
person for a subject-access export."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from levekar.core.roles import Role, user_roles
from levekar.core.selectors import person_access_log
from levekar.followup.models import (
    Case,
    CaseMember,
)
from levekar.followup.selectors import case_members
from levekar.people.models import Person


def member_access_logs(case: Case, *, limit: int = 50) -> list[tuple[CaseMember, list]]:
    """Each member's innsynslogg (who looked at their data), newest first."""
    return [(m, list(person_access_log(person_id=m.person_id, limit=limit)))
            for m in case_members(case)]


def person_get_for_export(user, person_pk: int) -> Person:
    """A person the user may export everything about: a member of a case the user has
    full access to (own case, or an active break-the-glass grant)."""
    if Role.COORDINATOR not in user_roles(user):
        raise Http404("ingen tilgang")
    now = timezone.now()
    own = Q(case__coordinator_id=user.pk) | Q(case__break_glass__user_id=user.pk,
                                               case__break_glass__expires_at__gt=now)
    member = (CaseMember.objects.filter(own, person_id=person_pk,
                                        case__anonymised_at__isnull=True)
              .select_related("person", "person__household", "person__household__zone")
              .first())
    if member is None:
        raise Http404("ingen tilgang")
    return member.person
