"""Storage faults are labelled as what they are: a 5xx, a throttle or a timeout from the DynamoDB
endpoint (even an HTML error page from a proxy in front of it) is ServiceUnavailable with a retry
hint, on pages (503 + Retry-After) and in GraphQL (errorType + errorInfo.retryAfterSeconds), never
InternalFailure and never a logged stack trace."""

from __future__ import annotations

import http.server
import json
import threading
import time

import pytest
from django.test import Client

from accounts.services import api_key_create

HTML = b"<html><body><h1>500 Internal Server Error</h1><p>upstream connect error</p></body></html>"


class FaultyEndpoint(http.server.BaseHTTPRequestHandler):
    status = 500
    delay = 0.0

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        time.sleep(self.delay)
        try:
            self.send_response(self.status)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(HTML)))
            self.end_headers()
            self.wfile.write(HTML)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the timeout case: the client gave up first

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def faulty_endpoint(dynamodb, settings, monkeypatch):
    """Points the DynamoDB backend at a local server that answers every call with an HTML error."""

    def start(status: int, delay: float = 0.0) -> None:
        handler = type("Handler", (FaultyEndpoint,), {"status": status, "delay": delay})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        settings.DYNAMODB_MAX_ATTEMPTS = 2
        settings.DYNAMODB_TIMEOUT_SECONDS = 0.5
        monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{server.server_port}")

    servers: list = []
    yield start
    monkeypatch.undo()  # the real endpoint comes back before the fixture deletes the tables
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(("status", "delay"), [(500, 0), (502, 0), (503, 0), (429, 0), (200, 2)],
                         ids=["html-500", "html-502", "html-503", "throttled-429", "timeout"])
def test_a_failing_endpoint_is_service_unavailable_with_a_retry_hint(faulty_endpoint, caplog, status, delay):
    _key, raw = api_key_create(name="web", days=30)
    faulty_endpoint(status, delay)

    page = Client().get("/products/")
    assert page.status_code == 503 and page["Retry-After"] == "5"
    assert "temporarily unavailable" in page.text

    response = Client().post("/graphql", json.dumps({"query": "{ listProducts { items { id } } }"}),
                             content_type="application/json", HTTP_X_API_KEY=raw)
    error = response.json()["errors"][0]
    assert (error["errorType"], error["errorInfo"]) == ("ServiceUnavailable", {"retryAfterSeconds": 5})
    assert "InternalFailure" not in response.text
    assert not [record for record in caplog.records if record.exc_info], "no stack trace is logged"
