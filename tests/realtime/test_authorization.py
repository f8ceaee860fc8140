"""Who receives what: an API key gets the public catalog only, a shopper only their own orders and cart
lines, staff every order; filters and selection sets shape each payload exactly as a query would."""

from __future__ import annotations

from tests.realtime.client import Realtime
from tests.realtime.conftest import PASSWORD, TRUSTED_ORIGIN
from tests.web import Browser

ORDER_FIELDS = "{ id userId status totalAmount }"
ADD_TO_CART = "mutation($input: CreateCartItemInput!) { createCartItem(input: $input) { id } }"
SET_STATUS = "mutation($id: ID!, $status: OrderStatus!) { updateOrder(input: {id: $id, status: $status}) { id } }"
UPDATE = "mutation($input: UpdateProductInput!) { updateProduct(input: $input) { id } }"


def error_types(message: dict) -> list[str]:
    return [error["errorType"] for error in message["payload"]["errors"]]


def test_an_api_key_may_subscribe_to_the_public_catalog_only(world):
    with Realtime(world.a.url, world.api_key) as client:
        client.init()
        for n, field in enumerate(["onCreateOrder", "onUpdateOrder", "onCreateCartItem", "onUpdateCartItem",
                                   "onDeleteCartItem"]):
            refused = client.start(f"private{n}", f"subscription {{ {field} {{ id }} }}")
            assert (refused["type"], error_types(refused)) == ("error", ["UnauthorizedException"]), field
        for n, field in enumerate(["onCreateProduct", "onUpdateProduct", "onDeleteProduct", "onCreateCategory",
                                   "onUpdateCategory", "onDeleteCategory"]):
            assert client.start(f"public{n}", f"subscription {{ {field} {{ id }} }}")["type"] == "start_ack"


def test_shoppers_receive_only_their_own_orders_and_cart_lines_and_staff_every_order(world):
    product = world.product(price=8, stock=20)
    with Realtime(world.a.url, world.token("ada")) as ada, Realtime(world.a.url, world.token("bob")) as bob, \
            Realtime(world.b.url, world.token("sam")) as staff:
        for client in (ada, bob, staff):
            assert client.init()["type"] == "connection_ack"
            for field in ("onCreateOrder", "onUpdateOrder"):
                assert client.start(field, f"subscription {{ {field} {ORDER_FIELDS} }}")["type"] == "start_ack"
        for client in (ada, bob):
            for field in ("onCreateCartItem", "onDeleteCartItem"):
                assert client.start(field, f"subscription {{ {field} {{ id productId quantity userId }} }}") \
                    == {"type": "start_ack", "id": field}

        line = world.graphql(ADD_TO_CART, {"input": {"productId": product["id"], "quantity": 2}}, who="ada")
        assert ada.data("onCreateCartItem") == {"onCreateCartItem": {
            "id": line["createCartItem"]["id"], "productId": product["id"], "quantity": 2,
            "userId": world.people["ada"]["id"]}}

        order = world.order(product, fields="id number status")
        expected = {"id": order["id"], "userId": world.people["ada"]["id"], "status": "PENDING", "totalAmount": 8.0}
        assert ada.data("onCreateOrder") == {"onCreateOrder": expected}
        assert staff.data("onCreateOrder") == {"onCreateOrder": expected}

        world.graphql(SET_STATUS, {"id": order["id"], "status": "PAID"})
        assert ada.data("onUpdateOrder") == {"onUpdateOrder": {**expected, "status": "PAID"}}
        assert staff.data("onUpdateOrder") == {"onUpdateOrder": {**expected, "status": "PAID"}}
        assert bob.quiet_for(1.0) == [], "bob never hears of ada's cart or orders"


def test_the_selection_set_shapes_the_payload_exactly(world):
    product = world.product(name="Shaped Kettle", price=30)
    query = """subscription($filter: ModelSubscriptionProductFilterInput) {
      onUpdateProduct(filter: $filter) { id cost: price ...More }
    }
    fragment More on Product { name inStock __typename }"""
    with Realtime(world.a.url, world.api_key) as client:
        client.init()
        client.start("1", query, {"filter": {"id": {"eq": product["id"]}}})
        world.graphql(UPDATE, {"input": {"id": product["id"], "price": 31}})
        assert client.data("1") == {"onUpdateProduct": {"id": product["id"], "cost": 31.0, "name": "Shaped Kettle",
                                                        "inStock": True, "__typename": "Product"}}


def test_filters_pick_the_events_each_subscriber_gets(world):
    cheap, dear = world.product(name="Filter Cheap", price=5), world.product(name="Filter Dear", price=500)
    ours = {"id": {"in": [cheap["id"], dear["id"]]}}
    filters = {
        "dear": {"and": [ours, {"price": {"gt": 100}}]},
        "named": {"and": [ours, {"or": [{"name": {"beginsWith": "Filter Ch"}}, {"stock": {"eq": 0}}]}]},
        "not-cheap": {"and": [ours, {"id": {"ne": cheap["id"]}}, {"name": {"contains": "Dear"}}]},
        "category": {"and": [ours, {"categoryId": {"eq": world.people["category_id"]}}, {"inStock": {"eq": False}}]},
    }
    with Realtime(world.a.url, world.api_key) as client:
        client.init()
        query = "subscription($f: ModelSubscriptionProductFilterInput) { onUpdateProduct(filter: $f) { name } }"
        for sub_id, condition in filters.items():
            assert client.start(sub_id, query, {"f": condition})["type"] == "start_ack"
        world.graphql(UPDATE, {"input": {"id": cheap["id"], "price": 6}})
        world.graphql(UPDATE, {"input": {"id": dear["id"], "stock": 0}})
        received = sorted((m["id"], m["payload"]["data"]["onUpdateProduct"]["name"]) for m in client.quiet_for(2.0))
    assert received == [("category", "Filter Dear"), ("dear", "Filter Dear"), ("named", "Filter Cheap"),
                        ("named", "Filter Dear"), ("not-cheap", "Filter Dear")]


def test_a_hidden_product_reaches_staff_only(world):
    product = world.product(price=9)
    query = "subscription($f: ModelSubscriptionProductFilterInput) { onUpdateProduct(filter: $f) { id active } }"
    with Realtime(world.a.url, world.api_key) as public, Realtime(world.a.url, world.token("sam")) as staff:
        for client in (public, staff):
            client.init()
            client.start("1", query, {"f": {"id": {"eq": product["id"]}}})
        world.graphql(UPDATE, {"input": {"id": product["id"], "active": False}})
        assert staff.data("1") == {"onUpdateProduct": {"id": product["id"], "active": False}}
        assert public.quiet_for(1.0) == []


def test_the_shops_own_pages_subscribe_as_the_browsers_session(world):
    browser = Browser()
    assert browser.sign_in(world.a.url, "ada", PASSWORD).status_code == 302
    cookie = "; ".join(f"{name}={value}" for name, value in browser.session.cookies.items())
    with Realtime(world.a.url, None, origin=world.a.url, cookie=cookie) as page:
        assert page.init()["type"] == "connection_ack"
        assert page.start("orders", "subscription { onUpdateOrder { id } }")["type"] == "start_ack"
    # Signed out, a page of the shop (here behind its CDN's address) reads the public catalog only.
    with Realtime(world.a.url, None, origin=TRUSTED_ORIGIN) as page:
        assert page.init()["type"] == "connection_ack"
        assert page.start("products", "subscription { onUpdateProduct { id } }")["type"] == "start_ack"
        assert error_types(page.start("orders", "subscription { onUpdateOrder { id } }")) == ["UnauthorizedException"]
