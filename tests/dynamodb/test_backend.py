"""DynamoDB-specific behaviour: batching, cursors, transaction cancellations and outages."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from django.test import Client

from catalog.domain import ProductQuery
from catalog.search import product_words
from catalog.seeding import BATCH, demo_categories, demo_product, seed_demo_catalog
from catalog.selectors import category_list, product_get_many, product_list
from core.errors import InvalidCursor, OutOfStock, StockShortage, StorageUnavailable
from core.pagination import encode_cursor
from orders.selectors import order_list, order_list_for_user
from orders.services import order_place
from storage import unit_of_work
from storage.dynamodb import DynamoUnitOfWork
from storage.metrics import track_storage_calls
from tests.aws import free_port

CUSTOMER = {"customer_name": "Alice", "customer_email": "alice@example.com", "shipping_address": "1 Road"}


@pytest.fixture
def demo(dynamodb):
    """Six categories and `count` demo products written in bulk."""
    def create(count: int):
        categories = demo_categories()
        uow = unit_of_work()
        with uow:
            for category in categories:
                uow.categories.add(category)
            uow.commit()
        products = [demo_product(n, categories) for n in range(1, count + 1)]
        uow.products.add_many(products)
        return products
    return create


def test_get_many_reads_more_than_100_ids_in_batches_of_100(demo):
    products = demo(150)
    wanted = [p.id for p in products] + ["no-such-id", "", "x" * 5000]
    with track_storage_calls() as calls:
        found = product_get_many(product_ids=wanted)
    assert set(found) == {p.id for p in products}
    assert found[products[0].id].price == products[0].price
    assert calls.by_operation == {"BatchGetItem": 2}


def test_seeding_1200_products_uses_batch_writes_and_keeps_category_counts(dynamodb):
    with track_storage_calls() as calls:
        created = seed_demo_catalog(products=1200)
    assert created == {"categories": 6, "products": 1200}
    words = [len(product_words(p.name, p.description)) for p in (demo_product(n, demo_categories())
                                                                 for n in range(1, 1201))]
    word_batches = sum(math.ceil(sum(words[start:start + BATCH]) / 25) for start in range(0, 1200, BATCH))
    assert calls.by_operation["BatchWriteItem"] == 1200 // 25 + word_batches  # the products, their search words
    assert calls.by_operation["BatchGetItem"] == 1200 // 100  # existence checks, 100 ids per call
    assert sum(c.product_count for c in category_list()) == 1200
    assert seed_demo_catalog(products=1200)["products"] == 0


@pytest.mark.parametrize("position", [{"k": 5}, {"k": ""}, {}, {"v": "x", "id": "y"}])
def test_signed_cursor_with_a_bad_position_is_refused(demo, position):
    demo(3)
    with pytest.raises(InvalidCursor):
        product_list(query=ProductQuery(), cursor=encode_cursor(ProductQuery().scope(), position), limit=2)
    with pytest.raises(InvalidCursor):
        order_list(cursor=encode_cursor("orders|all|None", position), limit=2)


@pytest.mark.parametrize("token", ["garbage", "eyJzIjoib3JkZXJzIn0:1abc:forged", "x" * 500])
def test_forged_order_cursor_is_refused(dynamodb, token):
    with pytest.raises(InvalidCursor):
        order_list_for_user(user_id="1", cursor=token, limit=5)


def test_a_search_reads_one_word_however_far_down_the_catalog_its_products_are(demo, settings):
    demo(120)
    settings.DYNAMODB_MAX_SCANNED_PER_PAGE = 10
    with track_storage_calls() as calls:
        page = product_list(query=ProductQuery(search="00007"), limit=1)
    assert [p.name.endswith("00007") for p in page.items] == [True]
    assert page.next_cursor is None and calls.by_operation == {"Query": 1, "BatchGetItem": 1}
    with track_storage_calls() as calls:
        page = product_list(query=ProductQuery(search="nothing matches this"), limit=5)
    assert (page.items, page.next_cursor, calls.by_operation) == ([], None, {"Query": 1})


def test_words_that_are_each_common_but_never_together_stop_at_the_bound(demo, settings):
    """Every product has one adjective: "ultra" and "vintage" each read many items and never match."""
    demo(120)
    settings.DYNAMODB_MAX_SCANNED_PER_PAGE = 5
    query = ProductQuery(search="ultra vintage")
    page = product_list(query=query, limit=1)
    assert page.items == [] and page.next_cursor  # a shorter page: it can be continued
    while page.next_cursor:
        page = product_list(query=query, cursor=page.next_cursor, limit=1)
        assert page.items == []


class RacingUnitOfWork(DynamoUnitOfWork):
    """Someone else buys `steal` units of `product_id` after our read, right before our commit."""

    def __init__(self, product_id: str, steal: int) -> None:
        super().__init__()
        self.product_id, self.steal = product_id, steal

    def _commit(self) -> None:
        if self.steal:
            order_place(user_id="rival", idempotency_key="rival", items=[(self.product_id, self.steal)], **CUSTOMER)
            self.steal = 0
        super()._commit()


def test_cancelled_transaction_maps_to_the_short_lines_and_writes_nothing(demo):
    mug, pan = [p for p in demo(2)]
    uow = RacingUnitOfWork(pan.id, steal=pan.stock - 1)
    with pytest.raises(OutOfStock) as error:
        order_place(user_id="alice", idempotency_key="k1", items=[(mug.id, 1), (pan.id, 2)], uow=uow, **CUSTOMER)
    assert [(line.product_id, line.requested, line.available) for line in error.value.lines] == [(pan.id, 2, 1)]
    stocks = product_get_many(product_ids=[mug.id, pan.id])
    assert (stocks[mug.id].stock, stocks[pan.id].stock) == (mug.stock, 1)
    assert order_list_for_user(user_id="alice").items == []


def test_failed_stock_conditions_raise_stock_shortage_with_the_product_ids(demo):
    a, b, c = demo(3)
    uow = unit_of_work()
    with pytest.raises(StockShortage) as error, uow:
        uow.products.decrement_stock(a.id, a.stock + 1)
        uow.products.decrement_stock(b.id, 1)
        uow.products.decrement_stock(c.id, c.stock + 5)
        uow.commit()
    assert sorted(error.value.product_ids) == sorted([a.id, c.id])
    assert product_get_many(product_ids=[b.id])[b.id].stock == b.stock


def test_money_stays_decimal_with_two_places(demo):
    product = demo(1)[0]
    loaded = product_get_many(product_ids=[product.id])[product.id]
    assert isinstance(loaded.price, Decimal) and loaded.price == product.price
    assert loaded.price.as_tuple().exponent == -2


def test_unreachable_endpoint_raises_storage_unavailable_and_pages_503(dynamodb, settings, monkeypatch):
    settings.DYNAMODB_MAX_ATTEMPTS = 2
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{free_port()}")
    with pytest.raises(StorageUnavailable):
        product_list(query=ProductQuery(), limit=5)
    with pytest.raises(StorageUnavailable):
        unit_of_work().ping()
    response = Client().get("/products/")
    assert response.status_code == 503 and response["Retry-After"]
    assert "temporarily unavailable" in response.text and "Traceback" not in response.text
    monkeypatch.undo()  # the endpoint comes back before the fixture deletes the tables


def test_cancelling_skips_products_deleted_since(demo):
    from catalog.services import product_delete
    from orders.services import order_change_status

    kept, gone = demo(2)
    order = order_place(user_id="alice", idempotency_key="k", items=[(kept.id, 1), (gone.id, 1)], **CUSTOMER)
    product_delete(product_id=gone.id)
    order_change_status(order_id=order.id, status="CANCELLED")
    found = product_get_many(product_ids=[kept.id, gone.id])
    assert set(found) == {kept.id} and found[kept.id].stock == kept.stock
