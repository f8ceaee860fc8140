"""limit / nextToken round trips to the end, with and without a filter, for every list."""

from __future__ import annotations

import pytest

from api import paging
from tests.graphql.conftest import error_types

LIST = """query($f: ModelProductFilterInput, $limit: Int, $token: String) {
  listProducts(filter: $f, limit: $limit, nextToken: $token) { items { name } nextToken }
}"""


def read_all(caller, limit: int, condition: dict | None = None) -> tuple[list[str], int]:
    names, token, pages = [], None, 0
    while True:
        page = caller.ok(LIST, {"f": condition, "limit": limit, "token": token})["listProducts"]
        names += [item["name"] for item in page["items"]]
        pages += 1
        token = page["nextToken"]
        if token is None:
            return names, pages


@pytest.fixture
def seven(make_product):
    return [make_product(name=f"P{n}", stock=n % 2) for n in range(7)]


def test_round_trip_to_the_end(seven, callers):
    names, pages = read_all(callers["api_key"], 3)
    assert sorted(names) == [f"P{n}" for n in range(7)] and pages == 3


def test_filtered_round_trip_resumes_inside_a_page(seven, callers):
    names, _pages = read_all(callers["api_key"], 2, {"inStock": {"eq": True}, "name": {"ne": "P3"}})
    assert sorted(names) == ["P1", "P5"]
    names, _pages = read_all(callers["api_key"], 1, {"name": {"beginsWith": "P"}})
    assert sorted(names) == [f"P{n}" for n in range(7)]


def test_the_examined_bound_returns_a_token_to_continue(seven, callers, monkeypatch):
    monkeypatch.setattr(paging, "MAX_EXAMINED", 2)
    page = callers["api_key"].ok(LIST, {"f": {"name": {"eq": "P0"}}, "limit": 5})["listProducts"]
    assert page["nextToken"] is not None and len(page["items"]) <= 1
    names, _pages = read_all(callers["api_key"], 5, {"name": {"eq": "P0"}})
    assert names == ["P0"]


def test_categories_and_cart_items_page_too(make_product, callers, backend):
    from catalog.services import category_create

    for name in ("A", "B", "C"):
        category_create(name=name)
    query = "query($t: String) { listCategories(limit: 2, nextToken: $t) { items { name } nextToken } }"
    first = callers["api_key"].ok(query)["listCategories"]
    second = callers["api_key"].ok(query, {"t": first["nextToken"]})["listCategories"]
    assert len(first["items"]) == 2 and len(second["items"]) == 2 and second["nextToken"] is None

    customer = callers["customer"]
    for _ in range(3):
        customer.ok(f'mutation {{ createCartItem(input: {{productId: "{make_product().id}", quantity: 1}}) {{ id }} }}')
    query = "query($t: String) { listCartItems(limit: 2, nextToken: $t) { items { id } nextToken } }"
    first = customer.ok(query)["listCartItems"]
    second = customer.ok(query, {"t": first["nextToken"]})["listCartItems"]
    assert len(first["items"]) + len(second["items"]) == 3 and second["nextToken"] is None
    # A token is bound to its list and owner: another customer cannot use it.
    _status, body = callers["other_customer"].call(query, {"t": first["nextToken"]})
    assert error_types(body) == ["ValidationError"]


@pytest.mark.parametrize("token", ["forged", "x" * 500, ""])
def test_forged_tokens_are_validation_errors(seven, callers, token):
    status, body = callers["api_key"].call(LIST, {"token": token, "limit": 2})
    if token:
        assert status == 200 and error_types(body) == ["ValidationError"]
        assert body["errors"][0]["errorInfo"] == {"field": "nextToken"}
    else:
        assert "errors" not in body


def test_a_token_from_another_list_is_refused(seven, callers):
    token = callers["api_key"].ok(LIST, {"limit": 2})["listProducts"]["nextToken"]
    _status, body = callers["api_key"].call(LIST, {"token": token, "limit": 2, "f": {"categoryId": {"eq": "other"}}})
    assert error_types(body) == ["ValidationError"]
