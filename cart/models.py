"""ORM table for the SQLite backend's cart items."""

from __future__ import annotations

from django.db import models

from cart.domain import CartItem


class CartItemRecord(models.Model):
    id = models.CharField(primary_key=True, max_length=32, editable=False)
    owner = models.CharField(max_length=64)
    # No foreign key: like the DynamoDB table, a cart line outlives a deleted product and is
    # dropped when the cart is read.
    product_id = models.CharField(max_length=32)
    quantity = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField()

    class Meta:
        db_table = "cart_item"
        verbose_name = "cart item"
        constraints = [models.UniqueConstraint(fields=["owner", "product_id"], name="cart_owner_product")]
        indexes = [models.Index(fields=["owner", "created_at"], name="cart_owner")]

    def to_domain(self) -> CartItem:
        return CartItem(
            id=self.id, owner=self.owner, product_id=self.product_id, quantity=self.quantity,
            created_at=self.created_at,
        )
