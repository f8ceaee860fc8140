"""Filter semantics: each operator, and/or/not, and the same evaluator driving listProducts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from api.filters import matches
from core.errors import ValidationError

ITEM = {"name": "Blue Kettle", "price": Decimal("19.99"), "stock": 5, "featured": True, "gone": None}


@pytest.mark.parametrize(("condition", "expected"), [
    ({"name": {"eq": "Blue Kettle"}}, True), ({"name": {"eq": "blue kettle"}}, False),
    ({"name": {"ne": "Pan"}}, True), ({"name": {"ne": "Blue Kettle"}}, False),
    ({"price": {"le": 19.99}}, True), ({"price": {"lt": 19.99}}, False),
    ({"price": {"ge": 19.99}}, True), ({"price": {"gt": 19.99}}, False),
    ({"price": {"between": [10, 19.99]}}, True), ({"price": {"between": [20, 30]}}, False),
    ({"stock": {"eq": 5}}, True), ({"stock": {"gt": 5}}, False),
    ({"name": {"contains": "Kett"}}, True), ({"name": {"contains": "Pan"}}, False),
    ({"name": {"notContains": "Pan"}}, True), ({"name": {"notContains": "Kett"}}, False),
    ({"name": {"beginsWith": "Blue"}}, True), ({"name": {"beginsWith": "Kettle"}}, False),
    ({"name": {"gt": "A", "lt": "C"}}, True), ({"name": {"le": "Blue"}}, False),
    ({"featured": {"eq": True}}, True), ({"featured": {"ne": True}}, False),
    ({"gone": {"attributeExists": False}}, True), ({"gone": {"eq": "x"}}, False),
    ({"and": [{"stock": {"gt": 1}}, {"featured": {"eq": True}}]}, True),
    ({"and": [{"stock": {"gt": 1}}, {"featured": {"eq": False}}]}, False),
    ({"or": [{"stock": {"gt": 10}}, {"name": {"beginsWith": "Blue"}}]}, True),
    ({"or": [{"stock": {"gt": 10}}, {"name": {"beginsWith": "Red"}}]}, False),
    ({"not": {"price": {"gt": 100}}}, True), ({"not": {"featured": {"eq": True}}}, False),
    ({"not": {"or": [{"stock": {"eq": 0}}, {"and": [{"featured": {"eq": True}}, {"price": {"lt": 20}}]}]}}, False),
    ({}, True),
])
def test_operators(condition, expected):
    assert matches(_python_names(condition), ITEM) is expected


def _python_names(condition: dict) -> dict:
    """What graphene hands resolvers: Python names (and_, not_contains, ...)."""
    renames = {"and": "and_", "or": "or_", "not": "not_", "notContains": "not_contains", "beginsWith": "begins_with",
               "attributeExists": "attribute_exists"}
    if isinstance(condition, list):
        return [_python_names(part) for part in condition]
    if not isinstance(condition, dict):
        return condition
    return {renames.get(key, key): _python_names(value) for key, value in condition.items()}


def test_between_needs_two_values():
    with pytest.raises(ValidationError):
        matches({"price": {"between": [1]}}, ITEM)


LIST = "query($f: ModelProductFilterInput) { listProducts(filter: $f) { items { name } nextToken } }"


@pytest.fixture
def shelf(make_product, category, backend):
    from catalog.services import category_create

    garden = category_create(name="Garden")
    make_product(name="Blue Kettle", price=Decimal("19.99"), featured=True)
    make_product(name="Red Kettle", price=Decimal("24.50"), original_price=Decimal("30.00"))
    make_product(name="Pan", price=Decimal("9.00"), stock=0)
    make_product(name="Hose", price=Decimal("15.00"), category_id=garden.id)
    return {"kitchen": category.id, "garden": garden.id}


@pytest.mark.parametrize(("condition", "names"), [
    ({"name": {"contains": "Kettle"}}, {"Blue Kettle", "Red Kettle"}),
    ({"price": {"between": [10, 20]}}, {"Blue Kettle", "Hose"}),
    ({"inStock": {"eq": False}}, {"Pan"}),
    ({"onSale": {"eq": True}}, {"Red Kettle"}),
    ({"category": {"eq": "Garden"}}, {"Hose"}),
    ({"or": [{"featured": {"eq": True}}, {"stock": {"eq": 0}}]}, {"Blue Kettle", "Pan"}),
    ({"not": {"name": {"beginsWith": "Red"}}, "price": {"lt": 20}}, {"Blue Kettle", "Pan", "Hose"}),
])
def test_list_products_filters(shelf, callers, condition, names):
    items = callers["api_key"].ok(LIST, {"f": condition})["listProducts"]["items"]
    assert {item["name"] for item in items} == names


def test_pushed_down_category_filter_combines_with_the_rest(shelf, callers):
    condition = {"categoryId": {"eq": shelf["kitchen"]}, "price": {"gt": 10}, "featured": {"eq": False}}
    items = callers["api_key"].ok(LIST, {"f": condition})["listProducts"]["items"]
    assert [item["name"] for item in items] == ["Red Kettle"]
