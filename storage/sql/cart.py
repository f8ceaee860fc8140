"""Cart repository over the ORM."""

from __future__ import annotations

from collections.abc import Iterable

from cart.domain import CartItem
from cart.models import CartItemRecord
from storage.base import CartRepository


class SqlCartRepository(CartRepository):
    def list(self, owner: str) -> list[CartItem]:
        return [r.to_domain() for r in CartItemRecord.objects.filter(owner=owner).order_by("created_at", "id")]

    def get(self, owner: str, product_id: str) -> CartItem | None:
        record = CartItemRecord.objects.filter(owner=owner, product_id=product_id).first()
        return record.to_domain() if record else None

    def save(self, item: CartItem) -> None:
        CartItemRecord.objects.update_or_create(
            owner=item.owner,
            product_id=item.product_id,
            defaults={"quantity": item.quantity, "updated_at": item.updated_at},
            create_defaults={"id": item.id, "quantity": item.quantity, "created_at": item.created_at,
                             "updated_at": item.updated_at},
        )

    def delete_many(self, owner: str, product_ids: Iterable[str]) -> None:
        CartItemRecord.objects.filter(owner=owner, product_id__in=list(product_ids)).delete()
