from __future__ import annotations

from decimal import Decimal

from django import template
from django.conf import settings

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


@register.inclusion_tag("_picture.html")
def product_picture(product, purpose: str = "card", alt: str = "", lazy: bool = True) -> dict:
    """<picture> with WebP and fallback srcsets of the renditions made at upload (catalog.images), and the
    width/height that reserve the picture's space before it loads. Thumbnails reuse the card sizes."""
    source_purpose = "card" if purpose == "thumb" else purpose
    renditions = sorted((r for r in product.image_renditions if r.purpose == source_purpose), key=lambda r: r.width)
    context = {"alt": alt, "lazy": lazy, "sizes": PICTURE_SIZES[purpose], "purpose": purpose}
    fallback = [r for r in renditions if r.format != "webp"]
    if not fallback:
        size = PLAIN_SIZE[purpose]
        return {**context, "src": product.image_url, "width": size, "height": size}
    smallest = fallback[0]
    return {
        **context, "src": smallest.url, "width": smallest.width, "height": smallest.height,
        "webp_srcset": ", ".join(f"{r.url} {r.width}w" for r in renditions if r.format == "webp"),
        "srcset": ", ".join(f"{r.url} {r.width}w" for r in fallback),
    }


@register.filter
def get_item(mapping: dict | None, key: str) -> object:
    """{{ mapping|get_item:key }}: a dict lookup by a variable key (Django templates have none)."""
    return (mapping or {}).get(key)


@register.inclusion_tag("_stock.html")
def stock_status(product) -> dict:
    """"In stock", "Only 3 left" or "Out of stock", in an element static/js/live.js keeps current."""
    available = product.in_stock and product.stock > 0
    if not available:
        label = "Out of stock"
    elif product.stock <= LOW_STOCK:
        label = f"Only {product.stock} left"
    else:
        label = "In stock"
    return {"product": product, "available": available, "label": label, "low_stock": LOW_STOCK}
