"""The rest of Amplify's @model API, on both backends: every stored field in the inputs, client-chosen
ids, public user ids, condition inputs, index queries with sortDirection, size and attributeType."""

from __future__ import annotations

import json
import uuid
from decimal import Decimal

import pytest

from accounts.services import public_user_id
from catalog.selectors import product_get
from orders.domain import OrderQuery
from storage import unit_of_work
from tests.graphql.conftest import error_types

CREATE_PRODUCT = """mutation($i: CreateProductInput!, $c: ModelProductConditionInput) {
  createProduct(input: $i, condition: $c) { id name price originalPrice stock inStock onSale category }
}"""
UPDATE_PRODUCT = """mutation($i: UpdateProductInput!, $c: ModelProductConditionInput) {
  updateProduct(input: $i, condition: $c) { id price stock inStock onSale originalPrice }
}"""


def product_input(**extra) -> dict:
    return {"name": "Kettle", "description": "Boils", "price": 20.0, "category": "Kitchen", "imageUrl": "",
            "featured": False, "isNew": True, "rating": 4.5, **extra}


@pytest.mark.parametrize(("flags", "stock", "in_stock"), [
    ({"inStock": True}, 1, True), ({"inStock": False}, 0, False), ({"inStock": True, "stock": 7}, 7, True),
])
def test_in_stock_on_input_sets_the_stock_it_implies(category, callers, flags, stock, in_stock):
    data = callers["staff"].ok(CREATE_PRODUCT, {"i": product_input(**flags)})["createProduct"]
    assert (data["stock"], data["inStock"], data["category"]) == (stock, in_stock, "Kitchen")
    assert product_get(product_id=data["id"]).stock == stock


@pytest.mark.parametrize("flags", [
    {"inStock": True, "stock": 0}, {"inStock": False, "stock": 3}, {"onSale": True},
    {"onSale": False, "originalPrice": 25.0}, {"onSale": True, "originalPrice": 15.0},
])
def test_a_flag_that_contradicts_the_stored_fields_is_refused_naming_it(category, callers, flags):
    _status, body = callers["staff"].call(CREATE_PRODUCT, {"i": product_input(**flags)})
    assert error_types(body) == ["ValidationError"]
    assert body["errors"][0]["errorInfo"]["field"] in {"inStock", "onSale", "originalPrice"}
    assert not unit_of_work().products.get_by_slug("kettle")


def test_on_sale_false_clears_a_compare_at_price_and_true_needs_one(category, callers):
    created = callers["staff"].ok(CREATE_PRODUCT, {"i": product_input(originalPrice=25.0, onSale=True, stock=3)})
    product = created["createProduct"]
    assert (product["onSale"], product["originalPrice"]) == (True, 25.0)
    cleared = callers["staff"].ok(UPDATE_PRODUCT, {"i": {"id": product["id"], "onSale": False}})["updateProduct"]
    assert (cleared["onSale"], cleared["originalPrice"]) == (False, None)
    emptied = callers["staff"].ok(UPDATE_PRODUCT, {"i": {"id": product["id"], "inStock": False}})["updateProduct"]
    assert (emptied["stock"], emptied["inStock"]) == (0, False)


def test_a_client_chosen_id_is_honoured_once(category, callers):
    chosen = str(uuid.uuid4())
    created = callers["staff"].ok(CREATE_PRODUCT, {"i": product_input(id=chosen, stock=2)})["createProduct"]
    assert created["id"] == chosen and product_get(product_id=chosen).name == "Kettle"
    _status, body = callers["staff"].call(CREATE_PRODUCT, {"i": product_input(id=chosen, name="Other", slug="o")})
    assert error_types(body) == ["ConditionalCheckFailedException"]
    assert product_get(product_id=chosen).name == "Kettle"
    _status, body = callers["staff"].call(CREATE_PRODUCT, {"i": product_input(id="../../etc", name="Bad")})
    assert error_types(body) == ["ValidationError"] and body["errors"][0]["errorInfo"] == {"field": "id"}


def test_category_and_order_ids_may_be_chosen_too(make_product, callers):
    chosen = str(uuid.uuid4())
    query = 'mutation($i: CreateCategoryInput!) { createCategory(input: $i) { id updatedAt } }'
    category = callers["staff"].ok(query, {"i": {"id": chosen, "name": "Garden"}})["createCategory"]
    assert category["id"] == chosen and category["updatedAt"].endswith("Z")

    kettle = make_product(name="Kettle", stock=5)
    order_id = str(uuid.uuid4())
    create = 'mutation($i: CreateOrderInput!) { createOrder(input: $i) { id number } }'
    order = {"id": order_id, "customerEmail": "a@example.com", "customerName": "A", "shippingAddress": "B",
             "items": [{"productId": kettle.id, "quantity": 1}]}
    first = callers["customer"].ok(create, {"i": order})["createOrder"]
    assert first["id"] == order_id and first["number"].startswith("SH-")
    assert callers["customer"].ok(create, {"i": order})["createOrder"] == first  # a retry: the same order
    _status, body = callers["other_customer"].call(create, {"i": order})
    assert error_types(body) == ["ConditionalCheckFailedException"]
    assert product_get(product_id=kettle.id).stock == 4


