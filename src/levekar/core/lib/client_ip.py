"""The client's IP address, trusting forwarded headers only from configured proxies.

Behind a reverse proxy ``REMOTE_ADDR`` is the proxy and the client is in
``X-Forwarded-For``; but any client can send that header itself. So the header is read
only when the request comes from a trusted proxy (``LEVEKAR_TRUSTED_PROXIES``), and then
from the right: each proxy appends the address it got the request from, so the first
address from the right that is not a trusted proxy is the client. Everything to its left
was written by the client and is ignored.

The audit log and django-axes (the lock-out after failed logins) both use this function,
so five wrong passwords lock out the person who typed them, not everyone behind the proxy.
"""

import ipaddress
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> list[Network]:
    """``["10.0.0.1", "192.168.0.0/16"]`` → networks; raises ValueError on a bad entry."""
    return [ipaddress.ip_network(v.strip(), strict=False) for v in values if v.strip()]


def _address(text: str):
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.5:5123"
        text = text.split(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_ip(remote_addr: str | None, forwarded_for: str | None,
              trusted: Iterable[Network]) -> str | None:
    """The client's address, or ``None`` when there is no usable one."""
    trusted = list(trusted)
    peer = _address(remote_addr or "")
    if peer is None:
        return None

    def is_trusted(ip) -> bool:
        return any(ip in net for net in trusted)

    if not is_trusted(peer) or not forwarded_for:
        return str(peer)
    hops = [_address(part) for part in forwarded_for.split(",")]
    for ip in reversed(hops):
        if ip is None:
            # Garbage in the chain: what is left of it cannot be trusted; the last
            # proxy is the best we know.
            return str(peer)
        if not is_trusted(ip):
            return str(ip)
        peer = ip
    return str(peer)
