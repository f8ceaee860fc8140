"""Limits, malformed requests and bad input: always a typed GraphQL error, never an HTTP 500."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.test import Client

from api import limits
from catalog.domain import Product
from storage import unit_of_work
from storage.metrics import track_storage_calls
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
    ('{"query": "{ listProducts { items "}', "application/json"),
    ('{"query": ""}', "application/json"),
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
    assert response.status_code == 200  # AppSync answers a document it refuses with 200 and data: null
    body = response.json()
    assert body["data"] is None
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
])
def test_bad_input_is_a_typed_validation_error(db, api_key, callers, query, variables):
    status, body = callers["customer"].call(query, variables)
    assert status == 200, body
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
    from core.errors import StorageUnavailable

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


def test_a_fragment_cycle_is_a_validation_error_not_a_crash(db):
    body = json.dumps({"query": "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }"})
    response = raw_post(body)
    assert response.status_code == 200 and error_types(response.json()) == ["ValidationError"]


def test_absurdly_nested_json_in_a_small_body_is_a_400(db):
    variables = '{"f": ' + '{"not": ' * 1000 + "{}" + "}" * 1000 + "}"
    response = raw_post('{"query": "{ __typename }", "variables": ' + variables + "}")
    assert response.status_code == 400
    assert response.json()["errors"][0]["errorType"] == "MalformedHttpRequestException"


@pytest.mark.parametrize("wrap", [
    lambda fields: f"query {{ ...F }} fragment F on Query {{ {fields} }}",
    lambda fields: f"query {{ ... on Query {{ {fields} }} }}",
])
def test_fragments_cannot_hide_root_fields_from_the_limit(db, wrap):
    fields = " ".join(f"a{n}: listCategories {{ items {{ id }} }}" for n in range(limits.MAX_ROOT_FIELDS + 1))
    response = raw_post(json.dumps({"query": wrap(fields)}))
    assert response.status_code == 200 and response.json()["data"] is None
    assert f"at most {limits.MAX_ROOT_FIELDS} root fields" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize("backend", ["dynamodb"], indirect=True)
def test_a_filter_that_matches_nothing_reads_a_bounded_amount(category, api_key, settings):
    settings.DYNAMODB_MAX_SCANNED_PER_PAGE = 300
    now = datetime.now(UTC)
    unit_of_work().products.add_many([  # more than one storage read's worth, none featured
        Product(id=f"p{n:04d}", name=f"Plain {n}", slug=f"plain-{n}", price=Decimal("1.00"),
                category_id=category.id, stock=1, created_at=now, updated_at=now)
        for n in range(1200)
    ])
    query = '{ listProducts(filter: {featured: {eq: true}}, limit: 1) { items { id } nextToken } }'
    with track_storage_calls() as calls:
        response = raw_post(json.dumps({"query": query}), HTTP_X_API_KEY=api_key)
    page = response.json()["data"]["listProducts"]
    assert page["items"] == [] and page["nextToken"]
    assert calls.by_operation["Query"] == 1  # one bounded read, not the whole table
