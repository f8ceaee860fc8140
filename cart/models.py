"""ORM table for the SQLite backend's cart items."""

from __future__ import annotations

from django.db import models

from cart.domain import CartItem
from core.ids import ID_MAX_LENGTH


class CartItemRecord(models.Model):
    id = models.CharField(primary_key=True, max_length=ID_MAX_LENGTH, editable=False)
    owner = models.CharField(max_length=64)
    # No foreign key: like the DynamoDB table, a cart line outlives a deleted product and is
    # dropped when the cart is read.
    product_id = models.CharField(max_length=ID_MAX_LENGTH)
    quantity = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        db_table = "cart_item"
        verbose_name = "cart item"
        constraints = [models.UniqueConstraint(fields=["owner", "product_id"], name="cart_owner_product")]
        indexes = [models.Index(fields=["owner", "created_at"], name="cart_owner")]

    def to_domain(self) -> CartItem:
        return CartItem(
            id=self.id, owner=self.owner, product_id=self.product_id, quantity=self.quantity,
            created_at=self.created_at, updated_at=self.updated_at,
        )
