"""Where to go after a page: one check for every "next" address a request carries.

Staff login (``?next=``), the two-factor step, Min side's ID-porten login (``?neste=``)
and forms that return to the page they were posted from all send the browser to an
address the request chose. Only an address on this site is followed (no other host, no
``//evil.example``, no ``javascript:``; https only when the request is https); anything
else falls back to the page's default.
"""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, value: str | None, default: str) -> str:
    """``value`` when it is an address on this site, else ``default``."""
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()},
                                                 require_https=request.is_secure()):
        return value
    return default
