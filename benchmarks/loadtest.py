"""`make loadtest`: two instances under load, on 127.0.0.1 only, bounded in count and time.

Two gunicorn instances share one PostgreSQL, one Redis and one local DynamoDB (moto, serialized as
`make run-dynamodb` runs it). For SHOPPING_SECONDS, 20 shoppers browse pages, search, add to guest
carts and read the catalog over GraphQL, alternating between the instances; meanwhile 50 buyers, each
signed in with a bearer token, race to order one unit each of a product with 10 in stock. A monitor
reads the stock (strongly consistent) throughout. It passes when exactly 10 orders exist, the stock
never went below 0 and ends at 0, the decrements equal the units ordered, and no response was a 5xx.

    make loadtest            # or: .venv/bin/python -m benchmarks.loadtest [--seconds 30]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import boto3
import requests
from boto3.dynamodb.types import TypeDeserializer

from tests.aws import SerialMotoServer, aws_environment
from tests.services import AppServer, PostgresServer, RedisServer, app_environment, manage

BUYERS, UNITS, SHOPPERS = 50, 10, 20
SETUP = """
import json
from django.contrib.auth.models import User
from accounts.models import ApiKey, UserToken
from catalog.services import category_create, product_create
category = category_create(name="Load test")
product = product_create(name="Last Kettle", price="25.00", category_id=category.id, stock={units})
tokens = []
for n in range({buyers}):
    user = User(username=f"buyer{{n}}", email=f"buyer{{n}}@example.com")
    user.set_unusable_password()
    user.save()
    tokens.append(UserToken.issue(user)[1])
