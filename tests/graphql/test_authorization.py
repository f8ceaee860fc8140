"""Every operation against every kind of caller: the answer, and that a denied call changed nothing."""

from __future__ import annotations

import pytest

from accounts.services import public_user_id
from cart.domain import user_owner
from catalog.domain import ProductQuery
from orders.domain import OrderQuery
from storage import unit_of_work
from tests.graphql.conftest import error_types
from tests.graphql.matrix import CALLERS, OPERATIONS, fill


def snapshot(callers) -> tuple:
    uow = unit_of_work()
    products = sorted((p.id, p.name, p.price, p.stock, p.active)
                      for p in uow.products.list(ProductQuery(active=None), cursor=None, limit=1000).items)
    categories = sorted((c.id, c.name, c.product_count) for c in uow.categories.list())
    carts = {name: sorted((i.product_id, i.quantity) for i in uow.carts.list(user_owner(public_user_id(c.user))))
             for name, c in callers.items() if c.user is not None}
    orders = sorted((o.id, o.status) for o in uow.orders.list(OrderQuery(), cursor=None, limit=100).items)
    return products, categories, carts, orders


@pytest.mark.parametrize(("field", "type_name", "document", "allowed"), OPERATIONS, ids=[op[0] for op in OPERATIONS])
def test_authorization_matrix(world, callers, field, type_name, document, allowed):
    document = fill(document, world)
    # Denied callers first, then the state is checked unchanged; then the allowed ones.
    before = snapshot(callers) if type_name == "Mutation" else None
    for name in (caller for caller in CALLERS if caller not in allowed):
        status, body = callers[name].call(document)
        assert status == 200, (name, body)
        assert error_types(body) == ["Unauthorized"], (name, body)
        assert body["errors"][0]["message"] == f"Not Authorized to access {field} on type {type_name}"
        assert body["errors"][0]["extensions"]["code"] == "Unauthorized"
        assert body["data"] == {field: None}
    if before is not None:
        assert snapshot(callers) == before
    for name in (caller for caller in CALLERS if caller in allowed):
        status, body = callers[name].call(document)
        assert status == 200 and "Unauthorized" not in error_types(body), (name, body)


def test_users_only_see_their_own_cart_and_orders(world, callers):
    own = callers["customer"].ok('{ listOrders { items { id } } listCartItems { items { id userId } } }')
    assert [o["id"] for o in own["listOrders"]["items"]] == [world["order"]]
    assert [i["id"] for i in own["listCartItems"]["items"]] == [world["item"]]
    assert own["listCartItems"]["items"][0]["userId"] == public_user_id(callers["customer"].user)

    customer_id = public_user_id(callers["customer"].user)
    snooping = (
        '{ listOrders(filter: {customerEmail: {eq: "alice@example.com"}}) { items { id } }'
        f' listCartItems(filter: {{userId: {{eq: "{customer_id}"}}}}) {{ items {{ id }} }}'
        f' getOrder(id: "{world["order"]}") {{ id }} getCartItem(id: "{world["item"]}") {{ id }} }}'
    )
    for name in ("other_customer", "staff_without_permission"):
        data = callers[name].ok(snooping)
        assert data == {"listOrders": {"items": []}, "listCartItems": {"items": []}, "getOrder": None,
                        "getCartItem": None}, name
    # Someone else's cart line cannot be changed either.
    delete = 'mutation {{ deleteCartItem(input: {{id: "{}"}}) {{ id }} }}'.format(world["item"])
    _status, body = callers["other_customer"].call(delete)
    assert error_types(body) == ["NotFound"]
    assert callers["customer"].ok("{ listCartItems { items { quantity } } }")["listCartItems"]["items"] == [
        {"quantity": 2}]


def test_staff_with_permission_sees_all_orders_and_moves_status(world, callers):
    data = callers["staff"].ok('{ listOrders(filter: {status: {eq: PENDING}}) { items { id status } } }')
    assert data["listOrders"]["items"] == [{"id": world["order"], "status": "PENDING"}]
    update = "mutation($i: ID!, $s: OrderStatus!) { updateOrder(input: {id: $i, status: $s}) { status } }"
    assert callers["staff"].ok(update, {"i": world["order"], "s": "PAID"})["updateOrder"] == {"status": "PAID"}
    _status, body = callers["staff"].call(update, {"i": world["order"], "s": "DELIVERED"})
    assert error_types(body) == ["ValidationError"]
    assert body["errors"][0]["errorInfo"] == {"field": "status"}


def test_service_token_scopes(world, client, service_token):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {service_token}"}
    change = 'mutation {{ updateProduct(input: {{id: "{}", price: 4.75}}) {{ price }} }}'.format(world["product"])
    response = client.post("/graphql", {"query": change}, content_type="application/json", **headers)
    assert response.json()["data"] == {"updateProduct": {"price": 4.75}}
    delete = 'mutation {{ deleteProduct(input: {{id: "{}"}}) {{ id }} }}'.format(world["product"])
    response = client.post("/graphql", {"query": delete}, content_type="application/json", **headers)
    assert error_types(response.json()) == ["Unauthorized"]
