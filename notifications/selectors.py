"""Reads of the outbox: what the pages may promise about an email."""

from __future__ import annotations

from notifications.models import OutboxEmail


def order_email_status(*, order_id: str, kind: str = OutboxEmail.Kind.ORDER_PLACED) -> str | None:
    """"sent", "queued", "failed", or None when no such email was queued for the order."""
    row = OutboxEmail.objects.filter(reference=order_id, kind=kind).only("sent_at", "failed_at").first()
    return row.status if row is not None else None
