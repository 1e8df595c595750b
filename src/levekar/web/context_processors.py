from levekar.core.roles import Role, user_roles
from levekar.web.nav import nav_for


def shell(request):
    """What the base layout needs: the menu for this user and their role names."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "role_labels": []}
    labels = [Role(r).label for r in Role.values if r in user_roles(user)]
    return {"nav_items": nav_for(user), "role_labels": labels}
