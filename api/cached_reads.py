"""Cached public reads answered before the rest of the middleware, as AppSync answers from its cache.

A POST /graphql with an API key and no session cookie or Authorization header whose response is in the
cache (api.cache) is answered by CachedReadMiddleware, right after CORS: the API key is checked
(accounts.services, from this process's table or the shared cache), the key is computed from the request's
text, and the stored response is returned, without sessions, CSRF, authentication middleware, URL
resolution, the GraphQL view or parsing. Anything else, including every miss and every malformed request,
takes the normal path through the view, which answers it (and fills the cache for the next one).

`answerable_here` makes the same lookup from the ASGI request on the event loop, with this process's
memory only (the API key's verdict, the response, the memory-mapped versions): when everything is there,
shop/wsgi_threads.py runs the request on the loop instead of handing it to a request thread, and the
middleware answers with what was found (CACHED_READ). Nothing on that path waits for I/O; Django's guard
against database access from an event loop would turn any that crept in into an error the tests see.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.cookie import parse_cookie

from api import cache
from api.auth import Caller, caller_for_credentials
from api.limits import body_too_large

GRAPHQL_PATHS = frozenset({"/graphql", "/graphql/"})
ROUTE = "graphql"  # the URL name the request log and metrics use for it (shop/urls.py)
CACHED_READ = "shop.cached_read"  # the WSGI environ entry of a read found on the event loop


@dataclass(frozen=True)
class CachedRead:
    caller: Caller
    entry: dict  # api.cache.get's: the encoded response and its operations


class CachedReadMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.path_info in GRAPHQL_PATHS:
            found = request.META.get(CACHED_READ) or _from_request(request)
            if found is not None:
                return _answer(request, found)
        return self.get_response(request)


def answerable_here(environ: dict, body: bytes) -> dict | None:
    """For shop/wsgi_threads.py, given the request's WSGI environ (what Django's META will be) and body: the
    environ entries of a cached read that this process can answer from its memory alone, or None (the request
    then goes to a request thread, as every other one)."""
    if environ["REQUEST_METHOD"] != "POST" or environ["PATH_INFO"] not in GRAPHQL_PATHS or not settings.VERSIONS_FILE:
        return None  # with REDIS_URL, reading the catalog version is a network round trip
    if len(body) > settings.GRAPHQL_MAX_BODY_BYTES:
        return None
    found = lookup(api_key=environ.get("HTTP_X_API_KEY", ""), authorization=environ.get("HTTP_AUTHORIZATION", ""),
                   cookies=parse_cookie(environ.get("HTTP_COOKIE", "")), body=body, local_only=True)
    return {CACHED_READ: found} if found is not None else None


def lookup(*, api_key: str, authorization: str, cookies: Mapping[str, str], body: bytes,
           local_only: bool = False) -> CachedRead | None:
    """The cached answer to this request, if it is a public read by an API key whose response is cached.
    `local_only`: from this process's memory alone, never the shared cache or the database."""
    if not api_key or authorization or settings.SESSION_COOKIE_NAME in cookies:
        return None  # another caller than an API key, or one the view must look at
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    query, variables, operation_name = data.get("query"), data.get("variables") or None, data.get("operationName")
    if not isinstance(query, str) or not isinstance(variables, dict | None) or not isinstance(
            operation_name, str | None):
        return None
    caller = caller_for_credentials(authorization="", api_key=api_key, local_only=local_only)
    if not caller.can_read_public():
        return None
    entry = cache.get(cache.cache_key(query, variables, operation_name, caller.kind), local_only=local_only)
    return CachedRead(caller, entry) if entry is not None else None


def _from_request(request: HttpRequest) -> CachedRead | None:
    if body_too_large(request):
        return None  # the view refuses it
    return lookup(api_key=request.headers.get("x-api-key", ""), authorization=request.headers.get("Authorization", ""),
                  cookies=request.COOKIES, body=request.body)


def _answer(request: HttpRequest, found: CachedRead) -> HttpResponse:
    request.graphql_caller, request.route_name = found.caller, ROUTE
    request.graphql_operations, request.graphql_error_types = list(found.entry["operations"]), []
    cache.record(request, "hit")
    response = HttpResponse(found.entry["body"], content_type="application/json")
    response["Content-Length"] = str(len(response.content))  # as CommonMiddleware gives the view's answers
    response["x-amzn-RequestId"] = getattr(request, "request_id", "")
    return response
