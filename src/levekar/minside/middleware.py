"""Min side's pages talk to the identity provider: the log-out form is redirected there,
and the provider frames the front-channel log-out. The strict Content-Security-Policy
(settings) allows that provider — and only on Min side's pages."""

from urllib.parse import urlsplit

from django.conf import settings


def provider_origin() -> str:
    """The identity provider's origin (scheme, host and port), read per request: the
    tests start their provider on a free port."""
    parts = urlsplit(settings.LEVEKAR_OIDC_ISSUER)
    return f"{parts.scheme}://{parts.netloc}"


class IdentityProviderCSPMiddleware:
    """Lets Min side's forms end at the provider (log-out redirects there). Must run
    inside ``csp.middleware.CSPMiddleware`` (listed after it), which reads the update."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/min-side/"):
            update = dict(getattr(response, "_csp_update", None) or {})
            update["form-action"] = [*update.get("form-action", []), provider_origin()]
            response._csp_update = update
        return response
