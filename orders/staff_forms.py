"""Staff form for moving an order along its status pipeline."""

from __future__ import annotations

from django import forms

from orders.domain import Order, OrderStatus


class OrderStatusForm(forms.Form):
    """Offers only the next statuses TRANSITIONS allows, but accepts any known status: a stale page
    that posts a move no longer allowed then gets orders.services' own explanation, not a generic
    "select a valid choice"."""

    status = forms.ChoiceField(choices=[(s.value, s.value.title()) for s in OrderStatus], label="New status")

    def __init__(self, *args: object, order: Order, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        pipeline = list(OrderStatus)  # forward moves first, cancelling last
        allowed = [(s.value, s.value.title()) for s in sorted(order.allowed_statuses, key=pipeline.index)]
        self.fields["status"].widget.choices = allowed
        self.fields["status"].help_text = (
            "Cancelling puts the ordered quantities back in stock." if OrderStatus.CANCELLED in order.allowed_statuses
            else ""
        )
