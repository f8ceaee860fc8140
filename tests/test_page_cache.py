"""Catalog pages for signed-out shoppers come from the page cache: no storage call for a repeat, yet a
catalog write shows on the next request, each shopper sees their own cart badge and CSRF token, and
signed-in shoppers or waiting messages always get a freshly rendered page."""

from __future__ import annotations

import re
import time
from decimal import Decimal

import pytest
from django.test import Client

from catalog.services import product_update
from shop.page_cache import Page, _fresh
from storage.metrics import track_storage_calls

PAGES = ["/", "/products/", "/products/?sort=price_asc", "/categories/kitchen/"]


def storage_calls(client: Client, url: str, **headers) -> tuple[int, object]:
    with track_storage_calls() as calls:
        response = client.get(url, **headers)
    assert response.status_code in (200, 304), (url, response.status_code)
    return calls.count, response


@pytest.mark.parametrize("url", PAGES)
def test_a_repeat_visit_costs_no_storage_call_on_either_backend(make_product, url):
    make_product(name="Kettle", featured=True)
    first_calls, first = storage_calls(Client(), url)
    again_calls, again = storage_calls(Client(), url)
    assert first_calls > 0 and again_calls == 0
    assert first.content == again.content and "Kettle" in again.content.decode()


def test_a_catalog_write_shows_on_the_next_request(make_product):
    kettle = make_product(name="Kettle", price=Decimal("24.50"))
    page = f"/products/{kettle.slug}/"
    assert "$24.50" in Client().get(page).content.decode()
    product_update(product_id=kettle.id, price=Decimal("19.99"))
    assert "$19.99" in Client().get(page).content.decode()
    assert "$19.99" in Client().get("/products/").content.decode()


def test_each_guest_sees_their_own_cart_badge(make_product):
    kettle = make_product(name="Kettle", stock=9)
    guest, stranger = Client(), Client()
    stranger.get("/products/")  # cached with the stranger's empty badge
    guest.post("/cart/add/", {"product_id": kettle.id, "quantity": "3"})
    guest.get("/cart/")  # shows (and so clears) the "Added" message
    html = guest.get("/products/").content.decode()
    assert 'aria-label="3 items">3</span>' in html
    assert 'aria-label="0 items">0</span>' in stranger.get("/products/").content.decode()


def test_a_cached_product_page_carries_a_working_csrf_token(make_product):
    kettle = make_product(name="Kettle", stock=9)
    Client().get(f"/products/{kettle.slug}/")  # someone else fills the cache
    browser = Client(enforce_csrf_checks=True)
    html = browser.get(f"/products/{kettle.slug}/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert not token.startswith("page-cache-")
    added = browser.post("/cart/add/", {"csrfmiddlewaretoken": token, "product_id": kettle.id, "quantity": "1"})
    assert added.status_code == 302


def test_signed_in_shoppers_and_waiting_messages_get_a_fresh_page(make_product, customer_client):
    kettle = make_product(name="Kettle", stock=9)
    Client().get("/products/")
    calls, page = storage_calls(customer_client, "/products/")
    assert calls > 0 and "Sign out" in page.content.decode()

    guest = Client()
    guest.post("/cart/add/", {"product_id": kettle.id, "quantity": "1"})
    calls, page = storage_calls(guest, "/products/")
    assert "Added to your cart." in page.content.decode()


def test_conditional_get_and_cache_control(make_product):
    kettle = make_product(name="Kettle", stock=9)
    listing = Client().get("/products/")
    assert listing["ETag"].startswith('W/"') and "public" in listing["Cache-Control"]
    assert "max-age=0" in listing["Cache-Control"] and "s-maxage=5" in listing["Cache-Control"]
    calls, again = storage_calls(Client(), "/products/", HTTP_IF_NONE_MATCH=listing["ETag"])
    assert (calls, again.status_code, again.content) == (0, 304, b"")
    product = Client().get(f"/products/{kettle.slug}/")  # its form's CSRF token comes with a cookie
    assert product.cookies.get("csrftoken") and "private" in product["Cache-Control"]


def test_a_cached_page_has_the_same_security_headers(make_product):
    make_product(name="Kettle")
    first, second = Client().get("/products/"), Client().get("/products/")
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"):
        assert first.get(header) and first.get(header) == second.get(header), header


@pytest.mark.parametrize("url", [*PAGES, "/products/kettle/"])
@pytest.mark.parametrize("csrf_cookie", [False, True])
def test_a_cookieless_visit_is_answered_before_the_session_middleware_as_the_whole_chain_answers(
        make_product, settings, url, csrf_cookie):
    make_product(name="Kettle", featured=True)
    Client().get(url)  # fills the cache
    early, early_token = _visit(url, csrf_cookie)
    assert not hasattr(early.wsgi_request, "session")  # answered before SessionMiddleware
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if not name.endswith("EarlyPageCacheMiddleware")]
    late, late_token = _visit(url, csrf_cookie)
    assert hasattr(late.wsgi_request, "session") and late.wsgi_request.page_cache == "hit"
    # The same page but for its CSRF token, which is masked afresh for every response.
    assert early.content.replace(early_token, b"") == late.content.replace(late_token, b"")
    assert _headers(early) == _headers(late)
    assert _cookies(early) == _cookies(late)


