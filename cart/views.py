"""Cart pages. Quantities are checked by the form, then by the service against current stock."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from cart.forms import CartLineForm, CartRemoveForm
from cart.selectors import Cart, cart_get
from cart.services import cart_add, cart_remove, cart_set_quantity
from cart.session import cart_owner, remember_count
from catalog.selectors import category_get, product_get
from core.errors import NotFound, ShopError
from core.ids import ID_MAX_LENGTH
from core.pages import cart_page


@cart_page
@require_safe
def cart_detail(request: HttpRequest) -> HttpResponse:
    return _render_cart(request)


@require_POST
def cart_add_view(request: HttpRequest) -> HttpResponse:
    form = CartLineForm(request.POST)
    if form.is_valid():
        try:
            change = cart_add(owner=cart_owner(request, create=True), **form.cleaned_data)
        except ShopError as error:
            form.add_error("quantity" if getattr(error, "field", "") == "quantity" else None, error.message)
        else:
            messages.success(request, change.notice or "Added to your cart.")
            return redirect("cart:detail")
    return _product_page_with_errors(request, form)


@require_POST
def cart_update_view(request: HttpRequest) -> HttpResponse:
    form = CartLineForm(request.POST)
    owner = cart_owner(request)
    if form.is_valid() and owner:
        try:
            change = cart_set_quantity(owner=owner, **form.cleaned_data)
        except ShopError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, change.notice or "Cart updated.")
            return redirect("cart:detail")
    elif form.is_valid():
        form.add_error(None, "Your cart is empty.")
    return _render_cart(request, errors=form.errors, status=400)


@require_POST
def cart_remove_view(request: HttpRequest) -> HttpResponse:
    form = CartRemoveForm(request.POST)
    owner = cart_owner(request)
    if form.is_valid() and owner:
        try:
            cart_remove(owner=owner, product_id=form.cleaned_data["product_id"])
        except NotFound as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Removed from your cart.")
            return redirect("cart:detail")
    return _render_cart(request, errors=form.errors or {"__all__": ["That product is not in your cart."]}, status=400)


def _render_cart(request: HttpRequest, errors: dict | None = None, status: int = 200) -> HttpResponse:
    owner = cart_owner(request)
    cart = cart_get(owner=owner) if owner else Cart(owner="", lines=[])
    remember_count(request, cart.count)
    return render(request, "cart/cart.html", {"cart": cart, "errors": errors or {}}, status=status)


def _product_page_with_errors(request: HttpRequest, form: CartLineForm) -> HttpResponse:
    """Shows the form errors on the product page the shopper came from (or the cart if unknown)."""
    try:
        product = product_get(product_id=request.POST.get("product_id", "")[:ID_MAX_LENGTH])
        category = category_get(category_id=product.category_id)
    except NotFound:
        return _render_cart(request, errors=form.errors or {"__all__": ["That product does not exist."]}, status=400)
    return render(request, "catalog/product_detail.html",
                  {"product": product, "category": category, "form": form}, status=400)
