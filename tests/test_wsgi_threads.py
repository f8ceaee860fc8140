"""shop/wsgi_threads.py: a WSGI app behind the ASGI interface as uvicorn drives it (messages in, messages
out), for small requests and responses (gathered) and large ones (streamed), and a client that leaves."""

from __future__ import annotations

import asyncio
import hashlib
import threading
from concurrent.futures import ThreadPoolExecutor

from shop import wsgi_threads
from shop.wsgi_threads import WsgiOnThreads


def run(coroutine) -> None:
    """On a thread of its own: a browser test may have left this thread's event loop running."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, coroutine).result()


def echo(environ: dict, start_response) -> list[bytes]:
    """Answers with facts about the request, read as Django reads it (read(size) and readline)."""
    body = environ["wsgi.input"]
    first_line = body.readline()
    rest = body.read(int(environ.get("CONTENT_LENGTH") or 0) - len(first_line))
    received = first_line + rest
    start_response("201 Created", [("Content-Type", "text/plain"), ("X-Thread", threading.current_thread().name)])
    path = environ["PATH_INFO"].encode("latin1").decode()  # PEP 3333's strings, as Django reads them
    return [f"{environ['REQUEST_METHOD']} {path}?{environ['QUERY_STRING']} "
            f"{environ['HTTP_X_NAME']} {len(received)} {hashlib.sha256(received).hexdigest()}".encode()]


def big(environ: dict, start_response):
    start_response("200 OK", [("Content-Type", "application/octet-stream")])
    for _ in range(5):
        yield b"x" * (wsgi_threads.RESPONSE_IN_MEMORY // 2)


def call(app, *, body_parts: list[bytes], path: str = "/ünï", disconnect_after: int | None = None) -> list[dict]:
    scope = {"type": "http", "method": "POST", "path": path, "query_string": b"a=1", "root_path": "",
             "headers": [(b"x-name", b"caf\xc3\xa9"), (b"content-length", str(sum(map(len, body_parts))).encode())],
             "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 80), "scheme": "http", "http_version": "1.1"}
    incoming = [{"type": "http.request", "body": part, "more_body": n < len(body_parts) - 1}
                for n, part in enumerate(body_parts)]
    if disconnect_after is not None:
        incoming = [*incoming[:disconnect_after], {"type": "http.disconnect"}]
    sent: list[dict] = []

    async def receive() -> dict:
        return incoming.pop(0)

    async def send(message: dict) -> None:
        sent.append(message)

    run(app(scope, receive, send))
    return sent


def test_a_small_request_and_response_go_in_one_message_each_way():
    body = b"line one\nline two"
    sent = call(WsgiOnThreads(echo, threads=2), body_parts=[body[:5], body[5:]])
    start, end = sent
    assert start["status"] == 201 and (b"x-thread", b"wsgi_0") in start["headers"]
    assert end == {"type": "http.response.body",
                   "body": f"POST /ünï?a=1 cafÃ© {len(body)} {hashlib.sha256(body).hexdigest()}".encode()}


def test_a_body_larger_than_memory_is_pulled_as_the_view_reads_it(monkeypatch):
    monkeypatch.setattr(wsgi_threads, "BODY_IN_MEMORY", 10)
    parts = [b"0123456789", b"abc\n", b"defghij", b"klm"]
    sent = call(WsgiOnThreads(echo, threads=1), body_parts=parts)
    whole = b"".join(parts)
    assert sent[-1]["body"].endswith(f"{len(whole)} {hashlib.sha256(whole).hexdigest()}".encode())


def test_a_large_response_is_streamed_and_complete():
    sent = call(WsgiOnThreads(big, threads=1), body_parts=[b""])
    assert sent[0]["type"] == "http.response.start" and len(sent) > 2
    bodies = [message["body"] for message in sent[1:]]
    assert all(message["more_body"] for message in sent[1:-1]) and "more_body" not in sent[-1]
    assert sum(map(len, bodies)) == 5 * (wsgi_threads.RESPONSE_IN_MEMORY // 2)


def on_loop_when_asked(environ: dict, body: bytes) -> dict | None:
    return {"shop.answer": body.decode()} if body.startswith(b"here") else None


def where_it_ran(environ: dict, start_response) -> list[bytes]:
    environ["wsgi.input"].read()
    start_response("200 OK", [("X-Thread", threading.current_thread().name)])
    return [environ.get("shop.answer", "-").encode()]


def test_a_request_on_loop_picks_runs_on_the_event_loop_with_its_entries_and_others_on_a_thread():
    app = WsgiOnThreads(where_it_ran, threads=1, on_loop=on_loop_when_asked)
    here = call(app, body_parts=[b"here, please"])
    elsewhere = call(app, body_parts=[b"anywhere"])
    assert here[-1]["body"] == b"here, please" and (b"x-thread", b"wsgi_0") not in here[0]["headers"]
    assert elsewhere[-1]["body"] == b"-" and (b"x-thread", b"wsgi_0") in elsewhere[0]["headers"]


def test_a_large_response_made_on_the_loop_is_sent_whole(monkeypatch):
    """Streaming hands chunks to the loop and waits for it: on the loop itself, that would never return."""
    app = WsgiOnThreads(big, threads=1, on_loop=lambda environ, body: {})
    sent = call(app, body_parts=[b""])
    assert [message["type"] for message in sent] == ["http.response.start", "http.response.body"]
    assert len(sent[1]["body"]) == 5 * (wsgi_threads.RESPONSE_IN_MEMORY // 2)


def test_a_client_that_leaves_before_its_body_is_complete_runs_nothing():
    ran = []

    def app(environ, start_response):
        ran.append(environ)
        return []

    assert call(WsgiOnThreads(app, threads=1), body_parts=[b"half", b"rest"], disconnect_after=1) == []
    assert ran == []


def test_a_client_that_leaves_while_a_large_body_streams_is_an_unreadable_body(monkeypatch):
    monkeypatch.setattr(wsgi_threads, "BODY_IN_MEMORY", 4)
    seen = []

    def app(environ, start_response):
        try:
            environ["wsgi.input"].read()
        except OSError as error:
            seen.append(str(error))
        start_response("400 Bad Request", [])
        return [b""]

    sent = call(WsgiOnThreads(app, threads=1), body_parts=[b"12345", b"678", b"9"], disconnect_after=2)
    assert seen == ["the client disconnected during the request body"] and sent[0]["status"] == 400


def test_lifespan_messages_are_acknowledged():
    incoming = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[dict] = []

    async def receive():
        return incoming.pop(0)

    async def send(reply):
        sent.append(reply)

    run(WsgiOnThreads(echo, threads=1)({"type": "lifespan"}, receive, send))
    assert sent == [{"type": "lifespan.startup.complete"}, {"type": "lifespan.shutdown.complete"}]
