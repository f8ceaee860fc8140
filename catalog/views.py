"""Shopper pages for browsing the catalog. Thin: parse the request, call a selector, render."""

from __future__ import annotations

import hashlib

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from catalog.domain import ProductQuery, ProductSort
from catalog.forms import ProductFilterForm
from catalog.selectors import PAGE_SIZE, category_get, category_list, product_get, product_list
from core.errors import InvalidCursor, NotFound
from core.pages import shopper_page


@shopper_page
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    featured = product_list(query=ProductQuery(featured=True), limit=8)
    return render(request, "catalog/home.html", {"featured": featured.items, "categories": category_list()})


@shopper_page
@require_safe
def product_list_view(request: HttpRequest, category_slug: str | None = None) -> HttpResponse:
    categories = category_list()
    category = None
    if category_slug is not None:
        category = next((c for c in categories if c.slug == category_slug), None)
        if category is None:
            raise Http404("That category does not exist.")
    form = ProductFilterForm(request.GET, categories=categories)
    form.is_valid()  # invalid parameters are dropped; the valid ones still apply
    data = form.cleaned_data
    category = category or next((c for c in categories if c.slug == data.get("category")), None)
    query = ProductQuery(category_id=category.id if category else None, search=data.get("q", ""),
                         sort=ProductSort(data.get("sort") or ProductSort.NEWEST))
    cursor = data.get("cursor") or None
    try:
        page = product_list(query=query, cursor=cursor, limit=PAGE_SIZE)
    except InvalidCursor as error:
        form.add_error(None, error.message)
        page = product_list(query=query, limit=PAGE_SIZE)
    next_params = request.GET.copy()
    if page.next_cursor:
        next_params["cursor"] = page.next_cursor
    return render(request, "catalog/product_list.html", {
        "form": form, "page": page, "products": page.items, "categories": categories,
        "category": category, "next_query": next_params.urlencode() if page.next_cursor else "",
        "is_first_page": not cursor, "sorts": list(ProductSort),
    })


@shopper_page
@require_safe
def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        product = product_get(slug=slug)
        category = category_get(category_id=product.category_id)
    except NotFound as error:
        raise Http404(error.message) from None
    return render(request, "catalog/product_detail.html", {"product": product, "category": category})


PALETTE = ["#264653", "#2a9d8f", "#e9c46a", "#f4a261", "#e76f51", "#6d597a", "#355070", "#b56576"]
# The initials sit in the middle band of the 400 x 400 square (their glyphs span about y 165-235);
# the decorative circle stays in the band above or below it, so it can never cover them.
TEXT_BAND = (130, 270)
CIRCLE_RADII = (30, 55)
EDGE = 8


@require_safe
@cache_control(public=True, max_age=86400)
def placeholder_image(request: HttpRequest, slug: str) -> HttpResponse:
    """Generated product artwork (an SVG), so the demo catalog needs no image files."""
    digest = hashlib.sha256(slug.encode()).digest()
    background = PALETTE[digest[0] % len(PALETTE)]
    accent = PALETTE[(digest[0] + 1 + digest[1] % (len(PALETTE) - 1)) % len(PALETTE)]  # never the background
    initials = "".join(word[0] for word in slug.split("-")[:2] if word).upper() or "?"
    radius = CIRCLE_RADII[0] + digest[4] % (CIRCLE_RADII[1] - CIRCLE_RADII[0] + 1)
    top, bottom = (EDGE + radius, TEXT_BAND[0] - radius), (TEXT_BAND[1] + radius, 400 - EDGE - radius)
    low, high = top if digest[2] % 2 else bottom
    cy = low + digest[3] % (high - low + 1)
    cx = EDGE + radius + digest[5] % (400 - 2 * (EDGE + radius) + 1)
    svg = f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400" role="img" \
aria-label="{initials}">
<rect width="400" height="400" fill="{background}"/>
<circle cx="{cx}" cy="{cy}" r="{radius}" fill="{accent}" opacity="0.8"/>
<text x="200" y="200" dominant-baseline="central" font-family="sans-serif" font-size="96" font-weight="600" \
text-anchor="middle" fill="#fff">{initials}</text>
</svg>"""
    return HttpResponse(svg, content_type="image/svg+xml")
