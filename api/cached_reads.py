"""Cached public reads answered before the rest of the middleware, as AppSync answers from its cache.

A POST /graphql with an API key and no session cookie whose response is in the cache (api.cache) is
answered here, right after CORS: the API key is checked (accounts.services, from this process's table or
the shared cache), the key is computed from the request's text, and the stored response is returned,
without sessions, CSRF, authentication middleware, URL resolution, the GraphQL view or parsing. Anything
else, including every miss and every malformed request, takes the normal path through the view, which
answers it (and fills the cache for the next one).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from api import cache
from api.auth import caller_for_credentials
from api.limits import body_too_large

GRAPHQL_PATHS = frozenset({"/graphql", "/graphql/"})
ROUTE = "graphql"  # the URL name the request log and metrics use for it (shop/urls.py)


class CachedReadMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.path_info in GRAPHQL_PATHS:
            response = _cached_answer(request)
            if response is not None:
                return response
        return self.get_response(request)


def _cached_answer(request: HttpRequest) -> HttpResponse | None:
    api_key = request.headers.get("x-api-key", "")
    if not api_key or request.headers.get("Authorization") or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None  # another caller than an API key, or one the view must look at
    if body_too_large(request):
        return None  # the view refuses it
    try:
        data = json.loads(request.body)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    query, variables, operation_name = data.get("query"), data.get("variables") or None, data.get("operationName")
    if not isinstance(query, str) or not isinstance(variables, dict | None) or not isinstance(
            operation_name, str | None):
        return None
    caller = caller_for_credentials(authorization="", api_key=api_key)
    if not caller.can_read_public():
        return None
    entry = cache.get(cache.cache_key(query, variables, operation_name, caller.kind))
    if entry is None:
        return None
    request.graphql_caller, request.route_name = caller, ROUTE
    request.graphql_operations, request.graphql_error_types = list(entry["operations"]), []
    cache.record(request, "hit")
    response = HttpResponse(entry["body"], content_type="application/json")
    response["Content-Length"] = str(len(response.content))  # as CommonMiddleware gives the view's answers
    response["x-amzn-RequestId"] = getattr(request, "request_id", "")
    return response
