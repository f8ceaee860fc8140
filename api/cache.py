"""AppSync-style server-side caching of public reads, in Django's cache framework.

A response is cached when every root field of the executed operation is a public read and it had
no errors. The key covers the document, the variables, the operation name, the caller's auth class
and the catalog version, which every catalog write changes (catalog.selectors.forget_categories),
so a staff price change shows on the next request. Entries live GRAPHQL_CACHE_TTL seconds.

Note: stock changes made by checkouts are not catalog writes; cached `stock`/`inStock` values may
lag by up to the TTL, as with AppSync's cache.

Monitoring: `stats()` returns process-wide hit/miss counts; each request also gets
`request.graphql_cache` = "hit" | "miss" (None when not cacheable).
"""

from __future__ import annotations

import hashlib
import json
import threading

from django.conf import settings
from django.core.cache import cache
from graphql import DocumentNode, OperationDefinitionNode, OperationType, get_operation_ast

from api.limits import root_field_nodes
from catalog.selectors import catalog_version

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


def cache_key(document: DocumentNode, query: str, variables: dict | None, operation_name: str | None,
              auth_class: str) -> str | None:
    """The key for a cacheable operation, or None (mutations, private reads, fragments at the root)."""
    operation, selections = root_fields(document, operation_name)
    if operation is None or operation.operation is not OperationType.QUERY or not selections:
        return None
    if not {node.name.value for node in selections} <= PUBLIC_READS | {"__typename"}:
        return None
    material = json.dumps([query, variables or {}, operation_name, auth_class, catalog_version()],
                          sort_keys=True, default=str)
    return "graphql:response:" + hashlib.sha256(material.encode()).hexdigest()


def get(key: str) -> dict | None:
    return cache.get(key)


def put(key: str, data: dict) -> None:
    cache.set(key, data, settings.GRAPHQL_CACHE_TTL)
