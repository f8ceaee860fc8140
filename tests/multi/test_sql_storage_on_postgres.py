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


SEARCH = """
import json
import storage.sql.search as search
from catalog.domain import ProductQuery, ProductSort
from catalog.selectors import product_list
from catalog.services import category_create, product_create, product_delete, product_update
kitchen, garden = category_create(name="Kitchen"), category_create(name="Garden")
for n in range(9):
    product_create(name=f"{'Red' if n % 2 else 'Blue'} {'kettle' if n % 3 == 0 else 'jug'} {n}",
                   price=f"{10 + n % 4}.00", category_id=garden.id if n == 3 else kitchen.id)
product_create(name="Crème brûlée torch", description="For the café.", price="30.00", category_id=kitchen.id)
gone = product_create(name="Gone kettle", price="5.00", category_id=kitchen.id)
product_delete(product_id=gone.id)
renamed = product_create(name="Copper teapot", price="7.00", category_id=kitchen.id)
product_update(product_id=renamed.id, name="Copper kettle")

def pages(**query):
    names, cursor = [], None
    while True:
        page = product_list(query=ProductQuery(**query), cursor=cursor, limit=2)
        names += [p.name for p in page.items]
        if not page.next_cursor:
            return names
        cursor = page.next_cursor

found = {}
for path, rare in (("index", 1000), ("listing", 0)):
    search.RARE_MATCHES = rare
    found[path] = {
        "kettle": pages(search="kettle"), "KETTLE red": pages(search="KETTLE red"),
        "kettle by price": pages(search="kettle", sort=ProductSort.PRICE_ASC),
        "kettle in garden": pages(search="kettle", category_id=garden.id), "creme cafe": pages(search="creme cafe"),
        "kett": pages(search="kett"), "teapot": pages(search="teapot"), "!!!": pages(search="!!!"),
    }
print(json.dumps(found))
"""


def test_search_on_postgresql_follows_the_same_rule(postgres_server):
    """The GIN index over the words (migration catalog 0004) instead of SQLite's FTS5, the same answers."""
    url = postgres_server.database(f"search_{uuid.uuid4().hex[:8]}")
    env = app_environment(DATABASE_URL=url, SHOP_STORAGE="sqlite")
    assert manage("migrate", "--noinput", "-v0", env=env).returncode == 0
    result = manage("shell", "--no-imports", "-c", SEARCH, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["index"] == found["listing"] == {
        "kettle": ["Copper kettle", "Blue kettle 6", "Red kettle 3", "Blue kettle 0"],
        "KETTLE red": ["Red kettle 3"],
        "kettle by price": ["Copper kettle", "Blue kettle 0", "Blue kettle 6", "Red kettle 3"],
        "kettle in garden": ["Red kettle 3"],
        "creme cafe": ["Crème brûlée torch"],
        "kett": [], "teapot": [], "!!!": [],
    }
    import psycopg

    with psycopg.connect(url) as connection:  # the words are indexed
        [definition] = connection.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'catalog_product_search_words'").fetchone()
    assert definition.endswith("ON public.catalog_product USING gin (string_to_array(search_words, ' '::text))")
