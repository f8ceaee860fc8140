"""Django's WSGI application served from an ASGI server's event loop on a fixed pool of threads, with one
hop from the loop to a thread and one back per request.

A general WSGI-to-ASGI adapter (a2wsgi, used before) crosses between loop and thread for every message:
the response's start, each body chunk, its end, each read of the request body. Each crossing wakes the
loop and the thread; together they cost about half a millisecond of CPU per request, twice what a bare
Django view costs itself (`make bench`: the bare view went from 1 936 to about 4 200 requests a second).

Here the loop reads the request body before the thread starts (up to BODY_IN_MEMORY bytes; the rest of a
larger upload is pulled from the loop as the view reads it), and the thread gathers the response, which
the loop sends once the view has returned (up to RESPONSE_IN_MEMORY bytes; past that, a large or streaming
response, such as a big static file, goes out chunk by chunk as the thread produces it).
"""

from __future__ import annotations

import asyncio
import io
import sys
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

BODY_IN_MEMORY = 1 << 20
RESPONSE_IN_MEMORY = 1 << 20

Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class WsgiOnThreads:
    """An ASGI application running `app` (WSGI) on `threads` threads: HTTP requests, and the lifespan
    messages a server sends at start and stop (nothing to do but acknowledge them).

    `on_loop(environ, body)`, when given, picks out requests that need no I/O at all (a cached read whose
    every part is in memory): it returns environ entries for the app, and the request runs on the event loop
    itself, without the hop to a thread and back; None sends it to a thread like any other.
    """

    def __init__(self, app: Callable[..., Iterable[bytes]], *, threads: int,
                 on_loop: Callable[[dict, bytes], dict | None] | None = None) -> None:
        self.app = app
        self.executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="wsgi")
        self.on_loop = on_loop

    async def __call__(self, scope: dict, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        loop = asyncio.get_running_loop()
        head, more = await _read_body(receive)
        if head is None:
            return  # the client left before its request was complete: nothing to act on
        body = LoopBody(head, loop, receive) if more else io.BytesIO(head)
        environ = environ_for(scope, body)
        here = None if more or self.on_loop is None else self.on_loop(environ, head)
        if here is not None:
            environ.update(here)
            response = GatheredResponse(loop, send, may_stream=False)  # streaming waits for the loop: this one
            response.run(self.app, environ)
        else:
            response = GatheredResponse(loop, send)
            # The thread's own context, not a copy of the loop's: context-local state Django keeps for a
            # thread (its cache clients, Redis connection pools included) then lasts from one request to
            # the next, as under a threaded WSGI server, instead of being made again for every request.
            await loop.run_in_executor(self.executor, response.run, self.app, environ)
        await response.finish()


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def _read_body(receive: Receive) -> tuple[bytes | None, bool]:
    """The request body's first BODY_IN_MEMORY bytes and whether more follows; None if the client left."""
    parts, size, more = [], 0, True
    while more and size < BODY_IN_MEMORY:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None, False
        chunk = message.get("body", b"")
        parts.append(chunk)
        size += len(chunk)
        more = message.get("more_body", False)
    return b"".join(parts), more


class LoopBody:
    """wsgi.input for a body larger than BODY_IN_MEMORY: the rest is pulled from the loop as it is read."""

    def __init__(self, head: bytes, loop: asyncio.AbstractEventLoop, receive: Receive) -> None:
        self.buffer, self.loop, self.receive, self.more = bytearray(head), loop, receive, True

    def _pull(self) -> None:
        message = asyncio.run_coroutine_threadsafe(self.receive(), self.loop).result()
        if message["type"] == "http.disconnect":
            self.more = False
            raise OSError("the client disconnected during the request body")  # Django: UnreadablePostError
        self.buffer += message.get("body", b"")
        self.more = message.get("more_body", False)

    def read(self, size: int = -1) -> bytes:
        while self.more and (size < 0 or len(self.buffer) < size):
            self._pull()
        return self._take(len(self.buffer) if size < 0 else size)

    def readline(self, size: int = -1) -> bytes:
        while self.more and b"\n" not in self.buffer and (size < 0 or len(self.buffer) < size):
            self._pull()
        end = self.buffer.find(b"\n") + 1 or len(self.buffer)
        return self._take(end if size < 0 else min(end, size))

    def _take(self, size: int) -> bytes:
        taken = bytes(self.buffer[:size])
        del self.buffer[:size]
        return taken


class GatheredResponse:
    """The WSGI response, gathered in the request's thread and sent by the loop (streamed past a size)."""

    def __init__(self, loop: asyncio.AbstractEventLoop, send: Send, *, may_stream: bool = True) -> None:
        self.loop, self.send, self.may_stream = loop, send, may_stream
        self.start: Message | None = None
        self.chunks: list[bytes] = []
        self.size = 0
        self.streaming = False

    def run(self, app: Callable[..., Iterable[bytes]], environ: dict) -> None:
        """In the request's thread: the whole WSGI call, closing the iterable there (Django's
        request_finished, which returns database connections, runs in the thread that used them)."""
        iterable = app(environ, self.start_response)
        try:
            for chunk in iterable:
                self.write(chunk)
        finally:
            close = getattr(iterable, "close", None)
            if close is not None:
                close()

    def start_response(self, status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable:
        if exc_info is not None and self.streaming:
            raise exc_info[1].with_traceback(exc_info[2])  # PEP 3333: too late to change the headers
        self.start = {"type": "http.response.start", "status": int(status[:3]),
                      "headers": [(name.lower().encode("latin1"), value.encode("latin1")) for name, value in headers]}
        return self.write

    def write(self, chunk: bytes) -> None:
        if not chunk:
            return
        if self.streaming:
            self._send_now({"type": "http.response.body", "body": chunk, "more_body": True})
            return
        self.chunks.append(chunk)
        self.size += len(chunk)
        if self.size > RESPONSE_IN_MEMORY and self.may_stream:
            self.streaming = True
            self._send_now(self.start)
            self._send_now({"type": "http.response.body", "body": b"".join(self.chunks), "more_body": True})
            self.chunks = []

    def _send_now(self, message: Message) -> None:
        asyncio.run_coroutine_threadsafe(self.send(message), self.loop).result()

    async def finish(self) -> None:
        """On the loop, once the view has returned: the response, or the end of the streamed one."""
        if not self.streaming:
            await self.send(self.start)
        await self.send({"type": "http.response.body", "body": b"".join(self.chunks)})


def environ_for(scope: dict, body: Any) -> dict:
    """The WSGI environ of an ASGI HTTP scope (PEP 3333: strings are bytes decoded as latin-1)."""
    script_name = scope.get("root_path", "").encode().decode("latin1")
    path = scope["path"].encode().decode("latin1")
    server_name, server_port = scope.get("server") or ("localhost", 80)
    environ = {
        "REQUEST_METHOD": scope["method"], "SCRIPT_NAME": script_name,
        "PATH_INFO": path[len(script_name):] if script_name and path.startswith(script_name) else path,
        "QUERY_STRING": scope.get("query_string", b"").decode("latin1"),
        "SERVER_NAME": server_name, "SERVER_PORT": str(server_port or 0),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "wsgi.version": (1, 0), "wsgi.url_scheme": scope.get("scheme", "http"), "wsgi.input": body,
        "wsgi.errors": sys.stderr, "wsgi.multithread": True, "wsgi.multiprocess": True, "wsgi.run_once": False,
    }
    if scope.get("client"):
        environ["REMOTE_ADDR"], environ["REMOTE_PORT"] = scope["client"][0], str(scope["client"][1])
    for raw_name, raw_value in scope.get("headers", []):
        name, value = raw_name.decode("latin1").upper().replace("-", "_"), raw_value.decode("latin1")
        key = name if name in ("CONTENT_LENGTH", "CONTENT_TYPE") else f"HTTP_{name}"
        environ[key] = f"{environ[key]},{value}" if key in environ else value
    return environ
