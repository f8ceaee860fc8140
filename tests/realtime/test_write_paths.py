"""Events come from every write path (the shopper pages, the admin, GraphQL, a management command in its
own process), only once the write has committed: a refused checkout or a lost race publishes nothing."""

from __future__ import annotations

import re

from tests.realtime.client import Realtime
from tests.realtime.conftest import PASSWORD
from tests.web import Browser, graphql

STOCK = "subscription($f: ModelSubscriptionProductFilterInput) { onUpdateProduct(filter: $f) { id stock inStock } }"
ORDERS = "subscription { onUpdateOrder { id status } }"
CREATED = "subscription { onCreateOrder { id number status } }"
UPDATE = "mutation($input: UpdateProductInput!, $condition: ModelProductConditionInput) " \
         "{ updateProduct(input: $input, condition: $condition) { id } }"


def signed_in(base: str, username: str) -> Browser:
    browser = Browser()
    assert browser.sign_in(base, username, PASSWORD).status_code == 302
    return browser


def add_to_cart(browser: Browser, base: str, product: dict, quantity: int) -> None:
    page = f"{base}/products/{product['slug']}/"
    added = browser.post_form(page, {"product_id": product["id"], "quantity": str(quantity)},
                              action=f"{base}/cart/add/")
    assert added.status_code == 302, added.text[:300]


def checkout(browser: Browser, base: str):
    return browser.post_form(f"{base}/checkout/", {"customer_name": "Ada Lovelace", "customer_email": "ada@example.com",
                                                   "shipping_address": "1 Analytical Way"})


def watching(client: Realtime, product: dict) -> Realtime:
    client.init()
    assert client.start("stock", STOCK, {"f": {"id": {"eq": product["id"]}}})["type"] == "start_ack"
    return client


def test_a_checkout_on_the_pages_moves_stock_live_and_a_refused_one_publishes_nothing(world):
    product = world.product(price=4, stock=3)
    product["slug"] = world.graphql("query($id: ID!) { getProduct(id: $id) { slug } }",
                                    {"id": product["id"]})["getProduct"]["slug"]
    ada = signed_in(world.b.url, "ada")
    with watching(Realtime(world.a.url, world.api_key), product) as public, \
            Realtime(world.a.url, world.token("ada")) as own:
        own.init()
        own.start("created", CREATED)
        page = ada.get(f"{world.b.url}/products/{product['slug']}/").text
        assert "Only 3 left" in page  # what the live page starts from

        add_to_cart(ada, world.b.url, product, 2)
        placed = checkout(ada, world.b.url)
        assert placed.status_code == 302, placed.text[:500]
        assert public.data("stock") == {"onUpdateProduct": {"id": product["id"], "stock": 1, "inStock": True}}
        assert own.data("created")["onCreateOrder"]["status"] == "PENDING"

        # A checkout for more than is left is refused on the page: no stock event, no order event.
        add_to_cart(ada, world.b.url, product, 1)
        world.graphql(UPDATE, {"input": {"id": product["id"], "stock": 0}})
        assert public.data("stock") == {"onUpdateProduct": {"id": product["id"], "stock": 0, "inStock": False}}
        refused = checkout(ada, world.b.url)
        assert refused.status_code == 400 and "left" in refused.text
        assert public.quiet_for(1.0) == [] and own.quiet_for(0.2) == []


def test_a_write_that_loses_its_condition_publishes_nothing(world):
    product = world.product(price=7)
    with watching(Realtime(world.a.url, world.api_key), product) as client:
        lost = graphql(world.b.url, UPDATE, {"input": {"id": product["id"], "stock": 9},
                                             "condition": {"price": {"eq": 999}}}, **world.token("sam"))
        assert lost["errors"][0]["errorType"] == "ConditionalCheckFailedException"
        world.graphql(UPDATE, {"input": {"id": product["id"], "stock": 8}})
        assert client.data("stock")["onUpdateProduct"]["stock"] == 8  # the next event is the committed write


def place_order_for_ada(world) -> dict:
    return world.order(world.product(price=3, stock=10), fields="id number")


def test_staff_moving_an_order_in_the_admin_reaches_its_shopper(world):
    order = place_order_for_ada(world)
    world.graphql("mutation($id: ID!) { updateOrder(input: {id: $id, status: PAID}) { id } }", {"id": order["id"]})
    staff = Browser()
    signed = staff.post_form(f"{world.b.url}/admin/login/", {"username": "sam", "password": PASSWORD})
    assert signed.status_code == 302
    with Realtime(world.a.url, world.token("ada")) as ada:
        ada.init()
        ada.start("orders", ORDERS)
        page = f"{world.b.url}/admin/orders/orderrecord/{order['id']}/change/"
        moved = staff.post_form(page, {"status": "SHIPPED"})
        assert moved.status_code == 302, moved.text[:500]
        assert ada.data("orders") == {"onUpdateOrder": {"id": order["id"], "status": "SHIPPED"}}


def test_a_management_command_in_its_own_process_reaches_subscribers(world):
    order = place_order_for_ada(world)
    with Realtime(world.a.url, world.token("ada")) as ada, Realtime(world.b.url, world.token("sam")) as staff:
        for client in (ada, staff):
            client.init()
            client.start("orders", ORDERS)
        said = world.manage("order_status", order["number"].lower(), "paid")
        assert re.fullmatch(rf"Order {order['number']} is now PAID\.", said)
        for client in (ada, staff):
            assert client.data("orders") == {"onUpdateOrder": {"id": order["id"], "status": "PAID"}}


def test_every_connection_on_every_process_gets_a_write_made_on_another(world):
    product = world.product(price=2)
    clients = [Realtime(server.url, world.api_key) for server in (world.a, world.a, world.a, world.a, world.b)]
    try:
        for client in clients:
            watching(client, product)
        world.graphql(UPDATE, {"input": {"id": product["id"], "stock": 4}}, server="a")
        for client in clients:
            assert client.data("stock")["onUpdateProduct"]["stock"] == 4
    finally:
        for client in clients:
            client.ws.close()
