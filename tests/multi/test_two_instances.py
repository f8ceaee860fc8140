"""Two instances behind one load balancer serve one shop: whoever handles a request, the shopper is
signed in, the catalog is fresh and a throttle holds.

The instances are real gunicorn processes on PostgreSQL (Django's tables), Redis (the cache) and
DynamoDB (moto's server: the shop data); see tests/multi/conftest.py.
"""

from __future__ import annotations

import json
import re

import boto3

from tests.realtime.client import Realtime
from tests.web import Browser, graphql

PASSWORD = "a-long-passphrase-42"
SIGN_IN = ("mutation($username: String!, $password: String!) "
           "{ signIn(input: {username: $username, password: $password}) { token } }")


def in_stock_product(browser: Browser, base: str) -> tuple[str, str]:
    """The page and id of the first listed product that can be added to a cart."""
    for slug in re.findall(r'href="/products/([^"/]+)/"', browser.get(f"{base}/products/").text):
        page = f"{base}/products/{slug}/"
        found = re.search(r'name="product_id" value="([^"]+)"', browser.get(page).text)
        if found:
            return page, found.group(1)
    raise AssertionError("no product in stock")


def test_two_instances_starting_together_migrate_and_seed_once(cluster):
    created = sorted(re.search(r"(\d+) categories and (\d+) products created", out).groups()
                     for out in cluster.seed_outputs)
    assert created == [("0", "0"), ("6", "60")]


def test_a_shopper_signs_in_on_a_and_carries_on_on_b(cluster):
    a, b = cluster.a.url, cluster.b.url
    signup = Browser().post_form(f"{a}/account/signup/", {"username": "ada", "email": "ada@example.com",
                                                          "password1": PASSWORD, "password2": PASSWORD})
    assert signup.status_code == 302

    browser = Browser()
    assert browser.sign_in(a, "ada", PASSWORD).status_code == 302
    account = browser.get(f"{b}/account/")
    assert account.status_code == 200 and "ada@example.com" in account.text

    page, product_id = in_stock_product(browser, b)
    added = browser.post_form(page, {"product_id": product_id, "quantity": "1"}, action=f"{b}/cart/add/")
    assert added.status_code == 302
    cart = browser.get(f"{a}/cart/")
    assert cart.status_code == 200 and product_id in cart.text

    placed = browser.post_form(f"{a}/checkout/", {"customer_name": "Ada Lovelace",
                                                  "customer_email": "ada@example.com",
                                                  "shipping_address": "1 Analytical Way"})
    assert placed.status_code == 302, placed.text[:500]
    order_id = placed.headers["Location"].split("/")[2]
    assert order_id in browser.get(f"{b}/account/orders/").text


def test_a_catalog_write_on_a_clears_cached_responses_on_b(cluster):
    a, b = cluster.a.url, cluster.b.url
    api_key = cluster.manage("create_api_key", "--name", "web")
    service = cluster.manage("shell", "--no-imports", "-c", (
        "from accounts.models import ServiceToken; t = ServiceToken(name='pricing', "
        "scopes='catalog.change_productrecord'); raw = t.issue_secret(); t.save(); print(raw)"))
    products = graphql(b, "{ listProducts(limit: 2) { items { id name } } }", **{"x-api-key": api_key})
    first, second = products["data"]["listProducts"]["items"]
    query = "query($id: ID!) { getProduct(id: $id) { name } }"
    warm = graphql(b, query, {"id": first["id"]}, **{"x-api-key": api_key})
    assert warm["data"]["getProduct"]["name"] == first["name"]

    # Changed behind the shop's back (not a catalog write): B keeps answering from its cache...
    table = f"{cluster.env['DYNAMODB_TABLE_PREFIX']}Products"
    boto3.client("dynamodb").update_item(TableName=table, Key={"id": {"S": first["id"]}},
                                         UpdateExpression="SET #n = :n", ExpressionAttributeNames={"#n": "name"},
                                         ExpressionAttributeValues={":n": {"S": "Renamed Directly"}})
    cached = graphql(b, query, {"id": first["id"]}, **{"x-api-key": api_key})
    assert cached["data"]["getProduct"]["name"] == first["name"]

    # ...until any catalog write, here on A, changes the catalog version both instances read from Redis.
    write = graphql(a, "mutation($id: ID!) { updateProduct(input: {id: $id, price: 12.5}) { id price } }",
                    {"id": second["id"]}, Authorization=f"Bearer {service}")
    assert "errors" not in write, write
    fresh = graphql(b, query, {"id": first["id"]}, **{"x-api-key": api_key})
    assert fresh["data"]["getProduct"]["name"] == "Renamed Directly"


