"""Server-side caching of public reads: hits, per-auth-class keys, invalidation on catalog writes."""

from __future__ import annotations

import json
import time
from decimal import Decimal

from django.core.cache import cache as shared_cache
from django.test import Client
from django.utils import timezone

from accounts.models import ApiKey
from accounts.services import API_KEY_LOCAL_SECONDS, api_key_create, api_key_is_valid
from api import cache
from api.view import checked_document
from storage.metrics import track_storage_calls

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


def test_a_hit_reads_nothing_and_parses_nothing(make_product, callers, django_assert_num_queries):
    product = make_product()
    reader = callers["api_key"]
    checked_document.cache_clear()
    post(reader, QUERY % product.id)  # the miss: verifies the key, parses, executes, stores
    with track_storage_calls() as calls, django_assert_num_queries(0):
        hit = post(reader, QUERY % product.id)
    assert hit.wsgi_request.graphql_cache == "hit" and calls.count == 0
    assert checked_document.cache_info().misses == 1  # parsed and validated once


def test_a_revoked_api_key_stops_working_on_the_next_request(make_product, db):
    product = make_product()
    key, raw = api_key_create(name="web", days=7)
    reader = Client()
    query = json.dumps({"query": QUERY % product.id})
    assert "errors" not in reader.post("/graphql", query, content_type="application/json", HTTP_X_API_KEY=raw).json()
    key.revoke()
    refused = reader.post("/graphql", query, content_type="application/json", HTTP_X_API_KEY=raw).json()
    assert refused["errors"][0]["errorType"] == "Unauthorized"
    ApiKey.objects.filter(pk=key.pk).delete()
    assert not api_key_is_valid(raw)


def test_a_key_revoked_by_another_instance_stops_working_here_within_the_local_window(db, monkeypatch):
    key, raw = api_key_create(name="web", days=7)
    assert api_key_is_valid(raw)
    # Revoked elsewhere: that instance's signal drops the shared entry, not this process's table.
    ApiKey.objects.filter(pk=key.pk).update(revoked_at=timezone.now())
    shared_cache.delete(f"accounts:api-key:{key.key_hash}")
    assert api_key_is_valid(raw)
    later = time.monotonic() + API_KEY_LOCAL_SECONDS
    monkeypatch.setattr("core.local_cache.time.monotonic", lambda: later)
    assert not api_key_is_valid(raw)


def test_api_answers_set_no_cookie(make_product, callers):
    answer = post(callers["api_key"], QUERY % make_product().id)
    assert answer.status_code == 200 and not answer.cookies and "Set-Cookie" not in answer


def test_a_hit_keeps_the_apis_headers(make_product, callers, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://front.example.com"]
    product = make_product()
    reader = callers["api_key"]
    headers = {"HTTP_ORIGIN": "https://front.example.com"}
    first = reader.client.post("/graphql", json.dumps({"query": QUERY % product.id}), content_type="application/json",
                               **reader.headers, **headers)
    hit = reader.client.post("/graphql", json.dumps({"query": QUERY % product.id}), content_type="application/json",
                             **reader.headers, **headers)
    assert hit.wsgi_request.graphql_cache == "hit" and hit.content == first.content
    for header in ("Access-Control-Allow-Origin", "Access-Control-Expose-Headers", "x-amzn-RequestId",
                   "X-Request-ID", "Content-Type", "X-Content-Type-Options"):
        assert hit.get(header), header
    assert hit["Access-Control-Allow-Origin"] == "https://front.example.com"
    assert hit["Content-Length"] == first["Content-Length"] == str(len(hit.content))  # not chunked


def test_a_variable_past_64_bits_gets_a_key_of_its_own():
    keys = {cache.cache_key("query($n: Float) { x }", {"n": n}, None, "API_KEY") for n in (2**70, 2**70 + 1, 2.0**70)}
    assert len(keys) == 3