key = ApiKey(name="load")
raw = key.issue_secret()
key.save()
print(json.dumps({{"product": product.id, "tokens": tokens, "api_key": raw}}))
"""
ORDER = """mutation($items: AWSJSON!, $key: String!) {
  createOrder(input: {customerName: "Buyer", customerEmail: "buyer@example.com", shippingAddress: "1 Load Street",
                      items: $items, idempotencyKey: $key}) { id items }
}"""


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: Counter[int] = Counter()
        self.errors: Counter[str] = Counter()

    def count(self, response: requests.Response) -> requests.Response:
        with self.lock:
            self.statuses[response.status_code] += 1
        return response

    def failed(self, what: str) -> None:
        with self.lock:
            self.errors[what] += 1


def shopper(bases: list[str], api_key: str, slugs: list[str], until: float, tally: Tally) -> int:
    session, rng, done = requests.Session(), random.Random(), 0  # noqa: S311 - load, not security
    while time.monotonic() < until:
        base = bases[done % len(bases)]
        slug = rng.choice(slugs)
        try:
            tally.count(session.get(f"{base}/", timeout=60))
            tally.count(session.get(f"{base}/products/?q={slug.split('-')[1]}", timeout=60))
            page = tally.count(session.get(f"{base}/products/{slug}/", timeout=60))
            token = session.cookies.get("csrftoken")
            if 'name="product_id"' in page.text and token:
                product_id = page.text.split('name="product_id" value="')[1].split('"')[0]
                tally.count(session.post(f"{base}/cart/add/", data={"csrfmiddlewaretoken": token, "quantity": "1",
                                                                     "product_id": product_id},
                                         timeout=60, allow_redirects=False))
            tally.count(session.get(f"{base}/cart/", timeout=60))
            tally.count(session.post(f"{base}/graphql", json={"query": "{ listProducts(limit: 24) { items { id } } }"},
                                     headers={"x-api-key": api_key}, timeout=60))
        except requests.RequestException as error:
            tally.failed(type(error).__name__)
        done += 1
        time.sleep(0.1)
    return done


def buyer(base: str, token: str, product_id: str, start: threading.Barrier, tally: Tally) -> str:
    start.wait()
    try:
        response = tally.count(requests.post(
            f"{base}/graphql", headers={"Authorization": f"Bearer {token}"}, timeout=120,
            json={"query": ORDER, "variables": {"items": json.dumps([{"productId": product_id, "quantity": 1}]),
                                                "key": uuid.uuid4().hex}}))
    except requests.RequestException as error:
        tally.failed(type(error).__name__)
        return "no answer"
    body = response.json()
    if body.get("errors"):
        return body["errors"][0]["errorType"]
    return "ordered"


def monitor(table: str, product_id: str, stop: threading.Event, seen: list[int]) -> None:
    client = boto3.client("dynamodb")
    while not stop.is_set():
        item = client.get_item(TableName=table, Key={"id": {"S": product_id}}, ConsistentRead=True)["Item"]
        seen.append(int(item["stock"]["N"]))
        stop.wait(0.1)


def run(seconds: float) -> bool:
    started = time.monotonic()
    postgres, redis_server, moto = PostgresServer().start(), RedisServer().start(), SerialMotoServer().start()
    instances: list[AppServer] = []
    try:
        with aws_environment(moto.url):
            prefix = f"load{uuid.uuid4().hex[:6]}-"
            env = app_environment(DATABASE_URL=postgres.database("loadtest"), REDIS_URL=redis_server.url,
                                  SHOP_STORAGE="dynamodb", DYNAMODB_TABLE_PREFIX=prefix,
                                  DYNAMODB_TIMEOUT_SECONDS="30", AWS_ENDPOINT_URL=moto.url)
            for command in (["dynamodb_tables", "create"], ["migrate", "--noinput", "-v0"],
                            ["seed_shop", "--if-empty", "--no-progress"]):
                result = manage(*command, env=env, timeout=300)
                if result.returncode:
                    sys.exit(f"error: manage.py {' '.join(command)} failed: {result.stderr.strip()[-500:]}")
            setup = manage("shell", "--no-imports", "-c", SETUP.format(units=UNITS, buyers=BUYERS), env=env)
            made = json.loads(setup.stdout.strip().splitlines()[-1])
            instances = [AppServer(env, workers=2, threads=4).start() for _ in range(2)]
            bases = [instance.url for instance in instances]
            print(f"instances {bases[0]} and {bases[1]}; PostgreSQL :{postgres.port}, Redis :{redis_server.port}, "
                  f"DynamoDB (serialized moto) :{moto.port}; set-up took {time.monotonic() - started:.0f} s")

            listing = requests.get(f"{bases[0]}/products/", timeout=60).text
            slugs = sorted({part.split("/")[0] for part in listing.split('href="/products/')[1:]
                            if part.split("/")[0] and "-" in part.split("/")[0]})
            tally, seen, stop = Tally(), [], threading.Event()
            watcher = threading.Thread(target=monitor, args=(f"{prefix}Products", made["product"], stop, seen))
            watcher.start()
            until = time.monotonic() + seconds
            start = threading.Barrier(BUYERS)
            with ThreadPoolExecutor(max_workers=SHOPPERS + BUYERS) as pool:
                shopping = [pool.submit(shopper, bases, made["api_key"], slugs, until, tally) for _ in range(SHOPPERS)]
                time.sleep(min(5, seconds / 3))  # the race starts while the shoppers are busy
                buying = [pool.submit(buyer, bases[n % 2], token, made["product"], start, tally)
                          for n, token in enumerate(made["tokens"])]
                outcomes = Counter(future.result() for future in buying)
                rounds = sum(future.result() for future in shopping)
            stop.set()
            watcher.join()

            final = boto3.client("dynamodb").get_item(TableName=f"{prefix}Products", ConsistentRead=True,
                                                      Key={"id": {"S": made["product"]}})["Item"]
            deserialize = TypeDeserializer().deserialize
            orders = [{name: deserialize(value) for name, value in item.items()}
                      for item in boto3.client("dynamodb").scan(TableName=f"{prefix}Orders")["Items"]
                      if not item["id"]["S"].startswith("IDEMPOTENCY#")]
            units_ordered = sum(int(line["quantity"]) for order in orders for line in order["lines"]
                                if line["productId"] == made["product"])
            stock_left = int(final["stock"]["N"])
            server_errors = sum(count for status, count in tally.statuses.items() if status >= 500)
            checks = {
                f"exactly {UNITS} orders": len(orders) == UNITS and outcomes["ordered"] == UNITS,
                "stock never below 0": min([*seen, stock_left]) >= 0,
                "stock decrements equal units ordered": UNITS - stock_left == units_ordered == UNITS,
                "0 responses 5xx": server_errors == 0 and not tally.errors,
            }
            print(f"buyers: {dict(outcomes)}")
            print(f"shoppers: {SHOPPERS} for {seconds:g} s, {rounds} rounds, "
                  f"{sum(tally.statuses.values())} responses: {dict(sorted(tally.statuses.items()))}"
                  + (f", failed requests: {dict(tally.errors)}" if tally.errors else ""))
            print(f"orders: {len(orders)}, units ordered: {units_ordered}, stock {UNITS} -> {stock_left}, "
                  f"lowest stock seen: {min([*seen, stock_left])} ({len(seen)} reads)")
            for name, ok in checks.items():
                print(f"{'PASS' if ok else 'FAIL'}  {name}")
            print(f"total {time.monotonic() - started:.0f} s")
            return all(checks.values())
    finally:
        for instance in instances:
            instance.stop()
        moto.stop()
        redis_server.stop()
        postgres.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30, help="How long the shoppers shop (1-300, default 30).")
    seconds = parser.parse_args().seconds
    if not 1 <= seconds <= 300:
        sys.exit("error: --seconds must be between 1 and 300.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    sys.exit(0 if run(seconds) else 1)


if __name__ == "__main__":
    main()
