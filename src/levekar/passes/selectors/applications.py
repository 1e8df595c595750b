"""Reads of card applications: the leisure office's queue and one application; a
resident's own applications on Min side."""

from django.db.models import Q, QuerySet
from django.http import Http404

from levekar.passes.models import CardApplication, Scheme

QUEUE_LIMIT = 200


def applications_queue(*, status: str = "", scheme: Scheme | None = None,
                       year: int | None = None, q: str = "") -> QuerySet[CardApplication]:
    """The queue "Søknader om aktivitetskort", oldest waiting first; filtered by status,
    scheme, year and the child's name. One query."""
    qs = CardApplication.objects.select_related("scheme", "child", "applicant")
    if status:
        qs = qs.filter(status=status)
    if scheme is not None:
        qs = qs.filter(scheme=scheme)
    if year:
        qs = qs.filter(year=year)
    for word in q.split()[:5]:
        qs = qs.filter(Q(child__first_name__icontains=word)
                       | Q(child__last_name__icontains=word))
    return qs.order_by("created_at", "pk")[:QUEUE_LIMIT]


def application_get(pk: int) -> CardApplication:
    application = (CardApplication.objects
                   .select_related("scheme__municipality", "child__household", "applicant",
                                   "registered_by", "decided_by", "activity_pass")
                   .filter(pk=pk).first())
    if application is None:
        raise Http404
    return application


def applications_for_children(child_ids: list[int]) -> QuerySet[CardApplication]:
    """A resident's applications for the children in their care, newest first (one query;
    the decision reason is the family's own answer, so it is shown to them)."""
    return (CardApplication.objects.filter(child_id__in=child_ids)
            .select_related("scheme", "child").order_by("-created_at", "-pk"))


def schemes_open_for_application() -> QuerySet[Scheme]:
    """The active activity-card schemes a family may apply for."""
    return Scheme.objects.filter(active=True, kind=Scheme.Kind.ACTIVITY_PASS).order_by("name")
