"""Cached reads answered on the event loop (api.cached_reads.answerable_here): only when every part of the
answer is in this process's memory, and then the same answer the middleware gives from the shared cache."""

from __future__ import annotations

import io
import json

import pytest

from accounts.services import local_api_keys
from api import cache
from api.cached_reads import CACHED_READ, answerable_here
from shop.wsgi_threads import environ_for

QUERY = '{ getProduct(id: "%s") { price } }'


@pytest.fixture
def mapped_versions(settings, tmp_path):
    """As on one machine: versions in a memory-mapped file (tests otherwise keep them in the cache)."""
    settings.VERSIONS_FILE = str(tmp_path / "versions.map")


@pytest.fixture
def read(make_product, callers, mapped_versions):
    """A public read made twice through Django (a miss, then a hit): its answer is now in this process."""
    body = json.dumps({"query": QUERY % make_product().id})
    reader = callers["api_key"]
    answers = [reader.client.post("/graphql", body, content_type="application/json", **reader.headers)
               for _ in range(2)]
    assert [answer.wsgi_request.graphql_cache for answer in answers] == ["miss", "hit"]
    return {"body": body.encode(), "api_key": reader.headers["HTTP_X_API_KEY"], "answer": answers[1],
            "client": reader.client}


def scope(read: dict, *extra: tuple[bytes, bytes], method: str = "POST", path: str = "/graphql") -> dict:
    """The WSGI environ shop/wsgi_threads.py makes of the ASGI request (repeated headers joined, as Django's)."""
    headers = [(b"content-type", b"application/json"), (b"x-api-key", read["api_key"].encode()), *extra]
    asgi = {"type": "http", "method": method, "path": path, "headers": headers}
    return environ_for(asgi, io.BytesIO(read["body"]))


def test_a_read_whose_answer_is_in_memory_is_answerable_here_and_answered_the_same(read):
    found = answerable_here(scope(read), read["body"])
    assert found is not None and found[CACHED_READ].entry["body"] == read["answer"].content.decode()
    # What the request thread would do with it: the middleware answers with the entry it is handed.
    again = read["client"].post("/graphql", read["body"], content_type="application/json",
                                HTTP_X_API_KEY=read["api_key"], **found)
    assert again.content == read["answer"].content and again.wsgi_request.graphql_cache == "hit"
    assert {name for name in again.headers} == {name for name in read["answer"].headers}
    assert again.wsgi_request.route_name == "graphql" and again.wsgi_request.graphql_operations == ["getProduct"]


@pytest.mark.parametrize("extra", [(b"authorization", b"Bearer something"), (b"cookie", b"sessionid=abc"),
                                   (b"x-api-key", b"da2-another")])  # two keys: Django's META joins them
def test_another_caller_than_one_api_key_alone_goes_to_a_thread(read, extra):
    assert answerable_here(scope(read, extra), read["body"]) is None


def test_a_key_or_answer_this_process_does_not_hold_goes_to_a_thread(read):
    local_api_keys.clear()
    assert answerable_here(scope(read), read["body"]) is None  # the shared cache has it: a thread asks
    read["client"].post("/graphql", read["body"], content_type="application/json", HTTP_X_API_KEY=read["api_key"])
    cache.local.clear()
    assert answerable_here(scope(read), read["body"]) is None


def test_a_catalog_write_sends_the_next_read_to_a_thread(read, callers):
    product_id = json.loads(read["body"])["query"].split('"')[1]
    callers["staff"].ok(f'mutation {{ updateProduct(input: {{id: "{product_id}", price: 3}}) {{ id }} }}')
    assert answerable_here(scope(read), read["body"]) is None


@pytest.mark.parametrize(("method", "path"), [("GET", "/graphql"), ("POST", "/products/")])
def test_only_graphql_posts_are_looked_at(read, method, path):
    assert answerable_here(scope(read, method=method, path=path), read["body"]) is None


def test_with_versions_in_redis_nothing_is_answered_on_the_loop(read, settings):
    settings.VERSIONS_FILE = None  # reading the catalog version would wait for the network
    assert answerable_here(scope(read), read["body"]) is None


def test_a_body_over_the_limit_or_not_a_read_goes_to_a_thread(read, settings):
    assert answerable_here(scope(read), b"not json") is None
    settings.GRAPHQL_MAX_BODY_BYTES = len(read["body"]) - 1
    assert answerable_here(scope(read), read["body"]) is None
