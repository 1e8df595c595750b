"""A database that is down gets a clear 503 page, never a stack trace."""

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError) or (
            type(exception) is DatabaseError
        ):
            # Rendered without a request context: the context processors would touch the
            # database (request.user) and fail again.
            html = render_to_string("core/database_unavailable.html")
            return HttpResponse(html, status=503)
        return None


class LanguageMiddleware:
    """The language of a page: the one chosen with the language switch (the cookie);
    else, on the public pages for residents (``LEVEKAR_PUBLIC_PATHS``), their browser's
    language when they are not logged in; else Norwegian.

    Staff work in Norwegian even on English-language machines (the login page and every
    staff page ignore the browser's Accept-Language); anyone can switch with the switch.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        if chosen in supported:
            language = chosen
        elif is_public_path(request.path) and not _logged_in(request):
            browser = translation.get_language_from_request(request)
            language = browser if browser in supported else settings.LANGUAGE_CODE
        else:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if is_public_path(request.path):
            # The same URL answers in the browser's language: caches must keep them apart.
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        translation.deactivate()
        return response


def _logged_in(request) -> bool:
    """Whether the request has a logged-in user; a database that is down counts as yes
    (Norwegian), and the view then answers with the 503 page."""
    try:
        return request.user.is_authenticated
    except DatabaseError:
        return True


def is_public_path(path: str) -> bool:
    """Whether ``path`` is a page for residents, clubs or organisers
    (``LEVEKAR_PUBLIC_PATHS`` minus ``LEVEKAR_STAFF_PATHS``)."""
    from django.conf import settings

    return any(path.startswith(p) for p in settings.LEVEKAR_PUBLIC_PATHS) and not any(
        path.startswith(p) for p in settings.LEVEKAR_STAFF_PATHS)


class PermissionsPolicyMiddleware:
    """Sends ``LEVEKAR_PERMISSIONS_POLICY`` (camera, microphone, geolocation … off)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.LEVEKAR_PERMISSIONS_POLICY)
        return response


class HeadAsGetMiddleware:
    """``HEAD`` works wherever ``GET`` does: the view answers a GET and the body is
    dropped (headers, status and Content-Length stay). Views can then keep saying
    ``require_GET`` without refusing link checkers and caches with a 405."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if response.streaming:
            response.streaming_content = []
        else:
            length = len(response.content)
            response.content = b""
            response.headers["Content-Length"] = str(length)
        return response
