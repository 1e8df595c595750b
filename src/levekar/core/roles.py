"""The roles of DESIGN.md. A role is a Django group with the same name."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "familiekoordinator", _("Family coordinator")
    SERVICE_PARTNER = "tjenestepartner", _("Service partner")
    BTI_COORDINATOR = "bti-koordinator", _("BTI coordinator / leader")
    PLAN_OWNER = "planeier", _("Plan owner")
    ANALYST = "analytiker", _("Analyst")
    LENDING = "utlan", _("Lending desk")
    LEISURE = "fritid", _("Leisure office")
    ADMIN = "admin", _("Administrator")


def user_roles(user) -> set[str]:
    """The role names of a user, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_levekar_roles", None)
    if cached is None:
        valid = set(Role.values)
        cached = {name for name in user.groups.values_list("name", flat=True) if name in valid}
        if user.is_superuser:
            cached.add(Role.ADMIN.value)
        user._levekar_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(user_roles(user) & {str(r) for r in roles})
