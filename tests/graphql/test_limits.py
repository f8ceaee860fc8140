"""Limits, malformed requests and bad input: always a typed GraphQL error, never an HTTP 500."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from shop.graphql import limits
from shop.storage.metrics import track_storage_calls
from tests.graphql.conftest import error_types


def raw_post(body: str, content_type: str = "application/json", **headers):
    return Client().post("/graphql", body, content_type=content_type, **headers)


@pytest.mark.parametrize(("body", "content_type"), [
    ("{not json", "application/json"),
    ("[]", "application/json"),
    ('[{"query": "{ __typename }"}]', "application/json"),
    ("{}", "application/json"),
    ('{"query": 5}', "application/json"),
    ('{"query": "{ __typename }", "variables": [1]}', "application/json"),
    ('{"query": "{ __typename }", "variables": "{bad"}', "application/json"),
    ("hello", "text/plain"),
])
def test_malformed_requests_get_400_with_a_graphql_error(db, body, content_type):
    response = raw_post(body, content_type)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors[0]["errorType"] == "MalformedHttpRequestException" and errors[0]["message"]


def test_get_and_other_methods_are_refused(db):
    assert Client().get("/graphql", {"query": "{ __typename }"}).status_code == 405
    assert Client().put("/graphql", "{}").status_code == 405


def test_the_body_size_is_limited(db, settings):
    settings.GRAPHQL_MAX_BODY_BYTES = 100
    response = raw_post(json.dumps({"query": "{ __typename }", "variables": {"pad": "x" * 200}}))
    assert response.status_code == 413 and response.json()["errors"][0]["errorType"] == "ValidationError"


@pytest.mark.parametrize(("query", "message"), [
    ("{ listProducts { items { id } } }".replace("id", "__typename " + "a: __typename " * 31), "aliases"),
    (" ".join(f"query Q{n} {{ __typename }}" for n in range(6)), "operations"),
    ("{ " + " ".join(f"a{n}: __typename" for n in range(11)) + " }", "root fields"),
    ("{ listCartItems { items { product { name } } } }", "depth"),
])
def test_document_limits(api_key, query, message, monkeypatch):
    monkeypatch.setattr(limits, "MAX_DEPTH", 2)
    response = raw_post(json.dumps({"query": query}), HTTP_X_API_KEY=api_key)
    assert response.status_code == 400
    body = response.json()
    assert error_types(body)[0] == "ValidationError" and message in json.dumps(body)


@pytest.mark.parametrize(("query", "variables"), [
    ("{ listProducts(limit: 1001) { items { id } } }", None),
    ("{ listProducts(limit: 0) { items { id } } }", None),
    ('{ listProducts(limit: "ten") { items { id } } }', None),
    ("{ listProducts { items { nope } } }", None),
    ("query($l: Int) { listProducts(limit: $l) { items { id } } }", {"l": "many"}),
    ("query($l: Int) { listProducts(limit: $l) { items { id } } }", {"l": 10**12}),
    ('{ listProducts(filter: {price: {eq: "cheap"}}) { items { id } } }', None),
    ('{ listProducts(filter: {colour: {eq: "red"}}) { items { id } } }', None),
    ('mutation { createCartItem(input: {productId: "x", quantity: 1, extra: 1}) { id } }', None),
    ("mutation($i: CreateOrderInput!) { createOrder(input: $i) { id } }",
     {"i": {"customerEmail": "not-an-email", "customerName": "A", "shippingAddress": "B"}}),
    ("query { listProducts { items { id } ", None),
])
def test_bad_input_is_a_typed_validation_error(db, api_key, callers, query, variables):
    status, body = callers["customer"].call(query, variables)
    assert status in (200, 400), body
    assert error_types(body) and set(error_types(body)) == {"ValidationError"}, body
    assert "Traceback" not in json.dumps(body)


def test_unexpected_errors_are_generic_and_logged(backend, callers, monkeypatch, caplog):
    from catalog import selectors

    def boom(**_kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(selectors, "product_get", boom)
    status, body = callers["api_key"].call('{ getProduct(id: "x") { id } }')
    assert status == 200 and error_types(body) == ["InternalFailure"]
    assert "secret" not in json.dumps(body) and "secret internals" in caplog.text


def test_storage_outage_is_service_unavailable(backend, callers, monkeypatch):
    from catalog import selectors
    from shop.errors import StorageUnavailable

    def down(**_kwargs):
        raise StorageUnavailable()

    monkeypatch.setattr(selectors, "product_list", down)
    _status, body = callers["api_key"].call("{ listProducts { items { id } } }")
    assert error_types(body) == ["ServiceUnavailable"]


QUERY = "{ listProducts { items { id name category } } }"


def test_list_products_with_category_costs_a_constant_number_of_calls(
    backend, make_product, callers, django_assert_max_num_queries
):
    from catalog.services import category_create

    garden = category_create(name="Garden")
    make_product(category_id=garden.id)
    make_product()
    reader = callers["customer"]  # not cached per auth class in this test: every call runs the resolvers
    with track_storage_calls() as small:
        reader.call(QUERY + " ")
    for _ in range(20):
        make_product()
    from django.core.cache import cache

    cache.clear()
    with track_storage_calls() as large, django_assert_max_num_queries(8):
        _status, body = reader.call(QUERY + "  ")
    assert len(body["data"]["listProducts"]["items"]) == 22
    assert {item["category"] for item in body["data"]["listProducts"]["items"]} == {"Kitchen", "Garden"}
    assert large.count == small.count
