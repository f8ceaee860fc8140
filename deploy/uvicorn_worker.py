"""gunicorn's worker for the ASGI entry point (shop/asgi.py): uvicorn, configured for the shop.

- No access log of uvicorn's own: the app writes one JSON line per request (observability), and a
  second, less informative line per request would only double the log volume.
- WebSocket frames larger than WS_MAX_BYTES close the connection at the protocol level; anything up to
  that reaches the real-time door, which answers a message over REALTIME_MAX_MESSAGE_BYTES with a typed
  error and keeps the connection. Either way one client cannot make the server hold a large frame.
"""

from __future__ import annotations

from uvicorn_worker import UvicornWorker

WS_MAX_BYTES = 1024 * 1024


class ShopUvicornWorker(UvicornWorker):
    CONFIG_KWARGS = {"loop": "auto", "http": "auto", "ws": "websockets-sansio", "access_log": False,
                     "ws_max_size": WS_MAX_BYTES, "lifespan": "on"}
