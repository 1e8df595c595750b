from django.conf import settings

from levekar.core.middleware import is_public_path
from levekar.core.roles import Role, user_roles
from levekar.web.nav import nav_for


def shell(request):
    """What the base layout needs: the menu for this user and their role names, and
    whether this is a page for residents, clubs or organisers (``public_page``), which
    carries the municipality's neutral name instead of the product's."""
    public = {"public_page": is_public_path(getattr(request, "path", "")),
              "public_name": settings.LEVEKAR_PUBLIC_NAME}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "role_labels": [], **public}
    labels = [Role(r).label for r in Role.values if r in user_roles(user)]
    return {"nav_items": nav_for(user), "role_labels": labels, **public}
