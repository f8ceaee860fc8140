"""/healthz (the process answers) and /readyz (the storage backend answers within a timeout)."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from storage import unit_of_work

logger = logging.getLogger(__name__)

# A hung backend must not hang the probe: the ping runs here and the probe stops waiting at the
# timeout. Two workers, so one stuck ping does not block the next probe.
_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="readiness")


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _ping_storage() -> None:
    try:
        unit_of_work().ping()
    finally:
        connections.close_all()  # this worker thread's own database connections


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    timeout = float(getattr(settings, "READINESS_TIMEOUT_SECONDS", 2))
    check = {"name": "storage", "backend": settings.SHOP_STORAGE}
    try:
        _executor.submit(_ping_storage).result(timeout=timeout)
    except FutureTimeout:
        check.update(ok=False, error=f"no answer within {timeout:g} s")
    except Exception as error:  # any failure means "not ready"; the type says which kind
        logger.warning("readiness check failed: storage: %s", type(error).__name__)
        check.update(ok=False, error=type(error).__name__)
    else:
        check["ok"] = True
    if check["ok"]:
        return JsonResponse({"status": "ready", "checks": [check]})
    return JsonResponse({"status": "unavailable", "failing": ["storage"], "checks": [check]}, status=503)
