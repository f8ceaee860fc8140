"""Versions: values that change whenever what they cover is written, so caches of reads put them in their
keys and go stale at once, in every process and on every instance.

Random values rather than counters, so a version is never reused (after an eviction, a restart or a new
file) and an entry stored under an earlier one is never served again.

Where they are kept follows the shared cache (settings.VERSIONS_FILE):
- across instances (REDIS_URL), in the shared cache, read once per use;
- on one machine (the file cache, several worker processes), in a small file that every process maps into
  memory. Reading a version is then a memory read: from the file cache it was an open, a read and two
  unpicklings, about a fifth of the CPU of a cached GraphQL answer.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import tempfile
import threading
import time
import zlib
from functools import cache as memoize

from django.conf import settings
from django.core.cache import cache

from core.ids import new_id


def current_version(key: str, seconds: int | None = None) -> str:
    """The version under `key`. `seconds`: how long the shared cache keeps it unread (the file keeps all)."""
    return _store().current(key, seconds)


def new_version(key: str, seconds: int | None = None) -> None:
    """Called after a write that `key` covers: every entry keyed by the version before is stale."""
    _store().bump(key, seconds)


class CacheVersions:
    """Versions in Django's shared cache (Redis across instances; each process's memory in tests)."""

    def current(self, key: str, seconds: int | None = None) -> str:
        version = cache.get(key)
        if version is None:  # made by whichever reader comes first
            cache.add(key, new_id(), seconds)
            version = cache.get(key) or ""
        return version

    def bump(self, key: str, seconds: int | None = None) -> None:
        cache.set(key, new_id(), seconds)


class MappedVersions:
    """Versions in a file of SLOTS random 8-byte values that every process maps; a key's slot is a hash of it.

    Keys that share a slot share a version: a write covered by one makes the other's entries miss once,
    never served stale. A file that is deleted or replaced (a cleared cache folder) is mapped again by
    readers within RECHECK_SECONDS and at once by writers; a new file starts with random values.
    """

    SLOTS = 65_536
    WIDTH = 8
    RECHECK_SECONDS = 1.0

    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._map: mmap.mmap | None = None
        self._identity: tuple[int, int] | None = None
        self._recheck_at = 0.0

    def current(self, key: str, seconds: int | None = None) -> str:
        offset = self._offset(key)
        return self._mapped(recheck=False)[offset:offset + self.WIDTH].hex()

    def bump(self, key: str, seconds: int | None = None) -> None:
        offset = self._offset(key)
        self._mapped(recheck=True)[offset:offset + self.WIDTH] = os.urandom(self.WIDTH)

    def _offset(self, key: str) -> int:
        return zlib.crc32(key.encode()) % self.SLOTS * self.WIDTH  # the same in every process, unlike hash()

    def _mapped(self, *, recheck: bool) -> mmap.mmap:
        if recheck or time.monotonic() >= self._recheck_at:
            with self._lock:
                identity = _identity(self.path)
                if self._map is None or identity != self._identity:  # none yet, or deleted or replaced
                    self._map, self._identity = self._open()
                self._recheck_at = time.monotonic() + self.RECHECK_SECONDS
        return self._map

    def _open(self) -> tuple[mmap.mmap, tuple[int, int]]:
        for _attempt in range(3):  # the folder may be cleared between making the file and opening it
            self._make_file()
            try:
                fd = os.open(self.path, os.O_RDWR)
            except FileNotFoundError:
                continue
            return self._map_file(fd)
        raise FileNotFoundError(f"{self.path} keeps disappearing")

    def _make_file(self) -> None:
        folder = os.path.dirname(self.path)
        os.makedirs(folder, mode=0o700, exist_ok=True)
        if _identity(self.path) is not None:
            return
        # Written whole under another name, then linked: no process ever maps a half-written file.
        fd, temporary = tempfile.mkstemp(dir=folder)
        try:
            with open(fd, "wb") as file:
                file.write(os.urandom(self.SLOTS * self.WIDTH))
            with contextlib.suppress(FileExistsError):  # another process made it first: all map that one
                os.link(temporary, self.path)
        finally:
            os.unlink(temporary)

    def _map_file(self, fd: int) -> tuple[mmap.mmap, tuple[int, int]]:
        try:
            status = os.fstat(fd)
            return mmap.mmap(fd, self.SLOTS * self.WIDTH), (status.st_dev, status.st_ino)
        finally:
            os.close(fd)  # the map keeps the file open


def _identity(path: str) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None
    return status.st_dev, status.st_ino


@memoize
def _mapped_versions(path: str) -> MappedVersions:
    return MappedVersions(path)


_cache_versions = CacheVersions()


def _store() -> CacheVersions | MappedVersions:
    path = settings.VERSIONS_FILE
    return _mapped_versions(path) if path else _cache_versions
