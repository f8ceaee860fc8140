"""The emails' words: each is rendered from templates/email/ as plain text and HTML."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from notifications.models import OutboxEmail
from notifications.services import Draft
from orders.domain import Order

SUBJECTS = {
    OutboxEmail.Kind.ORDER_PLACED: "Your Cloud Shop order {number}",
    OutboxEmail.Kind.ORDER_SHIPPED: "Your order {number} has shipped",
    OutboxEmail.Kind.ORDER_CANCELLED: "Your order {number} was cancelled",
}


def order_email(kind: OutboxEmail.Kind, order: Order) -> Draft:
    context = {
        "order": order, "kind": kind.value, "site_url": settings.SHOP_SITE_URL,
        "order_url": settings.SHOP_SITE_URL + reverse("orders:detail", args=[order.id]),
    }
    return Draft(
        to=order.customer_email,
        subject=SUBJECTS[kind].format(number=order.number),
        text=render_to_string(f"email/{kind.value}.txt", context),
        html=render_to_string(f"email/{kind.value}.html", context),
    )
