"""Worlds for the real-time tests: real servers (gunicorn + uvicorn workers, `shop.asgi`) over TCP.

A world is one shop on one storage backend served by two app servers, A (two worker processes) and B
(one), sharing Django's database (a SQLite file: the sessions, tokens and the real-time bus) and, on
DynamoDB, moto's server. A test subscribes on one server and writes through another, through the pages,
the admin, GraphQL or a management command (its own process), so every event crosses processes.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import BACKENDS, STAFF_PERMISSIONS
from tests.services import AppServer, app_environment, manage
from tests.web import graphql

PASSWORD = "correct-horse-battery-9"
TRUSTED_ORIGIN = "https://shop.example.com"  # the CDN's address, as the shop's own pages are served from it

# Run by `manage.py shell` in the world's environment: the people and keys the tests act as.
PEOPLE = f"""
import json
from django.contrib.auth.models import Permission, User
from accounts.models import UserToken
from accounts.services import api_key_create, public_user_id
from catalog.services import category_create

def person(name, staff=False):
    user = User.objects.create_user(name, name + "@example.com", {PASSWORD!r}, is_staff=staff)
    if staff:
        user.user_permissions.set(Permission.objects.filter(codename__in={STAFF_PERMISSIONS!r}))
    return {{"username": name, "id": public_user_id(user), "token": UserToken.issue(user)[1]}}

category = category_create(name="Kitchen")
print(json.dumps({{"api_key": api_key_create(name="realtime", days=1)[1], "category_id": category.id,
                  "ada": person("ada"), "bob": person("bob"), "sam": person("sam", staff=True)}}))
"""

CREATE_PRODUCT = """mutation($input: CreateProductInput!) {
  createProduct(input: $input) { id name price stock inStock }
}"""


@dataclass
class World:
    backend: str
    env: dict[str, str]
    a: AppServer
    b: AppServer
    people: dict
    certificate: str | bool = True  # what `graphql` trusts: a test's own certificate when served over TLS
    outputs: str = ""  # amplify_outputs.json, when a test wrote one

    @property
    def api_key(self) -> dict:
        return {"x-api-key": self.people["api_key"]}

    def token(self, who: str) -> dict:
        return {"Authorization": self.people[who]["token"]}

    def graphql(self, query: str, variables: dict | None = None, *, who: str = "sam", server: str = "b") -> dict:
        body = graphql(getattr(self, server).url, query, variables, verify=self.certificate, **self.token(who))
        assert "errors" not in body, body
        return body["data"]

    def product(self, name: str | None = None, *, price: float = 20.0, stock: int = 5) -> dict:
        """A new product, made by staff through GraphQL (on B)."""
        values = {"name": name or f"Product {uuid.uuid4().hex[:8]}", "price": price, "stock": stock,
                  "categoryId": self.people["category_id"]}
        return self.graphql(CREATE_PRODUCT, {"input": values})["createProduct"]

    def order(self, product: dict, *, who: str = "ada", fields: str = "id") -> dict:
        """`who`'s new order of one unit of `product`, placed through GraphQL (on B); `fields` of it."""
        values = {"customerEmail": f"{who}@example.com", "customerName": who.title(), "shippingAddress": "1 Way",
                  "items": json.dumps([{"productId": product["id"], "quantity": 1}])}
        return self.graphql(f"mutation($input: CreateOrderInput!) {{ createOrder(input: $input) {{ {fields} }} }}",
                            {"input": values}, who=who)["createOrder"]

    def manage(self, *args: str) -> str:
        result = manage(*args, env=self.env)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()


def serve(env: dict[str, str], logs: Path, *, workers: int, name: str) -> AppServer:
    return AppServer(env, workers=workers, threads=4, log=logs / f"{name}.log").start()


def one_server_world(folder: Path, *, workers: int = 1, **settings: str) -> Iterator[World]:
    """A World on SQLite whose A and B are one server, with `settings` (environment variables) of its own."""
    env = app_environment(SQLITE_PATH=str(folder / "db.sqlite3"), DJANGO_ALLOWED_HOSTS="127.0.0.1",
                          REALTIME_POLL_SECONDS="0.05", **settings)
    assert manage("migrate", "--noinput", "-v0", env=env).returncode == 0
    made = manage("shell", "--no-imports", "-c", PEOPLE, env=env)
    assert made.returncode == 0, made.stderr
    server = AppServer(env, workers=workers, threads=4, log=folder / "server.log").start()
    try:
        yield World(backend="sqlite", env=env, a=server, b=server,
                    people=json.loads(made.stdout.strip().splitlines()[-1]))
    finally:
        server.stop()


@pytest.fixture(scope="module", params=BACKENDS)
def world(request, tmp_path_factory):
    backend = request.param
    folder = tmp_path_factory.mktemp(f"realtime-{backend}")
    extra = {}
    if backend == "dynamodb":
        request.getfixturevalue("moto_server")  # sets the AWS_* variables the servers inherit
        extra = {"SHOP_STORAGE": "dynamodb", "DYNAMODB_TABLE_PREFIX": f"rt{uuid.uuid4().hex[:8]}-"}
    env = app_environment(SQLITE_PATH=str(folder / "db.sqlite3"), DJANGO_ALLOWED_HOSTS="127.0.0.1",
                          DJANGO_CSRF_TRUSTED_ORIGINS=TRUSTED_ORIGIN, REALTIME_POLL_SECONDS="0.05",
                          REALTIME_KEEPALIVE_SECONDS="0.5", **extra)
    for command in (["migrate", "--noinput", "-v0"], *([["dynamodb_tables", "create"]] if extra else [])):
        done = manage(*command, env=env)
        assert done.returncode == 0, done.stderr
    made = manage("shell", "--no-imports", "-c", PEOPLE, env=env)
    assert made.returncode == 0, made.stderr
    people = json.loads(made.stdout.strip().splitlines()[-1])
    a = serve(env, folder, workers=2, name="a")
    try:
        b = serve(env, folder, workers=1, name="b")
    except Exception:
        a.stop()
        raise
    try:
        yield World(backend=backend, env=env, a=a, b=b, people=people)
    finally:
        a.stop()
        b.stop()
        if extra:
            manage("dynamodb_tables", "delete", env=env)
