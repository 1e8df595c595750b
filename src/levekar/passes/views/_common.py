"""What the passes views share."""

from django.core.paginator import Paginator

from levekar.core.models import Municipality

# Who may nominate families for holiday offers (and see their own unit's nominations).
from levekar.core.roles import Role

NOMINATING_ROLES = (Role.SERVICE_PARTNER, Role.COORDINATOR, Role.LEISURE)


def paginate(request, items, per_page: int = 50):
    return Paginator(items, per_page).get_page(request.GET.get("side"))


def user_municipality(request) -> Municipality:
    """The municipality of the user's unit; the first one for a user without a unit."""
    if request.user.org_unit_id:
        return request.user.org_unit.municipality
    return Municipality.objects.order_by("pk").first()
