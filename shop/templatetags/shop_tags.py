from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from urllib.parse import quote

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from catalog.domain import LOW_STOCK

register = template.Library()

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


@register.filter
def money(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    symbol = SYMBOLS.get(settings.SHOP_CURRENCY)
    text = f"{amount:,.2f}"
    return f"{symbol}{text}" if symbol else f"{text} {settings.SHOP_CURRENCY}"


# How wide each picture is drawn (static/shop.css), so the browser picks the right rendition from srcset.
PICTURE_SIZES = {
    "card": "(max-width: 600px) 50vw, 240px",
    "detail": "(max-width: 700px) 100vw, 480px",
    "thumb": "64px",
}
# An image without renditions (the generated placeholder art, or a URL staff typed) is drawn square.
PLAIN_SIZE = {"card": 240, "detail": 480, "thumb": 64}


@register.simple_tag
def product_picture(product, purpose: str = "card", alt: str = "", lazy: bool = True) -> str:
    """<picture> with WebP and fallback srcsets of the renditions made at upload (catalog.images), and the
    width/height that reserve the picture's space before it loads. Thumbnails reuse the card sizes.
    Built as a string, not a template: a card grid draws one per card."""
    source_purpose = "card" if purpose == "thumb" else purpose
    renditions = sorted((r for r in product.image_renditions if r.purpose == source_purpose), key=lambda r: r.width)
    loading = ' loading="lazy"' if lazy else ""
    fallback = [r for r in renditions if r.format != "webp"]
    if not fallback:
        size = PLAIN_SIZE[purpose]
        return format_html('<img class="pic pic-{}" src="{}" width="{}" height="{}" alt="{}"{} decoding="async">',
                           purpose, product.image_url, size, size, alt, mark_safe(loading))  # noqa: S308
    smallest, sizes = fallback[0], PICTURE_SIZES[purpose]
    return format_html(
        '<picture class="pic pic-{}"><source type="image/webp" srcset="{}" sizes="{}"><img src="{}" srcset="{}" '
        'sizes="{}" width="{}" height="{}" alt="{}"{} decoding="async"></picture>',
        purpose, ", ".join(f"{r.url} {r.width}w" for r in renditions if r.format == "webp"), sizes, smallest.url,
        ", ".join(f"{r.url} {r.width}w" for r in fallback), sizes, smallest.width, smallest.height, alt,
        mark_safe(loading),  # noqa: S308 - a constant
    )


@register.simple_tag
def price(product) -> str:
    """The price, or the sale price with the old one struck through."""
    if product.on_sale:
        return format_html('<span class="sale">{}</span> <del aria-label="was">{}</del>', money(product.price),
                           money(product.original_price))
    return money(product.price)


@register.simple_tag
def link(name: str) -> str:
    """{% link 'catalog:home' %}: what {% url %} gives for a route without arguments, reversed once per
    process (a page draws the header's links on every request)."""
    return _reversed(name)


@register.filter
def product_url(product) -> str:
    """The product page's URL, without a reverse() per card: the route's prefix, reversed once."""
    return _reversed("catalog:product_detail", SLUG_PLACEHOLDER).replace(SLUG_PLACEHOLDER, quote(product.slug, safe=""))


SLUG_PLACEHOLDER = "slug-placeholder"


@lru_cache(maxsize=64)
def _reversed(name: str, *args: str) -> str:
    return reverse(name, args=args)


@register.filter
def get_item(mapping: dict | None, key: str) -> object:
    """{{ mapping|get_item:key }}: a dict lookup by a variable key (Django templates have none)."""
    return (mapping or {}).get(key)


@register.simple_tag
def stock_status(product) -> str:
    """"In stock", "Only 3 left" or "Out of stock", in an element static/js/live.js keeps current."""
    available = product.in_stock and product.stock > 0
    if not available:
        label = "Out of stock"
    elif product.stock <= LOW_STOCK:
        label = f"Only {product.stock} left"
    else:
        label = "In stock"
    return format_html('<span class="{}" data-live-stock="{}" data-low-stock="{}" aria-live="polite">{}</span>',
                       "in" if available else "out", product.id, LOW_STOCK, label)