def test_sign_in_throttles_counted_on_a_hold_on_b(cluster):
    a, b = cluster.a.url, cluster.b.url
    Browser().post_form(f"{a}/account/signup/", {"username": "grace", "email": "grace@example.com",
                                                 "password1": PASSWORD, "password2": PASSWORD})
    # Per account: three wrong passwords for grace on A, each from another address (the load balancer
    # in front says which, in X-Forwarded-For; 127.0.0.1 is a trusted proxy)...
    statuses = [Browser().sign_in(a, "grace", "wrong", headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code
                for n in range(3)]
    assert statuses == [200, 200, 429]  # the failure that reaches the limit already answers "paused"
    # ...and the right password on B, from a fresh address, is refused until the cool-off ends.
    locked = Browser().sign_in(b, "grace", PASSWORD, headers={"X-Forwarded-For": "203.0.113.99"})
    assert locked.status_code == 429 and "Too many failed sign-in attempts" in locked.text
    assert int(locked.headers["Retry-After"]) == 15 * 60
    token = graphql(b, SIGN_IN, {"username": "grace", "password": PASSWORD}, **{"X-Forwarded-For": "203.0.113.98"})
    assert token["errors"][0]["errorType"] == "TooManyRequests"

    # Per address: guesses at three made-up accounts from one address on A lock that address on B.
    for name in ("root", "admin", "test"):
        Browser().sign_in(a, name, "guess", headers={"X-Forwarded-For": "198.51.100.7"})
    Browser().post_form(f"{a}/account/signup/", {"username": "linus", "email": "linus@example.com",
                                                 "password1": PASSWORD, "password2": PASSWORD})
    from_there = Browser().sign_in(b, "linus", PASSWORD, headers={"X-Forwarded-For": "198.51.100.7"})
    assert from_there.status_code == 429
    elsewhere = Browser().sign_in(b, "linus", PASSWORD, headers={"X-Forwarded-For": "198.51.100.8"})
    assert elsewhere.status_code == 302


def test_sign_out_everywhere_on_a_kills_the_token_on_b(cluster):
    a, b = cluster.a.url, cluster.b.url
    Browser().post_form(f"{a}/account/signup/", {"username": "edsger", "email": "edsger@example.com",
                                                 "password1": PASSWORD, "password2": PASSWORD})
    token = graphql(a, SIGN_IN, {"username": "edsger", "password": PASSWORD})["data"]["signIn"]["token"]
    orders = "{ listOrders { items { id } } }"
    assert "errors" not in graphql(b, orders, Authorization=f"Bearer {token}")
    assert graphql(a, "mutation { signOutEverywhere }", Authorization=f"Bearer {token}")["data"] == {
        "signOutEverywhere": True}
    assert graphql(b, orders, Authorization=f"Bearer {token}")["errors"][0]["errorType"] == "Unauthorized"


STAFF_TOKEN = """
from django.contrib.auth.models import Permission, User
from accounts.models import UserToken
staff = User.objects.create_user("margaret", "margaret@example.com", "a-long-passphrase-42", is_staff=True)
staff.user_permissions.set(Permission.objects.filter(codename__in=["change_productrecord", "change_orderrecord",
                                                                   "view_orderrecord"]))
print(UserToken.issue(staff)[1])
"""


def test_subscribers_on_a_hear_of_staff_writes_on_b_through_redis(cluster):
    a, b = cluster.a.url, cluster.b.url
    api_key = cluster.manage("create_api_key", "--name", "live")
    staff = {"Authorization": cluster.manage("shell", "--no-imports", "-c", STAFF_TOKEN).splitlines()[-1]}
    Browser().post_form(f"{a}/account/signup/", {"username": "barbara", "email": "barbara@example.com",
                                                 "password1": PASSWORD, "password2": PASSWORD})
    shopper = {"Authorization": graphql(a, SIGN_IN, {"username": "barbara", "password": PASSWORD})
               ["data"]["signIn"]["token"]}
    listed = graphql(b, "{ listProducts(filter: {inStock: {eq: true}}, limit: 100) { items { id } } }",
                     **{"x-api-key": api_key})
    product = listed["data"]["listProducts"]["items"][0]
    order = graphql(b, "mutation($input: CreateOrderInput!) { createOrder(input: $input) { id } }", {"input": {
        "customerEmail": "barbara@example.com", "customerName": "Barbara Liskov", "shippingAddress": "1 Way",
        "items": json.dumps([{"productId": product["id"], "quantity": 1}])}}, **shopper)
    assert "errors" not in order, order
    order = order["data"]["createOrder"]

    with Realtime(a, {"x-api-key": api_key}) as public, Realtime(a, shopper) as own:
        public.init()
        own.init()
        assert public.start("price", "subscription($f: ModelSubscriptionProductFilterInput) "
                                     "{ onUpdateProduct(filter: $f) { id price } }",
                            {"f": {"id": {"eq": product["id"]}}})["type"] == "start_ack"
        assert own.start("status", "subscription { onUpdateOrder { id status } }")["type"] == "start_ack"
        changed = graphql(b, "mutation($id: ID!) { updateProduct(input: {id: $id, price: 77.5}) { id } }",
                          {"id": product["id"]}, **staff)
        assert "errors" not in changed, changed
        assert public.data("price") == {"onUpdateProduct": {"id": product["id"], "price": 77.5}}
        moved = graphql(b, "mutation($id: ID!) { updateOrder(input: {id: $id, status: PAID}) { id } }",
                        {"id": order["id"]}, **staff)
        assert "errors" not in moved, moved
        assert own.data("status") == {"onUpdateOrder": {"id": order["id"], "status": "PAID"}}
    # Through Redis pub/sub, not the database: no event rows were written.
    assert cluster.manage("shell", "--no-imports", "-c",
                          "from api.models import RealtimeEvent; print(RealtimeEvent.objects.count())") == "0"
