"""The documented limits, enforced by a real server configured with small ones: subscriptions per
connection, connections per address, message and frame size, the wait for connection_init, connection
lifetime, and a slow consumer, which is disconnected instead of being buffered for without end.
Also the AppSync real-time metrics in the server's EMF lines."""

from __future__ import annotations

import json
import socket
import time
from urllib.parse import urlsplit

import pytest
from websockets.exceptions import ConnectionClosed

from tests.realtime.client import Realtime
from tests.realtime.conftest import one_server_world

MAX_SUBSCRIPTIONS = 20
LIMITS = {"REALTIME_MAX_SUBSCRIPTIONS": str(MAX_SUBSCRIPTIONS), "REALTIME_MAX_CONNECTIONS_PER_ADDRESS": "3",
          "REALTIME_MAX_MESSAGE_BYTES": "1024", "REALTIME_MAX_QUEUED_MESSAGES": "10",
          "REALTIME_INIT_TIMEOUT_SECONDS": "3",  # short, with room for a loaded CI machine
          "METRICS_FLUSH_SECONDS": "1", "LOG_LEVEL": "INFO"}
SUBSCRIPTION = "subscription { onUpdateProduct { id description } }"


@pytest.fixture(scope="module")
def limited(tmp_path_factory):
    yield from one_server_world(tmp_path_factory.mktemp("realtime-limits"), REALTIME_KEEPALIVE_SECONDS="60", **LIMITS)


@pytest.fixture
def short_lived(tmp_path):
    yield from one_server_world(tmp_path, REALTIME_KEEPALIVE_SECONDS="60", REALTIME_MAX_CONNECTION_SECONDS="2")


def error_types(message: dict) -> list[str]:
    return [error["errorType"] for error in message["payload"]["errors"]]


def test_subscriptions_per_connection_are_capped(limited):
    with Realtime(limited.a.url, limited.api_key) as client:
        client.init()
        started = [client.start(str(n), SUBSCRIPTION)["type"] for n in range(MAX_SUBSCRIPTIONS)]
        assert started == ["start_ack"] * MAX_SUBSCRIPTIONS
        over = client.start("over", SUBSCRIPTION)
        assert (over["id"], error_types(over)) == ("over", ["MaxSubscriptionsReachedError"])
        client.send({"type": "stop", "id": "0"})
        assert client.next() == {"type": "complete", "id": "0"}
        assert client.start("over", SUBSCRIPTION)["type"] == "start_ack"


def test_connections_per_address_are_capped(limited):
    clients = [Realtime(limited.a.url, limited.api_key) for _ in range(3)]
    try:
        assert [client.init()["type"] for client in clients] == ["connection_ack"] * 3
        with Realtime(limited.a.url, limited.api_key) as extra:
            refused = extra.init()
            assert refused["type"] == "connection_error" and error_types(refused) == ["LimitExceededError"]
        clients.pop().ws.close()
        deadline = time.monotonic() + 10  # the server notices the close asynchronously
        while True:
            with Realtime(limited.a.url, limited.api_key) as again:
                if again.init()["type"] == "connection_ack" or time.monotonic() > deadline:
                    break
        assert again.ws.close_code is not None
    finally:
        for client in clients:
            client.ws.close()


def test_an_oversized_message_is_refused_and_the_connection_kept(limited):
    with Realtime(limited.a.url, limited.api_key) as client:
        client.init()
        client.send({"type": "start", "id": "big", "payload": {"data": json.dumps({"query": "#" + "x" * 2000})}})
        assert error_types(client.next()) == ["LimitExceededError"]
        assert client.start("small", SUBSCRIPTION)["type"] == "start_ack"


def test_a_frame_beyond_the_protocol_limit_closes_the_connection(limited):
    with Realtime(limited.a.url, limited.api_key) as client:
        client.init()
        client.send("x" * (2 * 1024 * 1024))
        assert client.closed() == 1009  # "message too big", before the server holds it


def test_a_client_that_never_sends_connection_init_is_let_go(limited):
    with Realtime(limited.a.url, limited.api_key) as client:
        refused = client.next(timeout=10)
        assert refused["type"] == "connection_error" and error_types(refused) == ["ConnectionTimeout"]
        assert client.closed() is not None


def test_a_connection_ends_at_its_maximum_lifetime(short_lived):
    with Realtime(short_lived.a.url, short_lived.api_key) as client:
        client.init()
        assert client.closed(timeout=30) == 1000
        assert client.ws.close_reason == "connection lifetime reached"


def slow_socket(url: str) -> socket.socket:
    """A client socket with a tiny receive buffer: a reader that cannot keep up, in a few messages."""
    parts = urlsplit(url)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect((parts.hostname, parts.port))
    return sock


def test_a_consumer_too_slow_to_keep_up_is_disconnected(limited):
    product = limited.product(price=1)
    update = "mutation($id: ID!, $d: String!) { updateProduct(input: {id: $id, description: $d}) { id } }"
    with Realtime(limited.a.url, limited.api_key, sock=slow_socket(limited.a.url), max_queue=1) as client:
        client.init()
        for n in range(MAX_SUBSCRIPTIONS):
            client.start(str(n), SUBSCRIPTION)
        # Each update is 20 messages of 5 kB this client does not read: the kernel's socket buffers
        # (up to 4 MiB, net.ipv4.tcp_wmem) fill first, then the server's queue of 10 messages.
        sent = 0
        for sent in range(1, 121):
            limited.graphql(update, {"id": product["id"], "d": f"{sent:04d}" + "x" * 4990})
        received = 0
        try:
            while True:
                if json.loads(client.ws.recv(timeout=10))["type"] == "data":
                    received += 1
        except (ConnectionClosed, TimeoutError):
            pass
        assert client.ws.close_code == 1008
        assert received < MAX_SUBSCRIPTIONS * sent  # what it could not take was dropped, not kept for it
    assert "PublishDataMessageClientError" in metric_names(limited.a.log, {"PublishDataMessageClientError"})


def metric_names(log, wanted: set[str], seconds: float = 15) -> set[str]:
    """The metric names in the server's EMF lines, read until all of `wanted` are there (or time is up)."""
    names: set[str] = set()
    deadline = time.monotonic() + seconds
    while not wanted <= names and time.monotonic() < deadline:
        time.sleep(0.5)
        for line in log.read_text().splitlines():
            if line.startswith("{") and '"_aws"' in line:
                document = json.loads(line)
                for directive in document["_aws"]["CloudWatchMetrics"]:
                    names.update(metric["Name"] for metric in directive["Metrics"] if metric["Name"] in document)
    return names


def test_realtime_metrics_go_out_under_appsyncs_names(limited):
    product = limited.product(price=1)
    with Realtime(limited.a.url, {"x-api-key": "da2-wrong"}) as refused:
        assert refused.init()["type"] == "connection_error"
    with Realtime(limited.a.url, limited.api_key) as client:
        client.init()
        client.start("1", SUBSCRIPTION)
        client.start("bad", "subscription { onUpdateOrder { id } }")
        limited.graphql("mutation($id: ID!) { updateProduct(input: {id: $id, stock: 2}) { id } }",
                        {"id": product["id"]})
        assert client.next()["type"] == "data"
    wanted = {"ConnectSuccess", "ConnectClientError", "SubscribeSuccess", "SubscribeClientError",
              "PublishDataMessageSuccess", "ActiveConnections", "ActiveSubscriptions", "ConnectionDuration"}
    assert wanted <= metric_names(limited.a.log, wanted)
