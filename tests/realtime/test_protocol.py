"""AppSync's real-time protocol over a real WebSocket: handshake in both auth forms, keep-alives, start,
data, stop, and typed errors for everything malformed, none of which ends the other subscriptions."""

from __future__ import annotations

import json

import pytest
import requests
from websockets.exceptions import InvalidStatus

from tests.realtime.client import Realtime

ON_UPDATE_PRODUCT = "subscription($filter: ModelSubscriptionProductFilterInput) " \
                    "{ onUpdateProduct(filter: $filter) { id price } }"
UPDATE_PRICE = "mutation($id: ID!, $price: Float!) { updateProduct(input: {id: $id, price: $price}) { id } }"


def error_types(message: dict) -> list[str]:
    return [error["errorType"] for error in message["payload"]["errors"]]


@pytest.mark.parametrize("form", ["subprotocol", "query"])
def test_both_auth_forms_connect_and_receive_an_event(world, form):
    product = world.product(price=10)
    with Realtime(world.a.url, world.api_key, form=form) as client:
        assert client.ws.subprotocol == "graphql-ws"
        ack = client.init()
        assert ack == {"type": "connection_ack", "payload": {"connectionTimeoutMs": 300000}}
        assert client.start("1", ON_UPDATE_PRODUCT, {"filter": {"id": {"eq": product["id"]}}}) == \
            {"type": "start_ack", "id": "1"}
        world.graphql(UPDATE_PRICE, {"id": product["id"], "price": 12.5})
        assert client.data("1") == {"onUpdateProduct": {"id": product["id"], "price": 12.5}}


def test_a_user_token_in_the_query_string_form_connects(world):
    with Realtime(world.a.url, world.token("ada"), form="query") as client:
        assert client.init()["type"] == "connection_ack"


def test_keep_alives_come_well_within_the_connection_timeout(world):
    with Realtime(world.a.url, world.api_key) as client:
        ack = client.init()
        kinds = [client.next(timeout=5, keep_alives=True)["type"] for _ in range(2)]
        assert kinds == ["ka", "ka"]  # every REALTIME_KEEPALIVE_SECONDS (0.5 s here), far inside 300 s
        assert ack["payload"]["connectionTimeoutMs"] > 0


@pytest.mark.parametrize("auth", [{"x-api-key": "da2-not-a-key"}, {"Authorization": "not-a-token"}])
def test_bad_credentials_get_a_connection_error_and_are_closed(world, auth):
    with Realtime(world.a.url, auth) as client:
        refused = client.init()
        assert refused["type"] == "connection_error" and error_types(refused) == ["UnauthorizedException"]
        assert client.closed() == 4401


def test_no_credentials_from_another_origin_are_refused(world):
    with Realtime(world.a.url, None, origin="https://elsewhere.example") as client:
        assert error_types(client.init()) == ["UnauthorizedException"]


def test_an_unreadable_auth_header_is_refused(world):
    with Realtime(world.a.url, None, protocols=["graphql-ws", "header-%%%not-base64"]) as client:
        assert error_types(client.init()) == ["UnauthorizedException"]


def test_without_the_graphql_ws_subprotocol_the_socket_is_closed(world):
    with pytest.raises((InvalidStatus, Exception)), Realtime(world.a.url, world.api_key, protocols=["other"]) as c:
        c.init()


def test_the_first_message_must_be_connection_init(world):
    with Realtime(world.a.url, world.api_key) as client:
        client.send({"type": "start", "id": "1", "payload": {}})
        refused = client.next()
        assert refused["type"] == "connection_error" and error_types(refused) == ["BadRequestException"]


def test_malformed_messages_get_errors_and_leave_other_subscriptions_running(world):
    product = world.product(price=10)
    with Realtime(world.a.url, world.api_key) as client:
        client.init()
        assert client.start("live", ON_UPDATE_PRODUCT, {"filter": {"id": {"eq": product["id"]}}})["type"] == "start_ack"
        bad = [
            ("not json", None, "BadRequestException"),
            (json.dumps([1, 2]), None, "BadRequestException"),
            ({"type": "start", "id": "x", "payload": {"data": "{not json"}}, "x", "BadRequestException"),
            ({"type": "start", "id": "y", "payload": {"data": json.dumps({"query": "subscription {"})}}, "y",
             "ValidationError"),
            ({"type": "start", "id": "z", "payload": {"data": json.dumps(
                {"query": "{ listProducts { items { id } } }"})}}, "z", "ValidationError"),
            ({"type": "start", "id": "w", "payload": {"data": json.dumps(
                {"query": "subscription { onUpdateProduct { nope } }"})}}, "w", "ValidationError"),
            ({"type": "start", "id": "live", "payload": {"data": json.dumps({"query": ON_UPDATE_PRODUCT})}}, "live",
             "DuplicatedOperationError"),
            ({"type": "start", "payload": {}}, None, "BadRequestException"),
            ({"type": "stop", "id": "never-started"}, "never-started", "BadRequestException"),
            ({"type": "subscribe-me"}, None, "UnsupportedOperation"),
        ]
        for message, sub_id, error_type in bad:
            client.send(message)
            answer = client.next()
            assert (answer["type"], answer.get("id"), error_types(answer)) == ("error", sub_id, [error_type]), message
        world.graphql(UPDATE_PRICE, {"id": product["id"], "price": 11})
        assert client.data("live") == {"onUpdateProduct": {"id": product["id"], "price": 11.0}}


def test_stop_completes_the_subscription_and_nothing_more_arrives(world):
    product = world.product(price=10)
    with Realtime(world.a.url, world.api_key) as client:
        client.init()
        client.start("1", ON_UPDATE_PRODUCT, {"filter": {"id": {"eq": product["id"]}}})
        client.send({"type": "stop", "id": "1"})
        assert client.next() == {"type": "complete", "id": "1"}
        world.graphql(UPDATE_PRICE, {"id": product["id"], "price": 13})
        assert client.quiet_for(1.0) == []


def test_a_subscription_sent_over_http_is_told_where_subscriptions_live(world):
    body = requests.post(f"{world.a.url}/graphql", json={"query": "subscription { onCreateProduct { id } }"},
                         headers=world.api_key, timeout=10)
    assert body.status_code == 200
    [error] = body.json()["errors"]
    assert error["errorType"] == "ValidationError" and "/graphql/realtime" in error["message"]
