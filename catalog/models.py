"""ORM tables for the SQLite backend. Only storage.sql uses them (plus Django's permissions)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from catalog.domain import Category, ImageRendition, Product
from catalog.search import stored_words
from core.ids import ID_MAX_LENGTH


class CategoryRecord(models.Model):
    id = models.CharField(primary_key=True, max_length=ID_MAX_LENGTH, editable=False)
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    image_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        db_table = "catalog_category"
        verbose_name = "category"
        verbose_name_plural = "categories"
        # The permissions are Django's usual ones, named after the domain entity.
        default_permissions = ("add", "change", "delete", "view")
        ordering = ["name"]

    def to_domain(self, product_count: int = 0) -> Category:
        return Category(
            id=self.id, name=self.name, slug=self.slug, description=self.description,
            image_url=self.image_url, created_at=self.created_at, updated_at=self.updated_at,
            product_count=product_count,
        )

    @classmethod
    def from_domain(cls, category: Category) -> CategoryRecord:
        return cls(
            id=category.id, name=category.name, slug=category.slug, description=category.description,
            image_url=category.image_url, created_at=category.created_at, updated_at=category.updated_at,
        )


class ProductRecord(models.Model):
    id = models.CharField(primary_key=True, max_length=ID_MAX_LENGTH, editable=False)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    description = models.TextField(blank=True)
    price = models.DecimalField(max_digits=10, decimal_places=2)
    original_price = models.DecimalField(max_digits=10, decimal_places=2, null=True)
    category = models.ForeignKey(CategoryRecord, on_delete=models.PROTECT, related_name="products")
    image_url = models.CharField(max_length=500, blank=True)
    image_renditions = models.JSONField(default=list, blank=True)  # ImageRendition.as_dict() each
    stock = models.PositiveIntegerField(default=0)
    featured = models.BooleanField(default=False)
    is_new = models.BooleanField(default=False)
    rating = models.DecimalField(max_digits=2, decimal_places=1, default=Decimal("0"))
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    # What search finds the product by (catalog.search.word_list), derived from name and description on
    # every write. Indexed by FTS5 through triggers on this table on SQLite, by GIN on PostgreSQL
    # (migration 0004, storage.sql.search). Django rebuilds a SQLite table to alter it, which drops its
    # triggers: a migration altering this table must create them again (tests/test_search_index.py fails).
    search_words = models.TextField(blank=True, default="", editable=False)

    class Meta:
        db_table = "catalog_product"
        verbose_name = "product"
        # One index per listing order, with and without a category, so keyset pages are index
        # range scans (see storage.sql.catalog.SORT_KEYS).
        indexes = [
            models.Index(fields=["active", "-created_at", "-id"], name="product_newest"),
            models.Index(fields=["active", "price", "id"], name="product_price"),
            models.Index(fields=["active", "name", "id"], name="product_name"),
            models.Index(fields=["category", "active", "-created_at", "-id"], name="product_cat_newest"),
            models.Index(fields=["category", "active", "price", "id"], name="product_cat_price"),
            models.Index(fields=["category", "active", "name", "id"], name="product_cat_name"),
        ]
        constraints = [models.CheckConstraint(condition=models.Q(stock__gte=0), name="product_stock_not_negative")]

    def to_domain(self) -> Product:
        return Product(
            id=self.id, name=self.name, slug=self.slug, description=self.description, price=self.price,
            original_price=self.original_price, category_id=self.category_id, image_url=self.image_url,
            image_renditions=tuple(ImageRendition.from_dict(r) for r in self.image_renditions or ()),
            stock=self.stock, featured=self.featured, is_new=self.is_new, rating=self.rating,
            active=self.active, created_at=self.created_at, updated_at=self.updated_at,
        )

    @classmethod
    def from_domain(cls, product: Product) -> ProductRecord:
        return cls(
            id=product.id, name=product.name, slug=product.slug, description=product.description,
            price=product.price, original_price=product.original_price, category_id=product.category_id,
            image_url=product.image_url, image_renditions=[r.as_dict() for r in product.image_renditions],
            stock=product.stock, featured=product.featured,
            is_new=product.is_new, rating=product.rating, active=product.active,
            created_at=product.created_at, updated_at=product.updated_at,
            search_words=stored_words(product.name, product.description),
        )
