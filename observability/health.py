"""/healthz (the process answers) and /readyz (what the instance depends on answers within a timeout).

/readyz checks the shop's storage backend, and, where they are separate services shared by every
instance, Django's database (users, sessions, tokens: with SHOP_STORAGE=dynamodb) and the Redis cache
(REDIS_URL). Each check runs on a thread of its own and the probe stops waiting at
READINESS_TIMEOUT_SECONDS, so a hung dependency makes a 503, not a hung probe. Served through the ASGI
entry point (shop/asgi.py), both probes are answered on the event loop and threads of their own, never
behind the request threads, so they answer even when every request thread is stuck.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from storage import unit_of_work

logger = logging.getLogger(__name__)

# A hung dependency must not hang the probe: the checks run here and the probe stops waiting at the
# timeout. Spare threads, so checks stuck on a dead dependency do not block the next probe's.
_executor = ThreadPoolExecutor(max_workers=6, thread_name_prefix="readiness")


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _closing_connections(check: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        try:
            check()
        finally:
            connections.close_all()  # this worker thread's own database connections

    return run


def _ping_storage() -> None:
    unit_of_work().ping()


def _ping_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _ping_cache() -> None:
    key = "readyz:ping"
    cache.set(key, 1, 30)
    if cache.get(key) != 1:
        raise ConnectionError("the cache did not keep a value")


def _checks() -> dict[str, tuple[Callable[[], None], dict]]:
    checks = {"storage": (_ping_storage, {"backend": settings.SHOP_STORAGE})}
    if settings.SHOP_STORAGE != "sqlite":  # the SQL backend's ping already reads Django's database
        checks["database"] = (_ping_database, {"backend": connection.vendor})
    if getattr(settings, "REDIS_URL", ""):
        checks["cache"] = (_ping_cache, {"backend": "redis"})
    return checks


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    status, body = readiness()
    return JsonResponse(body, status=status)


def readiness() -> tuple[int, dict]:
    """(200, ready) or (503, what is failing), within READINESS_TIMEOUT_SECONDS."""
    timeout = float(getattr(settings, "READINESS_TIMEOUT_SECONDS", 2))
    deadline = time.monotonic() + timeout
    running = {name: (_executor.submit(_closing_connections(check)), details)
               for name, (check, details) in _checks().items()}
    results = []
    for name, (future, details) in running.items():
        result = {"name": name, **details}
        try:
            future.result(timeout=max(0.0, deadline - time.monotonic()))
        except FutureTimeout:
            result.update(ok=False, error=f"no answer within {timeout:g} s")
        except Exception as error:  # any failure means "not ready"; the type says which kind
            logger.warning("readiness check failed: %s: %s", name, type(error).__name__)
            result.update(ok=False, error=type(error).__name__)
        else:
            result["ok"] = True
        results.append(result)
    failing = [result["name"] for result in results if not result["ok"]]
    if not failing:
        return 200, {"status": "ready", "checks": results}
    return 503, {"status": "unavailable", "failing": failing, "checks": results}
