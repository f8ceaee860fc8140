"""The issue's "done when": an Amplify-style client's whole journey, on both backends.

It reads the catalog with an API key, signs in, fills a cart, orders it, and a service token edits a
product; every step goes through POST /graphql as a real client would.
"""

from __future__ import annotations

from django.test import Client

from accounts.models import UserToken
from catalog.services import product_update
from tests.graphql.conftest import Caller

LIST = """query($f: ModelProductFilterInput, $n: String) {
  listProducts(filter: $f, limit: 2, nextToken: $n) { items { id name price category inStock } nextToken }
}"""


def test_browse_sign_in_order_and_edit(make_product, customer, password, api_key, service_token):
    mug = make_product(name="Mug", price="4.50", stock=5)
    make_product(name="Pan", price="20.00", stock=5)
    make_product(name="Pot", price="15.00", stock=5)

    public = Caller("web", {"HTTP_X_API_KEY": api_key})
    names, token = [], None
    while True:
        page = public.ok(LIST, {"f": {"price": {"lt": 100}}, "n": token})["listProducts"]
        names += [item["name"] for item in page["items"]]
        assert all(item["category"] == "Kitchen" for item in page["items"])
        if not (token := page["nextToken"]):
            break
    assert sorted(names) == ["Mug", "Pan", "Pot"]

    signed_in = public.ok('mutation($i: SignInInput!) { signIn(input: $i) { token } }',
                          {"i": {"username": customer.username, "password": password}})["signIn"]
    shopper = Caller("shopper", {"HTTP_AUTHORIZATION": f"Bearer {signed_in['token']}"}, client=Client())
    shopper.ok('mutation($i: CreateCartItemInput!) { createCartItem(input: $i) { id quantity } }',
               {"i": {"productId": mug.id, "quantity": 2}})
    order = shopper.ok(
        'mutation($i: CreateOrderInput!) { createOrder(input: $i) { id totalAmount status } }',
        {"i": {"customerEmail": "alice@example.com", "customerName": "Alice", "shippingAddress": "1 Lane",
               "totalAmount": 9.0, "idempotencyKey": "journey-1"}},
    )["createOrder"]
    assert (order["totalAmount"], order["status"]) == (9.0, "PENDING")
    assert shopper.ok("{ listCartItems { items { id } } }")["listCartItems"]["items"] == []
    mine = shopper.ok("{ listOrders { items { id } } }")["listOrders"]["items"]
    assert [o["id"] for o in mine] == [order["id"]]

    service = Caller("pricing", {"HTTP_AUTHORIZATION": f"Bearer {service_token}"})
    edited = service.ok('mutation($i: UpdateProductInput!) { updateProduct(input: $i) { price stock } }',
                        {"i": {"id": mug.id, "price": 3.99}})["updateProduct"]
    assert edited == {"price": 3.99, "stock": 3}
    again = public.ok('query($id: ID!) { getProduct(id: $id) { price } }', {"id": mug.id})["getProduct"]
    assert again == {"price": 3.99}


def test_a_cart_item_whose_product_was_hidden_can_still_be_listed_and_deleted(make_product, customer, password):
    mug = make_product(name="Mug", stock=5)
    shopper = Caller("shopper", {"HTTP_AUTHORIZATION": f"Bearer {UserToken.issue(customer)[1]}"})
    item = shopper.ok('mutation($i: CreateCartItemInput!) { createCartItem(input: $i) { id } }',
                      {"i": {"productId": mug.id, "quantity": 1}})["createCartItem"]
    product_update(product_id=mug.id, active=False)
    listed = shopper.ok("{ listCartItems { items { id product { name } } } }")["listCartItems"]["items"]
    assert listed == [{"id": item["id"], "product": None}]
    shopper.ok('mutation($i: DeleteCartItemInput!) { deleteCartItem(input: $i) { id } }', {"i": {"id": item["id"]}})
    assert shopper.ok("{ listCartItems { items { id } } }")["listCartItems"]["items"] == []
