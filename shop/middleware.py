"""Turns a storage outage into a clear 503 page instead of a 500 with a traceback."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from core.errors import StorageUnavailable
from shop.views import method_not_allowed

logger = logging.getLogger(__name__)


class StorageUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, StorageUnavailable):
            return None
        logger.warning("storage unavailable: %s", exception)
        response = TemplateResponse(request, "503.html", {"message": exception.message}, status=503)
        response["Retry-After"] = str(exception.retry_after)
        return response.render()


class BrandedErrorPagesMiddleware:
    """Django's method decorators answer 405 with an empty body; pages get the shop's 405 page instead.
    The GraphQL endpoint answers its own 405 in JSON and is left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and not getattr(response, "streaming", False):
            return method_not_allowed(request, response)
        return response