def test_sign_in_and_me_give_the_public_user_id(customer, password, callers):
    signed = callers["anonymous"].ok("mutation($p: String!) { signIn(input: {username: \"alice\", password: $p}) "
                                     "{ userId } }", {"p": password})["signIn"]
    me = callers["customer"].ok("{ me { id username email groups } }")["me"]
    assert signed["userId"] == me["id"] == public_user_id(customer)
    assert me["id"] != str(customer.pk) and uuid.UUID(me["id"])
    assert (me["username"], me["email"], me["groups"]) == ("alice", "alice@example.com", [])


def test_cart_items_carry_the_owners_public_id_and_refuse_anybody_elses(make_product, callers, customer):
    mug = make_product(name="Mug", stock=5)
    mine = public_user_id(customer)
    create = 'mutation($i: CreateCartItemInput!) { createCartItem(input: $i) { id productId quantity userId } }'
    item = callers["customer"].ok(create, {"i": {"productId": mug.id, "quantity": 1, "userId": mine}})
    assert item["createCartItem"]["userId"] == mine
    listed = callers["customer"].ok('query($u: ID!) { listCartItems(filter: {userId: {eq: $u}}) '
                                    "{ items { id userId updatedAt } } }", {"u": mine})["listCartItems"]["items"]
    assert [i["id"] for i in listed] == [item["createCartItem"]["id"]] and listed[0]["updatedAt"].endswith("Z")
    other = public_user_id(callers["other_customer"].user)
    _status, body = callers["customer"].call(create, {"i": {"productId": mug.id, "quantity": 1, "userId": other}})
    assert error_types(body) == ["Unauthorized"]
    assert callers["other_customer"].ok("{ listCartItems { items { id } } }")["listCartItems"]["items"] == []


def test_a_failed_condition_writes_nothing(make_product, callers):
    kettle = make_product(name="Kettle", price=Decimal("20.00"), stock=5)
    refused = {"i": {"id": kettle.id, "price": 25.0}, "c": {"price": {"lt": 10}}}
    _status, body = callers["staff"].call(UPDATE_PRODUCT, refused)
    assert error_types(body) == ["ConditionalCheckFailedException"] and body["data"] == {"updateProduct": None}
    assert product_get(product_id=kettle.id).price == Decimal("20.00")
    passed = {"i": {"id": kettle.id, "price": 25.0}, "c": {"and": [{"price": {"eq": 20}}, {"inStock": {"eq": True}},
                                                                    {"name": {"size": {"eq": 6}}}]}}
    assert callers["staff"].ok(UPDATE_PRODUCT, passed)["updateProduct"]["price"] == 25.0


@pytest.mark.parametrize(("mutation", "condition"), [
    ('deleteProduct(input: {id: "PRODUCT"}, condition: {stock: {gt: 100}}) { id }', None),
    ('updateCategory(input: {id: "CATEGORY", name: "X"}, condition: {name: {eq: "Garden"}}) { id }', None),
    ('deleteCategory(input: {id: "EMPTY"}, condition: {slug: {beginsWith: "zzz"}}) { id }', None),
    ('createProduct(input: {name: "N", price: 1, categoryId: "CATEGORY"}, condition: {name: {attributeExists: true}})'
     " { id }", None),
])
def test_conditions_on_every_catalog_write(make_product, category, callers, mutation, condition):
    from catalog.services import category_create

    product, empty = make_product(name="Kettle", stock=5), category_create(name="Empty")
    document = "mutation { " + mutation.replace("PRODUCT", product.id).replace("CATEGORY", category.id).replace(
        "EMPTY", empty.id) + " }"
    before = (sorted(p.id for p in unit_of_work().products.get_many([product.id]).values()),
              sorted(c.name for c in unit_of_work().categories.list()))
    _status, body = callers["staff"].call(document)
    assert error_types(body) == ["ConditionalCheckFailedException"], body
    assert (sorted(p.id for p in unit_of_work().products.get_many([product.id]).values()),
            sorted(c.name for c in unit_of_work().categories.list())) == before


def test_cart_and_order_conditions(make_product, callers):
    mug = make_product(name="Mug", stock=5)
    item = callers["customer"].ok("mutation($p: ID!) { createCartItem(input: {productId: $p, quantity: 1}) { id } }",
                                  {"p": mug.id})["createCartItem"]
    update = ("mutation($c: ModelCartItemConditionInput) { updateCartItem(input: {id: \"" + item["id"]
              + "\", quantity: 3}, condition: $c) { quantity } }")
    _status, body = callers["customer"].call(update, {"c": {"quantity": {"eq": 2}}})
    assert error_types(body) == ["ConditionalCheckFailedException"]
    assert callers["customer"].ok(update, {"c": {"quantity": {"eq": 1}}})["updateCartItem"] == {"quantity": 3}

    order = callers["customer"].ok('mutation { createOrder(input: {customerEmail: "a@example.com", '
                                   'customerName: "A", shippingAddress: "B"}) { id } }')["createOrder"]
    move = "mutation($o: ID!) { updateOrder(input: {id: $o, status: PAID}, condition: {status: {eq: SHIPPED}}) " \
           "{ status } }"
    _status, body = callers["staff"].call(move, {"o": order["id"]})
    assert error_types(body) == ["ConditionalCheckFailedException"]
    assert unit_of_work().orders.get(order["id"]).status == "PENDING"


