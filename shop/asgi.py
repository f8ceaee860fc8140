"""ASGI entry point (uvicorn workers under gunicorn, deploy/gunicorn.conf.py): the whole site.

- WebSocket at /graphql/realtime: AppSync's real-time protocol (api/realtime/connection.py).
- /healthz and /readyz: answered on the event loop and the readiness checks' own threads, never behind
  the request threads, so a load balancer hears "not ready" even when every request thread is stuck.
- Everything else: Django's WSGI application on a fixed pool of threads (shop/wsgi_threads.py), exactly as
  the WSGI entry point serves it, with one hop to a thread and back per request. Django's own ASGI handler
  would run these sync views one at a time on a single thread per worker. A cached GraphQL read whose every
  part is in this process's memory (api.cached_reads.answerable_here) runs on the loop instead: it waits for
  nothing, and the hop would cost more than the answer.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
try:
    import django

    django.setup()
except ImproperlyConfigured as error:  # a bad setting is one line, not a traceback (any ASGI server)
    sys.stderr.write(f"error: {error}\n")
    raise SystemExit(1) from None

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from api.cached_reads import answerable_here
from api.realtime.connection import realtime
from observability.health import readiness
from shop.wsgi_threads import WsgiOnThreads

REALTIME_PATH = "/graphql/realtime"
# Cached GraphQL reads that need no I/O run on the event loop, without the hop to a request thread.
django_app = WsgiOnThreads(get_wsgi_application(), threads=settings.ASGI_REQUEST_THREADS, on_loop=answerable_here)
_probes = ThreadPoolExecutor(max_workers=2, thread_name_prefix="probe")


async def application(scope: dict, receive, send) -> None:
    kind, path = scope["type"], scope.get("path", "")
    if kind == "websocket":
        if path.rstrip("/") == REALTIME_PATH:
            await realtime(scope, receive, send)
        else:
            await send({"type": "websocket.close", "code": 1008})
    elif kind == "http" and path in ("/healthz", "/readyz") and scope["method"] in ("GET", "HEAD"):
        status, body = (200, {"status": "ok"}) if path == "/healthz" else \
            await asyncio.get_running_loop().run_in_executor(_probes, readiness)
        await _json(send, status, body, head=scope["method"] == "HEAD")
    else:  # HTTP, and the server's lifespan messages
        await django_app(scope, receive, send)


async def _json(send, status: int, body: dict, *, head: bool) -> None:
    content = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"cache-control", b"max-age=0, no-cache, no-store, must-revalidate"),
        (b"content-length", str(len(content)).encode())]})
    await send({"type": "http.response.body", "body": b"" if head else content})

