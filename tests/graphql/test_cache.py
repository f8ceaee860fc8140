"""Server-side caching of public reads: hits, per-auth-class keys, invalidation on catalog writes."""

from __future__ import annotations

import json
from decimal import Decimal

from api import cache

QUERY = '{ getProduct(id: "%s") { price } }'


def post(caller, query: str):
    return caller.client.post("/graphql", json.dumps({"query": query}), content_type="application/json",
                              **caller.headers)


def test_public_reads_are_served_from_the_cache_until_a_catalog_write(make_product, callers):
    product = make_product(price=Decimal("10.00"))
    reader = callers["api_key"]
    cache.reset_stats()
    first = post(reader, QUERY % product.id)
    second = post(reader, QUERY % product.id)
    assert first.wsgi_request.graphql_cache == "miss" and second.wsgi_request.graphql_cache == "hit"
    assert second.json() == first.json() == {"data": {"getProduct": {"price": 10.0}}}
    assert cache.stats() == {"hit": 1, "miss": 1}
    assert second.wsgi_request.graphql_operations == ["getProduct"]

    callers["staff"].ok(f'mutation {{ updateProduct(input: {{id: "{product.id}", price: 12.5}}) {{ id }} }}')
    third = post(reader, QUERY % product.id)
    assert third.wsgi_request.graphql_cache == "miss"
    assert third.json() == {"data": {"getProduct": {"price": 12.5}}}


def test_the_auth_class_is_part_of_the_key_and_private_reads_are_not_cached(make_product, callers):
    product = make_product()
    assert post(callers["api_key"], QUERY % product.id).wsgi_request.graphql_cache == "miss"
    assert post(callers["customer"], QUERY % product.id).wsgi_request.graphql_cache == "miss"
    assert post(callers["customer"], QUERY % product.id).wsgi_request.graphql_cache == "hit"
    mixed = f'{{ listCartItems {{ items {{ id }} }} getProduct(id: "{product.id}") {{ id }} }}'
    assert post(callers["customer"], mixed).wsgi_request.graphql_cache is None


def test_errors_are_not_cached(make_product, callers):
    product = make_product()
    denied = post(callers["anonymous"], QUERY % product.id)
    assert denied.json()["errors"][0]["errorType"] == "Unauthorized"
    assert denied.wsgi_request.graphql_error_types == ["Unauthorized"]
    assert post(callers["anonymous"], QUERY % product.id).wsgi_request.graphql_cache == "miss"
