"""Domain objects <-> DynamoDB items, and the denormalised key attributes the indexes read.

Composite sort keys end in SEPARATOR + id so equal values still order by id, exactly like the SQL
backend's (column, id) ordering. SEPARATOR sorts below every printable character, so a name that
is a prefix of another ("Pan" < "Pan lid") keeps its place.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from cart.domain import CartItem
from catalog.domain import Category, ImageRendition, Product
from core.money import CENT
from orders.domain import Order, OrderLine, OrderStatus, email_key

SEPARATOR = "\x01"
CATALOG_PARTITION = "ALL"
IDEMPOTENCY_PREFIX = "IDEMPOTENCY#"
# DynamoDB refuses empty key values and partition keys over 2048 bytes; such ids can't exist.
MAX_KEY_BYTES = 1024
PRICE_DIGITS = 12
RATING_STEP = Decimal("0.1")


def usable_key(value: object) -> bool:
    return isinstance(value, str) and 0 < len(value.encode()) <= MAX_KEY_BYTES


def timestamp(moment: datetime | None) -> str:
    """Fixed-width UTC ISO text, so string order is time order."""
    moment = moment or datetime(1970, 1, 1, tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_timestamp(text: str | None) -> datetime | None:
    if not text:
        return None
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def money(value: Decimal | None) -> Decimal | None:
    # DynamoDB drops trailing zeros (10.00 comes back as 10); money always has two places.
    return None if value is None else Decimal(value).quantize(CENT)


def price_key(price: Decimal, product_id: str) -> str:
    cents = int(money(price).scaleb(2))
    return f"{cents:0{PRICE_DIGITS}d}{SEPARATOR}{product_id}"


# -- catalog ---------------------------------------------------------------------------------------


def category_item(category: Category) -> dict:
    return {
        "id": category.id, "name": category.name, "slug": category.slug, "description": category.description,
        "imageUrl": category.image_url, "createdAt": timestamp(category.created_at),
        "updatedAt": timestamp(category.updated_at or category.created_at),
    }


def category_from_item(item: dict) -> Category:
    return Category(
        id=item["id"], name=item["name"], slug=item["slug"], description=item.get("description", ""),
        image_url=item.get("imageUrl", ""), created_at=parse_timestamp(item.get("createdAt")),
        updated_at=parse_timestamp(item.get("updatedAt") or item.get("createdAt")),
        product_count=int(item.get("productCount", 0)),
    )


def product_item(product: Product) -> dict:
    item = {
        "id": product.id, "name": product.name, "slug": product.slug, "price": money(product.price),
        "categoryId": product.category_id, "description": product.description, "imageUrl": product.image_url,
        "stock": int(product.stock), "featured": product.featured, "isNew": product.is_new,
        "rating": Decimal(product.rating), "active": product.active,
        "createdAt": timestamp(product.created_at), "updatedAt": timestamp(product.updated_at),
        # Index keys, rewritten on every put so the listings follow name, price and category changes.
        "catalog": CATALOG_PARTITION,
        "newestKey": f"{timestamp(product.created_at)}{SEPARATOR}{product.id}",
        "priceKey": price_key(product.price, product.id),
        "nameKey": f"{product.name}{SEPARATOR}{product.id}",
    }
    if product.original_price is not None:
        item["originalPrice"] = money(product.original_price)
    if product.image_renditions:
        item["imageRenditions"] = [r.as_dict() for r in product.image_renditions]
    return item


def product_from_item(item: dict) -> Product:
    return Product(
        id=item["id"], name=item["name"], slug=item["slug"], price=money(item["price"]),
        category_id=item["categoryId"], description=item.get("description", ""),
        original_price=money(item.get("originalPrice")), image_url=item.get("imageUrl", ""),
        image_renditions=tuple(ImageRendition.from_dict(r) for r in item.get("imageRenditions", ())),
        stock=int(item.get("stock", 0)), featured=bool(item.get("featured")), is_new=bool(item.get("isNew")),
        rating=Decimal(item.get("rating", 0)).quantize(RATING_STEP), active=bool(item.get("active")),
        created_at=parse_timestamp(item.get("createdAt")), updated_at=parse_timestamp(item.get("updatedAt")),
    )


# -- carts -----------------------------------------------------------------------------------------


def cart_from_item(item: dict) -> CartItem:
    return CartItem(id=item["id"], owner=item["owner"], product_id=item["productId"],
                    quantity=int(item["quantity"]), created_at=parse_timestamp(item.get("createdAt")),
                    updated_at=parse_timestamp(item.get("updatedAt") or item.get("createdAt")))


# -- orders ----------------------------------------------------------------------------------------


def order_item(order: Order) -> dict:
    return {
        "id": order.id, "userId": order.user_id, "customerEmail": order.customer_email,
        "customerName": order.customer_name, "shippingAddress": order.shipping_address,
        "lines": [
            {"productId": line.product_id, "productName": line.product_name,
             "unitPrice": money(line.unit_price), "quantity": line.quantity}
            for line in order.lines
        ],
        "totalAmount": money(order.total_amount), "currency": order.currency, "status": order.status.value,
        "idempotencyKey": order.idempotency_key, "createdAt": timestamp(order.created_at),
        "updatedAt": timestamp(order.updated_at),
        "listing": CATALOG_PARTITION, "newestKey": order_newest_key(order.created_at, order.id),
        "number": order.number, "emailKey": email_key(order.customer_email),
    }


def order_newest_key(created_at: datetime | None, order_id: str) -> str:
    return f"{timestamp(created_at)}{SEPARATOR}{order_id}"


def order_from_item(item: dict) -> Order:
    return Order(
        id=item["id"], user_id=item["userId"], customer_email=item["customerEmail"],
        customer_name=item["customerName"], shipping_address=item["shippingAddress"],
        lines=[
            OrderLine(product_id=line["productId"], product_name=line["productName"],
                      unit_price=money(line["unitPrice"]), quantity=int(line["quantity"]))
            for line in item.get("lines", [])
        ],
        total_amount=money(item["totalAmount"]), currency=item["currency"], status=OrderStatus(item["status"]),
        idempotency_key=item["idempotencyKey"], created_at=parse_timestamp(item.get("createdAt")),
        updated_at=parse_timestamp(item.get("updatedAt")),
    )


def idempotency_id(key: str) -> str:
    return f"{IDEMPOTENCY_PREFIX}{key}"
