"""AppSync-style server-side caching of public reads, in Django's cache framework.

A response is cached when every root field of the executed operation is a public read and it had
no errors. The key covers the query text, the variables, the operation name, the caller's auth class
and the catalog version, which every catalog write changes (catalog.selectors.forget_categories),
so a staff price change shows on the next request. Entries live GRAPHQL_CACHE_TTL seconds and hold the
encoded response: a hit is answered before the query is parsed, validated or executed.

Note: stock changes made by checkouts are not catalog writes; cached `stock`/`inStock` values may
lag by up to the TTL, as with AppSync's cache.

Monitoring: `stats()` returns process-wide hit/miss counts; each request also gets
`request.graphql_cache` = "hit" | "miss" (None when not cacheable).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time

import orjson
from django.conf import settings
from django.core.cache import cache
from graphql import DocumentNode, OperationDefinitionNode, OperationType, get_operation_ast

from api.limits import root_field_nodes
from catalog.selectors import catalog_version
from core.local_cache import LocalCache

LOCAL_ENTRIES = 512  # responses each process also keeps in memory
PUBLIC_READS = frozenset({"listProducts", "getProduct", "listCategories", "getCategory"})

_lock = threading.Lock()
_counts = {"hit": 0, "miss": 0}


def stats() -> dict[str, int]:
    with _lock:
        return dict(_counts)


def reset_stats() -> None:
    with _lock:
        _counts.update(hit=0, miss=0)


def record(request, outcome: str) -> None:
    request.graphql_cache = outcome
    with _lock:
        _counts[outcome] += 1


def root_fields(document: DocumentNode, operation_name: str | None) -> tuple[OperationDefinitionNode | None, list]:
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return None, []
    return operation, root_field_nodes(document, operation)


def is_cacheable(document: DocumentNode, operation_name: str | None) -> bool:
    """A query whose every root field is a public read (not a mutation, a private read, a fragment)."""
    operation, selections = root_fields(document, operation_name)
    if operation is None or operation.operation is not OperationType.QUERY or not selections:
        return False
    return {node.name.value for node in selections} <= PUBLIC_READS | {"__typename"}


def cache_key(query: str, variables: dict | None, operation_name: str | None, auth_class: str) -> str:
    """The key of a request's cached response, from its text alone (no parsing needed)."""
    material = [query, variables or {}, operation_name, auth_class, catalog_version()]
    try:
        encoded = orjson.dumps(material, default=str, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:  # an integer past 64 bits: the same request always lands here
        encoded = json.dumps(material, sort_keys=True, default=str).encode()
    return "graphql:response:" + hashlib.sha256(encoded).hexdigest()


def get(key: str, *, local_only: bool = False) -> dict | None:
    """{"body": the encoded response, "operations": its root field names}, or None. `local_only`: from this
    process's memory alone."""
    if local_only:
        return local.get(key)
    # Kept in this process too for the rest of its time (the key changes with the catalog).
    return local.read_through(key, cache.get, lambda entry: entry["expires"])


def put(key: str, body: str, operations: list[str]) -> None:
    entry = {"body": body, "operations": operations, "expires": time.time() + settings.GRAPHQL_CACHE_TTL}
    cache.set(key, entry, settings.GRAPHQL_CACHE_TTL)
    local.set(key, entry, settings.GRAPHQL_CACHE_TTL)


local = LocalCache(LOCAL_ENTRIES)
