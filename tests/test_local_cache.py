"""The in-process cache in front of the shared one: bounded, and never past an entry's time."""

from __future__ import annotations

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