def _visit(url: str, csrf_cookie: bool) -> tuple[object, bytes]:
    """A page and the CSRF token in its forms (b"" for a page without one)."""
    browser = Client(enforce_csrf_checks=True)
    if csrf_cookie:
        browser.cookies["csrftoken"] = "c" * 32  # a returning guest's, from an earlier form
    response = browser.get(url)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.content)
    return response, token.group(1) if token else b""


def _headers(response) -> dict[str, str]:
    return {name: value for name, value in response.items() if name != "X-Request-ID"}


def _cookies(response) -> dict[str, dict[str, str]]:
    """Each cookie set, with its attributes (not its value, a new secret each time)."""
    return {name: dict(morsel.items()) for name, morsel in response.cookies.items()}


def test_the_csrf_token_of_an_early_answer_is_accepted(make_product):
    kettle = make_product(name="Kettle", stock=9)
    Client().get(f"/products/{kettle.slug}/")
    for csrf_cookie in (False, True):
        browser = Client(enforce_csrf_checks=True)
        if csrf_cookie:
            browser.cookies["csrftoken"] = "c" * 32
        page = browser.get(f"/products/{kettle.slug}/")
        assert not hasattr(page.wsgi_request, "session")
        cookie = page.cookies["csrftoken"].value
        assert (cookie == "c" * 32) is csrf_cookie  # a returning guest keeps theirs, a new one gets one
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
        added = browser.post("/cart/add/", {"csrfmiddlewaretoken": token, "product_id": kettle.id, "quantity": "1"})
        assert added.status_code == 302


def test_only_requests_the_skipped_middleware_has_nothing_to_do_for_are_answered_early(make_product):
    kettle = make_product(name="Kettle", stock=9)
    for url in ("/products/", f"/products/{kettle.slug}/"):
        Client().get(url)
    guest = Client()
    guest.post("/cart/add/", {"product_id": kettle.id, "quantity": "1"})
    guest.get("/cart/")  # shows the "Added" message, whose cookie is then expired
    guest.cookies.pop("messages", None)  # as a browser drops it (the test client keeps expired cookies)
    with_session = guest.get("/products/")
    assert hasattr(with_session.wsgi_request, "session") and with_session.wsgi_request.page_cache == "hit"
    assert 'aria-label="1 items">1</span>' in with_session.content.decode()


def test_an_early_answer_still_refuses_a_host_the_shop_does_not_serve(make_product):
    make_product(name="Kettle")
    Client().get("/products/")
    assert Client().get("/products/", HTTP_HOST="evil.example").status_code == 400


def test_an_entry_is_served_only_for_page_cache_seconds():
    page = Page(body=b"", content_type="text/html", cart_marker=b"a", csrf_marker=b"b", tag="t",
                stored_at=time.time() - 6)
    assert _fresh(page, 5) is None and _fresh(page, 10) is page


def test_pages_not_cached_still_get_the_shoppers_own_parts(make_product):
    guest = Client()
    guest.post("/cart/add/", {"product_id": make_product(stock=5).id, "quantity": "2"})
    guest.get("/cart/")
    missing = guest.get("/products/no-such-thing/")
    assert missing.status_code == 404
    html = missing.content.decode()
    assert "page-cache-" not in html and 'aria-label="2 items">2</span>' in html


def test_probes_and_other_routes_never_touch_the_page_cache(db, client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:9/0", "OPTIONS": {"socket_connect_timeout": 0.2}}}
    assert client.get("/healthz").status_code == 200  # nothing reads the (unreachable) cache first
