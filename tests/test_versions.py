"""Versions (core/versions.py): a write changes its key's version for every process at once, and a version
is never handed out again. Both stores: the shared cache (Redis across instances), and the memory-mapped
file that the worker processes of one machine share."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from decimal import Decimal
from pathlib import Path

import pytest

from core import versions
from core.versions import CacheVersions, MappedVersions
from tests.services import AppServer, app_environment, manage

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(params=["cache", "mapped file"])
def store(request, tmp_path):
    return CacheVersions() if request.param == "cache" else MappedVersions(str(tmp_path / "versions.map"))


def test_a_version_stays_until_a_write_it_covers(store):
    first = store.current("catalog:version")
    assert first and store.current("catalog:version") == first
    store.bump("catalog:version")
    assert store.current("catalog:version") != first


def test_a_version_is_never_handed_out_again(store):
    seen = {store.current("catalog:version")}
    for _ in range(50):
        store.bump("catalog:version")
        seen.add(store.current("catalog:version"))
    assert len(seen) == 51


def test_a_write_leaves_other_keys_versions_alone(store):
    cart = store.current("cart:version:user:1")
    store.bump("catalog:version")
    assert store.current("cart:version:user:1") == cart


def bump_in_another_process(path: Path, key: str) -> None:
    code = f"from core.versions import MappedVersions; MappedVersions({str(path)!r}).bump({key!r})"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)


def test_a_write_in_another_process_is_read_at_once(tmp_path, monkeypatch):
    path = tmp_path / "versions.map"
    store = MappedVersions(str(path))
    before = store.current("catalog:version")
    monkeypatch.setattr(versions.time, "monotonic", lambda: 0.0)  # no re-check of the file: the map itself
    bump_in_another_process(path, "catalog:version")
    assert store.current("catalog:version") != before


def test_a_new_file_starts_with_random_versions(tmp_path):
    first = MappedVersions(str(tmp_path / "a" / "versions.map")).current("catalog:version")
    second = MappedVersions(str(tmp_path / "b" / "versions.map")).current("catalog:version")
    assert first != second and first != "00" * MappedVersions.WIDTH


def test_a_replaced_file_is_mapped_again(tmp_path, monkeypatch):
    """A cleared cache folder: readers follow the new file within RECHECK_SECONDS, writers at once."""
    path = tmp_path / "versions.map"
    now = [1000.0]
    monkeypatch.setattr(versions.time, "monotonic", lambda: now[0])
    reader = MappedVersions(str(path))
    before = reader.current("catalog:version")
    path.unlink()
    other = MappedVersions(str(path))  # another process, after the folder was cleared
    after = other.current("catalog:version")
    assert after != before
    now[0] += MappedVersions.RECHECK_SECONDS
    assert reader.current("catalog:version") == after
    path.unlink()
    reader.bump("catalog:version")  # a writer re-checks first: its write reaches the file others map
    assert MappedVersions(str(path)).current("catalog:version") == reader.current("catalog:version")


def test_on_one_machine_versions_live_beside_the_file_cache_and_with_redis_in_it(tmp_path):
    def versions_file(**values: str) -> str:
        code = "from django.conf import settings; print(settings.VERSIONS_FILE)"
        return manage("shell", "--no-imports", "-c", code, env=app_environment(**values)).stdout.strip()

    assert versions_file(CACHE_DIR=str(tmp_path / "cache")) == str(tmp_path / "cache" / "versions.map")
    assert versions_file(CACHE_DIR=str(tmp_path / "cache"), REDIS_URL="redis://127.0.0.1:6399/0") == "None"


LIST = '{ listProducts(limit: 50) { items { id price } } }'
SETUP = """
import json
from accounts.services import api_key_create
from catalog.models import ProductRecord
print(json.dumps({"key": api_key_create(name="versions", days=1)[1],
                  "product": ProductRecord.objects.filter(active=True).order_by("name").first().pk}))
"""


def listed_price(server: AppServer, api_key: str, product_id: str) -> Decimal:
    request = urllib.request.Request(server.url + "/graphql", data=json.dumps({"query": LIST}).encode(),
                                     headers={"Content-Type": "application/json", "x-api-key": api_key})
    with urllib.request.urlopen(request, timeout=10) as response:
        items = json.loads(response.read(), parse_float=Decimal)["data"]["listProducts"]["items"]
    return next(item["price"] for item in items if item["id"] == product_id)


def test_a_price_change_by_another_process_shows_on_the_next_cached_read_from_every_worker(tmp_path):
    env = app_environment(SQLITE_PATH=str(tmp_path / "db.sqlite3"), CACHE_DIR=str(tmp_path / "cache"),
                          DJANGO_ALLOWED_HOSTS="127.0.0.1")
    for command in (["migrate", "--noinput", "-v0"], ["seed_shop", "--products", "20", "--no-progress"]):
        assert manage(*command, env=env).returncode == 0
    facts = json.loads(manage("shell", "--no-imports", "-c", SETUP, env=env).stdout.strip().splitlines()[-1])
    server = AppServer(env, workers=2, threads=2).start()
    try:
        before = {listed_price(server, facts["key"], facts["product"]) for _ in range(20)}  # both workers cache it
        assert len(before) == 1
        change = ("from decimal import Decimal; from catalog.services import product_update; "
                  f"product_update(product_id={facts['product']!r}, price=Decimal('1.25'))")
        done = manage("shell", "--no-imports", "-c", change, env=env)
        assert done.returncode == 0, done.stderr
        assert {listed_price(server, facts["key"], facts["product"]) for _ in range(20)} == {Decimal("1.25")}
    finally:
        server.stop()
