from __future__ import annotations

import uuid

from django import forms


class CheckoutForm(forms.Form):
    customer_name = forms.CharField(label="Full name", max_length=200)
    customer_email = forms.EmailField(label="Email", max_length=254)
    shipping_address = forms.CharField(
        label="Shipping address", max_length=1000, widget=forms.Textarea(attrs={"rows": 4})
    )
    # Minted when the form is shown; a double submit or a retry sends the same key and gets the same order.
    idempotency_key = forms.CharField(max_length=100, widget=forms.HiddenInput, initial=lambda: uuid.uuid4().hex)


class OrderStatusForm(forms.Form):
    status = forms.ChoiceField(choices=())

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s.value, s.value.title()) for s in allowed]
