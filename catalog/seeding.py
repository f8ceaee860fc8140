"""The demo catalog: deterministic, so seeding twice finds everything already there."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.urls import reverse

from catalog.domain import Category, Product
from catalog.selectors import forget_categories
from storage import unit_of_work
from storage.base import UnitOfWork, chunks

BATCH = 500
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)

CATEGORIES = {
    "electronics": (
        "Electronics", "Headphones, chargers and gadgets.",
        ["Headphones", "Charger", "Speaker", "Keyboard", "Mouse", "Webcam"],
    ),
    "home-kitchen": (
        "Home & Kitchen", "Things for cooking and living.",
        ["Kettle", "Mug", "Pan", "Lamp", "Blanket", "Knife"],
    ),
    "books": (
        "Books", "Stories and know-how.",
        ["Novel", "Cookbook", "Atlas", "Journal", "Guide", "Anthology"],
    ),
    "sports-outdoors": (
        "Sports & Outdoors", "Gear for moving outside.",
        ["Backpack", "Bottle", "Tent", "Yoga Mat", "Jacket", "Helmet"],
    ),
    "toys-games": (
        "Toys & Games", "Play for every age.",
        ["Puzzle", "Board Game", "Kite", "Robot", "Blocks", "Yo-yo"],
    ),
    "beauty": (
        "Beauty", "Care and grooming.",
        ["Soap", "Lotion", "Brush", "Shampoo", "Balm", "Comb"],
    ),
}
ADJECTIVES = ["Classic", "Compact", "Deluxe", "Eco", "Everyday", "Pro", "Smart", "Vintage", "Travel", "Ultra"]


def stable_id(kind: str, slug: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"shop:{kind}:{slug}").hex


def demo_categories() -> list[Category]:
    return [
        Category(id=stable_id("category", slug), name=name, slug=slug, description=description,
                 image_url=reverse("catalog:placeholder", args=[slug]), created_at=EPOCH, updated_at=EPOCH)
        for slug, (name, description, _) in CATEGORIES.items()
    ]


def demo_product(number: int, categories: list[Category]) -> Product:
    rng = random.Random(number)  # noqa: S311 - demo data, not security
    category = categories[number % len(categories)]
    noun = rng.choice(CATEGORIES[category.slug][2])
    name = f"{rng.choice(ADJECTIVES)} {noun} {number:05d}"
    slug = f"{name.lower().replace(' ', '-').replace('&', 'and')}"
    price = Decimal(rng.randrange(299, 29999)) / 100
    on_sale = number % 5 == 0
    created = EPOCH + timedelta(minutes=number)
    return Product(
        id=stable_id("product", slug), name=name, slug=slug, category_id=category.id, price=price,
        original_price=(price * Decimal("1.25")).quantize(Decimal("0.01")) if on_sale else None,
        description=f"A {name.lower()} from our {category.name.lower()} range. Demo data.",
        image_url=reverse("catalog:placeholder", args=[slug]),
        stock=0 if number % 12 == 0 else rng.randrange(1, 80),
        featured=number % 7 == 0, is_new=number % 9 == 0,
        rating=Decimal(rng.randrange(25, 51)) / 10, active=True, created_at=created, updated_at=created,
    )


def seed_demo_catalog(
    *, products: int = 60, reset: bool = False, if_empty: bool = False,
    progress: Callable[[int], None] = lambda n: None, uow: UnitOfWork | None = None,
) -> dict[str, int]:
    """Creates what is missing of the demo catalog; returns how many of each were created.

    `if_empty` leaves a shop that has any category alone, so starting the server never brings back
    demo products that staff deleted.
    """
    uow = uow or unit_of_work()
    if reset:
        uow.delete_all()
    elif if_empty and uow.categories.list():
        return {"categories": 0, "products": 0}
    categories = demo_categories()
    created = {"categories": 0, "products": 0}
    with uow:
        for category in categories:
            if uow.categories.get(category.id) is None:
                uow.categories.add(category)
                created["categories"] += 1
        uow.commit()
    for numbers in chunks(list(range(1, products + 1)), BATCH):
        batch = [demo_product(n, categories) for n in numbers]
        existing = uow.products.get_many([p.id for p in batch])
        missing = [p for p in batch if p.id not in existing]
        if missing:
            uow.products.add_many(missing)
        created["products"] += len(missing)
        progress(len(batch))
    forget_categories()
    return created
