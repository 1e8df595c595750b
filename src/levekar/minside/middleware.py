"""Min side's pages talk to the identity provider: the log-out form is redirected there,
and the provider frames the front-channel log-out. The strict Content-Security-Policy
(settings) allows that provider — and only on Min side's pages."""

from django.conf import settings

from levekar.core import frontchannel


def provider_origin() -> str:
    """The identity provider's origin (scheme, host and port), read per request: the
    tests start their provider on a free port."""
    return frontchannel.provider_origin(settings.LEVEKAR_OIDC_ISSUER)


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
