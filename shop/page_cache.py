"""Whole catalog pages for signed-out shoppers, cached the way CloudFront caches the reference's pages.

Which: GET and HEAD of the views marked `@shopper_page` (home, listings, categories, product pages),
for a shopper who is not signed in and has no message to be shown, answered 200. The page is stored with
two placeholders where it differs per shopper, filled on every response, cached or not: the cart badge
(the count the session keeps, cart.session) and the CSRF token of its forms (the shopper's own, whose
cookie Django's CSRF middleware sets).

Key and freshness: the full URL and the catalog version (catalog.selectors.catalog_version), which every
catalog write changes, so a price, name or category change shows on the next request. Checkouts do not
change the version: the stock a cached page shows may lag by up to PAGE_CACHE_SECONDS (default 5), the
live pages correct it at once, and checkout always reads live stock. Entries live in Django's cache
(shared by every worker and instance) and, for the same time, in a small table in each process, so a
hit costs one shared-cache read: the version.

Two places in MIDDLEWARE: EarlyPageCacheMiddleware, before the session, CSRF, authentication and message
middleware, answers a request that gives them nothing to do (no session or message cookie, a page without a
CSRF form) by calling the few of their methods that shape such a response; PageCacheMiddleware, after them,
answers every other shopper, and fills the cache.

HTTP: a weak ETag (page and cart count) answers a matching If-None-Match with 304; a response that sets
no cookie to a request that sent none is `public, s-maxage=PAGE_CACHE_SECONDS` for a CDN, any other
`private`; both `max-age=0`, so a browser asks again (and gets its 304).
"""

from __future__ import annotations

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
from django.middleware.csrf import get_token
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers

from cart.session import cart_count
from catalog.selectors import catalog_version
from core.local_cache import LocalCache
from core.pages import SHOPPER_PAGE

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


@dataclass
class Lookup:
    """A shopper page's cache entry, looked up once per request (by whichever middleware comes first)."""

    route: str
    key: str
    page: Page | None


def _route(request: HttpRequest) -> str | None:
    """The route name when this request is a GET or HEAD of a page for the cache (resolved once)."""
    if not hasattr(request, "page_route"):
        request.page_route = (_shopper_page_route(request.path_info) if settings.PAGE_CACHE_SECONDS
                              and request.method in ("GET", "HEAD") else None)
    return request.page_route


def _lookup(request: HttpRequest) -> Lookup | None:
    """The cache entry for this request's page (looked up once), or None when the page is not for the cache
    or the cache is down (the page is then rendered; readiness reports the cache)."""
    if hasattr(request, "page_lookup"):
        return request.page_lookup
    request.page_lookup = None
    route = _route(request)
    if route is None:
        return None
    seconds = settings.PAGE_CACHE_SECONDS
    try:
        url = hashlib.blake2b(request.get_full_path().encode(), digest_size=16).hexdigest()
        key = f"page:{catalog_version()}:{url}"
        page = local_pages.read_through(key, lambda key: _fresh(cache.get(key), seconds),
                                        lambda page: page.stored_at + seconds)
    except Exception:
        logger.warning("page cache unavailable", exc_info=True)
        return None
    request.page_lookup = Lookup(route=route, key=key, page=page)
    return request.page_lookup


class EarlyPageCacheMiddleware:
    """In MIDDLEWARE right before SessionMiddleware: a cached page for a request with no session or message
    cookie, when the page has no CSRF form (its token would need the CSRF middleware), answered as the
    middleware it skips would have answered it: CommonMiddleware's checks (the Host header among them) and
    Content-Length, XFrameOptionsMiddleware's header. tests/test_page_cache.py compares the two answers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.common = CommonMiddleware(get_response)
        self.frame_options = XFrameOptionsMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME in request.COOKIES or MESSAGES_COOKIE in request.COOKIES:
            return self.get_response(request)
        lookup = _lookup(request)
        if lookup is None or lookup.page is None or lookup.page.csrf_marker in lookup.page.body:
            return self.get_response(request)
        redirect = self.common.process_request(request)  # a disallowed host raises, answered 400
        if redirect is not None:
            return redirect
        request.page_cache, request.route_name = "hit", lookup.route
        response = _serve(request, lookup.page)
        return self.frame_options.process_response(request, self.common.process_response(request, response))


class PageCacheMiddleware:
    """In MIDDLEWARE after authentication and messages (it needs to know who is asking) and after every
    middleware that adds headers to responses, so a cached page gets the same ones as a rendered page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _route(request) is None or not _signed_out_without_messages(request):
            return self.get_response(request)
        lookup = _lookup(request)
        if lookup is None:
            return self.get_response(request)
        seconds, key, page = settings.PAGE_CACHE_SECONDS, lookup.key, lookup.page
        if page is not None:
            request.page_cache, request.route_name = "hit", lookup.route
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


def _shopper_page_route(path: str) -> str | None:
    """The route name when `path` is a page marked @shopper_page, else None."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name if getattr(match.func, SHOPPER_PAGE, False) else None


def _marker() -> str:
    return f"page-cache-{secrets.token_hex(8)}"


def _signed_out_without_messages(request: HttpRequest) -> bool:
    if MESSAGES_COOKIE in request.COOKIES:
        return False
    # Without a session cookie nobody is signed in and no message waits: no session read at all.
    return not (request.COOKIES.get(settings.SESSION_COOKIE_NAME)
                and (request.user.is_authenticated or MESSAGES_SESSION_KEY in request.session))


def _fresh(page: Page | None, seconds: int) -> Page | None:
    return page if page is not None and time.time() - page.stored_at < seconds else None


def _stored(request: HttpRequest, response: HttpResponse) -> Page | None:
    """The page to cache from a response rendered with the placeholders: a complete 200 setting no cookie."""
    rendering: Rendering = request.page_rendering
    if getattr(response, "streaming", False):
        return None
    page = Page(body=response.content, content_type=response.get("Content-Type", ""),
                cart_marker=rendering.cart_marker.encode(), csrf_marker=rendering.csrf_marker.encode(),
                tag=hashlib.blake2b(response.content, digest_size=12).hexdigest(), stored_at=time.time())
    if response.status_code == 200 and not response.cookies:
        return page
    # Not for the cache (a 404 for an unknown product, say), yet rendered with the placeholders: filled.
    response.content = _filled(request, page)
    return None


def _filled(request: HttpRequest, page: Page) -> bytes:
    """The page with this shopper's cart count and CSRF token (which sets the CSRF cookie if needed)."""
    body = page.body.replace(page.cart_marker, str(cart_count(request)).encode())
    return body.replace(page.csrf_marker, get_token(request).encode()) if page.csrf_marker in body else body


def _serve(request: HttpRequest, page: Page) -> HttpResponse:
    count = cart_count(request)
    etag = f'W/"{page.tag}-{count}"'
    cookieless = not request.COOKIES
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        cookieless = cookieless and page.csrf_marker not in page.body  # else the CSRF cookie goes with it
        response = HttpResponse(_filled(request, page), content_type=page.content_type)  # servers drop it for HEAD
    response["ETag"] = etag
    response["Cache-Control"] = (f"public, max-age=0, s-maxage={settings.PAGE_CACHE_SECONDS}" if cookieless
                                 else "private, max-age=0, must-revalidate")
    patch_vary_headers(response, ["Cookie"])
    return response
