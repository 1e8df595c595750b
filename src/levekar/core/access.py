"""Access checks for views: a role, or a 403 with an audit event."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from levekar.core.audit import Kind, audit_request
from levekar.core.roles import has_role


def deny(request, purpose: str) -> PermissionDenied:
    """Record a refused access and return the exception for the caller to raise."""
    audit_request(request, kind=Kind.PAGE_DENIED, detail=purpose)
    return PermissionDenied(purpose)


def role_required(*roles: str):
    """Login required, and one of ``roles``; otherwise 403 with an audit event."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                raise deny(request, f"mangler rolle: {', '.join(str(r) for r in roles)}")
            return view(request, *args, **kwargs)

        wrapped.levekar_roles = tuple(str(r) for r in roles)
        return wrapped

    return decorator
