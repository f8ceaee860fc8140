"""Whole pages cached the way CloudFront caches the reference's pages: catalog pages for signed-out
shoppers, and each cart's own page.

Which: GET and HEAD of the views marked `@shopper_page` (home, listings, categories, product pages), for a
shopper who is not signed in, and of the views marked `@cart_page` (the cart), for anyone with a cart; for a
request with no message to be shown, answered 200. The page is stored with two placeholders where it
differs per shopper, filled on every response, cached or not: the cart badge (the count the session keeps,
cart.session) and the CSRF token of its forms (the shopper's own, whose cookie Django's CSRF middleware
sets; shop/csrf_tokens.py).

Key and freshness: the full URL and the catalog version (catalog.selectors.catalog_version), which every
catalog write changes, so a price, name or category change shows on the next request; for a cart page also
the cart and its version (cart.selectors.cart_version), which every write of one of its lines changes
(the cart's own pages, a checkout, a sign-in merging a guest cart, GraphQL), on whichever instance.
Checkouts do not change the catalog version: the stock a cached page shows may lag by up to
PAGE_CACHE_SECONDS (default 5), the live pages correct it at once, and checkout always reads live stock.
Entries live in Django's cache (shared by every worker and instance) and, for the same time, in a small
table in each process, so a hit costs a read of the versions (core/versions.py: on one machine a memory read).

Two places in MIDDLEWARE: EarlyPageCacheMiddleware, before the session, CSRF, authentication and message
middleware, answers a catalog page to a request that gives them nothing to do but hand out a CSRF token (no
session or message cookie) by calling the few of their methods that shape such a response;
PageCacheMiddleware, after them, answers every other request for a cached page, and fills the cache.

HTTP: a weak ETag (page and cart count) answers a matching If-None-Match with 304; a response that sets
no cookie to a request that sent none is `public, s-maxage=PAGE_CACHE_SECONDS` for a CDN, any other
`private`; both `max-age=0`, so a browser asks again (and gets its 304).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.common import CommonMiddleware
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.cache import patch_vary_headers

from cart.selectors import cart_version
from cart.session import cart_count, cart_owner, remember_count
from catalog.selectors import catalog_version
from core.local_cache import LocalCache
from core.pages import CART_PAGE, SHOPPER_PAGE
from shop.csrf_tokens import csrf_token

logger = logging.getLogger(__name__)

LOCAL_ENTRIES = 256  # pages each process keeps in memory (a few MB)
MESSAGES_COOKIE, MESSAGES_SESSION_KEY = "messages", "_messages"  # Django's message storage (fallback)


@dataclass(frozen=True)
class Page:
    """A rendered page with its placeholders (random per render, so no page text can imitate them)."""

    body: bytes
    content_type: str
    cart_marker: bytes
    csrf_marker: bytes
    tag: str  # the ETag's page part
    stored_at: float
    cart_count: int | None = None  # a cart page's count of items, which the badge of whoever gets it shows


@dataclass
class Rendering:
    """Set on a request whose page is being rendered for the cache: the context holds the markers."""

    cart_marker: str
    csrf_marker: str


local_pages = LocalCache(LOCAL_ENTRIES)


def rendering_markers(request: HttpRequest) -> dict[str, str]:
    """Context values replacing the per-shopper parts while a page renders for the cache (used by
    shop.context_processors, whose values override Django's own `csrf_token`)."""
    rendering: Rendering | None = getattr(request, "page_rendering", None)
    return {"cart_count": rendering.cart_marker, "csrf_token": rendering.csrf_marker} if rendering else {}


@dataclass(frozen=True)
class Route:
    name: str
    per_cart: bool  # a @cart_page, kept per cart; else a @shopper_page, kept per URL for signed-out shoppers


@dataclass
class Lookup:
    """A page's cache entry, looked up once per request (by whichever middleware comes first)."""

    route: Route
    key: str
    page: Page | None


def _route(request: HttpRequest) -> Route | None:
    """The route when this request is a GET or HEAD of a page for the cache (resolved once)."""
    if not hasattr(request, "page_route"):
        request.page_route = (_cached_page_route(request.path_info) if settings.PAGE_CACHE_SECONDS
                              and request.method in ("GET", "HEAD") else None)
    return request.page_route


def _lookup(request: HttpRequest) -> Lookup | None:
    """The cache entry for this request's page (looked up once), or None when the page is not for the cache
    (a cart page without a cart) or the cache is down (the page is then rendered; readiness reports it)."""
    if hasattr(request, "page_lookup"):
        return request.page_lookup
    request.page_lookup = None
    route = _route(request)
    if route is None:
        return None
    seconds = settings.PAGE_CACHE_SECONDS
    try:
        owner = cart_owner(request) if route.per_cart else ""
        if route.per_cart and not owner:
            return None
        versions = f"{catalog_version()}:{cart_version(owner)}" if owner else catalog_version()
        page_id = hashlib.blake2b(f"{owner}\n{request.get_full_path()}".encode(), digest_size=16).hexdigest()
        key = f"page:{versions}:{page_id}"
        page = local_pages.read_through(key, lambda key: _fresh(cache.get(key), seconds),
                                        lambda page: page.stored_at + seconds)
    except Exception:
        logger.warning("page cache unavailable", exc_info=True)
        return None
    request.page_lookup = Lookup(route=route, key=key, page=page)
    return request.page_lookup


class EarlyPageCacheMiddleware:
    """In MIDDLEWARE right before SessionMiddleware: a cached page for a request with no session or message
    cookie, answered as the middleware it skips would have answered it: CommonMiddleware's checks (the Host
    header among them) and Content-Length, CsrfViewMiddleware's reading and setting of the CSRF cookie (for
    a page with a form), XFrameOptionsMiddleware's header. tests/test_page_cache.py compares the answers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.common = CommonMiddleware(get_response)
        self.csrf = CsrfViewMiddleware(get_response)
        self.frame_options = XFrameOptionsMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        route = _route(request)
        if (route is None or route.per_cart or settings.SESSION_COOKIE_NAME in request.COOKIES
                or MESSAGES_COOKIE in request.COOKIES):
            return self.get_response(request)
        lookup = _lookup(request)
        if lookup is None or lookup.page is None:
            return self.get_response(request)
        redirect = self.common.process_request(request)  # a disallowed host raises, answered 400
        if redirect is not None:
            return redirect
        self.csrf.process_request(request)  # the shopper's CSRF cookie, if any, for the page's forms
        request.page_cache, request.route_name = "hit", lookup.route.name
        response = self.frame_options.process_response(request, _serve(request, lookup.page))
        return self.common.process_response(request, self.csrf.process_response(request, response))


class PageCacheMiddleware:
    """In MIDDLEWARE after authentication and messages (it needs to know who is asking) and after every
    middleware that adds headers to responses, so a cached page gets the same ones as a rendered page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        route = _route(request)
        if route is None or not _no_messages(request) or not (route.per_cart or _signed_out(request)):
            return self.get_response(request)
        lookup = _lookup(request)
        if lookup is None:
            return self.get_response(request)
        seconds, key, page = settings.PAGE_CACHE_SECONDS, lookup.key, lookup.page
        if page is not None:
            request.page_cache, request.route_name = "hit", route.name
            if page.cart_count is not None:
                remember_count(request, page.cart_count)  # as the cart view does, for this shopper's badge
            return _serve(request, page)
        request.page_rendering = Rendering(cart_marker=_marker(), csrf_marker=_marker())
        response = self.get_response(request)
        page = _stored(request, response)
        if page is None:
            return response
        request.page_cache = "miss"
        local_pages.set(key, page, seconds)
        try:
            cache.set(key, page, seconds)
        except Exception:
            logger.warning("page cache unavailable", exc_info=True)
        return _serve(request, page)


def _cached_page_route(path: str) -> Route | None:
    """The route when `path` is a page marked @shopper_page or @cart_page, else None."""
    return _route_in(get_urlconf() or settings.ROOT_URLCONF, path)


@functools.lru_cache(maxsize=4096)
def _route_in(urlconf: str, path: str) -> Route | None:
    # Remembered: resolving a path against the URLconf cost an eighth of a cached page's time.
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    per_cart = getattr(match.func, CART_PAGE, False)
    return Route(match.view_name, per_cart) if per_cart or getattr(match.func, SHOPPER_PAGE, False) else None


def _marker() -> str:
    return f"page-cache-{secrets.token_hex(8)}"


def _no_messages(request: HttpRequest) -> bool:
    # Without a session cookie no message waits in the session: no session read at all.
    return MESSAGES_COOKIE not in request.COOKIES and not (
        request.COOKIES.get(settings.SESSION_COOKIE_NAME) and MESSAGES_SESSION_KEY in request.session)


def _signed_out(request: HttpRequest) -> bool:
    return not (request.COOKIES.get(settings.SESSION_COOKIE_NAME) and request.user.is_authenticated)


def _fresh(page: Page | None, seconds: int) -> Page | None:
    return page if page is not None and time.time() - page.stored_at < seconds else None


def _stored(request: HttpRequest, response: HttpResponse) -> Page | None:
    """The page to cache from a response rendered with the placeholders: a complete 200 setting no cookie."""
    rendering: Rendering = request.page_rendering
    if getattr(response, "streaming", False):
        return None
    page = Page(body=response.content, content_type=response.get("Content-Type", ""),
                cart_marker=rendering.cart_marker.encode(), csrf_marker=rendering.csrf_marker.encode(),
                tag=hashlib.blake2b(response.content, digest_size=12).hexdigest(), stored_at=time.time(),
                cart_count=cart_count(request) if request.page_route.per_cart else None)
    if response.status_code == 200 and not response.cookies:
        return page
    # Not for the cache (a 404 for an unknown product, say), yet rendered with the placeholders: filled.
    response.content = _filled(request, page)
    return None


def _filled(request: HttpRequest, page: Page) -> bytes:
    """The page with this shopper's cart count and CSRF token (which sets the CSRF cookie if needed)."""
    body = page.body.replace(page.cart_marker, str(cart_count(request)).encode())
    return body.replace(page.csrf_marker, csrf_token(request).encode()) if page.csrf_marker in body else body


def _serve(request: HttpRequest, page: Page) -> HttpResponse:
    count = cart_count(request)
    etag = f'W/"{page.tag}-{count}"'
    cookieless = not request.COOKIES
    if etag in request.META.get("HTTP_IF_NONE_MATCH", ""):  # not request.headers, which copies every header
        response = HttpResponseNotModified()
    else:
        cookieless = cookieless and page.csrf_marker not in page.body  # else the CSRF cookie goes with it
        response = HttpResponse(_filled(request, page), content_type=page.content_type)  # servers drop it for HEAD
    response["ETag"] = etag
    response["Cache-Control"] = (f"public, max-age=0, s-maxage={settings.PAGE_CACHE_SECONDS}" if cookieless
                                 else "private, max-age=0, must-revalidate")
    patch_vary_headers(response, ["Cookie"])
    return response
