"""Product search, on both backends: one matching rule (catalog.search), complete pages in every order,
and the index in step with every write."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client

from catalog.domain import ProductQuery, ProductSort
from catalog.search import MAX_PRODUCT_WORDS, product_words, search_words
from catalog.selectors import product_list
from catalog.services import category_create, product_delete, product_update, products_set_active
from storage import unit_of_work


@pytest.fixture(params=["sqlite", "sqlite-listing", "sqlite-bounded", "dynamodb"])
def backend(request, settings, db, monkeypatch) -> str:
    """Both backends, and SQL through each way it reads a search page (storage.sql.search): the matches
    sorted through the index, the listing read in order, and the listing read up to its bound and then
    the matches sorted. The data here is small, so the thresholds come down to reach the last two."""
    storage, _, path = request.param.partition("-")
    settings.SHOP_STORAGE = storage
    if storage == "dynamodb":
        request.getfixturevalue("dynamodb_tables")
    if path:
        monkeypatch.setattr("storage.sql.search.RARE_MATCHES", 0)
    if path == "bounded":
        monkeypatch.setattr("storage.sql.search.SCAN_BOUND", 3)
    return storage


def names(search: str, **query) -> list[str]:
    return [p.name for p in product_list(query=ProductQuery(search=search, **query), limit=50).items]


def test_whole_words_in_any_case_and_with_any_accents(make_product):
    make_product(name="Crème brûlée torch", description="For the café at home.")
    make_product(name="Red Kettle", description="Boils water; 1.7 litres.")
    make_product(name="Kettlebell 12kg")
    assert names("kettle") == names("KETTLE") == names("  Kettle!! ") == ["Red Kettle"]
    assert names("creme") == names("CRÈME") == names("crème") == ["Crème brûlée torch"]
    assert names("cafe") == names("café") == ["Crème brûlée torch"]  # description words count
    assert names("kettlebell") == names("12kg") == ["Kettlebell 12kg"]
    assert names("kett") == names("kettles") == names("ettle") == []  # whole words, not parts
    assert names("7") == names("1") == ["Red Kettle"]  # "1.7" is the words "1" and "7"


def test_every_word_must_match_in_any_order(make_product):
    make_product(name="Blue ceramic mug")
    make_product(name="Blue glass vase")
    make_product(name="Green ceramic bowl", description="A bowl, blue inside.")
    assert names("blue ceramic") == names("ceramic, BLUE") == ["Green ceramic bowl", "Blue ceramic mug"]
    assert names("blue mug ceramic") == ["Blue ceramic mug"]
    assert names("blue teapot") == []


@pytest.mark.parametrize("search", ["-", "!!! ???", "_", "   ", "\u200b", "\x00"])
def test_a_search_without_any_word_matches_nothing(make_product, search):
    make_product(name="Plain pot")
    assert names(search) == []


@pytest.mark.parametrize("search", [
    "x" * 5000, "AND", "pot OR pan", 'pot" OR "pan', "NEAR(pot pan)", "pot*", "-pot", "words:pot", "^pot",
    "pot AND NOT pan", "🫖 pot", "a b c d e f g h pot", "%pot%", "pot'; DROP TABLE catalog_product; --",
])
def test_odd_searches_are_just_words(make_product, search):
    """No query language: operators and quotes are separators or plain words, never an error."""
    products = [make_product(name="Plain pot"), make_product(name="Pot and pan", description="Near the stove.")]
    wanted = set(search_words(search))
    assert names(search) == [p.name for p in reversed(products)  # newest first
                             if wanted and wanted <= set(product_words(p.name, p.description))]


def test_a_long_search_uses_its_first_five_words(make_product):
    make_product(name="one two three four five six")
    assert names("seven one two three four five") == []
    assert names("one two three four five seven") == ["one two three four five six"]  # "seven" unread


def test_edits_are_visible_to_the_next_search(make_product):
    product = make_product(name="Copper kettle", description="Old stock.")
    assert names("kettle") == ["Copper kettle"] and names("teapot") == []
    product_update(product_id=product.id, name="Copper teapot")
    assert names("kettle") == [] and names("teapot") == ["Copper teapot"]
    product_update(product_id=product.id, description="Like a kettle, but prettier.")
    assert names("kettle") == names("teapot") == ["Copper teapot"]
    assert names("stock") == []
    product_update(product_id=product.id, stock=0, price="12.00")  # no word changed
    assert names("kettle teapot") == ["Copper teapot"]


def test_hidden_and_deleted_products_are_not_found_by_shoppers(make_product):
    _, hidden, gone = (make_product(name=f"{label} lamp") for label in ("Shown", "Hidden", "Gone"))
    products_set_active(product_ids=[hidden.id], active=False)
    product_delete(product_id=gone.id)
    assert names("lamp") == ["Shown lamp"]
    assert names("lamp", active=None) == ["Hidden lamp", "Shown lamp"]  # staff see hidden ones
    assert names("lamp", active=False) == ["Hidden lamp"]
    products_set_active(product_ids=[hidden.id], active=True)
    assert names("lamp") == ["Hidden lamp", "Shown lamp"]
    assert names("gone") == names("gone", active=None) == []


def test_search_within_a_category_and_with_the_other_filters(make_product, category):
    garden = category_create(name="Garden")
    make_product(name="Kitchen lamp", stock=0)
    make_product(name="Desk lamp", featured=True)
    make_product(name="Garden lamp", category_id=garden.id)
    make_product(name="Garden hose", category_id=garden.id)
    assert names("lamp", category_id=garden.id) == ["Garden lamp"]
    assert names("lamp", category_id=category.id) == ["Desk lamp", "Kitchen lamp"]
    assert names("hose", category_id=category.id) == []
    assert names("lamp", category_id="no-such-category") == names("lamp", category_id="\x00") == []
    assert names("lamp", in_stock=True) == ["Garden lamp", "Desk lamp"]
    assert names("lamp", in_stock=False) == ["Kitchen lamp"]
    assert names("lamp", featured=True) == ["Desk lamp"]
    assert names("lamp", category_id=category.id, in_stock=True) == ["Desk lamp"]


@pytest.mark.parametrize("sort", list(ProductSort))
@pytest.mark.parametrize("by_category", [False, True])
def test_pages_are_complete_and_ordered_in_every_sort(make_product, category, sort, by_category):
    garden = category_create(name="Garden")
    teapots = set()
    for n in range(24):  # a third are teapots; of those, some elsewhere and one hidden
        product = make_product(name=f"{'Blue' if n % 2 else 'Red'} {'teapot' if n % 3 == 0 else 'jug'} {n:02d}",
                               price=str(10 + n % 4), category_id=garden.id if n % 6 == 3 else category.id,
                               active=n != 9)
        teapots |= {product.id} if n % 3 == 0 else set()
    for n in range(6):  # one name and one price: only the id orders them
        teapots.add(make_product(name="Same teapot", slug=f"same-{n}", price="11.00").id)
    query = ProductQuery(search="teapot", sort=sort, category_id=category.id if by_category else None)
    listing = product_list(query=ProductQuery(sort=sort, category_id=query.category_id), limit=100).items
    expected = [p.id for p in listing if p.id in teapots]
    pages, cursor = [], None
    while True:
        page = product_list(query=query, cursor=cursor, limit=3)
        pages.append([p.id for p in page.items])
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert [pid for page in pages for pid in page] == expected
    assert all(len(page) == 3 for page in pages[:-1]) and 0 < len(pages[-1]) <= 3
    assert len(expected) == (10 if by_category else 13)


def test_a_rare_word_far_down_a_large_catalog_is_on_the_first_page(backend, settings):
    """Reading the listing filtered would give up after DYNAMODB_MAX_SCANNED_PER_PAGE items; the index does not."""
    settings.DYNAMODB_MAX_SCANNED_PER_PAGE = 10
    call_command("seed_shop", "--no-progress", "--products", "120")
    page = product_list(query=ProductQuery(search="00001"), limit=24)  # the oldest: last in "newest"
    assert [p.name for p in page.items] == ["Ultra Mug 00001"] and page.next_cursor is None
    common = product_list(query=ProductQuery(search="demo home"), limit=5)  # one product in six: home & kitchen
    assert len(common.items) == 5 and common.next_cursor


def test_seeded_products_are_searchable_and_reset_forgets_them(backend):
    call_command("seed_shop", "--no-progress", "--products", "30")
    assert names("00007") == ["Deluxe Pan 00007"]
    assert len(names("demo")) == 30
    call_command("seed_shop", "--no-progress", "--reset", "--products", "3")
    assert names("00007") == [] and len(names("demo")) == 3


def test_the_first_48_different_words_are_searchable(make_product):
    words = [f"w{n:02d}" for n in range(60)]
    product = make_product(name="Long story", description=" ".join(words + words))
    searchable = product_words(product.name, product.description)
    assert len(searchable) == MAX_PRODUCT_WORDS and searchable[-1] == "w45"
    assert names("w45") == names("story w00") == ["Long story"]
    assert names("w46") == []
    # Every word replaced at once still fits DynamoDB's one transaction (48 deletes, 48 puts).
    product_update(product_id=product.id, name="Short tale", description=" ".join(f"v{n:02d}" for n in range(60)))
    assert names("w00") == names("story") == [] and names("v45 tale") == ["Short tale"]


def test_a_price_change_moves_a_product_within_the_search_order(make_product):
    cheap, dear = make_product(name="Tin cup", price="2.00"), make_product(name="Gold cup", price="90.00")
    assert names("cup", sort=ProductSort.PRICE_ASC) == ["Tin cup", "Gold cup"]
    product_update(product_id=cheap.id, price="99.00")
    assert names("cup", sort=ProductSort.PRICE_ASC) == ["Gold cup", "Tin cup"]
    product_update(product_id=dear.id, name="Zinc cup")
    assert names("cup", sort=ProductSort.NAME) == ["Tin cup", "Zinc cup"]
    assert product_list(query=ProductQuery(search="cup", sort=ProductSort.PRICE_DESC), limit=1).items[0].price == (
        Decimal("99.00"))


def test_the_shop_search_box(make_product, client: Client):
    make_product(name="Enamel Kettle", description="Whistles.")
    make_product(name="Teapot")
    response = client.get("/products/", {"q": "WHISTLES"})
    assert response.status_code == 200 and [p.name for p in response.context["products"]] == ["Enamel Kettle"]
    assert client.get("/products/", {"q": "\"'<>%_*"}).status_code == 200


def test_search_changes_nothing(make_product):
    make_product(name="Kettle")
    uow = unit_of_work()
    before = uow.products.list(ProductQuery(active=None), cursor=None, limit=10).items
    names("kettle AND x" * 40)
    assert uow.products.list(ProductQuery(active=None), cursor=None, limit=10).items == before


def test_reindexing_rebuilds_a_missing_or_stale_index(backend, make_product, capsys):
    """What an upgrade needs: products stored before search existed get their words; leftovers go."""
    kettle, lamp = make_product(name="Copper kettle"), make_product(name="Desk lamp")
    _lose_the_index(backend, stale_word_for=lamp)
    assert names("kettle") == [] and names("lamp") == []
    call_command("reindex_search", "--no-progress")
    assert "Indexed the words of 2 products" in capsys.readouterr().out
    assert names("kettle") == ["Copper kettle"] and names("desk lamp") == ["Desk lamp"] and names("stale") == []
    product_update(product_id=kettle.id, name="Copper pot")  # and it keeps following edits
    assert names("kettle") == [] and names("pot") == ["Copper pot"]
    call_command("reindex_search", "--no-progress")  # again: nothing changes
    assert names("pot") == ["Copper pot"] and names("lamp") == ["Desk lamp"]


def _lose_the_index(backend: str, *, stale_word_for) -> None:
    """As a shop upgraded from before search looks: no words indexed, and one entry that fits no product."""
    if backend == "sqlite":
        from catalog.models import ProductRecord

        ProductRecord.objects.update(search_words="")
        return
    from storage.dynamodb.client import batch_write, query_all, serialize
    from storage.dynamodb.search import word_items
    from storage.dynamodb.tables import PRODUCT_WORDS, table_name

    table = table_name(PRODUCT_WORDS)
    keys = query_all(operation="scan", TableName=table, ProjectionExpression="#w, newestKey",
                     ExpressionAttributeNames={"#w": "word"})
    batch_write(table, [{"DeleteRequest": {"Key": serialize(key)}} for key in keys])
    stale = {**word_items(stale_word_for)["desk"], "word": "stale", "words": " stale "}
    batch_write(table, [{"PutRequest": {"Item": serialize(stale)}}])


@pytest.mark.parametrize("in_stock", [True, False])
def test_in_stock_search_pages_are_complete(make_product, in_stock):
    """The in-stock check is made on the products read: pages still fill up and cover every match once."""
    products = [make_product(name=f"Mug {n}", stock=0 if n % 3 else 5) for n in range(12)]
    expected = [p.name for p in reversed(products) if p.in_stock == in_stock]
    pages, cursor = [], None
    while True:
        page = product_list(query=ProductQuery(search="mug", in_stock=in_stock), cursor=cursor, limit=3)
        pages.append([p.name for p in page.items])
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert [name for page in pages for name in page] == expected
    assert all(len(page) == 3 for page in pages[:-1])
