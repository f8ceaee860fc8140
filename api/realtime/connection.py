"""One WebSocket connection speaking the AWS AppSync real-time protocol (`graphql-ws` subprotocol).

    client                                  server
    (open: subprotocols graphql-ws + header-<base64url JSON>, or ?header=<base64 JSON>&payload=e30=)
    {"type": "connection_init"}         ->
                                        <-  {"type": "connection_ack", "payload": {"connectionTimeoutMs": 300000}}
                                        <-  {"type": "ka"}   (every REALTIME_KEEPALIVE_SECONDS)
    {"type": "start", "id", "payload": {"data": "<JSON {query, variables}>", "extensions": {"authorization"}}}
                                        <-  {"type": "start_ack", "id"}
                                        <-  {"type": "data", "id", "payload": {"data"}}  (per event)
    {"type": "stop", "id"}              ->
                                        <-  {"type": "complete", "id"}

The auth header carries `host` plus `x-api-key`, or `Authorization` (a signIn token, a Cognito token); a
start may carry its own in extensions.authorization. Without credentials, a connection from the shop's
own pages (its Origin is the host it connected to) counts as that browser's session: the signed-in
shopper, or a signed-out one who may subscribe to the public catalog.

A bad message or a refused start ends that subscription with an `error` carrying AppSync's errorType,
never the connection or the other subscriptions. Limits (README "Real-time"): subscriptions per
connection, connection lifetime, message size, connections per client address (per process), and a
bounded send queue: a consumer too slow to keep up is disconnected rather than buffered without end.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import logging
import time
from collections import Counter
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.db import close_old_connections
from django.http.request import split_domain_port, validate_host

from accounts.services import session_user
from api.auth import PAGE, USER, Caller, caller_for_credentials
from api.realtime.hub import hub
from api.realtime.metrics import realtime_metrics
from api.realtime.subscriptions import Subscription, SubscriptionError, start

logger = logging.getLogger("shop.realtime")

PROTOCOL = "graphql-ws"
_per_address: Counter[str] = Counter()


class Refused(Exception):
    def __init__(self, error_type: str, message: str, code: int):
        super().__init__(message)
        self.error_type, self.message, self.code = error_type, message, code


async def realtime(scope: dict, receive, send) -> None:
    """The ASGI application for one WebSocket at /graphql/realtime."""
    if (await receive())["type"] != "websocket.connect":
        return
    headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]}
    offered = scope.get("subprotocols") or []
    if PROTOCOL not in offered:
        await send({"type": "websocket.close", "code": 1002, "reason": "use the graphql-ws subprotocol"})
        realtime_metrics.count("ConnectClientError")
        return
    address = (scope.get("client") or ("unknown", 0))[0]
    await send({"type": "websocket.accept", "subprotocol": PROTOCOL})
    connection = Connection(scope, receive, send, headers, address)
    await connection.serve(_auth_header(scope, offered))


def _auth_header(scope: dict, offered: list[str]) -> dict | None:
    """The connection's auth header: from a `header-...` subprotocol (Amplify v6) or the `header` query
    parameter (AppSync's documented form); {} when none was sent, None when it cannot be read."""
    raw = next((p.removeprefix("header-") for p in offered if p.startswith("header-")), None)
    if raw is None:
        raw = (parse_qs(scope.get("query_string", b"").decode("latin-1")).get("header") or [None])[0]
    if not raw:
        return {}
    try:
        decoded = json.loads(base64.urlsafe_b64decode(raw.replace("+", "-").replace("/", "_") + "=" * (-len(raw) % 4)))
    except (ValueError, binascii.Error):
        return None
    return decoded if isinstance(decoded, dict) else None


class Connection:
    def __init__(self, scope: dict, receive, send, headers: dict, address: str) -> None:
        self.scope, self.receive, self.send_raw, self.headers, self.address = scope, receive, send, headers, address
        self.queue: asyncio.Queue[dict | None] = asyncio.Queue(maxsize=settings.REALTIME_MAX_QUEUED_MESSAGES)
        self.subscriptions: dict[str, Subscription] = {}
        self.caller = Caller()
        self.opened = time.monotonic()
        self.closing = False

    async def serve(self, auth_header: dict | None) -> None:
        loop = asyncio.get_running_loop()
        _per_address[self.address] += 1
        writer = loop.create_task(self._write())
        tasks: list[asyncio.Task] = [writer]
        try:
            try:
                self.caller = await self._handshake(auth_header)
            except Refused as refused:
                realtime_metrics.count("ConnectClientError")
                await self._send_now({"type": "connection_error", "payload": {"errors": [
                    {"errorType": refused.error_type, "errorCode": refused.code, "message": refused.message}]}})
                await self._close(4000 + refused.code % 1000)
                return
            realtime_metrics.count("ConnectSuccess")
            realtime_metrics.active_connections += 1
            hub.start()
            self.enqueue({"type": "connection_ack",
                          "payload": {"connectionTimeoutMs": settings.REALTIME_CONNECTION_TIMEOUT_MS}})
            tasks.append(loop.create_task(self._keep_alive()))
            try:
                await asyncio.wait_for(self._read(), timeout=settings.REALTIME_MAX_CONNECTION_SECONDS)
            except TimeoutError:  # AppSync ends a connection after its maximum lifetime, as we do
                await self._close(1000, "connection lifetime reached")
            finally:
                realtime_metrics.active_connections -= 1
        finally:
            _per_address[self.address] -= 1
            if not _per_address[self.address]:
                del _per_address[self.address]
            for sub in self.subscriptions.values():
                hub.remove(sub)
            realtime_metrics.active_subscriptions -= len(self.subscriptions)
            self.subscriptions.clear()
            for task in tasks:
                task.cancel()
            realtime_metrics.connection_closed((time.monotonic() - self.opened) * 1000)

    # -- handshake --------------------------------------------------------------------------------

    async def _handshake(self, auth_header: dict | None) -> Caller:
        try:
            first = await asyncio.wait_for(self.receive(), timeout=settings.REALTIME_INIT_TIMEOUT_SECONDS)
        except TimeoutError:
            raise Refused("ConnectionTimeout", "Send connection_init first.", 408) from None
        message = self._parse(first)
        if message is None or message.get("type") != "connection_init":
            raise Refused("BadRequestException", "The first message must be connection_init.", 400)
        if _per_address[self.address] > settings.REALTIME_MAX_CONNECTIONS_PER_ADDRESS:
            raise Refused("LimitExceededError", "Too many connections from this address.", 429)
        if auth_header is None:
            raise Refused("UnauthorizedException", "The auth header is not base64-encoded JSON.", 401)
        caller = await self._in_thread(self._caller, auth_header)
        if caller is None:
            raise Refused("UnauthorizedException", "You are not authorized to make this call.", 401)
        return caller

    def _caller(self, auth_header: dict) -> Caller | None:
        """Who the header names, or (without credentials) the same-origin page's session; None: refused."""
        lowered = {str(k).lower(): str(v) for k, v in auth_header.items()}
        authorization, api_key = lowered.get("authorization", ""), lowered.get("x-api-key", "")
        if authorization or api_key:
            caller = caller_for_credentials(authorization=authorization, api_key=api_key)
            return caller if caller.can_read_public() else None
        if not self._same_origin():
            return None
        cookie = SimpleCookie(self.headers.get("cookie", ""))
        morsel = cookie.get(settings.SESSION_COOKIE_NAME)
        user = session_user(morsel.value) if morsel is not None else None
        return Caller(kind=USER, user=user) if user is not None else Caller(kind=PAGE)

    def _same_origin(self) -> bool:
        """A browser page of this very site, so a page elsewhere cannot ride on this browser's session
        cookie: its Origin is the host it connected to (one of ALLOWED_HOSTS), or, behind a CDN that
        sends the app its own host name, one of CSRF_TRUSTED_ORIGINS, as for the site's forms."""
        origin, host = self.headers.get("origin", ""), self.headers.get("host", "")
        if not origin:
            return False
        if origin in settings.CSRF_TRUSTED_ORIGINS:
            return True
        domain, _port = split_domain_port(host)
        return urlsplit(origin).netloc == host and bool(domain) and validate_host(domain, settings.ALLOWED_HOSTS)

    # -- messages ---------------------------------------------------------------------------------

    async def _read(self) -> None:
        while True:
            event = await self.receive()
            if event["type"] == "websocket.disconnect":
                return
            message = self._parse(event)
            if message is None:
                continue
            kind = message.get("type")
            if kind == "start":
                await self._start(message)
            elif kind == "stop":
                self._stop(message.get("id"))
            elif kind == "connection_init":
                continue  # already acknowledged
            else:
                self._error(None, "UnsupportedOperation", f"{kind!r} is not supported.")

    def _parse(self, event: dict) -> dict | None:
        text = event.get("text")
        if text is None and event.get("bytes") is not None:
            text = event["bytes"].decode("utf-8", "replace")
        if text is None:
            return None
        if len(text.encode()) > settings.REALTIME_MAX_MESSAGE_BYTES:
            self._error(None, "LimitExceededError",
                        f"A message may be at most {settings.REALTIME_MAX_MESSAGE_BYTES} bytes.")
            return None
        try:
            message = json.loads(text)
        except ValueError:
            message = None
        if not isinstance(message, dict):
            self._error(None, "BadRequestException", "Messages are JSON objects with a type.")
            return None
        return message

    async def _start(self, message: dict) -> None:
        sub_id = message.get("id")
        if not isinstance(sub_id, str) or not sub_id or len(sub_id) > 128:
            self._error(None, "BadRequestException", "start needs an id (a string of at most 128 characters).")
            return
        if sub_id in self.subscriptions:
            self._error(sub_id, "DuplicatedOperationError", f"Subscription {sub_id} is already started.")
            return
        if len(self.subscriptions) >= settings.REALTIME_MAX_SUBSCRIPTIONS:
            self._error(sub_id, "MaxSubscriptionsReachedError",
                        f"Max number of {settings.REALTIME_MAX_SUBSCRIPTIONS} subscriptions reached.")
            return
        payload = message.get("payload")
        try:
            caller = self.caller
            authorization = payload.get("extensions", {}).get("authorization") if isinstance(payload, dict) else None
            if isinstance(authorization, dict):  # Amplify sends the auth again with each start
                caller = await self._in_thread(self._caller, authorization)
                if caller is None:
                    raise SubscriptionError("UnauthorizedException", "You are not authorized to make this call.")
            sub = await self._in_thread(start, sub_id, payload, caller, self.enqueue)
        except SubscriptionError as refused:
            self._error(sub_id, refused.error_type, refused.message)
            return
        self.subscriptions[sub_id] = sub
        hub.add(sub)
        realtime_metrics.count("SubscribeSuccess")
        realtime_metrics.active_subscriptions += 1
        self.enqueue({"type": "start_ack", "id": sub_id})

    def _stop(self, sub_id: object) -> None:
        sub = self.subscriptions.pop(sub_id, None) if isinstance(sub_id, str) else None
        if sub is None:
            self._error(sub_id if isinstance(sub_id, str) else None, "BadRequestException", "No such subscription.")
            return
        hub.remove(sub)
        realtime_metrics.active_subscriptions -= 1
        self.enqueue({"type": "complete", "id": sub_id})

    def _error(self, sub_id: str | None, error_type: str, message: str) -> None:
        if error_type != "UnsupportedOperation":
            realtime_metrics.count("SubscribeClientError")
        self.enqueue({"type": "error", **({"id": sub_id} if sub_id else {}),
                      "payload": {"errors": [{"errorType": error_type, "message": message}]}})

    # -- sending ----------------------------------------------------------------------------------

    def enqueue(self, message: dict) -> None:
        """Queues a message for this client (on the event loop). A client that lets the queue fill up
        is disconnected: the server never buffers without bound for one slow reader."""
        if self.closing:
            return
        try:
            self.queue.put_nowait(message)
        except asyncio.QueueFull:
            realtime_metrics.count("PublishDataMessageClientError")
            logger.warning("real-time: disconnecting a slow consumer at %s", self.address)
            self.closing = True
            while not self.queue.empty():  # what it did not read is dropped, and the writer told to close
                self.queue.get_nowait()
            self.queue.put_nowait(None)

    async def _write(self) -> None:
        while True:
            message = await self.queue.get()
            if message is None:
                await self._close(1008, "too slow to keep up")
                return
            await self._send_now(message)
            if message["type"] == "data":
                realtime_metrics.count("PublishDataMessageSuccess")

    async def _send_now(self, message: dict) -> None:
        try:
            await self.send_raw({"type": "websocket.send", "text": json.dumps(message, separators=(",", ":"))})
        except Exception:  # the client has gone; the reader will see the disconnect
            self.closing = True

    async def _keep_alive(self) -> None:
        while True:
            await asyncio.sleep(settings.REALTIME_KEEPALIVE_SECONDS)
            self.enqueue({"type": "ka"})

    async def _close(self, code: int, reason: str = "") -> None:
        try:
            await self.send_raw({"type": "websocket.close", "code": code, "reason": reason})
        except Exception:  # already closed by the client
            logger.debug("real-time: close after the client left", exc_info=True)

    @staticmethod
    async def _in_thread(function, *args):
        """Django code (the database, the session store) runs off the event loop."""
        def call():
            try:
                return function(*args)
            finally:
                close_old_connections()

        return await asyncio.get_running_loop().run_in_executor(None, call)
