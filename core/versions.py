"""Versions kept in the shared cache: a key that changes whenever what it covers is written, so caches of
reads put it in their own keys and go stale at once, on every instance.

A random value rather than a counter, so a version evicted from the cache (or expired) is never reused.
"""

from __future__ import annotations

from django.core.cache import cache

from core.ids import new_id


def current_version(key: str, seconds: int | None = None) -> str:
    """The version under `key`, made (by whichever reader comes first) when there is none."""
    version = cache.get(key)
    if version is None:
        cache.add(key, new_id(), seconds)
        version = cache.get(key) or ""
    return version


def new_version(key: str, seconds: int | None = None) -> None:
    """Called after a write that `key` covers: every entry keyed by the version before is stale."""
    cache.set(key, new_id(), seconds)
