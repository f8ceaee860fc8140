"""The 500 page: the shopper gets the request id to quote, never a traceback or internal detail."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseServerError
from django.template import loader

from observability.context import current_request_id


def server_error(request: HttpRequest) -> HttpResponseServerError:
    # Rendered without the request context: context processors may touch the storage that just failed.
    request_id = getattr(request, "request_id", None) or current_request_id()
    html = loader.get_template("500.html").render({"request_id": request_id})
    return HttpResponseServerError(html)
