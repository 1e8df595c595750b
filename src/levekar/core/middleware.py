"""A database that is down gets a clear 503 page, never a stack trace."""

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string


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
