"""SHOP_STORAGE=sqlite with DATABASE_URL keeps the shop's data in PostgreSQL through the ORM: the same
conditional stock writes hold under a race between two instances."""

from __future__ import annotations

import json
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

from tests.services import AppServer, app_environment, manage

SETUP = """
import json
from django.contrib.auth.models import User
from accounts.models import UserToken
from catalog.services import category_create, product_create
category = category_create(name="Race")
product = product_create(name="Last Kettle", price="25.00", category_id=category.id, stock=5)
tokens = []
for n in range(12):
    user = User.objects.create(username=f"racer{n}")
    tokens.append(UserToken.issue(user)[1])
print(json.dumps({"product": product.id, "tokens": tokens}))
"""
ORDER = """mutation($items: AWSJSON!, $key: String!) {
  createOrder(input: {customerName: "Racer", customerEmail: "racer@example.com", shippingAddress: "Track",
                      items: $items, idempotencyKey: $key}) { id }
}"""
STOCK = "SELECT stock FROM catalog_product WHERE id = %s"


def test_twelve_buyers_on_two_instances_get_exactly_the_five_units(postgres_server):
    url = postgres_server.database(f"sql_{uuid.uuid4().hex[:8]}")
    env = app_environment(DATABASE_URL=url, SHOP_STORAGE="sqlite")
    assert manage("migrate", "--noinput", "-v0", env=env).returncode == 0
    made = json.loads(manage("shell", "--no-imports", "-c", SETUP, env=env).stdout.strip().splitlines()[-1])
    instances = [AppServer(env).start(), AppServer(env).start()]
    try:
        start = threading.Barrier(12)

        def buy(n: int) -> str:
            start.wait()
            body = requests.post(f"{instances[n % 2].url}/graphql", timeout=60,
                                 headers={"Authorization": f"Bearer {made['tokens'][n]}"},
                                 json={"query": ORDER, "variables": {"key": f"race-{n}", "items": json.dumps(
                                     [{"productId": made["product"], "quantity": 1}])}}).json()
            return body["errors"][0]["errorType"] if body.get("errors") else "ordered"

        with ThreadPoolExecutor(max_workers=12) as pool:
            outcomes = list(pool.map(buy, range(12)))
    finally:
        for instance in instances:
            instance.stop()
    assert sorted(outcomes) == ["OutOfStock"] * 7 + ["ordered"] * 5

    import psycopg

    with psycopg.connect(url) as connection:
        assert connection.execute(STOCK, [made["product"]]).fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM orders_order").fetchone() == (5,)
