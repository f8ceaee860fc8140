"""Cart repository over the ORM."""

from __future__ import annotations

from collections.abc import Iterable

from cart.domain import CartItem
from cart.models import CartItemRecord
from storage.base import CartRepository
from storage.sql.writes import delete_pinned, insert, update_pinned


class SqlCartRepository(CartRepository):
    def list(self, owner: str) -> list[CartItem]:
        return [r.to_domain() for r in CartItemRecord.objects.filter(owner=owner).order_by("created_at", "id")]

    def get(self, owner: str, product_id: str) -> CartItem | None:
        record = CartItemRecord.objects.filter(owner=owner, product_id=product_id).first()
        return record.to_domain() if record else None

    def save(self, item: CartItem, *, previous: CartItem | None = None) -> None:
        if previous is None:  # a new line: a line for that product added meanwhile is a lost race
            insert(CartItemRecord(id=item.id, owner=item.owner, product_id=item.product_id, quantity=item.quantity,
                                  created_at=item.created_at, updated_at=item.updated_at), "cart")
            return
        update_pinned(CartItemRecord.objects.filter(owner=previous.owner, product_id=previous.product_id,
                                                    updated_at=previous.updated_at),
                      "cart", previous.id, quantity=item.quantity, updated_at=item.updated_at)

    def delete(self, item: CartItem) -> None:
        delete_pinned(CartItemRecord.objects.filter(owner=item.owner, product_id=item.product_id,
                                                    updated_at=item.updated_at), "cart", item.id)

    def delete_many(self, owner: str, product_ids: Iterable[str]) -> None:
        CartItemRecord.objects.filter(owner=owner, product_id__in=list(product_ids)).delete()
