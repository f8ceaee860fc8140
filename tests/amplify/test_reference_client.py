"""The reference front end's own operations, byte for byte, through the real aws-amplify v6 npm client.

A live server started here serves the API; `manage.py amplify_outputs` writes the configuration the
client loads; tests/amplify/run_reference.mjs runs the reference's js/amplify-config.js unchanged in
each auth mode: an API key, a user token in Amplify's `lambda` mode (a bare `Authorization` header)
and Amazon Cognito user pools (moto's cognito-idp, signed in by Amplify itself).
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from decimal import Decimal
from pathlib import Path

import boto3
import pytest
from django.core.management import call_command

from accounts.models import UserToken
from accounts.services import public_user_id
from catalog.selectors import product_get
from deploy.cognito import ensure_user_pool
from deploy.config import Names
from deploy.report import Report

ROOT = Path(__file__).resolve().parent.parent.parent
RUNNER = Path(__file__).resolve().parent / "run_reference.mjs"
FIELDS = {"id", "name", "description", "price", "originalPrice", "category", "imageUrl", "inStock", "featured",
          "isNew", "onSale", "rating", "createdAt"}
ORDER = {"customerEmail": "ada@example.com", "customerName": "Ada Lovelace", "status": "PENDING",
         "shippingAddress": "1 Analytical Way, London"}


@pytest.fixture
def shop(backend, live_server, tmp_path, make_product, category):
    kettle = make_product(name="Kettle", price=Decimal("24.50"), stock=8, description="Boils water")
    make_product(name="Teapot", price=Decimal("15.00"), original_price=Decimal("20.00"), stock=3)
    call_command("amplify_outputs", "--url", f"{live_server.url}/graphql", "--out", str(tmp_path),
                 stdout=open(os.devnull, "w"))  # noqa: SIM115
    return {"outputs": str(tmp_path / "amplify_outputs.json"), "kettle": kettle}


def run(node: str, shop: dict, mode: str, steps: list, **extra) -> tuple[str | None, list[dict]]:
    scenario = {"outputs": shop["outputs"], "mode": mode, "steps": steps, **extra}
    done = subprocess.run([node, str(RUNNER), json.dumps(scenario)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "NODE_NO_WARNINGS": "1"})
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return report["userId"], report["results"]


def error_types(result: dict) -> list[str]:
    return [error.get("errorType") for error in result["errors"] or []]


def order_of(kettle, quantity: int = 2) -> dict:
    line_price = float(kettle.price)
    return {**ORDER, "items": [{"productId": kettle.id, "productName": kettle.name, "quantity": quantity,
                                "price": line_price}], "totalAmount": line_price * quantity}


def test_api_key_mode_reads_the_catalog_and_is_refused_the_rest(node, shop):
    _, results = run(node, shop, "apiKey", [
        {"call": "productOperations.getAllProducts"},
        {"call": "productOperations.getProductsByCategory", "args": ["Kitchen"]},
        {"call": "categoryOperations.getAllCategories"},
        {"call": "productOperations.createProduct", "args": [{"name": "Mug", "price": 5.0, "category": "Kitchen"}]},
        {"call": "cartOperations.addToCart", "args": [shop["kettle"].id, 1, "someone"]},
        {"call": "orderOperations.createOrder", "args": [order_of(shop["kettle"])]},
    ])
    everything, kitchen, categories, *refused = results
    products = everything["data"]["listProducts"]["items"]
    assert sorted(p["name"] for p in products) == ["Kettle", "Teapot"] and everything["errors"] is None
    assert all(set(p) == FIELDS for p in products)
    teapot = next(p for p in products if p["name"] == "Teapot")
    assert (teapot["price"], teapot["originalPrice"], teapot["onSale"], teapot["inStock"]) == (15.0, 20.0, True, True)
    assert teapot["createdAt"].endswith("Z") and teapot["category"] == "Kitchen"
    assert [p["name"] for p in kitchen["data"]["listProducts"]["items"]] == [p["name"] for p in products]
    assert [c["name"] for c in categories["data"]["listCategories"]["items"]] == ["Kitchen"]
    for result in refused:
        assert error_types(result) == ["Unauthorized"], result


def test_lambda_mode_user_tokens_fill_a_cart_and_order_and_staff_create_products(node, shop, customer, make_staff):
    token = UserToken.issue(customer)[1]
    me = public_user_id(customer)
    kettle = shop["kettle"]
    _, results = run(node, shop, "lambda", [
        {"call": "cartOperations.addToCart", "args": [kettle.id, 2, me]},
        {"call": "cartOperations.getCartItems", "args": [me]},
        {"call": "cartOperations.addToCart", "args": [kettle.id, 1, str(uuid.uuid4())]},
    ], token=token)
    added, listed, someone_elses = results
    item = added["data"]["createCartItem"]
    assert (item["productId"], item["quantity"], item["userId"]) == (kettle.id, 2, me)
    assert [i["id"] for i in listed["data"]["listCartItems"]["items"]] == [item["id"]]
    assert error_types(someone_elses) == ["Unauthorized"]

    _, results = run(node, shop, "lambda", [
        {"call": "cartOperations.removeFromCart", "args": [item["id"]]},
        {"call": "cartOperations.getCartItems", "args": [me]},
        {"call": "orderOperations.createOrder", "args": [order_of(kettle)]},
        {"call": "orderOperations.getOrdersByEmail", "args": ["ada@example.com"]},
    ], token=token)
    removed, emptied, ordered, mine = results
    assert removed["data"]["deleteCartItem"] == {"id": item["id"]} and emptied["data"]["listCartItems"]["items"] == []
    order = ordered["data"]["createOrder"]
    assert (order["customerEmail"], order["totalAmount"], order["status"]) == ("ada@example.com", 49.0, "PENDING")
    [listed_order] = mine["data"]["listOrders"]["items"]
    assert listed_order["id"] == order["id"] and json.loads(listed_order["items"])[0]["quantity"] == 2
    assert listed_order["shippingAddress"] == ORDER["shippingAddress"] and listed_order["updatedAt"].endswith("Z")
    assert product_get(product_id=kettle.id).stock == 6

    staff_token = UserToken.issue(make_staff("carol"))[1]
    product = {"name": "Milk Jug", "description": "Pours", "price": 12.5, "originalPrice": 15.0, "category": "Kitchen",
               "imageUrl": "", "inStock": True, "featured": True, "isNew": True, "onSale": True, "rating": 4.5}
    _, [created] = run(node, shop, "lambda", [{"call": "productOperations.createProduct", "args": [product]}],
                       token=staff_token)
    made = created["data"]["createProduct"]
    assert {key: made[key] for key in product} == product and created["errors"] is None


@pytest.fixture
def cognito_shopper(moto_server, settings):
    names = Names(stack=f"a{uuid.uuid4().hex[:8]}", region="us-east-1", account="123456789012", static_bucket="b",
                  media_bucket="b", namespace="Shop", service="shop")
    idp = boto3.client("cognito-idp")
    with open(os.devnull, "w") as quiet:
        pool_id, client_id = ensure_user_pool(idp, names, ["staff"], Report(out=quiet))
    settings.COGNITO_USER_POOL_ID, settings.COGNITO_APP_CLIENT_IDS = pool_id, [client_id]
    password = "Correct-horse-9"
    idp.sign_up(ClientId=client_id, Username="ada", Password=password,
                UserAttributes=[{"Name": "email", "Value": "ada@example.com"}])
    idp.admin_confirm_sign_up(UserPoolId=pool_id, Username="ada")
    return {"username": "ada", "password": password}


def test_user_pool_mode_signs_in_through_cognito_and_orders(node, cognito_shopper, shop):
    kettle = shop["kettle"]
    user_id, results = run(node, shop, "userPool", [
        {"call": "productOperations.getAllProducts"},
        {"call": "cartOperations.addToCart", "args": [kettle.id, 1, "$userId"]},
        {"call": "cartOperations.getCartItems", "args": ["$userId"]},
        {"call": "orderOperations.createOrder", "args": [order_of(kettle, 1)]},
        {"call": "orderOperations.getOrdersByEmail", "args": ["ada@example.com"]},
    ], signIn=cognito_shopper)
    browsed, added, listed, ordered, mine = results
    assert sorted(p["name"] for p in browsed["data"]["listProducts"]["items"]) == ["Kettle", "Teapot"]
    assert added["data"]["createCartItem"]["userId"] == user_id and uuid.UUID(user_id)
    assert [i["productId"] for i in listed["data"]["listCartItems"]["items"]] == [kettle.id]
    assert ordered["data"]["createOrder"]["totalAmount"] == 24.5, ordered
    assert [o["id"] for o in mine["data"]["listOrders"]["items"]] == [ordered["data"]["createOrder"]["id"]]
