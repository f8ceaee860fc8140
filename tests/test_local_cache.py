"""The in-process cache in front of the shared one: bounded, and never past an entry's time."""

from __future__ import annotations

import time

from core.local_cache import LocalCache


def test_keeps_the_most_recently_used_entries_only():
    local = LocalCache(size=2)
    local.set("a", 1, 60)
    local.set("b", 2, 60)
    assert local.get("a") == 1  # now the most recent
    local.set("c", 3, 60)
    assert (local.get("a"), local.get("b"), local.get("c")) == (1, None, 3)


def test_an_entry_past_its_time_is_gone():
    local = LocalCache(size=2)
    local.set("a", 1, 0)
    local.set("b", 2, -1)
    assert local.get("a") is None and local.get("b") is None


def test_read_through_keeps_a_shared_value_here_for_the_rest_of_its_time_only():
    shared = {"fresh": ("f", time.time() + 60), "stale": ("s", time.time() - 1)}
    reads = []

    def shared_get(key):
        reads.append(key)
        return shared.get(key)

    local = LocalCache(size=4)
    until = lambda value: value[1]  # noqa: E731 - the value's own expiry
    assert local.read_through("fresh", shared_get, until) == shared["fresh"]
    assert local.read_through("fresh", shared_get, until) == shared["fresh"]  # from this process now
    assert local.read_through("stale", shared_get, until) is None
    assert local.read_through("absent", shared_get, until) is None
    assert reads == ["fresh", "stale", "absent"] and local.get("stale") is None
