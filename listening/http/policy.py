"""Which addresses listening may fetch: public unicast only; loopback when allowed (tests); other
networks only when listed in LISTENING_ALLOWED_NETWORKS."""

from __future__ import annotations

import ipaddress
import socket

from django.conf import settings

# --- address policy -----------------------------------------------------------------------------


def _allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    networks = []
    for value in getattr(settings, "LISTENING_ALLOWED_NETWORKS", []) or []:
        networks.append(ipaddress.ip_network(str(value), strict=False))
    return networks


def address_is_allowed(ip_text: str, *, allow_loopback: bool | None = None) -> bool:
    """Public unicast addresses are allowed; private, loopback, link-local, multicast, reserved,
    unspecified, shared (CGNAT) and documentation ranges are not. Loopback only when allowed;
    anything in LISTENING_ALLOWED_NETWORKS explicitly."""
    try:
        ip = ipaddress.ip_address(ip_text.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            ip = mapped
        elif ip.teredo is not None:
            ip = ip.teredo[1]
    if any(ip in network for network in _allowed_networks()):
        return True
    if allow_loopback is None:
        allow_loopback = bool(getattr(settings, "LISTENING_ALLOW_PRIVATE_ADDRESSES", False))
    if ip.is_loopback:
        return allow_loopback
    blocked = (
        ip.is_private or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified or not ip.is_global
    )
    return not blocked


def _default_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    seen: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        ip = str(sockaddr[0])
        if ip not in seen:
            seen.append(ip)
    return seen