def test_index_queries_sort_both_ways_and_apply_the_key_condition(make_product, category, callers):
    for name, price in (("Cheap", "2.00"), ("Middle", "5.00"), ("Dear", "9.00")):
        make_product(name=name, price=Decimal(price))
    query = """query($c: ID!, $d: ModelSortDirection, $p: ModelFloatKeyConditionInput) {
      productsByCategoryAndPrice(categoryId: $c, sortDirection: $d, price: $p) { items { name } } }"""

    def names(**variables):
        data = callers["api_key"].ok(query, {"c": category.id, **variables})["productsByCategoryAndPrice"]
        return [item["name"] for item in data["items"]]

    assert names() == ["Cheap", "Middle", "Dear"]
    assert names(d="DESC") == ["Dear", "Middle", "Cheap"]
    assert names(d="DESC", p={"between": [3, 9]}) == ["Dear", "Middle"]
    by_time = callers["api_key"].ok('query($c: ID!) { asc: productsByCategoryAndCreatedAt(categoryId: $c) '
                                    "{ items { name } } desc: productsByCategoryAndCreatedAt(categoryId: $c, "
                                    "sortDirection: DESC) { items { name } } }", {"c": category.id})
    assert [i["name"] for i in by_time["asc"]["items"]] == ["Cheap", "Middle", "Dear"]
    assert [i["name"] for i in by_time["desc"]["items"]] == ["Dear", "Middle", "Cheap"]


def test_order_index_queries_show_users_their_own_and_staff_everyone(make_product, callers, place_order, customer,
                                                                      other_customer):
    kettle = make_product(name="Kettle", stock=10)
    mine = [place_order(user_id=public_user_id(customer), items=[(kettle.id, 1)], key=f"m{n}",
                        customer_email="shared@example.com") for n in range(2)]
    theirs = place_order(user_id=public_user_id(other_customer), items=[(kettle.id, 1)], key="t",
                         customer_email="shared@example.com")
    query = """query($d: ModelSortDirection) { ordersByCustomerEmailAndCreatedAt(
      customerEmail: "shared@example.com", sortDirection: $d) { items { id } } }"""

    def ids(caller, **variables):
        return [o["id"] for o in callers[caller].ok(query, variables)["ordersByCustomerEmailAndCreatedAt"]["items"]]

    assert ids("customer") == [o.id for o in mine]
    assert ids("customer", d="DESC") == [o.id for o in reversed(mine)]
    assert ids("staff", d="DESC") == [theirs.id, *[o.id for o in reversed(mine)]]
    status = callers["staff"].ok("{ ordersByStatusAndCreatedAt(status: PENDING) { items { id } } }")
    assert [o["id"] for o in status["ordersByStatusAndCreatedAt"]["items"]] == [*[o.id for o in mine], theirs.id]
    assert len(unit_of_work().orders.list(OrderQuery(customer_email="shared@example.com"), cursor=None,
                                          limit=10).items) == 3


def test_size_and_attribute_type_filters(make_product, callers):
    make_product(name="Pot", original_price=None)
    make_product(name="Kettle", price=Decimal("10.00"), original_price=Decimal("12.00"))
    query = 'query($f: ModelProductFilterInput) { listProducts(filter: $f) { items { name } } }'

    def names(condition):
        return sorted(i["name"] for i in callers["api_key"].ok(query, {"f": condition})["listProducts"]["items"])

    assert names({"name": {"size": {"le": 3}}}) == ["Pot"]
    assert names({"name": {"size": {"between": [4, 10]}}}) == ["Kettle"]
    assert names({"originalPrice": {"attributeType": "number"}}) == ["Kettle"]
    assert names({"name": {"attributeType": "string"}}) == ["Kettle", "Pot"]
    assert names({"featured": {"attributeType": "string"}}) == []


def test_api_keys_live_one_to_365_days(db):
    from django.core.management import CommandError, call_command

    for days in ("0", "366"):
        with pytest.raises(CommandError, match="1 to 365 days"):
            call_command("create_api_key", "--name", "x", "--days", days)
    call_command("create_api_key", "--name", "x", "--days", "365")


def test_items_as_the_reference_sends_them_json_or_list(make_product, callers):
    kettle = make_product(name="Kettle", price=Decimal("19.99"), stock=3)
    create = 'mutation($i: CreateOrderInput!) { createOrder(input: $i) { totalAmount } }'
    base = {"customerEmail": "a@example.com", "customerName": "A", "shippingAddress": "B"}
    lines = [{"productId": kettle.id, "productName": "Kettle", "quantity": 1, "price": 19.99}]
    for items, key in ((lines, "a"), (json.dumps(lines), "b")):
        order = callers["customer"].ok(create, {"i": {**base, "items": items, "idempotencyKey": key}})
        assert order["createOrder"]["totalAmount"] == 19.99
