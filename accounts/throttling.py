"""Sign-in throttling (django-axes): who the client is, and what a locked-out client is told.

Every sign-in door (the sign-in page, the admin login, GraphQL signIn) calls
django.contrib.auth.authenticate with the request, which axes watches; its attempts live in Django's
database, so a limit counted on one instance holds on every other. The message never says whether the
account exists: a name nobody has is locked out exactly like a real one.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

LOCKED_OUT_MESSAGE = ("Too many failed sign-in attempts for this account or from this address. "
                      "Signing in is paused for {minutes} minutes; please try again after that.")


def locked_out_message() -> str:
    return LOCKED_OUT_MESSAGE.format(minutes=settings.SIGNIN_COOLOFF_MINUTES)


def retry_after_seconds() -> int:
    return settings.SIGNIN_COOLOFF_MINUTES * 60


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(value, strict=False) for value in trusted if value != "*")


def _trusted(address: str) -> bool:
    trusted = tuple(settings.FORWARDED_ALLOW_IPS)
    if "*" in trusted:
        return True
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(trusted))


def client_ip(request: HttpRequest) -> str:
    """The address of the client, counting X-Forwarded-For only through proxies we trust.

    Behind a load balancer every request comes from the balancer: throttling by REMOTE_ADDR alone
    would lock everyone out at once. The header is read from the right (the hop nearest to us) and
    the first address that is not a trusted proxy is the client; a client cannot forge its way past
    that, since anything it writes into the header lies further left.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    if not _trusted(remote):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop):
            return hop
    return hops[0] if hops else remote


def lockout_response(request: HttpRequest, original_response: HttpResponse | None = None,
                     credentials: dict | None = None) -> HttpResponse:
    """What a locked-out sign-in gets (axes' AXES_LOCKOUT_CALLABLE).

    GraphQL's signIn has already answered with a typed error (api/accounts.py), so its response is
    kept; the sign-in page and the admin login get a page saying how long to wait, status 429.
    """
    if original_response is not None and getattr(request, "graphql_operations", None) is not None:
        return original_response
    response = TemplateResponse(request, "accounts/locked_out.html",
                                {"message": locked_out_message()}, status=429)
    response["Retry-After"] = str(retry_after_seconds())
    return response.render()
