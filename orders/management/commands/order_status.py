"""Moves an order along its status (PAID, SHIPPED, DELIVERED, CANCELLED), as staff do in the admin: for
operators and fulfilment scripts. Shoppers watching the order see the change live."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from core.errors import ShopError
from core.ids import ID_MAX_LENGTH
from orders.domain import OrderStatus
from orders.selectors import order_find_by_number
from orders.services import order_change_status


class Command(BaseCommand):
    help = "Move an order to a new status (by its number, e.g. SH-ABCDE-FGHJK, or its id)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("order", help="The order's number or id.")
        parser.add_argument("status", help=", ".join(status.value for status in OrderStatus))

    def handle(self, *args, order: str, status: str, **options) -> None:
        order = order.strip()
        if not order or len(order) > ID_MAX_LENGTH:
            raise CommandError("Name an order by its number (SH-ABCDE-FGHJK) or its id.")
        try:
            found = order_find_by_number(number=order)
            changed = order_change_status(order_id=found.id if found else order, status=status)
        except ShopError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"Order {changed.number} is now {changed.status.value}.")
