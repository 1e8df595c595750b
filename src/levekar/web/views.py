from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

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
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
