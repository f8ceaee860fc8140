"""The project's middleware: storage outages as a clear 503 page instead of a 500 with a traceback, the
shop's branded 405 page, and django-csp's header built once per process."""

from __future__ import annotations

import logging
from functools import lru_cache

import csp.middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.utils import build_policy
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


class CSPMiddleware(csp.middleware.CSPMiddleware):
    """django-csp's, but a response without per-view policy changes or a nonce (nearly all of them) gets
    the policy from settings built once per process, not on every response."""

    OVERRIDES = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if isinstance(getattr(request, "_csp_nonce", None), str) or any(
                getattr(response, name, None) is not None for name in self.OVERRIDES):
            return super().process_response(request, response)
        for header, policy, exempt in ((HEADER, _settings_policy(False), "_csp_exempt"),
                                       (HEADER_REPORT_ONLY, _settings_policy(True), "_csp_exempt_ro")):
            if policy and header not in response and not getattr(response, exempt, False):
                response[header] = policy
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # as django-csp does
        return response


@lru_cache(maxsize=2)
def _settings_policy(report_only: bool) -> str:
    # Excluded URL prefixes are not supported here (the shop sets none): such a policy takes the long way.
    return build_policy(report_only=report_only)
