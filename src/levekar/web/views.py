from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from levekar.core import health
from levekar.core.roles import user_roles
from levekar.web.nav import nav_for


@login_required
def dashboard(request):
    return render(request, "web/dashboard.html", {
        "starting_points": nav_for(request.user),
        "roles": user_roles(request.user),
    })


@never_cache
def healthz(request):
    """Database writable, disk room, job worker alive (``core.health``); 503 otherwise."""
    status, body = health.report()
    return JsonResponse(body, status=status)
