"""Helpers for the GraphQL tests: one `call` per request, and a caller for each authorization mode."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client

from accounts.models import ApiKey, ServiceToken, UserToken
from accounts.services import public_user_id
from cart.domain import user_owner
from cart.services import cart_add
from catalog.services import category_create


@dataclass
class Caller:
    name: str
    headers: dict = field(default_factory=dict)
    client: Client = field(default_factory=Client)
    user: User | None = None

    def call(self, query: str, variables: dict | None = None, **extra) -> tuple[int, dict]:
        body = {"query": query, "variables": variables or {}}
        response = self.client.post("/graphql", json.dumps(body), content_type="application/json",
                                    **self.headers, **extra)
        return response.status_code, response.json()

    def ok(self, query: str, variables: dict | None = None) -> dict:
        status, body = self.call(query, variables)
        assert status == 200 and "errors" not in body, body
        return body["data"]


def error_types(body: dict) -> list[str]:
    return [error["errorType"] for error in body.get("errors", [])]


@pytest.fixture
def api_key(db) -> str:
    key = ApiKey(name="web")
    raw = key.issue_secret()
    key.save()
    return raw


def bearer(user: User) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {UserToken.issue(user)[1]}"}


@pytest.fixture
def staff_user(make_staff) -> User:
    return make_staff("carol")


@pytest.fixture
def callers(db, api_key, customer, other_customer, staff_user, make_staff) -> dict[str, Caller]:
    """The authorization matrix's rows."""
    clerk = make_staff("dave", [])
    return {
        "anonymous": Caller("anonymous"),
        "api_key": Caller("api_key", {"HTTP_X_API_KEY": api_key}),
        "customer": Caller("customer", bearer(customer), user=customer),
        "other_customer": Caller("other_customer", bearer(other_customer), user=other_customer),
        "staff_without_permission": Caller("staff_without_permission", bearer(clerk), user=clerk),
        "staff": Caller("staff", bearer(staff_user), user=staff_user),
    }


@pytest.fixture
def service_token(db) -> str:
    token = ServiceToken(name="pricing", scopes="catalog.change_productrecord")
    raw = token.issue_secret()
    token.save()
    return raw


@pytest.fixture
def world(backend, callers, category, make_product, customer, place_order):
    """The items the authorization matrix's documents name (tests/graphql/matrix.py)."""
    product = make_product(name="Kettle", price=Decimal("20.00"), stock=50)
    other_product = make_product(name="Pan", price=Decimal("30.00"))
    item = cart_add(owner=user_owner(public_user_id(customer)), product_id=product.id, quantity=2).item
    order = place_order(user_id=public_user_id(customer), key="seed", items=[(product.id, 1)])
    empty = category_create(name="Empty")
    return {"product": product.id, "other_product": other_product.id, "category": category.id, "item": item.id,
            "order": order.id, "empty_category": empty.id, "customer_id": public_user_id(customer)}
