from __future__ import annotations

from django import forms

from cart.domain import MAX_QUANTITY
from core.ids import ID_MAX_LENGTH


class CartLineForm(forms.Form):
    product_id = forms.CharField(max_length=ID_MAX_LENGTH, widget=forms.HiddenInput)
    quantity = forms.IntegerField(min_value=1, max_value=MAX_QUANTITY, initial=1)


class CartRemoveForm(forms.Form):
    product_id = forms.CharField(max_length=ID_MAX_LENGTH, widget=forms.HiddenInput)
