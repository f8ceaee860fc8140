"""One JSON line per request, with the request id, and nothing secret in any line."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from accounts.models import UserToken
from tests.observability.urls import SECRET_DETAIL

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def test_each_request_logs_one_json_line_with_every_field(client, log_output):
    response = client.get("/test/graphql?token=abc123secret&email=a@example.com", HTTP_X_REQUEST_ID="req-12345678")

    assert response["X-Request-ID"] == "req-12345678"
    [line] = log_output.requests()
    assert line["requestId"] == "req-12345678"
    assert (line["method"], line["path"], line["status"], line["route"]) == ("GET", "/test/graphql", 200, "graphql")
    assert isinstance(line["latencyMs"], float) and line["latencyMs"] >= 0
    assert line["user"] == "anonymous"
    assert line["graphqlOperations"] == ["ProductList", "Cart"]
    assert line["graphqlErrorTypes"] == ["NotFound"]
    assert line["cache"] == "hit"
    assert isinstance(line["storageCalls"], int) and isinstance(line["storageMs"], float)
    assert "abc123secret" not in log_output.text and "a@example.com" not in log_output.text


@pytest.mark.parametrize("given", ["", "short", "x" * 200, "has space-123456", 'quote"and\\nnewline-1234'])
def test_a_missing_or_malformed_request_id_is_replaced(client, log_output, given):
    response = client.get("/healthz", HTTP_X_REQUEST_ID=given)

    assert UUID.match(response["X-Request-ID"])
    assert log_output.requests()[0]["requestId"] == response["X-Request-ID"]


def test_the_signed_in_user_is_logged_by_id(customer, customer_client, log_output):
    customer_client.get("/healthz")
    assert log_output.requests()[0]["user"] == str(customer.pk)


def test_a_graphql_bearer_caller_is_logged_by_id_and_the_token_never(customer, log_output):
    _token, raw = UserToken.issue(customer)
    Client().post("/graphql", '{"query": "{ listOrders { items { id } } }"}', content_type="application/json",
                  HTTP_AUTHORIZATION=f"Bearer {raw}")
    [line] = log_output.requests()
    assert line["user"] == str(customer.pk) and line["graphqlOperations"] == ["listOrders"]
    assert raw not in log_output.text


def test_storage_calls_are_counted(db, client, log_output):
    client.get("/readyz")  # the ping runs in a worker thread: not this request's calls
    client.get("/account/orders/")  # redirect to sign-in: no storage
    client.get("/products/")
    counts = [line["storageCalls"] for line in log_output.requests()]
    assert counts[0] == 0 and counts[2] >= 1


def test_signing_in_never_logs_the_password_or_session(customer, password, log_output):
    client = Client()
    response = client.post("/account/login/?next=/account/orders/",
                           {"username": "alice", "password": password})

    assert response.status_code == 302
    [line] = log_output.requests()
    assert (line["path"], line["user"]) == ("/account/login/", str(customer.pk))
    assert password not in log_output.text
    assert response.cookies["sessionid"].value not in log_output.text


def test_an_unhandled_exception_is_logged_once_with_trace_and_the_page_shows_only_the_request_id(db, log_output):
    client = Client(raise_request_exception=False)
    response = client.get("/test/boom/")

    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    page = response.content.decode()
    assert request_id in page
    assert SECRET_DETAIL not in page and "Traceback" not in page and "RuntimeError" not in page
    errors = [line for line in log_output.lines() if "exception" in line]
    assert len(errors) == 1
    assert errors[0]["requestId"] == request_id
    assert "Traceback" in errors[0]["exception"] and "RuntimeError" in errors[0]["exception"]
    assert log_output.requests()[0]["status"] == 500


def test_django_warnings_about_4xx_responses_carry_the_request_id(client, log_output):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="req-404-abcdef")

    assert response.status_code == 404
    warning = next(line for line in log_output.lines() if line.get("logger") == "django.request")
    assert warning["requestId"] == "req-404-abcdef"


def test_a_line_orjson_cannot_write_is_still_written():
    import json
    import logging

    from observability.logs import JsonFormatter

    record = logging.LogRecord("shop.test", logging.INFO, __file__, 1, "counted", None, None)
    record.fields = {"count": 2**70, "when": "now"}  # past orjson's 64-bit integers
    assert json.loads(JsonFormatter().format(record))["count"] == 2**70
